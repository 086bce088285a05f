import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ServiceExposure } from '../../../lib/requirements/types';
import { PgAuditClass } from '../../../lib/sources/data-stores/audit-items';
import { DataStoreAuditLogging } from '../../../lib/sources/data-stores/data-store-audit-logging';
import { AuditTrail } from '../../../lib/sources/services/audit-trail';
import { auroraPostgres, central, instance, workloadStack } from './helpers';

const EXTERNAL = ServiceExposure.EXTERNAL;

describe('DataStoreAuditLogging: bad input is an error naming the value and the fix', () => {
  test('a store the construct cannot audit: SQL Server', () => {
    const stack = workloadStack();
    const db = instance(stack, rds.DatabaseInstanceEngine.sqlServerEx({ version: rds.SqlServerEngineVersion.VER_16 }));
    expect(() => new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, databases: [db] })).toThrow(
      "databases[0] Workload/Db/Resource runs engine 'sqlserver-ex', whose audit log (SQL Server audit, Oracle unified auditing, Db2 audit) " +
      'this library does not set up; pass only PostgreSQL, MySQL or MariaDB databases (RDS or Aurora), DocumentDB, Redshift or OpenSearch.',
    );
  });

  test('something that is not a data store', () => {
    const stack = workloadStack();
    const bucket = new s3.Bucket(stack, 'Bucket');
    expect(() => new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, databases: [bucket] })).toThrow(
      /^databases\[0\] Workload\/Bucket is a construct whose default child is AWS::S3::Bucket, which DataStoreAuditLogging cannot audit; .*use tables, buckets and queues/,
    );
  });

  test('an engine version too old to audit: MariaDB 10.2', () => {
    const stack = workloadStack();
    const db = instance(stack, rds.DatabaseInstanceEngine.mariaDb({ version: rds.MariaDbEngineVersion.VER_10_2 }));
    expect(() => new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, databases: [db] })).toThrow(
      'databases[0] Workload/Db/Resource: MariaDB 10.2 is older than 10.3, the first version RDS offers MARIADB_AUDIT_PLUGIN for; ' +
      'upgrade the engine, or leave the store out and audit it another way.',
    );
  });

  test('an audit class name pgAudit does not know', () => {
    const stack = workloadStack();
    const cluster = auroraPostgres(stack);
    expect(() => new DataStoreAuditLogging(stack, 'Audit', {
      central, exposure: EXTERNAL, databases: [cluster], pgauditClasses: ['reads' as PgAuditClass],
    })).toThrow(/pgauditClasses\[0\] 'reads'.*PgAuditClass/);
    expect(() => new DataStoreAuditLogging(stack, 'Audit2', { central, exposure: EXTERNAL, databases: [cluster], pgauditClasses: [] }))
      .toThrow('pgauditClasses is empty, which would log no statement; omit it for READ, WRITE, ROLE and DDL, or name the classes.');
  });

  test('a data-event selector with no resources: an empty tables, buckets or queues list', () => {
    const stack = workloadStack();
    const trail = new AuditTrail(stack, 'Trail', { central });
    expect(() => new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, trail, tables: [] }))
      .toThrow('tables is empty, which would audit nothing; omit it, or name the tables to audit.');
    expect(() => new DataStoreAuditLogging(stack, 'Audit2', { central, exposure: EXTERNAL, trail, buckets: [] }))
      .toThrow('buckets is empty, which would audit nothing; omit it, or name the buckets to audit.');
  });

  test('tables without a trail, and nothing to audit at all', () => {
    const stack = workloadStack();
    const table = new dynamodb.Table(stack, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    expect(() => new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, tables: [table] }))
      .toThrow('tables given but no trail; pass trail (an AuditTrail) to record their data events.');
    expect(() => new DataStoreAuditLogging(stack, 'Audit2', { central, exposure: EXTERNAL }))
      .toThrow("DataStoreAuditLogging 'Workload/Audit2' has nothing to audit; pass databases, serverAccessLogBuckets, or a trail with tables, buckets or queues.");
  });

  test('a retention outside the policy', () => {
    const stack = workloadStack();
    const cluster = auroraPostgres(stack);
    expect(() => new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, databases: [cluster], retentionDays: 30 }))
      .toThrow(/retentionDays.*30/);
    expect(() => new DataStoreAuditLogging(stack, 'Audit2', { central, exposure: EXTERNAL, databases: [cluster], retentionDays: 1096 }))
      .toThrow(/retentionDays.*1096/);
  });

  test('a database without a fixed identifier', () => {
    const stack = workloadStack();
    const cluster = auroraPostgres(stack, { clusterIdentifier: undefined });
    expect(() => new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, databases: [cluster] })).toThrow(
      /^databases\[0\] Workload\/Db\/Resource has no fixed identifier \(dbClusterIdentifier\), so the log group \/aws\/rds\/cluster\/<id>\/postgresql cannot be created before it/,
    );
  });

  test('an instance of an Aurora cluster, a store in another stack, and the same store twice', () => {
    const app = new App();
    const stack = workloadStack(app);
    const cluster = auroraPostgres(stack);
    const member = cluster.node.findChild('Writer').node.defaultChild as rds.CfnDBInstance;
    expect(() => new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, databases: [member] })).toThrow(
      'databases[0] Workload/Db/Writer/Resource is an instance of a DB cluster; pass the cluster (its audit settings and log export are the cluster\'s).',
    );
    const other = new Stack(app, 'Other', { env: { account: '111111111111', region: 'eu-west-1' } });
    expect(() => new DataStoreAuditLogging(other, 'Audit', { central, exposure: EXTERNAL, databases: [cluster] }))
      .toThrow(/is in stack 'Other' but the database Workload\/Db\/Resource is in stack 'Workload'/);
    new DataStoreAuditLogging(stack, 'First', { central, exposure: EXTERNAL, databases: [cluster] });
    expect(() => new DataStoreAuditLogging(stack, 'Second', { central, exposure: EXTERNAL, databases: [cluster] }))
      .toThrow("Workload/Db/Resource (databases[0]) already has DataStoreAuditLogging 'Workload/First'; audit each data store once.");
  });

  test('a cluster without a literal engine version needs one to name the parameter group family', () => {
    const stack = workloadStack();
    const cluster = new rds.CfnDBCluster(stack, 'Raw', { engine: 'aurora-postgresql', dbClusterIdentifier: 'raw' });
    expect(() => new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, databases: [cluster] })).toThrow(
      /^Aurora PostgreSQL cluster Workload\/Raw has no literal engine version, so DataStoreAuditLogging cannot choose the family of the DB cluster parameter group it creates; set EngineVersion/,
    );
  });
});
