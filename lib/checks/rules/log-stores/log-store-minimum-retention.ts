import { CfnResource } from 'aws-cdk-lib';
import { AppIndex, ResourceType } from '../../app-index';
import { logStoreOf, notALogBucket, retentionOf, StoreRetention } from '../../private/log-store';
import { LOG_STORE_CONSTRUCTS, LogCollectionRule, outcome, PackSettings, RuleContext, RuleOutcome } from '../../private/rule';
import { minimumRetentionDays, minimumRetentionRequirementId } from '../../../requirements/retention';
import { ServiceExposure } from '../../../requirements/types';
import { asArray, field } from '../../../core/l1';

/**
 * The exposure whose minimum is checked. Without one the pack checks the
 * external minimum (LM-1, 90 days): the floor every service must meet,
 * whatever its exposure.
 */
function exposureOf(settings: PackSettings): ServiceExposure {
  return settings.exposure ?? ServiceExposure.EXTERNAL;
}

/**
 * LM-1 / LM-2 (minimum retention): every log store keeps logs at least the
 * minimum of the pack's exposure class (90 days external, 400 days internal,
 * from `RETENTION_POLICY`). A log group's RetentionInDays; a log bucket's
 * smallest ExpirationInDays among enabled lifecycle rules that apply to every
 * object. A store that never expires meets the minimum (LM-3 judges it). A
 * landing bucket whose replication rule copies every object into a vault (a
 * log bucket of the app) is judged by the vault: its lifecycle expiry or its
 * Object Lock default retention, whichever is longer. The
 * rule id names the requirement of the exposure: `LogCollection-LM-1` for
 * EXTERNAL (and when no exposure is given), `LogCollection-LM-2` for INTERNAL.
 */
export const logStoreMinimumRetention: LogCollectionRule = {
  name: 'log-store-minimum-retention',
  requirementIds: (settings) => [minimumRetentionRequirementId(exposureOf(settings))],
  resourceTypes: [ResourceType.LOG_GROUP, ResourceType.BUCKET],
  fixedBy: LOG_STORE_CONSTRUCTS,
  summary: 'Every log group and log bucket keeps logs at least the minimum of the exposure class (LM-1 external, LM-2 internal).',
  check(store: CfnResource, context: RuleContext): RuleOutcome {
    const kind = logStoreOf(store, context.index);
    if (!kind) {
      return outcome.notApplicable(notALogBucket());
    }
    const exposure = exposureOf(context.settings);
    const min = minimumRetentionDays(exposure);
    const retention = retentionOf(store, context.index);
    const location = store.cfnResourceType === ResourceType.LOG_GROUP ? 'Properties/RetentionInDays' : 'Properties/LifecycleConfiguration';
    if (retention.unknown) {
      return outcome.unknown(`${capital(kind.kind)} ${store.node.path}: ${retention.unknown}, so the ${min}-day minimum cannot be checked.`, { location });
    }
    const days = retention.currentDays;
    const basis = context.settings.exposure === undefined
      ? ` (the pack was given no exposure, so the ${min}-day floor of every service is checked; pass exposure INTERNAL to check 13 months)`
      : '';
    if (days === undefined) {
      return outcome.compliant(`${capital(kind.kind)} ${store.node.path}: ${retention.description}, which meets the ${min}-day minimum.`, { retentionDays: 0, location });
    }
    if (days >= min) {
      return outcome.compliant(`${capital(kind.kind)} ${store.node.path} keeps logs ${days} days (minimum ${min}).`, { retentionDays: days, location });
    }
    // A landing bucket keeps logs briefly; what counts is the vault that S3 Replication copies every object into.
    const copy = vaultCopyOf(store, context.index);
    if (copy && !copy.retention.unknown) {
      const vaultDays = copy.retention.currentDays;
      const kept = vaultDays === undefined ? Math.max(copy.lockDays ?? 0, min) : Math.max(vaultDays, copy.lockDays ?? 0);
      const held = `replicates every object into the vault ${copy.vault.node.path}, which keeps them ` +
        (vaultDays === undefined ? 'without expiry' : `${kept} days`) + (copy.lockDays ? ` (Object Lock ${copy.lockDays} days)` : '');
      if (kept >= min) {
        return outcome.compliant(
          `${capital(kind.kind)} ${store.node.path} keeps its landing copy ${days} days and ${held}, which meets the ${min}-day minimum.`,
          { retentionDays: kept, location: 'Properties/ReplicationConfiguration' },
        );
      }
      return outcome.nonCompliant(
        `${capital(kind.kind)} ${store.node.path} keeps its landing copy ${days} days and ${held}, below the ${min}-day minimum for ` +
        `${exposure.toLowerCase()} services${basis}; keep the vault copies at least ${min} days.`,
        { retentionDays: kept, location: 'Properties/ReplicationConfiguration' },
      );
    }
    return outcome.nonCompliant(
      `${capital(kind.kind)} ${store.node.path} keeps logs ${days} days (${retention.description}), below the ${min}-day minimum for ` +
      `${exposure.toLowerCase()} services${basis}; keep them at least ${min} days.`,
      { retentionDays: days, location },
    );
  },
};

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// How this rule sees a landing bucket that S3 Replication copies into a vault.

