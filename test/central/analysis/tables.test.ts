import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  ArchiveAnalysis, CentralEventBus, CentralLogDestination, CentralLogTargets, LogArchive,
} from '../../../lib/central';
import { CloudTrailLayout } from '../../../lib/central/analysis/archive-analysis-props';
import {
  API_ACCESS_REQUIREMENT_IDS, apiAccessMessageFields, CLOUDWATCH_COLUMNS, CloudWatchSource, EKS_AUDIT_MESSAGE_FIELDS, messagePath,
  validateLogGroups,
} from '../../../lib/central/analysis/cloudwatch-tables';
import { archiveTables, PartitionColumn, projectionParameters } from '../../../lib/central/analysis/tables';
import { ServiceExposure } from '../../../lib/requirements/types';
import { ApiAccessLogging } from '../../../lib/sources';
import { ENGINES } from '../../../lib/sources/data-stores/engines';
import { CENTRAL_ACCOUNT, CENTRAL_REGION, centralStack, ORG_ID, READER, resourcesOfType } from '../helpers';

const LOG_GROUPS = {
  [CloudWatchSource.EKS_AUDIT]: ['/aws/eks/platform/cluster'],
  [CloudWatchSource.API_ACCESS]: ['/aws/apigateway/access-logs/orders'],
  [CloudWatchSource.DATABASE_AUDIT]: ['/aws/rds/cluster/orders/audit', '/aws/docdb/ledger/audit'],
  [CloudWatchSource.OTHER]: ['/aws/clientvpn/remote'],
};
const TABLES = archiveTables({ cloudTrailLayout: CloudTrailLayout.ACCOUNT, flowLogExtraFields: [], logGroups: LOG_GROUPS });
const byName = new Map(TABLES.map((t) => [t.name, t]));

/**
 * A Firehose S3 prefix as the key template of a table: the partition key expressions and the arrival date
 * become the partition columns, so the two can be compared as text.
 */
function firehosePrefixAsTemplate(prefix: string, region: string): string {
  return prefix
    .replace(/!\{partitionKeyFromQuery:(owner|account)\}/, '${account}')
    .replace('!{partitionKeyFromQuery:logGroup}', '${log_group}')
    .replace('!{timestamp:yyyy/MM/dd}', '${year}/${month}/${day}')
    .replace(`/${region}/`, '/${region}/');
}

function streamPrefix(stack: Stack): string {
  const [[, stream]] = resourcesOfType(Template.fromStack(stack), 'AWS::KinesisFirehose::DeliveryStream');
  return stream.Properties.ExtendedS3DestinationConfiguration.Prefix;
}

