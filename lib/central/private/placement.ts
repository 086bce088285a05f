import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { validateStackEnv } from '../../core/validate';
import { FirehoseBuffering, resolveBuffering } from './firehose';
import { ResolvedSourceScope, resolveSourceScope } from './source-scope';
import { ArchiveBufferingOptions } from '../archive-delivery-options';
import type { ILogArchive } from '../log-archive-props';
import { LogSourceScopeOptions } from '../source-scope';
import { CentralLogTargets } from '../targets';

/**
 * Throw unless the construct's stack is in the central log account (and, when
 * `sameRegion`, the archive's region): workload accounts compute the
 * destination and bus ARNs from the targets, so anything else would be
 * unreachable.
 */
export function requireCentralPlacement(scope: IConstruct, construct: string, targets: CentralLogTargets, sameRegion: boolean): void {
  const stack = Stack.of(scope);
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
    throw new Error(
      `${construct} is in stack '${stack.stackName}', which has no concrete account and region, so workload accounts could not ` +
      'name it; set env: { account, region } on the stack.',
    );
  }
  validateStackEnv(stack);
  if (stack.account !== targets.accountId) {
    throw new Error(
      `${construct} is in account ${stack.account} but the archive is in ${targets.accountId}: workload accounts address it ` +
      'by the central account id, so deploy it in the central log account.',
    );
  }
  if (sameRegion && stack.region !== targets.region) {
    throw new Error(
      `${construct} is in region ${stack.region} but the archive is in ${targets.region}: workload accounts address it in the ` +
      'archive region, so deploy it there.',
    );
  }
}

/** What a central delivery construct (the log destination or the event bus) starts from. */
export interface CentralDelivery {
  readonly stack: Stack;
  readonly targets: CentralLogTargets;
  readonly sources: ResolvedSourceScope;
  readonly buffering: FirehoseBuffering;
}

/**
 * The common start of `CentralLogDestination` and `CentralEventBus`: check
 * where the construct is placed, resolve which accounts may deliver (the
 * organisation of the targets unless the props name one) and the Firehose
 * buffering.
 */
export function centralDelivery(scope: IConstruct, construct: string, sameRegion: boolean,
  props: LogSourceScopeOptions & ArchiveBufferingOptions & { readonly archive: ILogArchive }): CentralDelivery {
  const stack = Stack.of(scope);
  const targets = props.archive.targets;
  requireCentralPlacement(scope, construct, targets, sameRegion);
  const sources = resolveSourceScope(construct, {
    organizationId: props.organizationId ?? targets.organizationId,
    sourceAccounts: props.sourceAccounts,
  }, stack.account);
  return { stack, targets, sources, buffering: resolveBuffering(props.bufferingInterval, props.bufferingSize) };
}
