/**
 * Which Aurora clusters can run a Database Activity Stream, and what its
 * records carry of CA-E2. Data and checks only, read by
 * {@link DatabaseActivityStream}.
 *
 * AWS pages:
 * - No CloudFormation property starts an activity stream (open request:
 *   https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/1596), so a custom resource
 *   calls StartActivityStream: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_StartActivityStream.html
 * - Engines and versions (Aurora MySQL 2.11 and higher, Aurora MySQL 3; Aurora Serverless v1 and v2 and Babelfish
 *   are not supported): https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.Aurora_Fea_Regions_DB-eng.Feature.DBActivityStreams.html
 * - Aurora PostgreSQL from 10.7 (Aurora PostgreSQL 2.3): an earlier version of
 *   https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/DBActivityStreams.html; the current page lists
 *   versions by Region.
 * - The Kinesis stream: Aurora creates it (24-hour retention) and deletes it when the activity stream stops or the
 *   cluster is deleted; the records carry the full SQL text, the row count of DML, the objects and the database:
 *   https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/DBActivityStreams.Monitoring.html
 * - Record fields (`dbUserName`, `remoteHost`, `clientApplication`, `databaseName`, `commandText`, `rowCount`,
 *   `startTime`, `logTime`): https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/DBActivityStreams.AuditLog.databaseActivityEventList.html
 *   and https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/DBActivityStreams.AuditLog.html
 *
 * Unverified: that burstable (db.t*) instance classes cannot stream (the construct warns, it does not refuse), that
 * `rowCount` counts the rows a SELECT returns (the Monitoring page names only DML), and that `startTime` to
 * `logTime` (or `endTime` on Aurora MySQL) measures a statement's execution time.
 */
import { DataStoreAuditItem } from './audit-items';

/** The mode of an activity stream: how a database session waits for its activity record. */
export enum ActivityStreamMode {
  /**
   * The session goes on at once and the record is written in the background;
   * RDS sends an event when records may have been lost. Favours database
   * performance.
   */
  ASYNC = 'async',
  /**
   * The session blocks until the record is durable (or gives up and RDS
   * sends an event). Favours the completeness of the stream.
   */
  SYNC = 'sync',
}

/** The CA-E2 items an activity record carries. */
export const ACTIVITY_STREAM_ITEMS: readonly DataStoreAuditItem[] = [
  DataStoreAuditItem.STORE, DataStoreAuditItem.CREDENTIAL, DataStoreAuditItem.QUERY, DataStoreAuditItem.RESPONSE_SIZE,
];

/** Why the items not carried are missing, and the limits of those carried. */
export const ACTIVITY_STREAM_GAP =
  'An activity record names the cluster and database (databaseName), the database user (dbUserName), the client ' +
  '(remoteHost, clientApplication), the statement (commandText) and the rows (rowCount, documented for DML); it has no ' +
  'duration field: startTime and logTime (endTime on Aurora MySQL) only bound it.';

/** A cluster's engine and version, as far as the template says. */
export interface ClusterEngine {
  readonly engine?: string;
  readonly version?: string;
  readonly engineMode?: string;
}

/** Why this cluster cannot run an activity stream (undefined when it can, as far as synth can tell). */
export function activityStreamProblem(c: ClusterEngine): string | undefined {
  const engine = c.engine?.toLowerCase();
  if (engine === undefined) {
    return 'has no literal Engine, so whether it can stream cannot be checked; set the engine on the cluster';
  }
  if (engine !== 'aurora-postgresql' && engine !== 'aurora-mysql') {
    return `runs engine '${c.engine}'; Database Activity Streams on a DB cluster need Aurora PostgreSQL or Aurora MySQL (aurora-postgresql, aurora-mysql)`;
  }
  if (c.engineMode !== undefined && c.engineMode.toLowerCase() === 'serverless') {
    return "runs Aurora Serverless v1 (EngineMode 'serverless'), which cannot run an activity stream; use provisioned instances";
  }
  if (c.version === undefined) {
    return undefined;
  }
  if (engine === 'aurora-mysql') {
    const m = /mysql_aurora\.(\d+)\.(\d+)/.exec(c.version);
    if (m && Number(m[1]) === 2 && Number(m[2]) < 11) {
      return `runs Aurora MySQL ${c.version}; activity streams need Aurora MySQL 2.11 or higher, or version 3`;
    }
    if (m && Number(m[1]) < 2) {
      return `runs Aurora MySQL ${c.version}; activity streams need Aurora MySQL 2.11 or higher, or version 3`;
    }
    return undefined;
  }
  const pg = /^(\d+)(?:\.(\d+))?/.exec(c.version);
  if (pg && (Number(pg[1]) < 10 || (Number(pg[1]) === 10 && pg[2] !== undefined && Number(pg[2]) < 7))) {
    return `runs Aurora PostgreSQL ${c.version}; activity streams need Aurora PostgreSQL 10.7 or higher`;
  }
  return undefined;
}

/** Why an instance class cannot stream: `error` for Serverless v2 (documented), `warning` for burstable classes (unverified). */
export function instanceClassProblem(instanceClass: string | undefined): { error?: string; warning?: string } {
  if (instanceClass === undefined) {
    return {};
  }
  if (instanceClass === 'db.serverless') {
    return { error: 'is an Aurora Serverless v2 instance (db.serverless), which cannot run an activity stream; use a provisioned instance class such as db.r7g.large' };
  }
  if (/^db\.t\d/.test(instanceClass)) {
    return { warning: `has the burstable class ${instanceClass}, which may not support activity streams (unverified); use a memory-optimised class such as db.r7g.large` };
  }
  return {};
}
