import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { CentralLogTargets } from '../../central/targets';

/** Options every construct that forwards EventBridge events to the central bus takes. */
export interface EventForwardingOptions {
  /** The central log account: its security event bus is the target of every rule. */
  readonly central: CentralLogTargets;
  /**
   * How many times EventBridge retries delivery to the central bus before the
   * event goes to the dead-letter queue (0 to 185).
   *
   * @default 185
   */
  readonly retryAttempts?: number;
  /**
   * How long EventBridge keeps retrying an event before it goes to the
   * dead-letter queue (1 minute to 24 hours).
   *
   * @default Duration.hours(24)
   */
  readonly maxEventAge?: Duration;
  /**
   * Actions for the delivery-failure alarms (for example an SNS topic the SOC
   * watches).
   *
   * @default - the stack's encrypted alarm topic (`SecurityLogAlarmTopic`, made once per stack; subscribe a person to it)
   */
  readonly alarmActions?: cloudwatch.IAlarmAction[];
}
