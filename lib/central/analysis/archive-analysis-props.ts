import { Size } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ILogArchive } from '../log-archive-props';

/** How the CloudTrail landing bucket is laid out. */
export enum CloudTrailLayout {
  /** An organisation trail: `AWSLogs/<organisation id>/<account>/CloudTrail/<region>/<yyyy>/<MM>/<dd>/`. */
  ORGANIZATION = 'ORGANIZATION',
  /** Account trails: `AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<MM>/<dd>/`. */
  ACCOUNT = 'ACCOUNT',
}

/** Props for {@link ArchiveAnalysis}. */
export interface ArchiveAnalysisProps {
  /** The archive to query (its vault holds every log; its EXPORTS bucket receives results and reports). */
  readonly archive: ILogArchive;
  /**
   * ARNs of the analyst roles (in the central account) that may use the
   * workgroup; each gets a managed policy to query. With a {@link LogArchive}
   * each must also be one of its `readerRoleArns` (the archive denies reads to
   * every other principal).
   */
  readonly analystRoleArns: string[];
  /** The accounts whose logs the tables project (the `account` partition). */
  readonly sourceAccounts: string[];
  /**
   * The regions whose logs the tables project (the `region` partition).
   *
   * @default - the archive's region only
   */
  readonly sourceRegions?: string[];
  /** The reviewers' SNS topic: each report's location, and the quarterly reminder, are published to it. */
  readonly reviewTopic: sns.ITopic;
  /**
   * Largest amount of data one query may scan; Athena cancels a query that
   * scans more (`BytesScannedCutoffPerQuery`, at least 10 MB).
   *
   * @default Size.gibibytes(10)
   */
  readonly scanLimit?: Size;
  /**
   * Day of the month (1 to 28, so every month has it) the privileged-user
   * review of the previous month runs, and the quarterly reminder is sent.
   *
   * @default 2
   */
  readonly reviewDayOfMonth?: number;
  /**
   * The time zone of the schedules (IANA name).
   *
   * @default 'Europe/London'
   */
  readonly scheduleTimeZone?: string;
  /**
   * How the CloudTrail bucket is laid out.
   *
   * @default - ORGANIZATION when the archive's targets have an organizationId, else ACCOUNT
   */
  readonly cloudTrailLayout?: CloudTrailLayout;
  /**
   * Flow log fields added with `VpcFlowLogging`'s `extraFields`, so the table
   * has their columns (in the same order).
   *
   * @default - none: the catalogue's HP-E1 fields only
   */
  readonly flowLogExtraFields?: string[];
  /**
   * EKS control-plane log groups (`/aws/eks/<cluster name>/cluster`, as
   * `EksAuditLogging` subscribes them) to project in the `eks_audit` table.
   *
   * @default - no `eks_audit` table
   */
  readonly eksAuditLogGroups?: string[];
  /**
   * API Gateway access log groups (`ApiAccessLogging`'s `logGroup`) to project
   * in the `api_access` table.
   *
   * @default - no `api_access` table
   */
  readonly apiAccessLogGroups?: string[];
  /**
   * Data store audit log groups (`DataStoreAuditLogging`'s `logGroupNames`, for
   * example `/aws/rds/cluster/orders/audit`) to project in the
   * `database_audit` table.
   *
   * @default - no `database_audit` table
   */
  readonly databaseAuditLogGroups?: string[];
  /**
   * Other CloudWatch log groups forwarded through the central destination
   * (Client VPN connection logs, Session Manager, ...) to project in the
   * generic `cloudwatch_logs` table. EKS audit, API access and database audit
   * log groups go in their own props (each source has its own table).
   *
   * @default - no `cloudwatch_logs` table
   */
  readonly cloudWatchLogGroups?: string[];
  /**
   * Key prefix, in the archive's EXPORTS bucket, of the review reports.
   *
   * @default 'reports/'
   */
  readonly reportPrefix?: string;
  /**
   * First year the `year` partition projects.
   *
   * @default 2024
   */
  readonly firstYear?: number;
  /**
   * What the review function's failure alarm does.
   *
   * @default - notify the stack's encrypted alarm topic
   */
  readonly alarmActions?: cloudwatch.IAlarmAction[];
}
