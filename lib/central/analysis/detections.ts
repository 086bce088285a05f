import { requirement } from '../../requirements/catalogue';
import { apiAccessMessageFields, CloudWatchSource, messagePath } from './cloudwatch-tables';
import { Detection, DetectionParameter, DetectionSchedule } from './detection';

const P = DetectionParameter;
const MONTH = [P.YEAR, P.MONTH];

/** Sensitive ports whose REJECTs are worth a look (remote administration, databases, SMB, RDP). */
export const SENSITIVE_PORTS = [22, 23, 445, 1433, 3306, 3389, 5432, 5985, 5986, 6379, 27017];

/** Actions that switch off, erase or weaken logging (the tamper events of the library's guardrail). */
const LOGGING_CHANGES = ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'DeleteFlowLogs',
  'DeleteLogGroup', 'DeleteLogStream', 'PutRetentionPolicy', 'DeleteSubscriptionFilter', 'DeleteDestination',
  'DisassociateResolverQueryLogConfig', 'DeleteResolverQueryLogConfig', 'PutBucketPolicy', 'DeleteBucketPolicy',
  'PutBucketLogging', 'PutLifecycleConfiguration', 'PutReplicationConfiguration', 'ScheduleKeyDeletion', 'DisableKey',
  'DeleteDeliveryStream', 'StopConfigurationRecorder', 'DeleteConfigurationRecorder'];

const list = (items: readonly (string | number)[]) => items.map((i) => (typeof i === 'number' ? String(i) : `'${i}'`)).join(', ');
/** A string field of a CloudWatch table's JSON message by its path (`objectRef.resource`); `e` is the UNNEST alias of `logevents`. */
const msg = (path: string) => `json_extract_scalar(e.message, '$.${path}')`;
/** A string field of a message by its top-level key, which may hold a dot (`identity.sourceIp`, as the API access format names it). */
const field = (key: string) => `json_extract_scalar(e.message, '${messagePath(key)}')`;
const WHO = 'coalesce(useridentity.sessioncontext.sessionissuer.arn, useridentity.arn)';

/**
 * The detections the analysis workgroup saves, each filed under the catalogue
 * requirement it serves. Data, not code: the named queries, the review
 * function's configuration and the report's evidence are all made from it.
 * Only the detections over `tables` (the table names the workgroup has) are
 * returned: the CloudWatch source tables exist only when their log groups
 * are named.
 */
