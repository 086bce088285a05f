import * as kms from 'aws-cdk-lib/aws-kms';
import { CentralLogTargets } from '../central/targets';
import { LogRetentionOptions } from '../requirements/retention';

/**
 * Options of every source that keeps its logs in a log group in the workload
 * account and subscribes it to the central CloudWatch Logs destination of the
 * group's region (EKS control plane, API Gateway access, Client VPN).
 */
export interface CentralLogGroupOptions extends LogRetentionOptions {
  /** The central log account: its CloudWatch Logs destination in the log group's region receives the logs. */
  readonly central: CentralLogTargets;
  /**
   * Key that encrypts the log group.
   *
   * @default - the stack's shared security log group key
   */
  readonly encryptionKey?: kms.IKey;
}
