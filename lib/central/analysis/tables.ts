import { awsSource } from '../../requirements/catalogue';
import { LogSourceName } from '../../requirements/types';
import { CloudTrailLayout } from './archive-analysis-props';
import { CLOUDWATCH_COLUMNS, CloudWatchSource, cloudWatchTable } from './cloudwatch-tables';
import { ColumnSpec, PartitionColumn, TableSpec } from './table-spec';

export { CLOUDWATCH_COLUMNS, ColumnSpec, PartitionColumn, TableSpec };

// The Glue tables of the archive: columns and key layouts of what the archive holds, as plain data, so tests can
// compare them with the formats the library writes and parse the detections against them.
//
// AWS pages relied on:
// - partition projection (enum, integer with digits, injected; storage.location.template):
//   https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html and
//   https://docs.aws.amazon.com/athena/latest/ug/partition-projection-dynamic-id-partitioning.html
// - CloudTrail columns, SerDe and input format, and the key layout AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<MM>/<dd>/:
//   https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-partition-projection.html
// - an organisation trail writes under AWSLogs/<org id>/<account>/... (research notes, inferred: unverified)
// - VPC flow logs with Hive-compatible, per-hour prefixes:
//   AWSLogs/aws-account-id=<a>/aws-service=vpcflowlogs/aws-region=<r>/year=<y>/month=<m>/day=<d>/hour=<h>/
//   https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-path.html (the hour level: unverified)
// - Route 53 Resolver query logs under AWSLogs/<account>/vpcdnsquerylogs/<vpc id>/<yyyy>/<MM>/<dd>/ and their JSON
//   fields: https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-query-logs-format.html (unverified: the
//   research notes did not check the key layout)
// - Firehose prefixes: as this library writes them (central-log-destination.ts, central-event-bus.ts).
// - Cognito user activity (threat protection, userAuthEvents) exported to S3: AWS documents the export
//   (https://docs.aws.amazon.com/cognito/latest/developerguide/exporting-quotas-and-usage.html) but neither its key
//   layout nor its record. Both are taken from what third parties observed (grafana/lambda-promtail PR 92): gzip JSON
//   lines under AWSLogs/<account>/AWSCognitoServiceLogs/<region>/<user pool id>/USER_AUTH_EVENTS/, no date folders,
//   each line {eventTimestamp, eventSource, logLevel, message: {...}, logSourceId: {userPoolId}}: unverified.
// Unverified: that the OpenX JSON SerDe returns a nested JSON object as its text when the column is a string.

const TEXT_OUTPUT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';
const TEXT_INPUT = 'org.apache.hadoop.mapred.TextInputFormat';
const OPENX_JSON = 'org.openx.data.jsonserde.JsonSerDe';

const s = (name: string, type = 'string'): ColumnSpec => ({ name, type });

/** The CloudTrail record columns (Athena's documented CloudTrail table). */
export const CLOUDTRAIL_COLUMNS: ColumnSpec[] = [
  s('eventversion'),
  s('useridentity', 'struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string,' +
    'accesskeyid:string,username:string,onbehalfof:struct<userid:string,identitystorearn:string>,' +
    'sessioncontext:struct<attributes:struct<mfaauthenticated:string,creationdate:string>,' +
    'sessionissuer:struct<type:string,principalid:string,arn:string,accountid:string,username:string>,' +
    'ec2roledelivery:string,webidfederationdata:struct<federatedprovider:string,attributes:map<string,string>>>>'),
  s('eventtime'), s('eventsource'), s('eventname'), s('awsregion'), s('sourceipaddress'), s('useragent'),
  s('errorcode'), s('errormessage'), s('requestparameters'), s('responseelements'), s('additionaleventdata'),
  s('requestid'), s('eventid'), s('readonly'),
  s('resources', 'array<struct<arn:string,accountid:string,type:string>>'),
  s('eventtype'), s('apiversion'), s('recipientaccountid'), s('serviceeventdetails'), s('sharedeventid'),
  s('vpcendpointid'), s('eventcategory'),
  s('tlsdetails', 'struct<tlsversion:string,ciphersuite:string,clientprovidedhostheader:string>'),
];

