/**
 * What each data store engine needs so that its own audit log records who
 * ran which statement, and what that log carries of CA-E2's five items.
 * Data only, read by {@link DataStoreAuditLogging} and by the rule pack
 * (`lib/checks/rules/data-stores/`), so the settings are stated once.
 *
 * AWS pages each setting comes from:
 * - Aurora MySQL advanced auditing (`server_audit_logging`, `server_audit_events`, `CONNECT,QUERY,TABLE`):
 *   https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Auditing.html
 * - RDS for MySQL audit plugin (option `MARIADB_AUDIT_PLUGIN`, `SERVER_AUDIT_EVENTS`; MySQL has no `TABLE` event):
 *   https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.MySQL.Options.AuditPlugin.html
 * - RDS for MariaDB audit plugin (MariaDB 10.3 and later, `CONNECT,QUERY,TABLE`):
 *   https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.MariaDB.Options.html
 * - pgAudit (`shared_preload_libraries` += `pgaudit`, `pgaudit.log` classes; `CREATE EXTENSION pgaudit` once in the database):
 *   https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.PostgreSQL.CommonDBATasks.pgaudit.basic-setup.html
 * - PostgreSQL query logging (`log_connections`, `log_disconnections`, `log_min_duration_statement`):
 *   https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_LogAccess.Concepts.PostgreSQL.Query_Logging.html
 * - Log exports (`audit` for Aurora MySQL, RDS MySQL and MariaDB; `postgresql` for PostgreSQL), log group
 *   `/aws/rds/cluster/<id>/<type>` or `/aws/rds/instance/<id>/<type>`:
 *   https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Integrating.CloudWatch.html
 * - DocumentDB auditing (`audit_logs`, `audit` export, `/aws/docdb/<cluster>/audit`):
 *   https://docs.aws.amazon.com/documentdb/latest/developerguide/event-auditing.html
 * - Redshift audit logging (`enable_user_activity_logging`, LoggingProperties to CloudWatch with
 *   `connectionlog`, `userlog`, `useractivitylog`): https://docs.aws.amazon.com/redshift/latest/mgmt/db-auditing.html
 *
 * - OpenSearch Service audit logs (need fine-grained access control; the log group's resource policy lets
 *   `es.amazonaws.com` call `logs:CreateLogStream` and `logs:PutLogEvents`; which categories are audited is
 *   set in OpenSearch Dashboards or its REST API, not CloudFormation):
 *   https://docs.aws.amazon.com/opensearch-service/latest/developerguide/audit-logs.html
 *
 * Unverified (no AWS page read for it): the DocumentDB `audit_logs` value `all` (the page names the DDL and DML
 * read/write categories), the Redshift log group name `/aws/redshift/cluster/<cluster>/<log type>`, and the
 * PostgreSQL 10 minimum for pgAudit on RDS, and that OpenSearch checks the log group resource policy when
 * AUDIT_LOGS publishing is enabled (the domain is made to depend on it).
 */
import { DataStoreAuditItem, PgAuditClass } from './audit-items';

/** Every item, in the catalogue's order. */
export const ALL_AUDIT_ITEMS: readonly DataStoreAuditItem[] = [
  DataStoreAuditItem.STORE, DataStoreAuditItem.CREDENTIAL, DataStoreAuditItem.QUERY,
  DataStoreAuditItem.RESPONSE_SIZE, DataStoreAuditItem.RESPONSE_TIME,
];

/** The classes logged unless the user chooses: every read, write, role and DDL statement. */
export const DEFAULT_PGAUDIT_CLASSES: readonly PgAuditClass[] = [PgAuditClass.READ, PgAuditClass.WRITE, PgAuditClass.ROLE, PgAuditClass.DDL];

/** How an engine's audit settings are applied. */
export enum AuditSettingKind {
  /** Parameters of the DB cluster (or DB, or Redshift cluster) parameter group. */
  PARAMETER_GROUP = 'PARAMETER_GROUP',
  /** An option of the DB instance's option group (the MariaDB audit plugin). */
  OPTION_GROUP = 'OPTION_GROUP',
  /** The domain's own log publishing options (OpenSearch audit logs, which need fine-grained access control). */
  LOG_PUBLISHING = 'LOG_PUBLISHING',
}

