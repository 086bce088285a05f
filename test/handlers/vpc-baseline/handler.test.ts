import { CreateFlowLogsCommand, DescribeFlowLogsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { handler, setClients } from '../../../lib/handlers/vpc-baseline';
import { BaselineAction, CREATED_BY_TAG, SWEEP_INPUT, VPC_BASELINE_ENV } from '../../../lib/handlers/vpc-baseline/contract';
import { readConfig } from '../../../lib/handlers/vpc-baseline/config';
import { BaselineEvent, ResolverApi } from '../../../lib/handlers/vpc-baseline/run';

const ACCOUNT = '111122223333';
const BUCKET_ARN = 'arn:aws:s3:::seclog-vpc-flow-999988887777-eu-west-2';
const FORMAT = '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${action}';
const CONFIG_ID = 'rqlc-1111222233334444';

const ENV = {
  AWS_REGION: 'eu-west-2',
  [VPC_BASELINE_ENV.accountId]: ACCOUNT,
  [VPC_BASELINE_ENV.flowLogDestinationArn]: BUCKET_ARN,
  [VPC_BASELINE_ENV.flowLogFormat]: FORMAT,
  [VPC_BASELINE_ENV.trafficType]: 'REJECT',
  [VPC_BASELINE_ENV.maxAggregationInterval]: '60',
  [VPC_BASELINE_ENV.destinationOptions]: JSON.stringify({ FileFormat: 'plain-text', HiveCompatiblePartitions: true, PerHourPartition: true }),
  [VPC_BASELINE_ENV.queryLogConfigId]: CONFIG_ID,
  [VPC_BASELINE_ENV.tags]: JSON.stringify({ owner: 'security' }),
};

function createVpcEvent(vpcId: string, awsRegion = 'eu-west-2'): BaselineEvent {
  return {
    'detail-type': 'AWS API Call via CloudTrail',
    'region': awsRegion,
    'detail': { eventName: 'CreateVpc', awsRegion, responseElements: { vpc: { vpcId } } },
  };
}

/** A fake Route 53 Resolver: associations per VPC, and the calls made. */
class FakeResolver implements ResolverApi {
  public readonly associated: Array<[string, string]> = [];
  public listError?: Error;
  constructor(private readonly existing: Record<string, Array<{ ResolverQueryLogConfigId?: string; Status?: string }>> = {}) {}
  async listAssociations(vpcId: string) {
    if (this.listError) throw this.listError;
    return this.existing[vpcId] ?? [];
  }
  async associate(configId: string, vpcId: string) {
    this.associated.push([configId, vpcId]);
  }
}

const ec2 = mockClient(EC2Client);
let logged: string[];
let resolver: FakeResolver;
const savedEnv = process.env;

beforeEach(() => {
  ec2.reset();
  resolver = new FakeResolver();
  setClients({ ec2: ec2 as unknown as EC2Client, resolver });
  process.env = { ...savedEnv, ...ENV };
  logged = [];
  jest.spyOn(console, 'log').mockImplementation((line: string) => { logged.push(line); });
});
afterEach(() => {
  process.env = savedEnv;
  setClients(undefined);
  jest.restoreAllMocks();
});

function actions(): Array<{ action: string; vpcId?: string }> {
  return logged.map((l) => JSON.parse(l)).filter((r) => r.action !== undefined);
}

describe('vpc-baseline handler', () => {
  test('a new VPC gets a flow log to the central bucket with the standard fields and the shared query log association', async () => {
    // GIVEN a VPC with no flow log and no association
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    ec2.on(CreateFlowLogsCommand).resolves({ FlowLogIds: ['fl-new'], Unsuccessful: [] });

    // WHEN its CreateVpc event arrives
    const summary = await handler(createVpcEvent('vpc-0new'));

    // THEN one flow log is created with the construct's format, destination and tags
    const calls = ec2.commandCalls(CreateFlowLogsCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input).toEqual(expect.objectContaining({
      ResourceIds: ['vpc-0new'],
      ResourceType: 'VPC',
      TrafficType: 'REJECT',
      LogDestinationType: 's3',
      LogDestination: BUCKET_ARN,
      LogFormat: FORMAT,
      MaxAggregationInterval: 60,
      DestinationOptions: { FileFormat: 'plain-text', HiveCompatiblePartitions: true, PerHourPartition: true },
    }));
    expect(calls[0].args[0].input.TagSpecifications?.[0].Tags).toEqual([CREATED_BY_TAG, { Key: 'owner', Value: 'security' }]);
    // AND the VPC is associated with the shared configuration
    expect(resolver.associated).toEqual([[CONFIG_ID, 'vpc-0new']]);
    // AND both actions are logged
    expect(actions().map((a) => a.action)).toEqual([BaselineAction.FLOW_LOG_CREATED, BaselineAction.QUERY_LOG_ASSOCIATED]);
    expect(summary.failures).toEqual([]);
  });

  test('an already covered VPC is left alone (idempotent)', async () => {
    // GIVEN a VPC that has a flow log to the central bucket with every field and an active association
    ec2.on(DescribeFlowLogsCommand).resolves({
      FlowLogs: [{ FlowLogId: 'fl-old', LogDestinationType: 's3', LogDestination: `${BUCKET_ARN}/custom-prefix`, LogFormat: `${FORMAT} \${tcp-flags}` }],
    });
    resolver = new FakeResolver({ 'vpc-0old': [{ ResolverQueryLogConfigId: CONFIG_ID, Status: 'ACTIVE' }] });
    setClients({ ec2: ec2 as unknown as EC2Client, resolver });

    // WHEN the CreateVpc event is delivered (again)
    await handler(createVpcEvent('vpc-0old'));

    // THEN nothing is created
    expect(ec2.commandCalls(CreateFlowLogsCommand)).toHaveLength(0);
    expect(resolver.associated).toEqual([]);
    expect(actions().map((a) => a.action)).toEqual([BaselineAction.FLOW_LOG_PRESENT, BaselineAction.QUERY_LOG_PRESENT]);
  });

  test('a flow log to another destination does not count: the central one is added', async () => {
    ec2.on(DescribeFlowLogsCommand).resolves({
      FlowLogs: [{ FlowLogId: 'fl-team', LogDestinationType: 'cloud-watch-logs', LogDestination: 'arn:aws:logs:eu-west-2:111122223333:log-group:team' }],
    });
    ec2.on(CreateFlowLogsCommand).resolves({ FlowLogIds: ['fl-new'] });
    await handler(createVpcEvent('vpc-0team'));
    expect(ec2.commandCalls(CreateFlowLogsCommand)).toHaveLength(1);
  });

  test('a central flow log without the standard fields is reported, not duplicated', async () => {
    ec2.on(DescribeFlowLogsCommand).resolves({
      FlowLogs: [{ FlowLogId: 'fl-short', LogDestinationType: 's3', LogDestination: BUCKET_ARN, LogFormat: '${version} ${srcaddr}' }],
    });
    await handler(createVpcEvent('vpc-0short'));
    expect(ec2.commandCalls(CreateFlowLogsCommand)).toHaveLength(0);
    const differs = actions().find((a) => a.action === BaselineAction.FLOW_LOG_FORMAT_DIFFERS) as { detail?: string } | undefined;
    expect(differs?.detail).toMatch(/fl-short lacks account-id, interface-id, dstaddr, action/);
  });

  test('a VPC in another region is skipped and logged, with no API call', async () => {
    const summary = await handler(createVpcEvent('vpc-0far', 'us-east-1'));
    expect(ec2.calls()).toHaveLength(0);
    expect(resolver.associated).toEqual([]);
    expect(actions()).toEqual([expect.objectContaining({ action: BaselineAction.SKIPPED_OTHER_REGION, vpcId: 'vpc-0far', region: 'us-east-1' })]);
    expect(summary.vpcCount).toBe(0);
  });

  test('a failed CreateVpc call (no VPC in the response) is skipped and logged', async () => {
    await handler({ detail: { eventName: 'CreateVpc', awsRegion: 'eu-west-2', errorCode: 'VpcLimitExceeded', responseElements: null } });
    expect(ec2.calls()).toHaveLength(0);
    expect(actions()[0].action).toBe(BaselineAction.SKIPPED_FAILED_CALL);
  });

  test('an API error fails the invocation after the other steps ran, and is logged', async () => {
    // GIVEN EC2 refuses to create the flow log
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    ec2.on(CreateFlowLogsCommand).rejects(Object.assign(new Error('not authorized to CreateFlowLogs'), { name: 'UnauthorizedOperation' }));

    // WHEN the event arrives, THEN the invocation throws (Lambda error: alarmed, retried, dead-lettered)
    await expect(handler(createVpcEvent('vpc-0bad'))).rejects.toThrow(/1 step\(s\) failed: vpc-0bad flow log: UnauthorizedOperation: not authorized/);
    // AND the query log association still ran, and the failure is logged
    expect(resolver.associated).toEqual([[CONFIG_ID, 'vpc-0bad']]);
    expect(actions().map((a) => a.action)).toEqual([BaselineAction.FAILED, BaselineAction.QUERY_LOG_ASSOCIATED]);
  });

  test('an Unsuccessful item in the CreateFlowLogs response is an error, FlowLogAlreadyExists is not', async () => {
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    ec2.on(CreateFlowLogsCommand).resolvesOnce({ Unsuccessful: [{ Error: { Code: 'AccessDenied', Message: 'bucket policy' } }] })
      .resolvesOnce({ Unsuccessful: [{ Error: { Code: 'FlowLogAlreadyExists', Message: 'exists' } }] });
    await expect(handler(createVpcEvent('vpc-0a'))).rejects.toThrow(/AccessDenied: bucket policy/);
    await expect(handler(createVpcEvent('vpc-0b'))).resolves.toEqual(expect.objectContaining({ failures: [] }));
  });

  test('a Resolver error fails the invocation; ResourceExistsException on associate does not', async () => {
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [{ LogDestinationType: 's3', LogDestination: BUCKET_ARN, LogFormat: FORMAT }] });
    resolver.listError = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    await expect(handler(createVpcEvent('vpc-0c'))).rejects.toThrow(/query log association: ThrottlingException: Rate exceeded/);

    resolver.listError = undefined;
    resolver.associate = async () => { throw Object.assign(new Error('exists'), { name: 'ResourceExistsException' }); };
    await expect(handler(createVpcEvent('vpc-0d'))).resolves.toEqual(expect.objectContaining({ failures: [] }));
  });

  test('the sweep covers every VPC the account owns in the region, page by page', async () => {
    ec2.on(DescribeVpcsCommand)
      .resolvesOnce({ Vpcs: [{ VpcId: 'vpc-01' }], NextToken: 'p2' })
      .resolvesOnce({ Vpcs: [{ VpcId: 'vpc-02' }] });
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    ec2.on(CreateFlowLogsCommand).resolves({ FlowLogIds: ['fl'] });

    const summary = await handler({ ...SWEEP_INPUT });

    expect(ec2.commandCalls(DescribeVpcsCommand)[0].args[0].input.Filters).toEqual([{ Name: 'owner-id', Values: [ACCOUNT] }]);
    expect(ec2.commandCalls(CreateFlowLogsCommand).map((c) => c.args[0].input.ResourceIds)).toEqual([['vpc-01'], ['vpc-02']]);
    expect(resolver.associated).toEqual([[CONFIG_ID, 'vpc-01'], [CONFIG_ID, 'vpc-02']]);
    expect(summary).toEqual(expect.objectContaining({ trigger: 'sweep', vpcCount: 2 }));
  });

  test('without a query log configuration id, only flow logs are made', async () => {
    process.env[VPC_BASELINE_ENV.queryLogConfigId] = '';
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    ec2.on(CreateFlowLogsCommand).resolves({ FlowLogIds: ['fl'] });
    await handler(createVpcEvent('vpc-0n'));
    expect(resolver.associated).toEqual([]);
  });

  test('an unexpected event is an error naming it', async () => {
    await expect(handler({ detail: { eventName: 'DeleteVpc' } })).rejects.toThrow(/unexpected event \(eventName 'DeleteVpc'\)/);
  });

  test('a missing or wrong environment variable is an error naming it', () => {
    expect(() => readConfig({ ...ENV, [VPC_BASELINE_ENV.flowLogFormat]: '' })).toThrow(/FLOW_LOG_FORMAT is not set/);
    expect(() => readConfig({ ...ENV, [VPC_BASELINE_ENV.trafficType]: 'ACCEPT' })).toThrow(/'ACCEPT' is not REJECT or ALL/);
  });
});