const targets = CentralLogTargets.fromAttributes({
  accountId: CENTRAL_ACCOUNT, region: CENTRAL_REGION, organizationId: ORG_ID,
  archiveKeyArn: `arn:aws:kms:${CENTRAL_REGION}:${CENTRAL_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
});

describe('one table per archive source, as the archive writes it', () => {
  test('every CloudWatch source table projects the prefix the central destination\'s stream writes', () => {
    const stack = centralStack();
    new CentralLogDestination(stack, 'Destination', { archive: LogArchive.fromLogArchiveAttributes(stack, 'Archive', targets), organizationId: ORG_ID });
    const written = firehosePrefixAsTemplate(streamPrefix(stack), CENTRAL_REGION);
    expect(written).toBe('cloudwatch/${account}/${region}/${log_group}/${year}/${month}/${day}/');
    for (const source of Object.values(CloudWatchSource)) {
      expect([source, byName.get(source)!.keyTemplate]).toEqual([source, written]);
      expect(byName.get(source)!.columns).toEqual(CLOUDWATCH_COLUMNS);
    }
  });

  test('the destination\'s stream decompresses but does not extract messages, so the tables read the envelope', () => {
    const stack = centralStack();
    new CentralLogDestination(stack, 'Destination', { archive: LogArchive.fromLogArchiveAttributes(stack, 'Archive', targets), organizationId: ORG_ID });
    const [[, stream]] = resourcesOfType(Template.fromStack(stack), 'AWS::KinesisFirehose::DeliveryStream');
    const processors = stream.Properties.ExtendedS3DestinationConfiguration.ProcessingConfiguration.Processors.map((p: any) => p.Type);
    expect(processors).toEqual(['Decompression', 'MetadataExtraction', 'AppendDelimiterToRecord']);
    expect(CLOUDWATCH_COLUMNS.map((c) => c.name)).toEqual(['messagetype', 'owner', 'loggroup', 'logstream', 'subscriptionfilters', 'logevents']);
  });

  test('the events tables project the prefix the central bus\'s stream writes', () => {
    const stack = centralStack();
    new CentralEventBus(stack, 'Bus', { archive: LogArchive.fromLogArchiveAttributes(stack, 'Archive', targets), organizationId: ORG_ID });
    const written = firehosePrefixAsTemplate(streamPrefix(stack), CENTRAL_REGION);
    expect(written).toBe('events/${account}/${year}/${month}/${day}/');
    expect(byName.get('security_events')!.keyTemplate).toBe(written);
    expect(byName.get('identity_events')!.keyTemplate).toBe(written);
  });

  test('each CloudWatch table projects only its own source\'s log groups, without the leading slash', () => {
    expect(byName.get('eks_audit')!.logGroups).toEqual(['aws/eks/platform/cluster']);
    expect(byName.get('database_audit')!.logGroups).toEqual(['aws/rds/cluster/orders/audit', 'aws/docdb/ledger/audit']);
    expect(byName.get('api_access')!.logGroups).toEqual(['aws/apigateway/access-logs/orders']);
    expect(byName.get('cloudwatch_logs')!.logGroups).toEqual(['aws/clientvpn/remote']);
  });

  test('the API access table\'s message fields are the keys of the format ApiAccessLogging writes (REST and HTTP)', () => {
    expect([...ApiAccessLogging.IMPLEMENTS.requirementIds]).toEqual([...API_ACCESS_REQUIREMENT_IDS]);
    const stack = new Stack(new App(), 'Workload', { env: { account: '222222222222', region: CENTRAL_REGION } });
    const rest = new apigateway.RestApi(stack, 'Rest');
    rest.root.addMethod('GET');
    const http = new apigatewayv2.HttpApi(stack, 'Http');
    const central = CentralLogTargets.fromAttributes({ accountId: CENTRAL_ACCOUNT, region: CENTRAL_REGION });
    const keys = (made: ApiAccessLogging) => made.variables.map((v) => v.slice('$context.'.length));
    const restKeys = keys(ApiAccessLogging.ofStage(stack, 'RestLogs', rest.deploymentStage, { central, exposure: ServiceExposure.EXTERNAL }));
    const httpKeys = keys(ApiAccessLogging.ofStage(stack, 'HttpLogs', http.defaultStage!, { central, exposure: ServiceExposure.EXTERNAL }));
    const fields = byName.get('api_access')!.messageFields;
    expect(fields).toEqual([...restKeys, ...httpKeys.filter((k) => !restKeys.includes(k))]);
    expect(apiAccessMessageFields()).toEqual(fields);
    expect(fields).toEqual(expect.arrayContaining(['identity.sourceIp', 'status', 'httpMethod', 'requestId']));
  });

  test('a message key with a dot is read with a bracketed JSON path', () => {
    expect(messagePath('status')).toBe('$.status');
    expect(messagePath('identity.sourceIp')).toBe('$["identity.sourceIp"]');
  });

  test('the EKS table names the audit event\'s keys; the database table has text messages', () => {
    expect(byName.get('eks_audit')!.messageFields).toEqual(EKS_AUDIT_MESSAGE_FIELDS);
    expect(EKS_AUDIT_MESSAGE_FIELDS).toEqual(expect.arrayContaining(['verb', 'user', 'objectRef', 'kind', 'sourceIPs']));
    expect(byName.get('database_audit')!.messageFields).toEqual([]);
  });

  test('every audit log group DataStoreAuditLogging names is accepted for the database table', () => {
    for (const engine of Object.values(ENGINES)) {
      const name = engine.logGroupName('Orders1', engine.auditExport);
      expect(() => validateLogGroups({ [CloudWatchSource.DATABASE_AUDIT]: [name] })).not.toThrow();
    }
  });

  test('identity_events is the events prefix with the CloudTrail record typed in detail', () => {
    const identity = byName.get('identity_events')!;
    const events = byName.get('security_events')!;
    expect(identity.columns.map((c) => c.name)).toEqual(events.columns.map((c) => c.name));
    const detail = identity.columns.find((c) => c.name === 'detail')!.type;
    for (const f of ['eventsource:string', 'eventname:string', 'errorcode:string', 'sourceipaddress:string', 'useridentity:struct<']) {
      expect(detail).toContain(f);
    }
    expect(events.columns.find((c) => c.name === 'detail')!.type).toBe('string');
  });
});

describe('the tables in the template', () => {
  function analysisTables(overrides: object): Record<string, any> {
    const stack = centralStack();
    const archive = new LogArchive(stack, 'Archive', {
      exposure: ServiceExposure.INTERNAL, organizationId: ORG_ID, readerRoleArns: [READER, ArchiveAnalysis.reviewRoleArn(CENTRAL_ACCOUNT)],
    });
    new ArchiveAnalysis(stack, 'Analysis', {
      archive, analystRoleArns: [READER], sourceAccounts: ['222222222222'], reviewTopic: new sns.Topic(stack, 'Reviewers'), ...overrides,
    });
    return Object.fromEntries(resourcesOfType(Template.fromStack(stack), 'AWS::Glue::Table')
      .map(([, r]) => [r.Properties.TableInput.Name, r.Properties.TableInput]));
  }

  test('one table per source whose log groups are named, each projecting its own log groups', () => {
    const tables = analysisTables({
      eksAuditLogGroups: ['/aws/eks/platform/cluster'], apiAccessLogGroups: ['/aws/apigateway/access-logs/orders'],
      databaseAuditLogGroups: ['/aws/rds/instance/ledger/audit'],
    });
    expect(Object.keys(tables).sort()).toEqual(['api_access', 'cloudtrail', 'cognito_user_activity', 'database_audit', 'dns_query', 'eks_audit',
      'identity_events', 'security_events', 'vpc_flow']);
    expect(tables.eks_audit.Parameters['projection.log_group.values']).toBe('aws/eks/platform/cluster');
    expect(tables.database_audit.Parameters['projection.log_group.values']).toBe('aws/rds/instance/ledger/audit');
    expect(tables.api_access.Parameters['storage.location.template'])
      .toBe(`s3://seclog-vault-${CENTRAL_ACCOUNT}-${CENTRAL_REGION}/cloudwatch/\${account}/\${region}/\${log_group}/\${year}/\${month}/\${day}/`);
    expect(tables.api_access.StorageDescriptor.Location).toBe(`s3://seclog-vault-${CENTRAL_ACCOUNT}-${CENTRAL_REGION}/cloudwatch/`);
    expect(tables.identity_events.StorageDescriptor.Columns.find((c: any) => c.Name === 'detail').Type).toMatch(/^struct<eventversion:string,/);
  });

  test.each([
    [{ eksAuditLogGroups: ['/aws/eks/platform/api'] }, "eksAuditLogGroups[0] '/aws/eks/platform/api' is not the EKS control-plane log group"],
    [{ databaseAuditLogGroups: ['/app/orders'] }, "databaseAuditLogGroups[0] '/app/orders' is not a data store audit log group"],
    [{ apiAccessLogGroups: ['/aws/api,logs'] }, "apiAccessLogGroups[0] '/aws/api,logs' is not a log group name"],
    [{ cloudWatchLogGroups: ['/aws//vpn'] }, "cloudWatchLogGroups[0] '/aws//vpn' is not a log group name"],
    [{ eksAuditLogGroups: ['/aws/eks/a/cluster'], cloudWatchLogGroups: ['aws/eks/a/cluster'] },
      "cloudWatchLogGroups[0] 'aws/eks/a/cluster' is also in eksAuditLogGroups"],
  ])('bad log groups are errors naming the value and the prop: %j', (overrides, message) => {
    expect(() => analysisTables(overrides)).toThrow(message);
  });
});