/** One engine the construct audits. */
export interface EngineAudit {
  /** Key, for example `aurora-postgresql`. */
  readonly key: string;
  /** For messages, for example `Aurora PostgreSQL cluster`. */
  readonly label: string;
  /** The CloudFormation type of the store. */
  readonly resourceType: string;
  /** The log types to export to CloudWatch Logs, all of which the construct creates and subscribes. */
  readonly logExports: readonly string[];
  /** The one export without which there is no audit log (the rule's test). */
  readonly auditExport: string;
  /** How the settings are applied. */
  readonly settingKind: AuditSettingKind;
  /** Name of the audit log, for the evidence. */
  readonly logSource: string;
  /** Which CA-E2 items the log carries. */
  readonly items: readonly DataStoreAuditItem[];
  /** What it does not carry, and why (empty when it carries every item). */
  readonly gap: string;
  /** The log group of one export. */
  logGroupName(identifier: string, logType: string): string;
  /** The parameter group family (or the option group's major version) for an engine version; undefined when unknown. */
  family(version: string): string | undefined;
  /** Why this version cannot audit; undefined when it can. */
  tooOld(version: string): string | undefined;
}

const PG_ITEMS = [DataStoreAuditItem.STORE, DataStoreAuditItem.CREDENTIAL, DataStoreAuditItem.QUERY, DataStoreAuditItem.RESPONSE_TIME];
const PG_GAP = 'PostgreSQL logs no row count or bytes returned, so the response size is not in the log.';
const MYSQL_ITEMS = [DataStoreAuditItem.STORE, DataStoreAuditItem.CREDENTIAL, DataStoreAuditItem.QUERY];
const MYSQL_GAP = 'The audit log records who ran which statement on which object and its return code, but neither the rows returned nor the time taken.';

function major(version: string): number | undefined {
  const m = /^(\d+)(?:\.(\d+))?/.exec(version);
  return m ? Number(m[1]) : undefined;
}

function majorMinor(version: string): string | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version);
  return m ? `${m[1]}.${m[2]}` : undefined;
}

const rdsCluster = (id: string, type: string) => `/aws/rds/cluster/${id.toLowerCase()}/${type}`;
const rdsInstance = (id: string, type: string) => `/aws/rds/instance/${id.toLowerCase()}/${type}`;
const pgTooOld = (version: string) => {
  const m = major(version);
  return m !== undefined && m < 10 ? `PostgreSQL ${version} is older than 10, the first major version this library audits with pgAudit` : undefined;
};

