import { apiAccessLoggingVariables, ApiKind, jsonAccessLogFormat } from '../../core/api-access-log-format';
import type { ColumnSpec, TableSpec } from './table-spec';

// The tables of what the central CloudWatch Logs destination writes, one per source.
//
// How these logs reach the archive (central-log-destination.ts, private/firehose.ts): a workload log group's
// subscription filter sends batches to the central destination; its Firehose stream runs the `Decompression`
// processor (GZIP), a jq `MetadataExtraction` (sender account and log group, for the prefix) and
// `AppendDelimiterToRecord`; it does NOT run the CloudWatch Logs message extraction processor. So each line of
// an object under `cloudwatch/<account>/<region>/<log group without its leading slash>/<yyyy>/<MM>/<dd>/` is one
// decompressed subscription record: the envelope `{messageType, owner, logGroup, logStream, subscriptionFilters,
// logEvents: [{id, timestamp, message}]}`, and each source's own record is the text of `logEvents[].message`.
// The tables therefore have the envelope's columns; what each source writes inside `message` is the table's
// `messageFields` (the JSON keys), and the detections read it with `json_extract_scalar(e.message, ...)` after
// `CROSS JOIN UNNEST(logevents) AS t(e)` (test/central/analysis/detections.test.ts checks every JSON path).
//
// AWS pages relied on:
// - the subscription record envelope and its GZIP compression:
//   https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html
// - Firehose's decompression of CloudWatch Logs records (and the separate message extraction, not used here):
//   https://docs.aws.amazon.com/firehose/latest/dev/writing-with-cloudwatch-logs-decompression.html and
//   https://docs.aws.amazon.com/firehose/latest/dev/Message_extraction.html
// - EKS control-plane logs go to `/aws/eks/<cluster>/cluster`: https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
// - the Kubernetes audit event (audit.k8s.io/v1 Event) fields: https://kubernetes.io/docs/reference/config-api/apiserver-audit.v1/
//   (a Kubernetes page, not AWS; that EKS writes the audit stream's messages as that JSON, one event a message: unverified)
// - database audit messages are the engines' own text lines (MySQL/MariaDB audit plugin CSV, pgAudit's
//   `AUDIT: ...` log lines, DocumentDB JSON, Redshift user activity text), as engines.ts links them; so the
//   database table declares no message fields and its detections match text.
// Unverified: that a partition projection enum value may contain `/` (the log group path) and is substituted
// into `storage.location.template` as written.

/** The sources that reach the archive through the central CloudWatch Logs destination, each with its own table. */
export enum CloudWatchSource {
  /** EKS control-plane logs (`/aws/eks/<cluster>/cluster`, from EksAuditLogging): the audit events are JSON. */
  EKS_AUDIT = 'eks_audit',
  /** API Gateway access logs (ApiAccessLogging): one JSON record a request, in the format the library sets. */
  API_ACCESS = 'api_access',
  /** Data store audit logs (DataStoreAuditLogging): the engines' own text lines. */
  DATABASE_AUDIT = 'database_audit',
  /** Any other log group forwarded through the destination (Client VPN, Session Manager, ...). */
  OTHER = 'cloudwatch_logs',
}

const s = (name: string, type = 'string'): ColumnSpec => ({ name, type });

/** The columns of a CloudWatch Logs subscription record (the decompressed envelope the destination's stream writes). */
export const CLOUDWATCH_COLUMNS: ColumnSpec[] = [
  s('messagetype'), s('owner'), s('loggroup'), s('logstream'), s('subscriptionfilters', 'array<string>'),
  s('logevents', 'array<struct<id:string,timestamp:bigint,message:string>>'),
];

/** The top-level keys of a Kubernetes audit event (audit.k8s.io/v1 `Event`), as EKS writes each audit message. */
export const EKS_AUDIT_MESSAGE_FIELDS: readonly string[] = [
  'kind', 'apiVersion', 'level', 'auditID', 'stage', 'requestURI', 'verb', 'user', 'impersonatedUser', 'sourceIPs',
  'userAgent', 'objectRef', 'responseStatus', 'requestObject', 'responseObject', 'requestReceivedTimestamp',
  'stageTimestamp', 'annotations',
];

/**
 * The requirements `ApiAccessLogging` declares (its `IMPLEMENTS`), whose catalogue variables make the access log
 * format. Sources sit above this layer, so the ids are repeated here; a test keeps them equal.
 */
export const API_ACCESS_REQUIREMENT_IDS: readonly string[] = ['CA-B2', 'CA-B3'];

/**
 * The JSON keys of an API access log record, generated from the format the library sets
 * (`jsonAccessLogFormat` of the catalogue's variables, lib/core/api-access-log-format.ts), REST keys first,
 * then the HTTP API's own. A stage whose JSON format `ApiAccessLogging` merged into keeps its own keys too.
 */
export function apiAccessMessageFields(): string[] {
  const keys: string[] = [];
  for (const kind of [ApiKind.REST, ApiKind.HTTP]) {
    const format = JSON.parse(jsonAccessLogFormat(apiAccessLoggingVariables(kind, [...API_ACCESS_REQUIREMENT_IDS])));
    for (const key of Object.keys(format)) {
      if (!keys.includes(key)) {
        keys.push(key);
      }
    }
  }
  return keys;
}