describe('the Cognito user activity table', () => {
  const table = archiveTables({ cloudTrailLayout: CloudTrailLayout.ACCOUNT, flowLogExtraFields: [], logGroups: {} })
    .find((t) => t.name === 'cognito_user_activity')!;

  test('lies under the observed export layout, with the user pool as an injected partition (no date folders)', () => {
    expect(table.keyTemplate).toBe('AWSLogs/${account}/AWSCognitoServiceLogs/${region}/${user_pool_id}/USER_AUTH_EVENTS/');
    expect(table.partitions).toEqual([PartitionColumn.ACCOUNT, PartitionColumn.REGION, PartitionColumn.USER_POOL_ID]);
    const projection = projectionParameters(table, { accounts: ['222222222222'], regions: ['eu-west-2'], firstYear: 2026 });
    expect(projection['projection.user_pool_id.type']).toBe('injected');
    expect(projection['projection.account.values']).toBe('222222222222');
  });

  test('has the record\'s top-level keys, and the risk fields inside message', () => {
    expect(table.columns.map((c) => c.name)).toEqual(['eventtimestamp', 'eventsource', 'loglevel', 'message', 'logsourceid']);
    const message = table.columns.find((c) => c.name === 'message')!.type;
    for (const field of ['username', 'eventtype', 'eventresponse', 'risklevel', 'riskdecision', 'ipaddress', 'challenges:array<string>']) {
      expect(message).toContain(field);
    }
  });
});
