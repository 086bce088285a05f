import { Match, Template } from 'aws-cdk-lib/assertions';
import * as docdb from 'aws-cdk-lib/aws-docdb';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { evidenceOf } from '../../../lib/core/evidence';
import { REQUIREMENTS } from '../../../lib/requirements/catalogue';
import { ServiceExposure } from '../../../lib/requirements/types';
import { DataStoreAuditItem, PgAuditClass } from '../../../lib/sources/data-stores/audit-items';
import { DataStoreAuditLogging } from '../../../lib/sources/data-stores/data-store-audit-logging';
import { AuditTrail } from '../../../lib/sources/services/audit-trail';
import { auroraMysql, auroraPostgres, central, DESTINATION, instance, workloadStack } from './helpers';

const EXTERNAL = ServiceExposure.EXTERNAL;

describe('DataStoreAuditLogging: engine settings', () => {
  test("CA-E2's items are the catalogue's field names", () => {
    const caE2 = REQUIREMENTS.find((r) => r.id === 'CA-E2')!;
    expect(Object.values(DataStoreAuditItem)).toEqual(caE2.fields);
  });

  test('Aurora PostgreSQL: a new cluster parameter group with pgAudit, connection and duration logging; the postgresql export', () => {
    // GIVEN
    const stack = workloadStack();
    const cluster = auroraPostgres(stack);
    // WHEN
    const audit = new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, databases: [cluster] });
    // THEN
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Family: 'aurora-postgresql16',
      Parameters: {
        'shared_preload_libraries': 'pgaudit',
        'pgaudit.log': 'read,write,role,ddl',
        'log_connections': '1',
        'log_disconnections': '1',
        'log_min_duration_statement': '0',
      },
    });
    const [groupId] = Object.keys(t.findResources('AWS::RDS::DBClusterParameterGroup'));
    t.hasResourceProperties('AWS::RDS::DBCluster', {
      DBClusterParameterGroupName: { Ref: groupId },
      EnableCloudwatchLogsExports: ['postgresql'],
    });
    expect(audit.stores[0]).toEqual(expect.objectContaining({
      kind: 'Aurora PostgreSQL cluster',
      logGroupNames: ['/aws/rds/cluster/app-db/postgresql'],
      items: [DataStoreAuditItem.STORE, DataStoreAuditItem.CREDENTIAL, DataStoreAuditItem.QUERY, DataStoreAuditItem.RESPONSE_TIME],
      missingItems: [DataStoreAuditItem.RESPONSE_SIZE],
    }));
  });

  test('the log group is made before the cluster: KMS, retention by exposure, deletion protection, retained; subscribed to the central destination', () => {
    const stack = workloadStack();
    const cluster = auroraPostgres(stack);
    new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, databases: [cluster] });
    const t = Template.fromStack(stack);
    const groups = t.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: '/aws/rds/cluster/app-db/postgresql' } });
    const [[groupId, group]] = Object.entries(groups) as [string, any][];
    expect(group.DeletionPolicy).toBe('Retain');
    expect(group.Properties).toEqual(expect.objectContaining({ RetentionInDays: 90, DeletionProtectionEnabled: true, KmsKeyId: expect.anything() }));
    t.hasResourceProperties('AWS::Logs::SubscriptionFilter', { LogGroupName: { Ref: groupId }, DestinationArn: DESTINATION, FilterPattern: '' });
    const [db] = Object.values(t.findResources('AWS::RDS::DBCluster')) as any[];
    expect(db.DependsOn).toContain(groupId);
  });

  test('Aurora MySQL: advanced auditing (server_audit_logging, CONNECT,QUERY,TABLE) and the audit export, log group named in lower case', () => {
    const stack = workloadStack();
    const cluster = auroraMysql(stack);
    const audit = new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, databases: [cluster] });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Family: 'aurora-mysql8.0',
      Parameters: { server_audit_logging: '1', server_audit_events: 'CONNECT,QUERY,TABLE' },
    });
    t.hasResourceProperties('AWS::RDS::DBCluster', { EnableCloudwatchLogsExports: ['audit'] });
    t.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/rds/cluster/app-mysql/audit' });
    expect(audit.stores[0].missingItems).toEqual([DataStoreAuditItem.RESPONSE_SIZE, DataStoreAuditItem.RESPONSE_TIME]);
  });

  test('RDS for MySQL: an option group with MARIADB_AUDIT_PLUGIN (CONNECT,QUERY: MySQL has no TABLE event) and the audit export', () => {
    const stack = workloadStack();
    const db = instance(stack, rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0_40 }));
    new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, databases: [db] });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::RDS::OptionGroup', {
      EngineName: 'mysql',
      MajorEngineVersion: '8.0',
      OptionConfigurations: [{ OptionName: 'MARIADB_AUDIT_PLUGIN', OptionSettings: [{ Name: 'SERVER_AUDIT_EVENTS', Value: 'CONNECT,QUERY' }] }],
    });
    const [optionGroupId] = Object.keys(t.findResources('AWS::RDS::OptionGroup'));
    t.hasResourceProperties('AWS::RDS::DBInstance', { OptionGroupName: { Ref: optionGroupId }, EnableCloudwatchLogsExports: ['audit'] });
    t.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/rds/instance/app-instance/audit' });
  });

  test('RDS for MariaDB: the audit plugin with CONNECT,QUERY,TABLE', () => {
    const stack = workloadStack();
    const db = instance(stack, rds.DatabaseInstanceEngine.mariaDb({ version: rds.MariaDbEngineVersion.VER_10_11 }));
    new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, databases: [db] });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::OptionGroup', {
      EngineName: 'mariadb',
      MajorEngineVersion: '10.11',
      OptionConfigurations: [Match.objectLike({ OptionSettings: [{ Name: 'SERVER_AUDIT_EVENTS', Value: 'CONNECT,QUERY,TABLE' }] })],
    });
  });

  test('RDS for PostgreSQL: a DB parameter group with pgAudit and the chosen classes', () => {
    const stack = workloadStack();
    const db = instance(stack, rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16_4 }));
    new DataStoreAuditLogging(stack, 'Audit', {
      central, exposure: EXTERNAL, databases: [db], pgauditClasses: [PgAuditClass.WRITE, PgAuditClass.DDL, PgAuditClass.WRITE],
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Family: 'postgres16',
      Parameters: Match.objectLike({ 'shared_preload_libraries': 'pgaudit', 'pgaudit.log': 'write,ddl' }),
    });
    t.hasResourceProperties('AWS::RDS::DBInstance', { EnableCloudwatchLogsExports: ['postgresql'] });
    t.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/rds/instance/app-instance/postgresql' });
  });

  test('DocumentDB: audit_logs and the profiler in a new cluster parameter group; audit and profiler exports, each subscribed', () => {
    const stack = workloadStack();
    const cluster = new docdb.CfnDBCluster(stack, 'Docs', { dbClusterIdentifier: 'docs', engineVersion: '5.0.0', masterUsername: 'admin' });
    const audit = new DataStoreAuditLogging(stack, 'Audit', { central, exposure: ServiceExposure.INTERNAL, databases: [cluster] });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::DocDB::DBClusterParameterGroup', {
      Family: 'docdb5.0',
      Parameters: { audit_logs: 'all', profiler: 'enabled', profiler_threshold_ms: '100' },
    });
    t.hasResourceProperties('AWS::DocDB::DBCluster', { EnableCloudwatchLogsExports: ['audit', 'profiler'] });
    expect(audit.stores[0].logGroupNames).toEqual(['/aws/docdb/docs/audit', '/aws/docdb/docs/profiler']);
    t.resourceCountIs('AWS::Logs::SubscriptionFilter', 2);
    t.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/docdb/docs/audit', RetentionInDays: 400 });
  });

  test('Redshift: enable_user_activity_logging in a new parameter group, and audit logging to CloudWatch Logs', () => {
    const stack = workloadStack();
    const cluster = new redshift.CfnCluster(stack, 'Warehouse', {
      clusterIdentifier: 'warehouse', clusterType: 'single-node', nodeType: 'ra3.large', dbName: 'dev', masterUsername: 'admin',
    });
    const audit = new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, databases: [cluster] });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Redshift::ClusterParameterGroup', {
      ParameterGroupFamily: 'redshift-1.0',
      Parameters: [{ ParameterName: 'enable_user_activity_logging', ParameterValue: 'true' }],
    });
    t.hasResourceProperties('AWS::Redshift::Cluster', {
      LoggingProperties: { LogDestinationType: 'cloudwatch', LogExports: ['connectionlog', 'userlog', 'useractivitylog'] },
    });
    expect(audit.stores[0].logGroupNames).toContain('/aws/redshift/cluster/warehouse/useractivitylog');
  });

  test('keeps log exports already set and adds the audit one once', () => {
    const stack = workloadStack();
    const cluster = auroraMysql(stack);
    (cluster.node.defaultChild as rds.CfnDBCluster).enableCloudwatchLogsExports = ['error', 'audit'];
    new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, databases: [cluster] });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBCluster', { EnableCloudwatchLogsExports: ['error', 'audit'] });
  });

  test('records CA-E2 evidence per store naming the audit log, the log group and the items carried and missing', () => {
    const stack = workloadStack();
    const cluster = auroraPostgres(stack);
    const audit = new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, databases: [cluster] });
    const [evidence, summary] = evidenceOf(audit);
    expect(summary.note).toBe(
      '1 data store(s) audited, 1 by their own audit log and 0 by CloudTrail data events; 0 carry all five CA-E2 items; missing: response size (1 of 1).');
    expect(evidence.requirementIds).toEqual(['CA-E2']);
    expect(evidence.resources).toEqual([cluster.node.defaultChild]);
    expect(evidence.note).toBe(
      'Aurora PostgreSQL cluster Workload/Db/Resource: pgAudit and PostgreSQL connection and duration logging (postgresql log), exported to ' +
      '/aws/rds/cluster/app-db/postgresql and subscribed to the central destination; carries store, credential, query, response time; ' +
      'not response size (PostgreSQL logs no row count or bytes returned, so the response size is not in the log).',
    );
  });
});

