import { CfnResource } from 'aws-cdk-lib';
import { auditLogGroupName, DATABASE_TYPES, databaseEngine, exportedLogTypes } from '../../private/data-store';
import { fixedRequirements, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { DataStoreAuditLogging } from '../../../sources';

/**
 * CA-E2, the central copy: a database that exports its audit log has that
 * log group (`/aws/rds/cluster/<id>/audit`, `/aws/rds/instance/<id>/postgresql`,
 * `/aws/docdb/<id>/audit`, `/aws/redshift/cluster/<id>/useractivitylog`, or the group an OpenSearch domain's
 * AUDIT_LOGS publishing names)
 * subscribed, somewhere in the app, to a CloudWatch Logs destination (the
 * central account's): a subscription filter whose LogGroupName is that name
 * or refers to a log group of that name, and whose DestinationArn is a
 * `:destination:` ARN. Databases that do not export the log are left to
 * `database-audit-log`.
 */
export const databaseAuditLogForwarded: LogCollectionRule = {
  name: 'database-audit-log-forwarded',
  requirementIds: fixedRequirements('CA-E2'),
  idSuffix: 'DatabaseAuditForwarded',
  resourceTypes: DATABASE_TYPES,
  fixedBy: [DataStoreAuditLogging.IMPLEMENTS.construct],
  summary: "Every database's exported audit log group is subscribed to a CloudWatch Logs destination (the central account's).",
  check(db: CfnResource, context: RuleContext): RuleOutcome {
    const index = context.index;
    const { engine } = databaseEngine(db, index);
    const exported = exportedLogTypes(db, index);
    if (!engine || exported === undefined || !exported.includes(engine.auditExport)) {
      return outcome.notApplicable(`Database ${db.node.path} exports no audit log this rule knows (see the database audit log rule).`);
    }
    const name = auditLogGroupName(db, engine, index);
    if (name === undefined) {
      return outcome.unknown(
        `${engine.label} ${db.node.path} has no fixed identifier (or log group name), so the name of its audit log group is known only ` +
        'at deploy time; give it one so the log group can be created and subscribed with it.',
      );
    }
    const filters = index.ofType('AWS::Logs::SubscriptionFilter').filter((f) => {
      const value = index.resolve(f, (f as unknown as Record<string, unknown>).logGroupName);
      if (index.resolver.textOf(value) === name) {
        return true;
      }
      const group = index.resolver.referenceOf(value);
      return group !== undefined && index.resolver.textOf(index.resolve(group, (group as unknown as Record<string, unknown>).logGroupName)) === name;
    });
    const destinations = filters.map((f) => index.resolver.describe(index.resolve(f, (f as unknown as Record<string, unknown>).destinationArn)));
    if (destinations.some((d) => d.includes(':destination:'))) {
      return outcome.compliant(`${engine.label} ${db.node.path}: ${name} is subscribed to ${destinations.find((d) => d.includes(':destination:'))}.`);
    }
    return outcome.nonCompliant(
      `${engine.label} ${db.node.path} writes its audit log to ${name}, which ` +
      (filters.length === 0 ? 'no subscription filter of the app sends to the central account'
        : `is subscribed only to ${destinations.join(', ')}, not to a CloudWatch Logs destination of the central account`) +
      ', so the log stays in the workload account where its own administrators can change it.',
    );
  },
};
