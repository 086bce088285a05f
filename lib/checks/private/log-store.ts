import { CfnResource } from 'aws-cdk-lib';
import { AppIndex, RETENTION_APPROVAL_TAG, ResourceType } from '../app-index';
import { asArray, field } from '../../core/l1';

/** A log group or a log bucket, as the retention and protection rules see it. */
export interface LogStore {
  /** 'log group' or 'log bucket', for messages. */
  readonly kind: string;
  /** Why it is a log store. */
  readonly why: string;
}

/**
 * Whether a resource holds logs: every CloudWatch log group, and the S3
 * buckets the index recognised as log buckets (a destination of a flow log,
 * trail, resolver query logging, Firehose stream, Cognito log delivery or
 * CloudWatch Logs delivery; a server access log target; or tagged
 * `security-log-store=true`).
 */
export function logStoreOf(resource: CfnResource, index: AppIndex): LogStore | undefined {
  if (resource.cfnResourceType === ResourceType.LOG_GROUP) {
    return { kind: 'log group', why: 'every CloudWatch log group holds logs' };
  }
  if (resource.cfnResourceType === ResourceType.BUCKET) {
    const reasons = index.whyLogBucket(resource);
    return reasons.length > 0 ? { kind: 'log bucket', why: reasons.join('; ') } : undefined;
  }
  return undefined;
}

/** The message for a bucket that is not a log store. */
export function notALogBucket(): string {
  return 'not a log bucket: nothing in the app sends logs to it and it is not tagged security-log-store=true';
}

/** How long a log store keeps logs, as far as the template says. */
export interface StoreRetention {
  /**
   * Days until the current copy of a log is deleted; undefined = never.
   */
  readonly currentDays?: number;
  /**
   * Days until the last copy is gone (for a versioned bucket: the current
   * expiry plus the noncurrent version expiry); undefined = never.
   */
  readonly totalDays?: number;
  /** What the template says, for messages. */
  readonly description: string;
  /** Set when the template holds a value known only at deploy time. */
  readonly unknown?: string;
}

/** Read a log group's RetentionInDays or a bucket's lifecycle expiration. */
export function retentionOf(resource: CfnResource, index: AppIndex): StoreRetention {
  const props = resource as unknown as Record<string, unknown>;
  if (resource.cfnResourceType === ResourceType.LOG_GROUP) {
    const days = index.resolve(resource, props.retentionInDays);
    if (days === undefined) {
      return { description: 'no RetentionInDays: the log group never expires its logs' };
    }
    if (typeof days !== 'number') {
      return { description: `RetentionInDays is ${index.resolver.describe(days)}`, unknown: 'RetentionInDays is known only at deploy time' };
    }
    return { currentDays: days, totalDays: days, description: `RetentionInDays ${days}` };
  }
  const lifecycle = index.resolve(resource, props.lifecycleConfiguration);
  const versioning = index.resolve(resource, props.versioningConfiguration);
  const versioned = field(versioning, 'status') === 'Enabled';
  const wholeBucketRules = asArray(field(lifecycle, 'rules')).filter((rule) => field(rule, 'status') === 'Enabled' && appliesToEveryObject(rule));
  if (index.resolver.hasDeployTimeValue(wholeBucketRules)) {
    return { description: 'the lifecycle rules hold values known only at deploy time', unknown: 'the lifecycle expiration is known only at deploy time' };
  }
  const current = minimum(wholeBucketRules.map((rule) => field(rule, 'expirationInDays')));
  const noncurrent = minimum(wholeBucketRules.map((rule) =>
    field(field(rule, 'noncurrentVersionExpiration'), 'noncurrentDays') ?? field(rule, 'noncurrentVersionExpirationInDays')));
  if (current === undefined) {
    return { description: 'no enabled lifecycle rule expires every object (ExpirationInDays without a prefix, tag or size filter): the bucket never expires its logs' };
  }
  if (!versioned) {
    return { currentDays: current, totalDays: current, description: `lifecycle expiration after ${current} days` };
  }
  if (noncurrent === undefined) {
    return {
      currentDays: current,
      description: `lifecycle expiration after ${current} days, but the bucket is versioned and no rule expires noncurrent versions, so every log is kept for ever`,
    };
  }
  return {
    currentDays: current,
    totalDays: current + noncurrent,
    description: `lifecycle expiration after ${current} days plus ${noncurrent} days for noncurrent versions (${current + noncurrent} days in all)`,
  };
}

/** The CISO approval reference recorded on a log store (tag `log-retention-approval`), if any. */
export function retentionApprovalOf(resource: CfnResource, index: AppIndex): string | undefined {
  const value = index.tagsOf(resource)[RETENTION_APPROVAL_TAG];
  return value && value.trim() ? value.trim() : undefined;
}

function appliesToEveryObject(rule: unknown): boolean {
  const prefix = field(rule, 'prefix');
  return (prefix === undefined || prefix === '')
    && asArray(field(rule, 'tagFilters')).length === 0
    && field(rule, 'objectSizeGreaterThan') === undefined
    && field(rule, 'objectSizeLessThan') === undefined;
}

function minimum(values: unknown[]): number | undefined {
  const numbers = values.map((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v))
    .filter((v): v is number => typeof v === 'number');
  return numbers.length > 0 ? Math.min(...numbers) : undefined;
}
