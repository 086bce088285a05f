import { App, Fn, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CentralLogTargets } from '../../../lib/central/targets';
import { ServiceExposure } from '../../../lib/requirements/types';
import { ApiAccessLogging } from '../../../lib/sources/services/api-access-logging';
import { AuditTrail, DataEventResourceType } from '../../../lib/sources/services/audit-trail';

/** Bad input to the service sources: each message names the value as written, the prop and the fix. */

const KEY_ARN = 'arn:aws:kms:eu-west-2:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const central = CentralLogTargets.fromAttributes({ accountId: '999999999999', region: 'eu-west-2', archiveKeyArn: KEY_ARN });

function workloadStack(region = 'eu-west-1'): Stack {
  return new Stack(new App(), 'Workload', { env: { account: '111111111111', region } });
}

function restStage(stack: Stack, accessLogSetting?: unknown): apigateway.CfnStage {
  const api = new apigateway.CfnRestApi(stack, 'Api', { name: 'orders' });
  return new apigateway.CfnStage(stack, 'Stage', { restApiId: api.ref, deploymentId: 'abc123', stageName: 'prod', accessLogSetting: accessLogSetting as any });
}

describe('ApiAccessLogging messages', () => {
  test('a stage that is not an API Gateway stage resource is named with its type and the fix', () => {
    const stack = workloadStack();
    const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    expect(() => new ApiAccessLogging(stack, 'AccessLogs', { stage: vpc, central, exposure: ServiceExposure.EXTERNAL })).toThrow(
      'stage must be an AWS::ApiGateway::Stage or AWS::ApiGatewayV2::Stage resource, got AWS::EC2::VPC at Workload/Vpc; ' +
      'pass the CfnStage, or use ApiAccessLogging.ofStage(scope, id, stage, options) for an L2 stage.');
  });

  test('access log settings known only at deploy time are named with the fix', () => {
    const stack = workloadStack();
    const stage = restStage(stack, Fn.getAtt('Settings', 'Value'));
    expect(() => new ApiAccessLogging(stack, 'AccessLogs', { stage, central, exposure: ServiceExposure.EXTERNAL })).toThrow(
      'The access log settings of API stage Workload/Stage are known only at deploy time, so ApiAccessLogging cannot merge ' +
      'its format into them; remove them and let ApiAccessLogging set them.');
  });

  test('an access log format known only at deploy time is named with the fix', () => {
    const stack = workloadStack();
    const stage = restStage(stack, { format: Fn.importValue('SharedFormat') });
    expect(() => new ApiAccessLogging(stack, 'AccessLogs', { stage, central, exposure: ServiceExposure.EXTERNAL })).toThrow(
      /^The access log format of API stage Workload\/Stage is known only at deploy time \(.*SharedFormat.*\); remove it and let ApiAccessLogging set a JSON format with the catalogue's variables\.$/);
  });

  test("a malformed env.region is named as the stack's env.region (the central destination ARN is derived from it)", () => {
    const stack = workloadStack('eu-west');
    const stage = restStage(stack);
    expect(() => new ApiAccessLogging(stack, 'AccessLogs', { stage, central, exposure: ServiceExposure.EXTERNAL })).toThrow(
      "env.region of stack 'Workload': 'eu-west' is not an AWS region name; use a region such as 'eu-west-2'.");
  });
});

describe('AuditTrail messages', () => {
  test('a data event resource prefix that is not an ARN is named with its position and the fix', () => {
    const trail = new AuditTrail(workloadStack('eu-west-2'), 'Trail', { central });
    expect(() => trail.addDataEvents({ resourceType: DataEventResourceType.DYNAMODB_TABLE, resourceArnPrefixes: ['orders-table'] })).toThrow(
      "addDataEvents().resourceArnPrefixes[0] 'orders-table' is not an ARN prefix; use an ARN of a AWS::DynamoDB::Table, or the start of one.");
  });
});
