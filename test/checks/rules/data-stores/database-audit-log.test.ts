import { App } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import { CheckCompliance } from '../../../../lib/checks';
import { LoggingProfile, MaturityTier, ServiceExposure } from '../../../../lib/requirements/types';
import { DataStoreAuditLogging } from '../../../../lib/sources/data-stores/data-store-audit-logging';
import { evaluate, resultOf } from '../../helpers';
import { auroraMysql, auroraPostgres, central, instance, workloadStack } from '../../../sources/data-stores/helpers';

const CA_ENHANCED = { tier: MaturityTier.ENHANCED, profile: LoggingProfile.CUSTOM_APPLICATION };
const AUDIT = 'LogCollection-CA-E2-DatabaseAudit';
const FORWARDED = 'LogCollection-CA-E2-DatabaseAuditForwarded';

describe(AUDIT, () => {
  test('a cluster audited by DataStoreAuditLogging is compliant, and its log group is forwarded', () => {
    const app = new App();
    const stack = workloadStack(app);
    new DataStoreAuditLogging(stack, 'Audit', { central, exposure: ServiceExposure.EXTERNAL, databases: [auroraPostgres(stack)] });
    const results = evaluate(app, CA_ENHANCED);
    expect(resultOf(results, AUDIT, 'Workload/Db/Resource').compliance).toBe(CheckCompliance.COMPLIANT);
    const forwarded = resultOf(results, FORWARDED, 'Workload/Db/Resource');
    expect(forwarded.compliance).toBe(CheckCompliance.COMPLIANT);
    expect(forwarded.message).toContain('/aws/rds/cluster/app-db/postgresql is subscribed to arn:aws:logs:eu-west-1:999999999999:destination:');
    // The cluster's instance is judged through the cluster.
    expect(resultOf(results, AUDIT, 'Workload/Db/Writer/Resource').compliance).toBe(CheckCompliance.NOT_APPLICABLE);
  });

  test('a cluster with no audit export and the default parameter group is an error naming the export and the settings', () => {
    const app = new App();
    const stack = workloadStack(app);
    auroraMysql(stack);
    const result = resultOf(evaluate(app, CA_ENHANCED), AUDIT, 'Workload/Db/Resource');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(
      /^Aurora MySQL cluster Workload\/Db\/Resource does not export its audit log to CloudWatch Logs \(EnableCloudwatchLogsExports must include audit\), and its parameter group lacks server_audit_logging 1 and server_audit_events including CONNECT and QUERY, .*DataStoreAuditLogging/,
    );
  });

  test('an export without the audit settings is still an error: a PostgreSQL instance without pgAudit', () => {
    const app = new App();
    const stack = workloadStack(app);
    instance(stack, rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16_4 }), {
      cloudwatchLogsExports: ['postgresql'],
      parameters: { log_connections: '1' },
    });
    const result = resultOf(evaluate(app, CA_ENHANCED), AUDIT, 'Workload/Db/Resource');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toContain('its parameter group lacks shared_preload_libraries including pgaudit and pgaudit.log a list of classes,');
  });

  test("a user's group that audits differently (other classes, no duration logging) is compliant", () => {
    const app = new App();
    const stack = workloadStack(app);
    instance(stack, rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16_4 }), {
      cloudwatchLogsExports: ['postgresql'],
      parameters: { 'shared_preload_libraries': 'pg_stat_statements,pgaudit', 'pgaudit.log': 'write,ddl', 'log_connections': 'on' },
    });
    expect(resultOf(evaluate(app, CA_ENHANCED), AUDIT, 'Workload/Db/Resource').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('a Redshift cluster logging to S3 is an error; an engine the library cannot audit is a warning', () => {
    const app = new App();
    const stack = workloadStack(app);
    new redshift.CfnCluster(stack, 'Warehouse', {
      clusterType: 'single-node', nodeType: 'ra3.large', dbName: 'dev', masterUsername: 'admin',
      loggingProperties: { bucketName: 'logs' },
    });
    instance(stack, rds.DatabaseInstanceEngine.sqlServerEx({ version: rds.SqlServerEngineVersion.VER_16 }));
    const results = evaluate(app, CA_ENHANCED);
    expect(resultOf(results, AUDIT, 'Workload/Warehouse').message).toContain('does not send its useractivitylog to CloudWatch Logs');
    expect(resultOf(results, AUDIT, 'Workload/Db/Resource').compliance).toBe(CheckCompliance.UNKNOWN);
  });

  test('an OpenSearch domain audited by DataStoreAuditLogging is compliant and forwarded; one without audit logs is an error', () => {
    const app = new App();
    const stack = workloadStack(app);
    const domain = (id: string) => new opensearch.CfnDomain(stack, id, {
      domainName: id.toLowerCase(), advancedSecurityOptions: { enabled: true, internalUserDatabaseEnabled: true },
    });
    new DataStoreAuditLogging(stack, 'Audit', { central, exposure: ServiceExposure.EXTERNAL, databases: [domain('Search')] });
    domain('Other');
    const results = evaluate(app, CA_ENHANCED);
    expect(resultOf(results, AUDIT, 'Workload/Search').compliance).toBe(CheckCompliance.COMPLIANT);
    expect(resultOf(results, FORWARDED, 'Workload/Search').message).toContain('/aws/opensearch/domains/search/audit is subscribed to');
    expect(resultOf(results, AUDIT, 'Workload/Other').message).toContain(
      'OpenSearch Service domain Workload/Other does not publish its audit logs to CloudWatch Logs (LogPublishingOptions AUDIT_LOGS');
  });

  test('does not run below the Enhanced tier or for a hosting platform', () => {
    const app = new App();
    auroraMysql(workloadStack(app));
    expect(evaluate(app, { tier: MaturityTier.BASELINE, profile: LoggingProfile.CUSTOM_APPLICATION }).filter((r) => r.ruleId.startsWith('LogCollection-CA-E2'))).toEqual([]);
    expect(evaluate(app, { tier: MaturityTier.ENHANCED, profile: LoggingProfile.HOSTING_PLATFORM }).filter((r) => r.ruleId.includes('CA-E2'))).toEqual([]);
  });
});