/** The engines, by key. */
export const ENGINES: Record<string, EngineAudit> = {
  'aurora-postgresql': {
    key: 'aurora-postgresql', label: 'Aurora PostgreSQL cluster', resourceType: 'AWS::RDS::DBCluster',
    logExports: ['postgresql'], auditExport: 'postgresql', settingKind: AuditSettingKind.PARAMETER_GROUP,
    logSource: 'pgAudit and PostgreSQL connection and duration logging (postgresql log)', items: PG_ITEMS, gap: PG_GAP,
    logGroupName: rdsCluster,
    family: (v) => (major(v) !== undefined ? `aurora-postgresql${major(v)}` : undefined),
    tooOld: pgTooOld,
  },
  'postgres': {
    key: 'postgres', label: 'RDS for PostgreSQL instance', resourceType: 'AWS::RDS::DBInstance',
    logExports: ['postgresql'], auditExport: 'postgresql', settingKind: AuditSettingKind.PARAMETER_GROUP,
    logSource: 'pgAudit and PostgreSQL connection and duration logging (postgresql log)', items: PG_ITEMS, gap: PG_GAP,
    logGroupName: rdsInstance,
    family: (v) => (major(v) !== undefined ? `postgres${major(v)}` : undefined),
    tooOld: pgTooOld,
  },
  'aurora-mysql': {
    key: 'aurora-mysql', label: 'Aurora MySQL cluster', resourceType: 'AWS::RDS::DBCluster',
    logExports: ['audit'], auditExport: 'audit', settingKind: AuditSettingKind.PARAMETER_GROUP,
    logSource: 'Aurora MySQL advanced auditing (audit log)', items: MYSQL_ITEMS, gap: MYSQL_GAP,
    logGroupName: rdsCluster,
    family: (v) => (majorMinor(v) !== undefined ? `aurora-mysql${majorMinor(v)}` : undefined),
    tooOld: () => undefined,
  },
  'mysql': {
    key: 'mysql', label: 'RDS for MySQL instance', resourceType: 'AWS::RDS::DBInstance',
    logExports: ['audit'], auditExport: 'audit', settingKind: AuditSettingKind.OPTION_GROUP,
    logSource: 'MariaDB audit plugin (audit log)', items: MYSQL_ITEMS, gap: MYSQL_GAP,
    logGroupName: rdsInstance,
    family: majorMinor,
    tooOld: () => undefined,
  },
  'mariadb': {
    key: 'mariadb', label: 'RDS for MariaDB instance', resourceType: 'AWS::RDS::DBInstance',
    logExports: ['audit'], auditExport: 'audit', settingKind: AuditSettingKind.OPTION_GROUP,
    logSource: 'MariaDB audit plugin (audit log)', items: MYSQL_ITEMS, gap: MYSQL_GAP,
    logGroupName: rdsInstance,
    family: majorMinor,
    tooOld: (v) => {
      const mm = majorMinor(v);
      const [a, b] = (mm ?? '').split('.').map(Number);
      return mm !== undefined && (a < 10 || (a === 10 && b < 3))
        ? `MariaDB ${v} is older than 10.3, the first version RDS offers MARIADB_AUDIT_PLUGIN for` : undefined;
    },
  },
  'docdb': {
    key: 'docdb', label: 'DocumentDB cluster', resourceType: 'AWS::DocDB::DBCluster',
    logExports: ['audit', 'profiler'], auditExport: 'audit', settingKind: AuditSettingKind.PARAMETER_GROUP,
    logSource: 'DocumentDB auditing (audit log) and profiler', items: MYSQL_ITEMS,
    gap: 'The audit log records user, operation and collection; the profiler adds duration and documents returned only for operations slower than its threshold.',
    logGroupName: (id, type) => `/aws/docdb/${id.toLowerCase()}/${type}`,
    family: (v) => (majorMinor(v) !== undefined ? `docdb${majorMinor(v)}` : undefined),
    tooOld: () => undefined,
  },
  'redshift': {
    key: 'redshift', label: 'Redshift cluster', resourceType: 'AWS::Redshift::Cluster',
    logExports: ['connectionlog', 'userlog', 'useractivitylog'], auditExport: 'useractivitylog', settingKind: AuditSettingKind.PARAMETER_GROUP,
    logSource: 'Redshift audit logging (connection, user and user activity logs)', items: MYSQL_ITEMS,
    gap: 'The user activity log holds each query with user and database before it runs; elapsed time and rows are in SYS_QUERY_HISTORY, not in the log.',
    logGroupName: (id, type) => `/aws/redshift/cluster/${id.toLowerCase()}/${type}`,
    family: () => 'redshift-1.0',
    tooOld: () => undefined,
  },
  'opensearch': {
    key: 'opensearch', label: 'OpenSearch Service domain', resourceType: 'AWS::OpenSearchService::Domain',
    logExports: ['audit'], auditExport: 'audit', settingKind: AuditSettingKind.LOG_PUBLISHING,
    logSource: 'OpenSearch audit logs (AUDIT_LOGS log publishing)', items: MYSQL_ITEMS,
    gap: 'The audit log records the user, the index and the request (with the body when configured), but neither the hits nor the bytes returned nor the time taken.',
    logGroupName: (id, type) => `/aws/opensearch/domains/${id}/${type}`,
    family: () => undefined,
    tooOld: () => undefined,
  },
};

/** Settings for {@link auditParameters}. */
export interface AuditParameterOptions {
  readonly pgauditClasses: readonly PgAuditClass[];
}

/**
 * The parameters an engine's parameter group must hold (values as text).
 * `shared_preload_libraries` is a list that must contain the value, not equal it.
 */
export function auditParameters(engine: EngineAudit, options: AuditParameterOptions): Record<string, string> {
  switch (engine.key) {
    case 'aurora-postgresql':
    case 'postgres':
      return {
        'shared_preload_libraries': 'pgaudit',
        'pgaudit.log': options.pgauditClasses.join(','),
        'log_connections': '1',
        'log_disconnections': '1',
        'log_min_duration_statement': '0',
      };
    case 'aurora-mysql':
      return { server_audit_logging: '1', server_audit_events: 'CONNECT,QUERY,TABLE' };
    case 'docdb':
      return { audit_logs: 'all', profiler: 'enabled', profiler_threshold_ms: '100' };
    case 'redshift':
      return { enable_user_activity_logging: 'true' };
    default:
      return {};
  }
}

