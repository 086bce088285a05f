import * as sns from 'aws-cdk-lib/aws-sns';
import { ServiceExposure } from '../requirements/types';
import { VaultStorageClass } from './log-archive-props';
import { LogSourceScopeOptions } from './source-scope';
import { CentralLogTargets } from './targets';

/** What every region-local landing bucket takes (`LoadBalancerLogLanding`, `VendedLogLanding`). */
export interface RegionalLandingProps extends LogSourceScopeOptions {
  /** The central archive whose vault the landing bucket replicates into (`CentralLogTargets.fromAttributes` or `archive.targets`). */
  readonly central: CentralLogTargets;
  /** Who can reach the services whose logs land here: decides the access-log bucket's minimum retention. */
  readonly exposure: ServiceExposure;
  /**
   * Days after which objects expire from the landing bucket (the vault keeps its copy). From 1 day to `retentionDays`.
   *
   * @default 30
   */
  readonly landingExpiryDays?: number;
  /**
   * Days the landing bucket's own S3 server access logs are kept (the policy maximum; above 731 only with `retentionApproval`).
   *
   * @default 731
   */
  readonly retentionDays?: number;
  /**
   * CISO approval reference that allows `retentionDays` above 731.
   *
   * @default - none: at most 731 days
   */
  readonly retentionApproval?: string;
  /**
   * Storage class of the replicas in the vault.
   *
   * @default VaultStorageClass.GLACIER_IR
   */
  readonly vaultStorageClass?: VaultStorageClass;
  /**
   * Turn on S3 Replication Time Control on the replication rules.
   *
   * @default false
   */
  readonly replicationTimeControl?: boolean;
  /** The break-glass role of the central account (see `LogArchiveProps.breakGlassRoleArn`). @default - none */
  readonly breakGlassRoleArn?: string;
  /** Roles that may change the buckets' protective configuration (see `LogArchiveProps.deploymentRoleArns`). @default - none */
  readonly deploymentRoleArns?: string[];
  /** Roles that may read the landing objects in situ. @default - only break-glass */
  readonly readerRoleArns?: string[];
  /**
   * Hand the landing bucket to the SOC's SIEM: S3 object-created notifications
   * go to an SQS queue of this region (S3 notifies only queues of the bucket's
   * region), KMS-encrypted with a key of this region, TLS-only, with a
   * dead-letter queue and alarms; the archive's SIEM role (`central.siemRoleName`)
   * may consume the queue and fetch, not list, the landing objects. `true`
   * needs `central` to name the SIEM role; `false` turns it off.
   *
   * @default - on when `central` names the archive's SIEM role (`archive.targets` of a `LogArchive` with `siem`, or `siemRoleName`)
   */
  readonly siemNotifications?: boolean;
  /**
   * Alarm when the oldest notification on the SIEM queue is older than this (the SIEM has stopped collecting).
   *
   * @default 900
   */
  readonly siemMaxMessageAgeSeconds?: number;
  /**
   * Receives before a SIEM notification moves to the dead-letter queue (1 to 1000).
   *
   * @default 10
   */
  readonly siemMaxReceiveCount?: number;
  /**
   * SNS topic (of this region) for the replication failure and SIEM queue alarms.
   *
   * @default - the stack's encrypted alarm topic (`SecurityLogAlarmTopic`, made once per stack; subscribe a person to it)
   */
  readonly alarmTopic?: sns.ITopic;
}
