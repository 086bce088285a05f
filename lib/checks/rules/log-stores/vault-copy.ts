import { CfnResource } from 'aws-cdk-lib';
import { AppIndex, ResourceType } from '../../app-index';
import { logStoreOf, retentionOf, StoreRetention } from '../../private/log-store';
import { asArray, field } from '../../../core/l1';

// Not a rule: how the minimum-retention rule sees a landing bucket that S3 Replication copies into a vault.

/** The vault a landing bucket copies every object into, and how long the vault keeps them. */
export interface VaultCopy {
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
export function vaultCopyOf(landing: CfnResource, index: AppIndex): VaultCopy | undefined {
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