/** The vault a landing bucket copies every object into, and how long the vault keeps them. */
interface VaultCopy {
  /** The vault bucket (a log store of the app). */
  readonly vault: CfnResource;
  /** Days the vault keeps a copy: its lifecycle expiry, or the Object Lock default retention when no lifecycle expires it. */
  readonly retention: StoreRetention;
  /** The vault's Object Lock default retention in days, if it has one. */
  readonly lockDays?: number;
}

/**
 * The vault of a landing bucket: a bucket of the app, itself a log store,
 * that an enabled replication rule of the landing bucket copies **every**
 * object into (no prefix or tag filter; SSE-KMS objects selected when the
 * landing bucket's default encryption is SSE-KMS, since S3 replicates them
 * only then: https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html).
 * The destination is found by reference or by the literal bucket name of its
 * ARN, so a landing bucket in another stack or region counts.
 */
function vaultCopyOf(landing: CfnResource, index: AppIndex): VaultCopy | undefined {
  if (landing.cfnResourceType !== ResourceType.BUCKET) {
    return undefined;
  }
  const props = landing as unknown as Record<string, unknown>;
  const replication = index.resolve(landing, props.replicationConfiguration);
  const kmsLanding = defaultAlgorithm(index.resolve(landing, props.bucketEncryption)) === 'aws:kms';
  for (const rule of asArray(field(replication, 'rules'))) {
    if (field(rule, 'status') !== 'Enabled' || !copiesEveryObject(rule)) {
      continue;
    }
    if (kmsLanding && field(field(field(rule, 'sourceSelectionCriteria'), 'sseKmsEncryptedObjects'), 'status') !== 'Enabled') {
      continue;
    }
    const destination = field(field(rule, 'destination'), 'bucket');
    const vault = destinationBucket(destination, index);
    if (vault && vault !== landing && logStoreOf(vault, index)) {
      return { vault, retention: retentionOf(vault, index), lockDays: lockDaysOf(vault, index) };
    }
  }
  return undefined;
}

function copiesEveryObject(rule: unknown): boolean {
  const filter = field(rule, 'filter');
  const prefix = field(rule, 'prefix') ?? field(filter, 'prefix');
  return (prefix === undefined || prefix === '') && field(filter, 'tagFilter') === undefined && field(filter, 'and') === undefined;
}

function defaultAlgorithm(encryption: unknown): unknown {
  const rules = asArray(field(encryption, 'serverSideEncryptionConfiguration'));
  return rules.map((r) => field(field(r, 'serverSideEncryptionByDefault'), 'sseAlgorithm')).find((a) => a !== undefined);
}

function destinationBucket(destination: unknown, index: AppIndex): CfnResource | undefined {
  const referenced = index.resolver.referencesIn(destination).find((r) => r.cfnResourceType === ResourceType.BUCKET);
  if (referenced) {
    return referenced;
  }
  const text = index.resolver.textOf(destination);
  const name = text?.replace(/^arn:[^:]+:s3:::/, '');
  if (!name || name.includes('${')) {
    return undefined;
  }
  return index.ofType(ResourceType.BUCKET).find((b) => {
    const bucketName = index.resolve(b, (b as unknown as Record<string, unknown>).bucketName);
    return bucketName === name;
  });
}

function lockDaysOf(bucket: CfnResource, index: AppIndex): number | undefined {
  const lock = index.resolve(bucket, (bucket as unknown as Record<string, unknown>).objectLockConfiguration);
  const days = field(field(field(lock, 'rule'), 'defaultRetention'), 'days');
  const years = field(field(field(lock, 'rule'), 'defaultRetention'), 'years');
  if (typeof days === 'number') {
    return days;
  }
  return typeof years === 'number' ? years * 365 : undefined;
}
