import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { buildCoverageReport, DataFlowGraph, DataFlowNodeKind, renderMarkdown } from '../../lib/report';
import { CENTRAL_ACCOUNT, flowLogFor, newApp, trail } from './helpers';

const REGION = 'eu-west-2';
const SIEM_ACCOUNT = '444444444444';
const name = (family: string) => `seclog-${family}-${CENTRAL_ACCOUNT}-${REGION}`;

/** Edges as readable triples: [from label, edge label, to label]. */
function triples(graph: DataFlowGraph): string[][] {
  const label = (id: string) => graph.nodes.find((n) => n.id === id)!.label;
  return graph.edges.map((e) => [label(e.from), e.label, label(e.to)]);
}

/**
 * A central stack (archive buckets named as the library names them, a CloudWatch
 * Logs destination and an event bus each in front of a Firehose stream, a SIEM
 * queue and reader role) and a workload stack that addresses it by ARN only,
 * all made of plain aws-cdk-lib resources.
 */
function centralAndWorkload(app: App): void {
  const central = new Stack(app, 'Central', { env: { account: CENTRAL_ACCOUNT, region: REGION } });
  const flowBucket = new s3.CfnBucket(central, 'FlowBucket', { bucketName: name('vpc-flow') });
  new s3.CfnBucket(central, 'CloudwatchBucket', { bucketName: name('cloudwatch') });
  const queue = new sqs.Queue(central, 'FlowQueue');
  flowBucket.notificationConfiguration = { queueConfigurations: [{ event: 's3:ObjectCreated:*', queue: queue.queueArn }] };
  const siem = new iam.Role(central, 'SiemRole', { assumedBy: new iam.AccountPrincipal(SIEM_ACCOUNT), externalIds: ['soc-siem-ingest'] });
  siem.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'], resources: [queue.queueArn] }));

  const stream = new firehose.CfnDeliveryStream(central, 'Stream', {
    extendedS3DestinationConfiguration: { bucketArn: `arn:aws:s3:::${name('cloudwatch')}`, roleArn: `arn:aws:iam::${CENTRAL_ACCOUNT}:role/firehose` },
  });
  new logs.CfnDestination(central, 'Destination', {
    destinationName: 'seclog-cloudwatch-destination',
    targetArn: stream.attrArn,
    roleArn: `arn:aws:iam::${CENTRAL_ACCOUNT}:role/destination`,
  });
  const bus = new events.CfnEventBus(central, 'Bus', { name: 'seclog-security-events' });
  new events.CfnRule(central, 'Archive', {
    eventBusName: bus.ref,
    eventPattern: { account: [{ exists: true }] },
    targets: [{ id: 'Stream', arn: stream.attrArn }],
  });

  const workload = new Stack(app, 'Workload', { env: { account: '222222222222', region: REGION } });
  const vpc = new ec2.CfnVPC(workload, 'Vpc', { cidrBlock: '10.0.0.0/16' });
  flowLogFor(workload, 'FlowLog', vpc.ref);
  new logs.CfnSubscriptionFilter(workload, 'EksLogs', {
    logGroupName: '/aws/eks/prod/cluster',
    filterPattern: '',
    destinationArn: `arn:aws:logs:${REGION}:${CENTRAL_ACCOUNT}:destination:seclog-cloudwatch-destination`,
  });
  new events.CfnRule(workload, 'Pipeline', {
    eventPattern: { source: ['aws.codepipeline'] },
    targets: [{ id: 'Central', arn: `arn:aws:events:${REGION}:${CENTRAL_ACCOUNT}:event-bus/seclog-security-events` }],
  });
  trail(workload);
}

