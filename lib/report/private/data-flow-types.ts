import { CfnResource } from 'aws-cdk-lib';
import { DataFlowNodeKind } from '../coverage-report-document';

/**
 * What the data-flow diagram knows about CloudFormation resource types and
 * what it reads from them: the vocabulary shared by the readers
 * (data-flow.ts), the target resolver (data-flow-targets.ts) and the graph
 * drafts (data-flow-drafts.ts).
 */

/** Types the diagram knows, with their label and kind. */
export const NODE_TYPES: Record<string, { label: string; kind: DataFlowNodeKind }> = {
  'AWS::S3::Bucket': { label: 'S3 bucket', kind: DataFlowNodeKind.STORE },
  'AWS::Logs::LogGroup': { label: 'Log group', kind: DataFlowNodeKind.STORE },
  'AWS::Logs::Destination': { label: 'CloudWatch Logs destination', kind: DataFlowNodeKind.ROUTE },
  'AWS::KinesisFirehose::DeliveryStream': { label: 'Firehose stream', kind: DataFlowNodeKind.ROUTE },
  'AWS::Kinesis::Stream': { label: 'Kinesis stream', kind: DataFlowNodeKind.ROUTE },
  'AWS::Events::EventBus': { label: 'Event bus', kind: DataFlowNodeKind.ROUTE },
  'AWS::Route53Resolver::ResolverQueryLoggingConfig': { label: 'Resolver query log config', kind: DataFlowNodeKind.ROUTE },
  'AWS::Lambda::Function': { label: 'Lambda function', kind: DataFlowNodeKind.ROUTE },
  'AWS::SQS::Queue': { label: 'SQS queue', kind: DataFlowNodeKind.SIEM },
  'AWS::IAM::Role': { label: 'IAM role', kind: DataFlowNodeKind.SIEM },
};

/** Types a forwarding rule may send to (anything else, such as a Lambda function, is processing, not forwarding). */
export const FORWARDING_TYPES = ['AWS::Events::EventBus', 'AWS::KinesisFirehose::DeliveryStream', 'AWS::Kinesis::Stream', 'AWS::Logs::LogGroup'];

/** Source labels of flow logs by their ResourceType. */
export const FLOW_LOG_SOURCES: Record<string, string> = {
  VPC: 'VPC flow logs',
  Subnet: 'Subnet flow logs',
  NetworkInterface: 'Network interface flow logs',
  TransitGateway: 'Transit gateway flow logs',
  TransitGatewayAttachment: 'Transit gateway attachment flow logs',
};

/** What a log group holds, from its name. */
export const LOG_GROUP_SOURCES: Array<{ test: RegExp; label: string }> = [
  { test: /^\/aws\/eks\//, label: 'EKS control plane logs' },
  { test: /^\/aws\/rds\//, label: 'RDS and Aurora logs' },
  { test: /^(API-Gateway-Execution-Logs|\/aws\/apigateway\/|\/aws\/api-gateway\/)/i, label: 'API Gateway logs' },
  { test: /^\/aws\/(clientvpn|client-vpn)/i, label: 'Client VPN connection logs' },
  { test: /^\/aws\/ssm\//, label: 'Session Manager logs' },
  { test: /^\/aws\/lambda\//, label: 'Lambda function logs' },
];

/** The placeholder the reference resolver writes for a value known only at deploy time. */
export const DEPLOY_TIME = '${?}';

/** A resource of the app, or something named only by text (an ARN or a name). */
export interface Target {
  readonly resource?: CfnResource;
  readonly external?: { readonly type?: string; readonly name: string; readonly account?: string };
}

/** The resource type of a target, when known. */
export function typeOf(t: Target): string | undefined {
  return t.resource?.cfnResourceType ?? t.external?.type;
}