/** A parameter without which an engine's audit log is off, as the rule pack judges it. */
export interface EssentialParameter {
  readonly name: string;
  /** What it must be, for messages. */
  readonly wanted: string;
  /** Whether a value (undefined: not set) switches the audit log on. */
  readonly ok: (value: string | undefined) => boolean;
}

const lower = (v: string | undefined) => (v ?? '').trim().toLowerCase();
const listHas = (v: string | undefined, item: string) => lower(v).split(',').map((x) => x.trim()).includes(item);
const PG_ESSENTIAL: EssentialParameter[] = [
  { name: 'shared_preload_libraries', wanted: 'including pgaudit', ok: (v) => listHas(v, 'pgaudit') },
  { name: 'pgaudit.log', wanted: 'a list of classes', ok: (v) => lower(v) !== '' && lower(v) !== 'none' },
  { name: 'log_connections', wanted: '1', ok: (v) => ['1', 'on', 'true'].includes(lower(v)) },
];

/**
 * The parameters without which each parameter-group engine's audit log is
 * off. Looser than {@link auditParameters}, which also makes the construct's
 * choices (classes, durations, profiler threshold): a user's group that
 * audits differently is not a finding.
 */
export const ESSENTIAL_PARAMETERS: Record<string, EssentialParameter[]> = {
  'aurora-postgresql': PG_ESSENTIAL,
  'postgres': PG_ESSENTIAL,
  'aurora-mysql': [
    { name: 'server_audit_logging', wanted: '1', ok: (v) => ['1', 'on'].includes(lower(v)) },
    { name: 'server_audit_events', wanted: 'including CONNECT and QUERY', ok: (v) => listHas(v, 'connect') && listHas(v, 'query') },
  ],
  'docdb': [{ name: 'audit_logs', wanted: 'enabled or all', ok: (v) => lower(v) !== '' && !['disabled', 'none'].includes(lower(v)) }],
  'redshift': [{ name: 'enable_user_activity_logging', wanted: 'true', ok: (v) => lower(v) === 'true' }],
};

/** Parameters whose value is a comma-separated list that must include ours. */
export const LIST_PARAMETERS = ['shared_preload_libraries'];

/** The option group setting of the MariaDB audit plugin for an engine (`mysql` has no TABLE event). */
export function auditPluginOption(engine: EngineAudit): { optionName: string; settings: Record<string, string> } | undefined {
  if (engine.settingKind !== AuditSettingKind.OPTION_GROUP) {
    return undefined;
  }
  return {
    optionName: 'MARIADB_AUDIT_PLUGIN',
    settings: { SERVER_AUDIT_EVENTS: engine.key === 'mariadb' ? 'CONNECT,QUERY,TABLE' : 'CONNECT,QUERY' },
  };
}

/** Whether a parameter's current value already satisfies what we want. */
export function parameterSatisfied(name: string, current: string | undefined, wanted: string): boolean {
  if (current === undefined) {
    return false;
  }
  if (LIST_PARAMETERS.includes(name)) {
    return current.split(',').map((s) => s.trim().toLowerCase()).includes(wanted.toLowerCase());
  }
  return current.trim().toLowerCase() === wanted.toLowerCase();
}

/** The RDS engine of a DB cluster or instance (the `Engine` property), as a key of {@link ENGINES}, or why not. */
export function engineKeyOf(resourceType: string, engine: string | undefined): { key?: string; problem?: string } {
  if (resourceType === 'AWS::DocDB::DBCluster') {
    return { key: 'docdb' };
  }
  if (resourceType === 'AWS::Redshift::Cluster') {
    return { key: 'redshift' };
  }
  if (resourceType === 'AWS::OpenSearchService::Domain') {
    return { key: 'opensearch' };
  }
  if (engine === undefined) {
    return { problem: 'has no literal Engine' };
  }
  const e = engine.toLowerCase();
  if (resourceType === 'AWS::RDS::DBCluster') {
    if (e === 'aurora-postgresql' || e === 'aurora-mysql') {
      return { key: e };
    }
    if (e === 'aurora') {
      return { problem: "runs engine 'aurora' (Aurora MySQL 5.6, retired), which has no advanced auditing this library sets" };
    }
    return { problem: `runs engine '${engine}' as a DB cluster (a Multi-AZ DB cluster), which this library does not audit yet` };
  }
  if (['postgres', 'mysql', 'mariadb'].includes(e)) {
    return { key: e };
  }
  return { problem: `runs engine '${engine}', whose audit log (SQL Server audit, Oracle unified auditing, Db2 audit) this library does not set up` };
}