describe('DataStoreAuditLogging: parameter groups the user brings', () => {
  test('an aws-rds ParameterGroup of the app gets the settings through addParameter, keeping its own libraries', () => {
    const stack = workloadStack();
    const parameterGroup = new rds.ParameterGroup(stack, 'Params', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
      parameters: { shared_preload_libraries: 'pg_stat_statements', work_mem: '4096' },
    });
    const cluster = auroraPostgres(stack, { parameterGroup });
    new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, databases: [cluster] });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::RDS::DBClusterParameterGroup', 1);
    t.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Parameters: Match.objectLike({ 'shared_preload_libraries': 'pg_stat_statements,pgaudit', 'work_mem': '4096', 'pgaudit.log': 'read,write,role,ddl' }),
    });
  });

  test('an L1 group with a value that turns auditing off is an error naming the parameter and the value to set', () => {
    const stack = workloadStack();
    const group = new rds.CfnDBClusterParameterGroup(stack, 'Params', {
      family: 'aurora-mysql8.0', description: 'mine', parameters: { server_audit_logging: '0' },
    });
    const cluster = auroraMysql(stack);
    (cluster.node.defaultChild as rds.CfnDBCluster).dbClusterParameterGroupName = group.ref;
    expect(() => new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, databases: [cluster] })).toThrow(
      "Parameter group Workload/Params of Aurora MySQL cluster Workload/Db/Resource sets server_audit_logging to '0', which turns off part " +
      "of the audit log DataStoreAuditLogging needs; set it to '1' or remove it.",
    );
  });

  test('an L1 group with literal parameters gets the missing ones merged in', () => {
    const stack = workloadStack();
    const group = new rds.CfnDBClusterParameterGroup(stack, 'Params', {
      family: 'aurora-mysql8.0', description: 'mine', parameters: { server_audit_logging: 1, time_zone: 'UTC' },
    });
    const cluster = auroraMysql(stack);
    (cluster.node.defaultChild as rds.CfnDBCluster).dbClusterParameterGroupName = group.ref;
    new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, databases: [cluster] });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Parameters: { server_audit_logging: '1', time_zone: 'UTC', server_audit_events: 'CONNECT,QUERY,TABLE' },
    });
  });

  test('a group known only by name is refused with the exact parameters to set; trustExternalParameterGroups accepts it', () => {
    const build = (trust: boolean) => {
      const stack = workloadStack();
      const cluster = auroraPostgres(stack, {
        parameterGroup: rds.ParameterGroup.fromParameterGroupName(stack, 'Default', 'shared-postgres16'),
      });
      return new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, databases: [cluster], trustExternalParameterGroups: trust });
    };
    expect(() => build(false)).toThrow(
      "Aurora PostgreSQL cluster Workload/Db/Resource uses parameter group 'shared-postgres16' (DBClusterParameterGroupName), which " +
      'is not defined in this app, so DataStoreAuditLogging cannot add its audit settings. ' +
      'Set shared_preload_libraries=pgaudit, pgaudit.log=read,write,role,ddl, log_connections=1, log_disconnections=1, ' +
      'log_min_duration_statement=0 in that group',
    );
    expect(build(true).stores[0].settings[0]).toBe(
      'group shared-postgres16: shared_preload_libraries=pgaudit, pgaudit.log=read,write,role,ddl, log_connections=1, ' +
      'log_disconnections=1, log_min_duration_statement=0');
  });

  test("an aws-rds OptionGroup of the app gets the audit plugin through addConfiguration", () => {
    const stack = workloadStack();
    const engine = rds.DatabaseInstanceEngine.mariaDb({ version: rds.MariaDbEngineVersion.VER_10_11 });
    const optionGroup = new rds.OptionGroup(stack, 'Options', { engine, configurations: [] });
    const db = instance(stack, engine, { optionGroup });
    new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, databases: [db] });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::RDS::OptionGroup', 1);
    t.hasResourceProperties('AWS::RDS::OptionGroup', {
      OptionConfigurations: [{ OptionName: 'MARIADB_AUDIT_PLUGIN', OptionSettings: [{ Name: 'SERVER_AUDIT_EVENTS', Value: 'CONNECT,QUERY,TABLE' }] }],
    });
  });
});