describe(FORWARDED, () => {
  test('an exported audit log that no subscription filter sends to a destination is an error naming the log group', () => {
    const app = new App();
    const stack = workloadStack(app);
    auroraMysqlCluster(stack);
    const result = resultOf(evaluate(app, CA_ENHANCED), FORWARDED, 'Workload/Other');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toBe(
      'Aurora MySQL cluster Workload/Other writes its audit log to /aws/rds/cluster/other/audit, which no subscription filter of the app ' +
      'sends to the central account, so the log stays in the workload account where its own administrators can change it. CA-E2 is met by DataStoreAuditLogging (cdk-security-log-collection).',
    );
  });

  test('a subscription to something other than a CloudWatch Logs destination is an error naming it', () => {
    const app = new App();
    const stack = workloadStack(app);
    auroraMysqlCluster(stack);
    new logs.CfnSubscriptionFilter(stack, 'ToLambda', {
      logGroupName: '/aws/rds/cluster/other/audit', filterPattern: '', destinationArn: 'arn:aws:lambda:eu-west-1:111111111111:function:f',
    });
    const result = resultOf(evaluate(app, CA_ENHANCED), FORWARDED, 'Workload/Other');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toContain('is subscribed only to arn:aws:lambda:eu-west-1:111111111111:function:f, not to a CloudWatch Logs destination');
  });
});

function auroraMysqlCluster(stack: any): rds.CfnDBCluster {
  return new rds.CfnDBCluster(stack, 'Other', {
    engine: 'aurora-mysql', engineVersion: '8.0.mysql_aurora.3.08.0', dbClusterIdentifier: 'other', enableCloudwatchLogsExports: ['audit'],
  });
}
