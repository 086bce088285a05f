import { CfnResource } from 'aws-cdk-lib';
import { activityStreamsOf } from '../../private/activity-stream';
import { DATABASE_TYPES, databaseEngine, exportedLogTypes, missingAuditSettings } from '../../private/data-store';
import { fixedRequirements, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { listText } from '../../../core/l1';
import { AuditSettingKind } from '../../../sources/data-stores/engines';
import { DatabaseActivityStream, DataStoreAuditLogging } from '../../../sources';

/**
 * CA-E2 (data store events), database part: every RDS or Aurora database,
 * DocumentDB cluster, Redshift cluster and OpenSearch domain exports its own audit log to
 * CloudWatch Logs (`audit` for MySQL and MariaDB engines and DocumentDB,
 * `postgresql` for PostgreSQL, `useractivitylog` for Redshift), and its
 * parameter group (or option group) switches the audit log on: pgAudit,
 * advanced auditing, the MariaDB audit plugin, `audit_logs`,
 * `enable_user_activity_logging`, OpenSearch fine-grained access control with
 * AUDIT_LOGS publishing (the settings of
 * `lib/sources/data-stores/engines.ts`). A group defined outside the app
 * cannot be read, and is taken on trust; the engine's default group, or
 * none, holds none of the settings. Instances of an Aurora cluster are
 * judged through their cluster. An engine the library cannot audit (SQL
 * Server, Oracle, Db2) is a warning. An Aurora cluster with a Database
 * Activity Stream (`DatabaseActivityStream`) is compliant through it.
 */
export const databaseAuditLog: LogCollectionRule = {
  name: 'database-audit-log',
  requirementIds: fixedRequirements('CA-E2'),
  idSuffix: 'DatabaseAudit',
  resourceTypes: DATABASE_TYPES,
  fixedBy: [DataStoreAuditLogging.IMPLEMENTS.construct, DatabaseActivityStream.IMPLEMENTS.construct],
  summary:
    'Every RDS or Aurora database, DocumentDB cluster and Redshift cluster switches on its engine audit log (pgAudit, advanced ' +
    'auditing, the MariaDB audit plugin, audit_logs, user activity logging) and exports it to CloudWatch Logs.',
  check(db: CfnResource, context: RuleContext): RuleOutcome {
    const { engine, memberOf, problem } = databaseEngine(db, context.index);
    if (memberOf !== undefined) {
      return outcome.notApplicable(`DB instance ${db.node.path} belongs to DB cluster ${memberOf}, which is judged instead.`);
    }
    if (!engine) {
      return outcome.unknown(
        `Database ${db.node.path} ${problem}: this pack cannot tell whether its own audit log records CA-E2's items; ` +
        'switch on the engine\'s audit feature and acknowledge this warning with where its log goes.',
      );
    }
    const streams = activityStreamsOf(db, context.index);
    if (streams.length > 0) {
      return outcome.compliant(
        `${engine.label} ${db.node.path} runs a Database Activity Stream (${streams[0].node.path}): every login and statement, ` +
        'with the database user and rows, goes through Kinesis to a log group forwarded to the central account.',
      );
    }
    const exported = exportedLogTypes(db, context.index);
    const missing = missingAuditSettings(db, engine, context.index);
    if (exported === undefined) {
      return outcome.unknown(`${engine.label} ${db.node.path} has log exports known only at deploy time.`);
    }
    const problems: string[] = [];
    if (!exported.includes(engine.auditExport)) {
      problems.push(db.cfnResourceType === 'AWS::Redshift::Cluster'
        ? `does not send its ${engine.auditExport} to CloudWatch Logs (LoggingProperties: LogDestinationType cloudwatch, LogExports with ${engine.auditExport})`
        : engine.settingKind === AuditSettingKind.LOG_PUBLISHING
          ? 'does not publish its audit logs to CloudWatch Logs (LogPublishingOptions AUDIT_LOGS with Enabled and CloudWatchLogsLogGroupArn)'
          : `does not export its ${engine.auditExport} log to CloudWatch Logs (EnableCloudwatchLogsExports must include ${engine.auditExport})`);
    }
    if (missing && missing.length > 0) {
      const holder = engine.settingKind === AuditSettingKind.LOG_PUBLISHING ? 'it'
        : `its ${engine.settingKind === AuditSettingKind.OPTION_GROUP ? 'option' : 'parameter'} group`;
      problems.push(`${holder} lacks ${listText(missing)}`);
    }
    if (problems.length > 0) {
      return outcome.nonCompliant(
        `${engine.label} ${db.node.path} ${problems.join(', and ')}, so who ran which statement is not in its audit log (${engine.logSource}).`,
      );
    }
    return outcome.compliant(
      `${engine.label} ${db.node.path} exports its ${engine.auditExport} log (${engine.logSource})` +
      (missing === undefined ? ', with a parameter group outside the app that is taken to hold the audit settings.' : ' with the audit settings on.'),
    );
  },
};
