import { Token } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import { CentralLogTargets, LOG_FAMILIES } from '../../central/targets';

/**
 * Building blocks of AuditTrail's advanced event selectors: the management
 * events selector, data event selectors, and the central log buckets that no
 * data event selector may ever cover (CloudTrail writing its own log files
 * into a bucket whose object events it records is a feedback loop).
 */

/** CloudTrail's limit on values across all advanced event selectors and conditions of one trail. */
export const MAX_SELECTOR_VALUES = 500;

/** S3 object ARNs start with this; the central buckets use the `aws` partition. */
const S3_ARN_PREFIX = /^arn:aws[a-z-]*:s3:::/;

/** The management events selector: every read and write management event. */
export function managementEventsSelector(): cloudtrail.CfnTrail.AdvancedEventSelectorProperty {
  return {
    name: 'Management events (read and write)',
    fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }],
  };
}

/**
 * Object-ARN prefixes of every central bucket: the archive bucket of each log
 * family and the access-log bucket, each with a trailing `/` so that a bucket
 * whose name merely starts with a central bucket's name is not excluded.
 */
export function centralObjectPrefixes(central: CentralLogTargets): string[] {
  const names = [...LOG_FAMILIES.map((f) => central.bucketName(f)), central.accessLogBucketName];
  return names.map((n) => `arn:aws:s3:::${n}/`);
}

/**
 * Throw when an S3 object-ARN prefix could select objects of a central bucket.
 * A prefix overlaps a central bucket when either starts with the other.
 */
export function assertNotCentral(prop: string, prefix: string, central: CentralLogTargets): void {
  if (Token.isUnresolved(prefix)) {
    return;
  }
  if (!S3_ARN_PREFIX.test(prefix)) {
    throw new Error(
      `${prop} '${prefix}' is not an S3 object ARN prefix; use 'arn:aws:s3:::<bucket>/' or 'arn:aws:s3:::<bucket>/<key prefix>'.`,
    );
  }
  const normalised = prefix.replace(/^arn:aws[a-z-]*:/, 'arn:aws:');
  const hit = centralObjectPrefixes(central).find((c) => c.startsWith(normalised) || normalised.startsWith(c));
  if (hit) {
    throw new Error(
      `${prop} '${prefix}' selects objects of the central log bucket '${hit.slice('arn:aws:s3:::'.length, -1)}': ` +
      'CloudTrail would record its own log deliveries, a feedback loop. Remove it; access to the central buckets is ' +
      'recorded by the central account, not by workload trails.',
    );
  }
}

/** Count the values of a set of selectors, as CloudTrail counts them against its 500-value limit. */
export function countSelectorValues(selectors: cloudtrail.CfnTrail.AdvancedEventSelectorProperty[]): number {
  let n = 0;
  for (const s of selectors) {
    for (const f of s.fieldSelectors as cloudtrail.CfnTrail.AdvancedFieldSelectorProperty[]) {
      n += (f.equalTo?.length ?? 0) + (f.startsWith?.length ?? 0) + (f.endsWith?.length ?? 0)
        + (f.notEquals?.length ?? 0) + (f.notStartsWith?.length ?? 0) + (f.notEndsWith?.length ?? 0);
    }
  }
  return n;
}