describe('the data flow diagram', () => {
  test('follows sources to the central stores and the SIEM hand-off, matching ARNs to resources of the app by name', () => {
    // GIVEN
    const { app } = newApp();
    centralAndWorkload(app);
    // WHEN
    const graph = buildCoverageReport(app, []).dataFlow;
    // THEN
    expect(triples(graph)).toEqual(expect.arrayContaining([
      ['VPC flow logs (1)', 'flow log delivery', 'S3 bucket\nCentral/FlowBucket'],
      ['EKS control plane logs (1 log group)', 'subscription filter', 'CloudWatch Logs destination\nCentral/Destination'],
      ['CloudWatch Logs destination\nCentral/Destination', 'forwards', 'Firehose stream\nCentral/Stream'],
      ['Firehose stream\nCentral/Stream', 'delivery', 'S3 bucket\nCentral/CloudwatchBucket'],
      ['EventBridge rules (1)', 'rule target', 'Event bus\nCentral/Bus'],
      ['Event bus\nCentral/Bus', 'rule', 'Firehose stream\nCentral/Stream'],
      ['S3 bucket\nCentral/FlowBucket', 'object created', 'SQS queue\nCentral/FlowQueue'],
      ['SQS queue\nCentral/FlowQueue', 'sqs:ReceiveMessage', 'IAM role\nCentral/SiemRole'],
      ['IAM role\nCentral/SiemRole', 'assumed with external id by', `Account ${SIEM_ACCOUNT}`],
      ['CloudTrail trails (1)', 'trail delivery', `S3 bucket ${name('cloudtrail')}`],
    ]));
    const kinds = Object.fromEntries(graph.nodes.map((n) => [n.label, n.kind]));
    expect(kinds['VPC flow logs (1)']).toBe(DataFlowNodeKind.SOURCE);
    expect(kinds['Event bus\nCentral/Bus']).toBe(DataFlowNodeKind.ROUTE);
    expect(kinds['S3 bucket\nCentral/FlowBucket']).toBe(DataFlowNodeKind.STORE);
    expect(kinds['IAM role\nCentral/SiemRole']).toBe(DataFlowNodeKind.SIEM);
  });

  test('a destination outside the app is an external node; one inside is not', () => {
    // GIVEN
    const { app } = newApp();
    centralAndWorkload(app);
    // WHEN
    const graph = buildCoverageReport(app, []).dataFlow;
    // THEN
    const external = graph.nodes.filter((n) => n.external).map((n) => n.label).sort();
    expect(external).toEqual([`Account ${SIEM_ACCOUNT}`, `S3 bucket ${name('cloudtrail')}`]);
    expect(graph.nodes.find((n) => n.label === 'S3 bucket\nCentral/FlowBucket')!.constructPaths).toEqual(['Central/FlowBucket']);
  });

  test('sources are counted: two flow logs make one source node and one edge with a count', () => {
    // GIVEN two VPCs whose flow logs go to the same bucket outside the app
    const { app } = newApp();
    const stack = new Stack(app, 'Workload');
    for (const id of ['A', 'B']) {
      flowLogFor(stack, `${id}FlowLog`, new ec2.CfnVPC(stack, id, { cidrBlock: '10.0.0.0/16' }).ref);
    }
    // WHEN
    const graph = buildCoverageReport(app, []).dataFlow;
    // THEN
    expect(triples(graph)).toEqual([['VPC flow logs (2)', 'flow log delivery (2)', `S3 bucket ${name('vpc-flow')}`]]);
    expect(graph.nodes[0].constructPaths).toEqual(['Workload/AFlowLog', 'Workload/BFlowLog']);
  });

  test('node ids are unique Mermaid identifiers and labels are escaped', () => {
    // GIVEN a bucket whose construct id holds characters Mermaid would read
    const { app } = newApp();
    const stack = new Stack(app, 'Workload');
    const bucket = new s3.CfnBucket(stack, 'Say "hi" <b>#1');
    new ec2.CfnFlowLog(stack, 'FlowLog', {
      resourceId: new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' }).ref,
      resourceType: 'VPC',
      trafficType: 'REJECT',
      logDestinationType: 's3',
      logDestination: bucket.attrArn,
    });
    // WHEN
    const report = buildCoverageReport(app, []);
    const mermaid = renderMarkdown(report).split('```mermaid')[1].split('```')[0];
    // THEN
    const ids = report.dataFlow.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_]+$/);
    }
    expect(mermaid).toContain('S3 bucket<br/>Workload/Say #quot;hi#quot; #lt;b#gt;#35;1');
    expect(mermaid).not.toContain('"hi"');
    expect(mermaid).not.toContain('<b>');
  });

  test('an app with no log flow renders a note instead of an empty diagram', () => {
    // GIVEN
    const { app } = newApp();
    new s3.CfnBucket(new Stack(app, 'Workload'), 'Bucket');
    // WHEN
    const report = buildCoverageReport(app, []);
    // THEN
    expect(report.dataFlow).toEqual({ nodes: [], edges: [] });
    expect(renderMarkdown(report)).toContain('none["No log source, store or SIEM hand-off found in the synthesised resources"]');
  });

  test('the same app built twice gives the same diagram', () => {
    // GIVEN
    const first = newApp().app;
    const second = newApp().app;
    centralAndWorkload(first);
    centralAndWorkload(second);
    // THEN
    expect(buildCoverageReport(first, []).dataFlow).toEqual(buildCoverageReport(second, []).dataFlow);
  });
});