/** Flow log fields that hold numbers. */
const FLOW_LOG_NUMBERS = new Set(['version', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'tcp-flags',
  'traffic-path', 'reject-reason']);

/** The column of a flow log field: `-` becomes `_`. */
export function flowLogColumnName(field: string): string {
  return field.replace(/-/g, '_');
}

/**
 * The flow log fields the library writes, in the order it writes them: the
 * catalogue's HP-E1 fields (as `VpcFlowLogging` reads them), then `extraFields`.
 */
export function flowLogFields(extraFields: readonly string[] = []): string[] {
  const fields = [...(awsSource('HP-E1', LogSourceName.VPC_FLOW_LOGS).fields ?? [])];
  for (const f of extraFields) {
    if (!fields.includes(f)) {
      fields.push(f);
    }
  }
  return fields;
}

/** The Route 53 Resolver query log record columns. */
export const DNS_QUERY_COLUMNS: ColumnSpec[] = [
  s('version'), s('account_id'), s('region'), s('vpc_id'), s('query_timestamp'), s('query_name'), s('query_type'),
  s('query_class'), s('rcode'), s('answers', 'array<struct<rdata:string,type:string,class:string>>'), s('srcaddr'),
  s('srcport'), s('transport'), s('srcids', 'struct<instance:string,resolver_endpoint:string>'),
];

/** The columns of an EventBridge event as the central bus's Firehose stream writes it (one JSON event a line). */
export const EVENT_COLUMNS: ColumnSpec[] = [
  s('version'), s('id'), s('detail_type'), s('source'), s('account'), s('time'), s('region'),
  s('resources', 'array<string>'), s('detail'),
];

/**
 * The CloudTrail record as the `detail` of an EventBridge "AWS API Call via CloudTrail" (or "AWS Service Event
 * via CloudTrail", "AWS Console Sign In via CloudTrail") event: the fields the identity detections read.
 * https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-cloudtrail.html (unverified: that the OpenX SerDe,
 * case-insensitive by default, maps the record's camelCase keys onto these lower-case struct fields).
 */
export const TRAIL_EVENT_DETAIL = 'struct<eventversion:string,useridentity:struct<type:string,principalid:string,arn:string,' +
  'accountid:string,username:string,sessioncontext:struct<sessionissuer:struct<type:string,arn:string,username:string>>>,' +
  'eventtime:string,eventsource:string,eventname:string,awsregion:string,sourceipaddress:string,useragent:string,' +
  'errorcode:string,errormessage:string,requestparameters:string,responseelements:string,' +
  'additionaleventdata:string,eventid:string,eventtype:string,recipientaccountid:string>';

/**
 * The Cognito user activity record (threat protection), as observed (unverified; see the header). The OpenX SerDe
 * matches keys case-insensitively, so `eventTimestamp` fills `eventtimestamp`.
 */
export const COGNITO_ACTIVITY_COLUMNS: ColumnSpec[] = [
  s('eventtimestamp'), s('eventsource'), s('loglevel'),
  s('message', 'struct<version:string,eventid:string,eventtype:string,usersub:string,username:string,userpoolid:string,' +
    'clientid:string,creationdate:string,eventresponse:string,risklevel:string,riskdecision:string,challenges:array<string>,' +
    'devicename:string,ipaddress:string,requestid:string,idpname:string,compromisedcredentialdetected:string,city:string,' +
    'country:string,eventfeedbackvalue:string,eventfeedbackdate:string,eventfeedbackprovider:string,hascontextdata:string>'),
  s('logsourceid', 'struct<userpoolid:string>'),
];

/** Options that decide the tables' key layouts. */
export interface TableLayout {
  readonly cloudTrailLayout: CloudTrailLayout;
  readonly organizationId?: string;
  readonly flowLogExtraFields: readonly string[];
  /** The log groups of each CloudWatch source; a source's table exists only when it has log groups. */
  readonly logGroups: Partial<Record<CloudWatchSource, readonly string[]>>;
}

