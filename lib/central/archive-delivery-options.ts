import { Duration, Size } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ServiceExposure } from '../requirements/types';

/** How a central Firehose stream buffers records before it writes an object to the archive. */
export interface ArchiveBufferingOptions {
  /**
   * How long Firehose buffers records of one partition before writing an
   * object. 300 seconds keeps the SIEM within minutes of the event (the same
   * cadence as CloudTrail delivery) while writing about 12 objects an hour per
   * partition instead of 60.
   *
   * @default Duration.seconds(300)
   */
  readonly bufferingInterval?: Duration;
  /**
   * Buffer size per partition. Dynamic partitioning needs at least 64 MiB;
   * partitions rarely fill it within the interval, so the interval decides.
   *
   * @default Size.mebibytes(64)
   */
  readonly bufferingSize?: Size;
}

/** Options of the central constructs that deliver into the archive through Firehose (destination, event bus). */
export interface ArchiveDeliveryOptions extends ArchiveBufferingOptions {
  /**
   * Key for the Firehose stream's server-side encryption. Must be in this
   * stack's region.
   *
   * @default - the archive key in the archive's region; a new key (rotation on, retained) elsewhere
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Exposure class that sets the retention of the Firehose error log group.
   *
   * @default ServiceExposure.INTERNAL (the longer minimum: the records explain gaps in the security logs)
   */
  readonly errorLogExposure?: ServiceExposure;
  /**
   * SNS topic that receives the delivery alarms.
   *
   * @default - the stack's encrypted alarm topic (`SecurityLogAlarmTopic`, made once per stack; subscribe a person to it)
   */
  readonly alarmTopic?: sns.ITopic;
}
