import { Annotations, Stack, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { CentralLogTargets } from '../../central/targets';
import { LibraryConstructName } from '../source-names';
import { LoggingProfile, MaturityTier, ServiceExposure, UserDirectory } from '../../requirements/types';
import { AuditTrail } from '../../sources/services/audit-trail';
import { NetworkInventoryExport } from '../../sources/network/network-inventory-export';
import { WorkloadLogCollectionProps } from '../workload-log-collection-props';
import { requirementIdsServedBy } from './source-table';

/**
 * Helpers for the account-level sources `WorkloadLogCollection` creates in
 * its constructor (trail, event forwarders, network inventory export). Not
 * public API.
 */

/** The only region where IAM API calls and global-endpoint console sign-ins reach EventBridge. */
const GLOBAL_EVENTS_REGION = 'us-east-1';

/** What the account-level helpers need of the collection. */
export interface AccountContext {
  readonly central: CentralLogTargets;
  readonly tier: MaturityTier;
  readonly profile: LoggingProfile;
  readonly exposure: ServiceExposure;
}

/**
 * The user directories the identity event forwarding of a collection in
 * `region` covers: `identityDirectories` when given; else all (undefined) in
 * us-east-1, in an unknown region or with `allowNonUsEast1`; else all but IAM,
 * with an info annotation on `collection` that says why.
 */
export function identityDirectoriesFor(collection: IConstruct, region: string, props: WorkloadLogCollectionProps): UserDirectory[] | undefined {
  if (props.identityDirectories !== undefined) {
    return props.identityDirectories;
  }
  if (Token.isUnresolved(region) || region === GLOBAL_EVENTS_REGION || props.allowNonUsEast1) {
    return undefined;
  }
  Annotations.of(collection).addInfo(
    `identityEvents: this stack is in ${region}, and IAM events (IAM API calls, console sign-in) reach EventBridge only in ` +
    `${GLOBAL_EVENTS_REGION}, so IdentityEventForwarding here forwards IAM Identity Center and Cognito events only; add a ` +
    `WorkloadLogCollection (or an IdentityEventForwarding with UserDirectory.IAM) in ${GLOBAL_EVENTS_REGION} for this account.`,
  );
  return [UserDirectory.IAM_IDENTITY_CENTER, UserDirectory.COGNITO_USER_POOL];
}

/** A collection's own network inventory export, created under `scope`; it needs the central archive key. */
export function createNetworkInventory(scope: Construct, collection: AccountContext, props: WorkloadLogCollectionProps): NetworkInventoryExport {
  const name = LibraryConstructName.NETWORK_INVENTORY_EXPORT;
  if (!collection.central.hasArchiveKey) {
    const ids = requirementIdsServedBy(collection.tier, collection.profile, name);
    throw new Error(
      `networkInventory: ${name} writes ${ids.length > 0 ? `the network inventory (${ids.join(', ')}) ` : 'the network inventory '}` +
      'to the central EXPORTS bucket with SSE-KMS under the central archive key, but central (CentralLogTargets) has no ' +
      "archiveKeyArn; pass archiveKeyArn (the central stack's ArchiveKeyArn output) to CentralLogTargets.fromAttributes, " +
      'or set networkInventory: false and export the inventory another way.',
    );
  }
  return new NetworkInventoryExport(scope, 'NetworkInventory', {
    central: collection.central,
    exposure: collection.exposure,
    retentionDays: props.retentionDays,
    retentionApproval: props.retentionApproval,
    alarmAction: props.alarmAction,
  });
}

/**
 * The problems of a collection's own trail `trail`: one for every other
 * AuditTrail in the app, not inside a collection, that records the account
 * of `home`.
 */
export function duplicateTrailProblems(
  root: IConstruct,
  home: Stack,
  trail: AuditTrail,
  isCollection: (construct: IConstruct) => boolean,
): string[] {
  const mine = home;
  const concrete = !Token.isUnresolved(mine.account);
  return root.node.findAll()
    .filter((c): c is AuditTrail => c instanceof AuditTrail && c !== trail
      && !c.node.scopes.some((s) => isCollection(s)))
    .filter((t) => Stack.of(t) === mine || (concrete && Stack.of(t).account === mine.account))
    .map((t) =>
      `AuditTrail '${t.node.path}' also records account ${mine.account}, besides the one WorkloadLogCollection creates; ` +
      'set auditTrail: false here and keep yours, or remove yours and add its data events to collection.auditTrail.');
}

/** Whether two central targets name the same central log account, region and prefix. */
export function sameCentral(a: CentralLogTargets, b: CentralLogTargets): boolean {
  return a === b || (a.accountId === b.accountId && a.region === b.region && a.namePrefix === b.namePrefix);
}