/** The tables of the archive for a layout. Each CloudWatch source's table exists only when log groups are named for it. */
export function archiveTables(layout: TableLayout): TableSpec[] {
  const date = '${year}/${month}/${day}';
  const trailRoot = layout.cloudTrailLayout === CloudTrailLayout.ORGANIZATION ? `AWSLogs/${layout.organizationId}/` : 'AWSLogs/';
  const tables: TableSpec[] = [
    {
      name: 'cloudtrail',
      description: 'CloudTrail management and data events of every account (trail files in the vault)',
      columns: CLOUDTRAIL_COLUMNS,
      partitions: [PartitionColumn.ACCOUNT, PartitionColumn.REGION, PartitionColumn.YEAR, PartitionColumn.MONTH, PartitionColumn.DAY],
      keyTemplate: `${trailRoot}\${account}/CloudTrail/\${region}/${date}/`,
      serde: 'org.apache.hive.hcatalog.data.JsonSerDe',
      inputFormat: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat',
      outputFormat: TEXT_OUTPUT,
    },
    {
      name: 'vpc_flow',
      description: 'VPC flow log records in the custom format VpcFlowLogging writes (catalogue HP-E1 fields)',
      columns: flowLogFields(layout.flowLogExtraFields).map((f) => s(flowLogColumnName(f), FLOW_LOG_NUMBERS.has(f) ? 'bigint' : 'string')),
      partitions: [PartitionColumn.ACCOUNT, PartitionColumn.REGION, PartitionColumn.YEAR, PartitionColumn.MONTH,
        PartitionColumn.DAY, PartitionColumn.HOUR],
      keyTemplate: 'AWSLogs/aws-account-id=${account}/aws-service=vpcflowlogs/aws-region=${region}/year=${year}/month=${month}/day=${day}/hour=${hour}/',
      serde: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
      serdeParameters: { 'field.delim': ' ', 'serialization.format': ' ' },
      inputFormat: TEXT_INPUT,
      outputFormat: TEXT_OUTPUT,
      tableParameters: { 'skip.header.line.count': '1' },
    },
    {
      name: 'dns_query',
      description: 'Route 53 Resolver query logs (filter on vpc_id: it is an injected partition)',
      columns: DNS_QUERY_COLUMNS.filter((c) => c.name !== 'vpc_id'),
      partitions: [PartitionColumn.ACCOUNT, PartitionColumn.VPC_ID, PartitionColumn.YEAR, PartitionColumn.MONTH, PartitionColumn.DAY],
      keyTemplate: `AWSLogs/\${account}/vpcdnsquerylogs/\${vpc_id}/${date}/`,
      serde: OPENX_JSON,
      inputFormat: TEXT_INPUT,
      outputFormat: TEXT_OUTPUT,
    },
    {
      name: 'security_events',
      description: 'EventBridge events sent to the central bus (identity, pipeline, findings, correlations)',
      // The sender account is the partition (the stream writes it into the key), so it is not repeated as a column.
      columns: EVENT_COLUMNS.filter((c) => c.name !== 'account'),
      partitions: [PartitionColumn.ACCOUNT, PartitionColumn.YEAR, PartitionColumn.MONTH, PartitionColumn.DAY],
      keyTemplate: `events/\${account}/${date}/`,
      serde: OPENX_JSON,
      serdeParameters: { 'mapping.detail_type': 'detail-type' },
      inputFormat: TEXT_INPUT,
      outputFormat: TEXT_OUTPUT,
    },
  ];
  // The same prefix, with the CloudTrail record typed: the identity events (IAM, Identity Center, Cognito user pools),
  // the pipeline API calls and the tamper events the workload rules forward are all CloudTrail records.
  const events = tables[tables.length - 1];
  tables.push({
    ...events,
    name: 'identity_events',
    description: 'The central bus events whose detail is a CloudTrail record: identity (IAM, Identity Center, Cognito user ' +
      'pools), pipeline API calls, tamper events; filter on detail.eventsource',
    columns: events.columns.map((c) => (c.name === 'detail' ? s('detail', TRAIL_EVENT_DETAIL) : c)),
  });
  tables.push({
    name: 'cognito_user_activity',
    description: 'Cognito user pool threat-protection user activity (userAuthEvents) that CognitoUserPoolLogging exports ' +
      '(filter on user_pool_id: it is an injected partition; key layout and record as observed, unverified)',
    columns: COGNITO_ACTIVITY_COLUMNS,
    partitions: [PartitionColumn.ACCOUNT, PartitionColumn.REGION, PartitionColumn.USER_POOL_ID],
    keyTemplate: 'AWSLogs/${account}/AWSCognitoServiceLogs/${region}/${user_pool_id}/USER_AUTH_EVENTS/',
    serde: OPENX_JSON,
    inputFormat: TEXT_INPUT,
    outputFormat: TEXT_OUTPUT,
  });
  const cloudWatch = {
    partitions: [PartitionColumn.ACCOUNT, PartitionColumn.REGION, PartitionColumn.LOG_GROUP, PartitionColumn.YEAR,
      PartitionColumn.MONTH, PartitionColumn.DAY],
    keyTemplate: `cloudwatch/\${account}/\${region}/\${log_group}/${date}/`,
    serde: OPENX_JSON,
    inputFormat: TEXT_INPUT,
    outputFormat: TEXT_OUTPUT,
  };
  for (const source of Object.values(CloudWatchSource)) {
    const groups = layout.logGroups[source] ?? [];
    if (groups.length > 0) {
      tables.push(cloudWatchTable(source, groups, cloudWatch));
    }
  }
  return tables;
}