/** The JSON path of a message key (`$.status`, or `$["identity.sourceIp"]` for a key with a dot). */
export function messagePath(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `$.${key}` : `$["${key}"]`;
}

const DESCRIPTIONS: Record<CloudWatchSource, string> = {
  [CloudWatchSource.EKS_AUDIT]: 'EKS control-plane logs (EksAuditLogging); audit events are the JSON in logevents[].message',
  [CloudWatchSource.API_ACCESS]: 'API Gateway access logs (ApiAccessLogging); one JSON record a request in logevents[].message',
  [CloudWatchSource.DATABASE_AUDIT]: 'Data store audit logs (DataStoreAuditLogging); the engine\'s own text in logevents[].message',
  [CloudWatchSource.OTHER]: 'Other CloudWatch Logs forwarded through the central destination (Client VPN, Session Manager, ...)',
};

/** The JSON keys a source writes in each message (empty: the message is text). */
export function messageFieldsOf(source: CloudWatchSource): string[] {
  switch (source) {
    case CloudWatchSource.EKS_AUDIT:
      return [...EKS_AUDIT_MESSAGE_FIELDS];
    case CloudWatchSource.API_ACCESS:
      return apiAccessMessageFields();
    default:
      return [];
  }
}

/**
 * The table of one CloudWatch source over the destination's prefix, its `log_group` partition projected over
 * the given log groups (the stream writes each without its leading slash).
 */
export function cloudWatchTable(source: CloudWatchSource, logGroups: readonly string[], common: Pick<TableSpec,
'partitions' | 'keyTemplate' | 'serde' | 'inputFormat' | 'outputFormat'>): TableSpec {
  return {
    ...common,
    name: source,
    description: DESCRIPTIONS[source],
    columns: CLOUDWATCH_COLUMNS,
    logGroups: logGroups.map((g) => g.replace(/^\//, '')),
    messageFields: messageFieldsOf(source),
  };
}

/** What log group names each source's table accepts, and an example for the error. */
const LOG_GROUP_SHAPES: Record<CloudWatchSource, { readonly pattern: RegExp; readonly example: string; readonly what: string }> = {
  [CloudWatchSource.EKS_AUDIT]: {
    pattern: /^\/aws\/eks\/[0-9A-Za-z][A-Za-z0-9\-_]*\/cluster$/,
    example: '/aws/eks/platform/cluster',
    what: 'the EKS control-plane log group /aws/eks/<cluster name>/cluster',
  },
  [CloudWatchSource.DATABASE_AUDIT]: {
    pattern: /^\/aws\/(rds\/(cluster|instance)|docdb|redshift\/cluster|opensearch\/domains)\/[^/,]+\/[^/,]+$/,
    example: '/aws/rds/cluster/orders/audit',
    what: 'a data store audit log group as the service names it (/aws/rds/cluster|instance/<id>/<type>, /aws/docdb/<id>/audit, ' +
      '/aws/redshift/cluster/<id>/<type> or /aws/opensearch/domains/<domain>/<type>)',
  },
  [CloudWatchSource.API_ACCESS]: { pattern: /^\/?[\w\-./#]{1,511}$/, example: '/aws/apigateway/access-logs/orders-prod', what: 'a log group name' },
  [CloudWatchSource.OTHER]: { pattern: /^\/?[\w\-./#]{1,511}$/, example: '/aws/clientvpn/remote-access', what: 'a log group name' },
};

/** The props that name each source's log groups. */
export const LOG_GROUP_PROPS: Record<CloudWatchSource, string> = {
  [CloudWatchSource.EKS_AUDIT]: 'eksAuditLogGroups',
  [CloudWatchSource.API_ACCESS]: 'apiAccessLogGroups',
  [CloudWatchSource.DATABASE_AUDIT]: 'databaseAuditLogGroups',
  [CloudWatchSource.OTHER]: 'cloudWatchLogGroups',
};

/**
 * Check the log groups of each source: a name the destination writes under `cloudwatch/<account>/<region>/<log
 * group>/`, of the shape the source's service gives it, and named for one source only. Errors name the value.
 */
export function validateLogGroups(groups: Partial<Record<CloudWatchSource, readonly string[]>>): void {
  const seen = new Map<string, string>();
  for (const source of Object.values(CloudWatchSource)) {
    const prop = LOG_GROUP_PROPS[source];
    const shape = LOG_GROUP_SHAPES[source];
    (groups[source] ?? []).forEach((g, i) => {
      if (!shape.pattern.test(g) || g.includes(',') || g.includes('//')) {
        throw new Error(`${prop}[${i}] '${g}' is not ${shape.what}, so the central destination writes no prefix for it under ` +
          `cloudwatch/<account>/<region>/; use the log group's name, for example ${shape.example}.`);
      }
      const key = g.replace(/^\//, '');
      const other = seen.get(key);
      if (other !== undefined) {
        throw new Error(`${prop}[${i}] '${g}' is also in ${other}: a log group belongs to one source's table; name it in one prop only.`);
      }
      seen.set(key, `${prop}`);
    });
  }
}
