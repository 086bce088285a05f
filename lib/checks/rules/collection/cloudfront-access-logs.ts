import { CfnResource } from 'aws-cdk-lib';
import { ResourceType } from '../../app-index';
import { fixedRequirements, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { asArray, field, listText } from '../../../core/l1';
import { awsSource, recommendedFields, requiredFields } from '../../../requirements/catalogue';
import { LogSourceName } from '../../../requirements/types';
import { CloudFrontAccessLogging } from '../../../sources';

/** The catalogue source whose fields a standard logging v2 delivery must keep when it selects fields. */
const SOURCE = LogSourceName.CLOUDFRONT_STANDARD_LOGS;
/** The delivery source log type of CloudFront access logs. */
const ACCESS_LOGS = 'ACCESS_LOGS';

/** What turns the logs on, for messages: this library's construct first, then the aws-cdk-lib settings. */
const FIX =
  `add a ${CloudFrontAccessLogging.IMPLEMENTS.construct} in a us-east-1 stack of the distribution's account ` +
  `(new ${CloudFrontAccessLogging.IMPLEMENTS.construct}(usEast1Stack, 'CdnAccessLogs', { central, distribution }): standard ` +
  'logging v2 to the central CloudFront landing, a VendedLogLanding of kind RegionalLogKind.CLOUDFRONT in us-east-1); or, without ' +
  'the library, set enableLogging: true and logBucket on the cloudfront.Distribution (DistributionConfig.Logging.Bucket, a bucket ' +
  `with ACLs enabled), or add in us-east-1 an AWS::Logs::DeliverySource with the distribution's ARN as ResourceArn and LogType ` +
  `${ACCESS_LOGS}, and an AWS::Logs::Delivery from it to an AWS::Logs::DeliveryDestination`;

/**
 * CA-B3 (unauthenticated user activity events), CloudFront part: every
 * CloudFront distribution writes standard (access) logs, either
 *
 * - legacy standard logging: DistributionConfig.Logging with a Bucket; or
 * - standard logging v2: an `AWS::Logs::DeliverySource` (in any stack of the
 *   app) whose ResourceArn is the distribution and whose LogType is
 *   `ACCESS_LOGS`, with an `AWS::Logs::Delivery` that has a
 *   DeliveryDestinationArn. A delivery that selects RecordFields must keep
 *   every field the catalogue requires for CA-B3's CloudFront source; a
 *   missing recommended field is an info note.
 *
 * The fix is {@link CloudFrontAccessLogging} (standard logging v2 to the
 * central us-east-1 CloudFront landing); the message also names the
 * aws-cdk-lib settings.
 */
export const cloudFrontAccessLogs: LogCollectionRule = {
  name: 'cloudfront-access-logs',
  requirementIds: fixedRequirements('CA-B3'),
  idSuffix: 'CloudFront',
  resourceTypes: [ResourceType.CLOUDFRONT_DISTRIBUTION],
  fixedBy: [CloudFrontAccessLogging.IMPLEMENTS.construct],
  summary:
    'Every CloudFront distribution writes standard logs: DistributionConfig.Logging with a bucket, or a standard logging v2 ' +
    'delivery source (ACCESS_LOGS) with a delivery that keeps the CA-B3 fields.',
  check(distribution: CfnResource, context: RuleContext): RuleOutcome {
    const path = distribution.node.path;
    const config = context.index.resolve(distribution, (distribution as unknown as Record<string, unknown>).distributionConfig);
    const bucket = field(field(config, 'logging'), 'bucket');
    if (bucket !== undefined && bucket !== '') {
      return outcome.compliant(`Distribution ${path} writes standard logs to ${context.index.resolver.describe(bucket)}.`);
    }
    const problems: string[] = ['DistributionConfig.Logging has no Bucket'];
    const required = requiredFields(awsSource('CA-B3', SOURCE));
    const recommended = recommendedFields(awsSource('CA-B3', SOURCE));
    const sources = context.index.deliverySourcesOf(distribution);
    if (sources.length === 0) {
      problems.push('no AWS::Logs::DeliverySource refers to it (standard logging v2)');
    }
    for (const source of sources) {
      const props = source as unknown as Record<string, unknown>;
      const logType = context.index.resolve(source, props.logType);
      if (logType !== ACCESS_LOGS) {
        problems.push(`delivery source ${source.node.path} has LogType ${logType === undefined ? '(none)' : context.index.resolver.describe(logType)}, not ${ACCESS_LOGS}`);
        continue;
      }
      const deliveries = context.index.deliveriesOf(source);
      if (deliveries.length === 0) {
        problems.push(`delivery source ${source.node.path} has no AWS::Logs::Delivery, so nothing is delivered`);
      }
      for (const delivery of deliveries) {
        const d = delivery as unknown as Record<string, unknown>;
        const destination = context.index.resolve(delivery, d.deliveryDestinationArn);
        if (destination === undefined || destination === '') {
          problems.push(`delivery ${delivery.node.path} has no DeliveryDestinationArn`);
          continue;
        }
        const fields = context.index.resolve(delivery, d.recordFields);
        if (context.index.resolver.hasDeployTimeValue(fields)) {
          return outcome.unknown(`Distribution ${path}: delivery ${delivery.node.path} has RecordFields known only at deploy time.`);
        }
        const selected = asArray(fields);
        const missing = selected.length === 0 ? [] : required.filter((f) => !selected.includes(f));
        if (missing.length === 0) {
          const lacking = selected.length === 0 ? [] : recommended.filter((f) => !selected.includes(f));
          return outcome.compliant(
            `Distribution ${path} delivers its access logs through ${delivery.node.path} (standard logging v2)` +
            (lacking.length === 0 ? '.' : `. Recommended, not required: RecordFields ${listText(lacking)}.`),
          );
        }
        problems.push(`delivery ${delivery.node.path} selects RecordFields without ${listText(missing)}, which CA-B3 requires`);
      }
    }
    return outcome.nonCompliant(
      `CloudFront distribution ${path} does not write standard logs: ${problems.join('; ')}. To fix, ${FIX}.`,
      { location: 'Properties/DistributionConfig/Logging' },
    );
  },
};