export function detectionCatalogue(tables?: readonly string[]): Detection[] {
  const detections: Detection[] = [
    {
      name: 'signin-success-after-failures',
      requirementIds: ['HP-B1', 'CA-B1'],
      description: 'Console sign-ins that succeeded after at least three failures of the same user on the same day.',
      table: 'cloudtrail',
      sql: 'SELECT useridentity.arn AS principal, sourceipaddress, substr(eventtime, 1, 10) AS day_of_month, ' +
        "count_if(json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Failure') AS failures, " +
        "count_if(json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Success') AS successes " +
        "FROM cloudtrail WHERE year = ? AND month = ? AND eventname = 'ConsoleLogin' " +
        'GROUP BY useridentity.arn, sourceipaddress, substr(eventtime, 1, 10) ' +
        "HAVING count_if(json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Failure') >= 3 " +
        "AND count_if(json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Success') > 0 ORDER BY failures DESC",
      parameters: MONTH,
      schedule: DetectionSchedule.WEEKLY,
    },
    {
      name: 'root-and-break-glass-use',
      requirementIds: ['PU-3'],
      description: 'Every action of the root user or of a break-glass role (name containing BreakGlass).',
      table: 'cloudtrail',
      sql: `SELECT eventtime, account, awsregion, ${WHO} AS principal, eventsource, eventname, errorcode, sourceipaddress ` +
        "FROM cloudtrail WHERE year = ? AND month = ? AND (useridentity.type = 'Root' " +
        `OR lower(${WHO}) LIKE '%breakglass%' OR lower(${WHO}) LIKE '%break-glass%') ORDER BY eventtime`,
      parameters: MONTH,
      schedule: DetectionSchedule.MONTHLY_REVIEW,
    },
    {
      name: 'logging-changes-and-denied-tamper',
      requirementIds: ['PU-3'],
      description: 'Attempts to stop, delete or weaken logging, allowed or denied (a denied attempt is a tamper attempt).',
      table: 'cloudtrail',
      sql: `SELECT eventtime, account, ${WHO} AS principal, eventsource, eventname, errorcode, ` +
        'requestparameters FROM cloudtrail WHERE year = ? AND month = ? ' +
        `AND eventname IN (${list(LOGGING_CHANGES)}) ORDER BY errorcode DESC, eventtime`,
      parameters: MONTH,
      schedule: DetectionSchedule.MONTHLY_REVIEW,
    },
    {
      name: 'privileged-actions-per-user',
      requirementIds: ['PU-3'],
      description: 'Changes to identities, permissions, the organisation and keys, counted per principal for the month.',
      table: 'cloudtrail',
      sql: `SELECT ${WHO} AS principal, eventsource, eventname, count(*) AS actions, ` +
        "count_if(errorcode IS NOT NULL) AS denied FROM cloudtrail WHERE year = ? AND month = ? AND readonly = 'false' " +
        "AND eventsource IN ('iam.amazonaws.com', 'sts.amazonaws.com', 'organizations.amazonaws.com', " +
        "'sso.amazonaws.com', 'kms.amazonaws.com', 'cloudtrail.amazonaws.com', 'logs.amazonaws.com') " +
        `GROUP BY ${WHO}, eventsource, eventname ORDER BY actions DESC`,
      parameters: MONTH,
      schedule: DetectionSchedule.MONTHLY_REVIEW,
    },
    {
      name: 'new-access-keys-and-users',
      requirementIds: ['HP-B1', 'CA-B1'],
      description: 'IAM users, login profiles and access keys created in the month, and by whom.',
      table: 'cloudtrail',
      sql: `SELECT eventtime, account, ${WHO} AS creator, eventname, ` +
        "json_extract_scalar(requestparameters, '$.userName') AS user_name, errorcode FROM cloudtrail " +
        "WHERE year = ? AND month = ? AND eventsource = 'iam.amazonaws.com' " +
        "AND eventname IN ('CreateUser', 'CreateAccessKey', 'CreateLoginProfile', 'CreateServiceSpecificCredential') " +
        'ORDER BY eventtime',
      parameters: MONTH,
      schedule: DetectionSchedule.MONTHLY_REVIEW,
    },
    {
      name: 'flow-rejects-to-sensitive-ports',
      requirementIds: ['HP-E1'],
      description: `Rejected flows to remote administration and database ports (${SENSITIVE_PORTS.join(', ')}), per source.`,
      table: 'vpc_flow',
      sql: 'SELECT account, vpc_id, srcaddr, dstaddr, dstport, count(*) AS flows, sum(packets) AS packets FROM vpc_flow ' +
        `WHERE year = ? AND month = ? AND action = 'REJECT' AND dstport IN (${list(SENSITIVE_PORTS)}) ` +
        'GROUP BY account, vpc_id, srcaddr, dstaddr, dstport ORDER BY flows DESC',
      parameters: MONTH,
      schedule: DetectionSchedule.WEEKLY,
    },
    {
      name: 'dns-newly-seen-domains',
      requirementIds: ['HP-B3'],
      description: 'Domains a VPC queried this month that it did not query the month before.',
      table: 'dns_query',
      sql: 'SELECT query_name, min(query_timestamp) AS first_seen, count(*) AS queries FROM dns_query ' +
        'WHERE vpc_id = ? AND year = ? AND month = ? AND query_name NOT IN (SELECT query_name FROM dns_query ' +
        'WHERE vpc_id = ? AND year = ? AND month = ?) GROUP BY query_name ORDER BY first_seen',
      parameters: [P.VPC_ID, P.YEAR, P.MONTH, P.VPC_ID, P.PREVIOUS_YEAR, P.PREVIOUS_MONTH],
      schedule: DetectionSchedule.ON_DEMAND,
    },
    {
      name: 'cognito-risky-sign-ins',
      requirementIds: ['HP-B1', 'CA-B1'],
      description: 'Sign-ins and other user activity of one Cognito user pool that threat protection rated medium or high risk, or ' +
        'blocked, with the user, source address, device and outcome (the exported user activity log; no date partitions).',
      table: 'cognito_user_activity',
      sql: 'SELECT account, region, message.username AS user_name, message.eventtype AS event_type, ' +
        'message.eventresponse AS event_response, message.risklevel AS risk_level, message.riskdecision AS risk_decision, ' +
        'message.ipaddress AS source_ip, message.devicename AS device, eventtimestamp FROM cognito_user_activity ' +
        "WHERE user_pool_id = ? AND (message.risklevel IN ('Medium', 'High') OR message.riskdecision = 'Block') " +
        'ORDER BY eventtimestamp DESC',
      parameters: [P.USER_POOL_ID],
      schedule: DetectionSchedule.ON_DEMAND,
    },
    {
      name: 'pipeline-deployments-by-user',
      requirementIds: ['CA-E1', 'HP-E8'],
      description: 'Pipeline runs started, retried or approved by a person, per pipeline and principal.',
      table: 'cloudtrail',
      sql: `SELECT ${WHO} AS principal, eventname, json_extract_scalar(requestparameters, '$.name') AS pipeline, ` +
        "json_extract_scalar(requestparameters, '$.pipelineName') AS approved_pipeline, count(*) AS actions FROM cloudtrail " +
        "WHERE year = ? AND month = ? AND eventsource = 'codepipeline.amazonaws.com' " +
        "AND eventname IN ('StartPipelineExecution', 'RetryStageExecution', 'PutApprovalResult', 'RollbackStage') " +
        `GROUP BY ${WHO}, eventname, json_extract_scalar(requestparameters, '$.name'), ` +
        "json_extract_scalar(requestparameters, '$.pipelineName') ORDER BY actions DESC",
      parameters: MONTH,
      schedule: DetectionSchedule.WEEKLY,
    },
    {
      name: 'data-store-access-by-new-principals',
      requirementIds: ['CA-E2'],
      description: 'Principals that read or wrote data stores (S3, DynamoDB, RDS Data API) this month but not the month before.',
      table: 'cloudtrail',
      sql: `SELECT ${WHO} AS principal, eventsource, count(*) AS calls FROM cloudtrail ` +
        "WHERE year = ? AND month = ? AND eventcategory = 'Data' " +
        "AND eventsource IN ('s3.amazonaws.com', 'dynamodb.amazonaws.com', 'rds-data.amazonaws.com') " +
        `AND ${WHO} NOT IN (SELECT ${WHO} FROM cloudtrail WHERE year = ? AND month = ? ` +
        "AND eventcategory = 'Data' AND useridentity.arn IS NOT NULL) " +
        `GROUP BY ${WHO}, eventsource ORDER BY calls DESC`,
      parameters: [P.YEAR, P.MONTH, P.PREVIOUS_YEAR, P.PREVIOUS_MONTH],
      schedule: DetectionSchedule.WEEKLY,
    },
    {
      name: 'security-findings-per-account',
      requirementIds: ['PU-1'],
      description: 'Security findings and correlated identity events that reached the central bus, per account and type.',
      table: 'security_events',
      sql: 'SELECT account, source, detail_type, count(*) AS events FROM security_events WHERE year = ? AND month = ? ' +
        "AND (source IN ('aws.guardduty', 'aws.securityhub', 'aws.inspector2') OR detail_type LIKE '%Correlat%') " +
        'GROUP BY account, source, detail_type ORDER BY events DESC',
      parameters: MONTH,
      schedule: DetectionSchedule.WEEKLY,
    },
    {
      name: 'cognito-sign-in-failures',
      requirementIds: ['HP-B1', 'CA-B1'],
      description: 'Cognito user pool calls that failed (wrong password, unknown user, throttled), five or more per source address ' +
        'and call in the month, from the identity events the workload accounts forward.',
      table: 'identity_events',
      sql: 'SELECT account, detail.sourceipaddress AS source_ip, detail.eventname AS event_name, detail.errorcode AS error_code, ' +
        'count(*) AS failures, min(detail.eventtime) AS first_seen, max(detail.eventtime) AS last_seen FROM identity_events ' +
        "WHERE year = ? AND month = ? AND detail.eventsource = 'cognito-idp.amazonaws.com' AND detail.errorcode IS NOT NULL " +
        'GROUP BY account, detail.sourceipaddress, detail.eventname, detail.errorcode HAVING count(*) >= 5 ORDER BY failures DESC',
      parameters: MONTH,
      schedule: DetectionSchedule.WEEKLY,
    },
    {
      name: 'eks-exec-and-role-binding-changes',
      requirementIds: ['HP-B6'],
      description: 'Kubernetes audit events for exec/attach into pods and changes to role bindings, from the EKS audit log.',
      table: CloudWatchSource.EKS_AUDIT,
      sql: `SELECT account, log_group, from_unixtime(e.timestamp / 1000) AS event_time, ${msg('user.username')} AS k8s_user, ` +
        `${msg('verb')} AS verb, ${msg('objectRef.resource')} AS k8s_resource, ${msg('objectRef.subresource')} AS k8s_subresource, ` +
        `${msg('objectRef.namespace')} AS k8s_namespace, ${msg('objectRef.name')} AS k8s_object FROM eks_audit ` +
        `CROSS JOIN UNNEST(logevents) AS t(e) WHERE year = ? AND month = ? AND ${msg('kind')} = 'Event' ` +
        `AND (${msg('objectRef.subresource')} IN ('exec', 'attach') OR (${msg('objectRef.resource')} IN ('rolebindings', ` +
        `'clusterrolebindings') AND ${msg('verb')} IN ('create', 'update', 'patch', 'delete'))) ORDER BY event_time`,
      parameters: MONTH,
      schedule: DetectionSchedule.WEEKLY,
    },
    {
      name: 'api-requests-refused-by-source',
      requirementIds: ['CA-B3', 'CA-B2'],
      description: 'API requests answered 401, 403 or 429, per source address, method and path: credential guessing and abuse.',
      table: CloudWatchSource.API_ACCESS,
      sql: `SELECT account, log_group, ${field('identity.sourceIp')} AS source_ip, ${field('httpMethod')} AS http_method, ` +
        `${field('path')} AS request_path, ${field('status')} AS status, count(*) AS requests FROM api_access ` +
        `CROSS JOIN UNNEST(logevents) AS t(e) WHERE year = ? AND month = ? AND ${field('status')} IN ('401', '403', '429') ` +
        `GROUP BY account, log_group, ${field('identity.sourceIp')}, ${field('httpMethod')}, ${field('path')}, ${field('status')} ` +
        'ORDER BY requests DESC',
      parameters: MONTH,
      schedule: DetectionSchedule.WEEKLY,
    },
    {
      name: 'api-access-log-records',
      requirementIds: ['CA-B2', 'CA-B3'],
      description: 'Every API access log record of the month, one column per field of the format the library sets (generated from it).',
      table: CloudWatchSource.API_ACCESS,
      sql: 'SELECT account, log_group, from_unixtime(e.timestamp / 1000) AS event_time, ' +
        `${apiAccessMessageFields().map((k) => `${field(k)} AS ${k.replace(/\W/g, '_').toLowerCase()}`).join(', ')} ` +
        'FROM api_access CROSS JOIN UNNEST(logevents) AS t(e) WHERE year = ? AND month = ? ORDER BY event_time',
      parameters: MONTH,
      schedule: DetectionSchedule.ON_DEMAND,
    },
    {
      name: 'database-privilege-changes',
      requirementIds: ['CA-E2'],
      description: 'Data store audit records of statements that grant, revoke or change users and roles (the engines\' own text).',
      table: CloudWatchSource.DATABASE_AUDIT,
      sql: 'SELECT account, log_group, from_unixtime(e.timestamp / 1000) AS event_time, e.message FROM database_audit ' +
        "CROSS JOIN UNNEST(logevents) AS t(e) WHERE year = ? AND month = ? AND regexp_like(upper(e.message), " +
        "'\\b(GRANT|REVOKE|CREATE USER|ALTER USER|DROP USER|CREATE ROLE|ALTER ROLE|DROP ROLE)\\b') ORDER BY event_time",
      parameters: MONTH,
      schedule: DetectionSchedule.MONTHLY_REVIEW,
    },
  ];
  const present = tables === undefined ? detections : detections.filter((d) => tables.includes(d.table));
  for (const d of present) {
    d.requirementIds.forEach((id) => requirement(id));
  }
  return present;
}