describe('DataStoreAuditLogging: data events', () => {
  test('adds selectors scoped to the named tables, buckets and queues to the trail (never every bucket)', () => {
    const stack = workloadStack();
    const trail = new AuditTrail(stack, 'Trail', { central });
    const table = new dynamodb.Table(stack, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const bucket = new s3.Bucket(stack, 'Uploads', { bucketName: 'app-uploads' });
    const queue = new sqs.Queue(stack, 'Jobs');
    const audit = new DataStoreAuditLogging(stack, 'Audit', {
      central, exposure: EXTERNAL, trail, tables: [table], buckets: [bucket], queues: [queue],
    });
    const selectors = Template.fromStack(stack).findResources('AWS::CloudTrail::Trail');
    const [t] = Object.values(selectors) as any[];
    const data = t.Properties.AdvancedEventSelectors.slice(1);
    const tableId = Object.keys(Template.fromStack(stack).findResources('AWS::DynamoDB::Table'))[0];
    const bucketId = Object.keys(Template.fromStack(stack).findResources('AWS::S3::Bucket'))[0];
    expect(data).toEqual([
      expect.objectContaining({ FieldSelectors: expect.arrayContaining([
        { Field: 'resources.type', Equals: ['AWS::DynamoDB::Table'] },
        { Field: 'resources.ARN', StartsWith: [{ 'Fn::GetAtt': [tableId, 'Arn'] }] },
      ]) }),
      expect.objectContaining({ FieldSelectors: expect.arrayContaining([
        { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
        expect.objectContaining({ Field: 'resources.ARN', StartsWith: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/']] }] }),
      ]) }),
      expect.objectContaining({ FieldSelectors: expect.arrayContaining([{ Field: 'resources.type', Equals: ['AWS::SQS::Queue'] }]) }),
    ]);
    expect(audit.stores.map((s) => [s.kind, s.items.length])).toEqual([['DynamoDB table', 3], ['S3 bucket', 3], ['SQS queue', 3]]);
  });
});

describe('DataStoreAuditLogging: OpenSearch Service', () => {
  function domain(stack: any, fineGrained = true): opensearch.CfnDomain {
    return new opensearch.CfnDomain(stack, 'Search', {
      domainName: 'search',
      engineVersion: 'OpenSearch_2.11',
      advancedSecurityOptions: fineGrained ? { enabled: true, internalUserDatabaseEnabled: true } : undefined,
      logPublishingOptions: { ES_APPLICATION_LOGS: { enabled: true, cloudWatchLogsLogGroupArn: 'arn:aws:logs:eu-west-1:111111111111:log-group:app' } },
    });
  }

  test('publishes AUDIT_LOGS to a retained log group OpenSearch may write to, keeping the other log types; subscribed centrally', () => {
    const stack = workloadStack();
    const audit = new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, databases: [domain(stack)] });
    const t = Template.fromStack(stack);
    const [groupId] = Object.keys(t.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: '/aws/opensearch/domains/search/audit' } }));
    t.hasResourceProperties('AWS::OpenSearchService::Domain', {
      LogPublishingOptions: {
        ES_APPLICATION_LOGS: Match.objectLike({ Enabled: true }),
        AUDIT_LOGS: { CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': [groupId, 'Arn'] }, Enabled: true },
      },
    });
    const [policy] = Object.values(t.findResources('AWS::Logs::ResourcePolicy')) as any[];
    expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('es.amazonaws.com');
    expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('domain/search');
    // The group's Arn attribute (ending in :*) as it is, not with a second :* appended.
    const parts = policy.Properties.PolicyDocument['Fn::Join'][1] as any[];
    const arnAt = parts.findIndex((p) => JSON.stringify(p) === JSON.stringify({ 'Fn::GetAtt': [groupId, 'Arn'] }));
    expect(parts[arnAt - 1]).toMatch(/"Resource":"$/);
    expect(parts[arnAt + 1]).toMatch(/^","Condition"/);
    t.hasResourceProperties('AWS::Logs::SubscriptionFilter', { LogGroupName: { Ref: groupId }, DestinationArn: DESTINATION });
    expect(audit.stores[0].kind).toBe('OpenSearch Service domain');
  });

  test('a domain without fine-grained access control is an error naming it', () => {
    const stack = workloadStack();
    expect(() => new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, databases: [domain(stack, false)] })).toThrow(
      /^databases\[0\] Workload\/Search has no fine-grained access control \(AdvancedSecurityOptions.Enabled\), without which OpenSearch keeps no audit log/,
    );
  });
});