/** Every column of a table (data and partition columns) by name. */
export function columnNames(table: TableSpec): string[] {
  return [...table.columns.map((c) => c.name), ...table.partitions];
}

/** What the projection of each partition column is, given the accounts and regions to project (log groups: the table's). */
export function projectionParameters(table: TableSpec, values: {
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  readonly firstYear: number;
}): Record<string, string> {
  const p: Record<string, string> = { 'projection.enabled': 'true' };
  for (const col of table.partitions) {
    switch (col) {
      case PartitionColumn.ACCOUNT:
        Object.assign(p, { 'projection.account.type': 'enum', 'projection.account.values': values.accounts.join(',') });
        break;
      case PartitionColumn.REGION:
        Object.assign(p, { 'projection.region.type': 'enum', 'projection.region.values': values.regions.join(',') });
        break;
      case PartitionColumn.LOG_GROUP:
        // The destination's Firehose stream writes the log group without its leading slash (the spec's values are so).
        Object.assign(p, { 'projection.log_group.type': 'enum', 'projection.log_group.values': (table.logGroups ?? []).join(',') });
        break;
      case PartitionColumn.VPC_ID:
      case PartitionColumn.USER_POOL_ID:
        Object.assign(p, { [`projection.${col}.type`]: 'injected' });
        break;
      case PartitionColumn.YEAR:
        Object.assign(p, { 'projection.year.type': 'integer', 'projection.year.range': `${values.firstYear},2099` });
        break;
      default: {
        const range = col === PartitionColumn.MONTH ? '1,12' : col === PartitionColumn.DAY ? '1,31' : '0,23';
        Object.assign(p, { [`projection.${col}.type`]: 'integer', [`projection.${col}.range`]: range, [`projection.${col}.digits`]: '2' });
      }
    }
  }
  return p;
}

/** The Hive type of a partition column. */
export function partitionType(col: PartitionColumn): string {
  return col === PartitionColumn.ACCOUNT || col === PartitionColumn.REGION || col === PartitionColumn.LOG_GROUP
    || col === PartitionColumn.VPC_ID || col === PartitionColumn.USER_POOL_ID ? 'string' : 'int';
}
