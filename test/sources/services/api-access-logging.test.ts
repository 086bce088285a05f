import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CentralLogTargets } from '../../../lib/central/targets';
import { CheckCompliance, LogCollectionChecks } from '../../../lib/checks';
import { evidenceOf } from '../../../lib/core/evidence';
import { awsSource } from '../../../lib/requirements/catalogue';
import { LoggingProfile, MaturityTier, ServiceExposure } from '../../../lib/requirements/types';
import { ApiAccessLogging, ApiGatewayApiType } from '../../../lib/sources/services/api-access-logging';

const central = CentralLogTargets.fromAttributes({ accountId: '999999999999', region: 'eu-west-2' });
const DESTINATION = 'arn:aws:logs:eu-west-1:999999999999:destination:seclog-cloudwatch-destination';

/** The catalogue's variables of CA-B2 and CA-B3 for an API kind. */
function catalogueVariables(kind: 'REST' | 'HTTP'): string[] {
  return ['CA-B2', 'CA-B3'].flatMap((id) => awsSource(id, `API Gateway ${kind} API access logs`).fields ?? []);
}

function workloadStack(app = new App(), id = 'Workload', region: string | undefined = 'eu-west-1'): Stack {
  return new Stack(app, id, { env: { account: '111111111111', region } });
}

function restApi(stack: Stack): apigateway.RestApi {
  const api = new apigateway.RestApi(stack, 'Api');
  api.root.addMethod('GET');
  return api;
}

/** The one stage of a type in the stack's template. */
function stageOf(stack: Stack, type: string): any {
  return Object.values(Template.fromStack(stack).findResources(type))[0];
}

function restLogSetting(stack: Stack): { DestinationArn: unknown; Format: string } {
  return stageOf(stack, 'AWS::ApiGateway::Stage').Properties.AccessLogSetting;
}

describe('ApiAccessLogging', () => {
  test('sets a REST stage\'s access logs to a JSON format with every CA-B2 and CA-B3 REST variable, into its log group', () => {
    // GIVEN
    const stack = workloadStack();
    const api = restApi(stack);
    // WHEN
    const logging = ApiAccessLogging.ofStage(stack, 'AccessLogs', api.deploymentStage, { central, exposure: ServiceExposure.EXTERNAL });
    // THEN
    const setting = restLogSetting(stack);
    const logGroupId = stack.getLogicalId(logging.logGroup.node.defaultChild as logs.CfnLogGroup);
    expect(setting.DestinationArn).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] });
    const format = JSON.parse(setting.Format);
    expect(Object.values(format).sort()).toEqual([...new Set(catalogueVariables('REST'))].sort());
    expect(format['identity.sourceIp']).toBe('$context.identity.sourceIp');
    expect(logging.apiType).toBe(ApiGatewayApiType.REST_API);
    expect(logging.variables).toEqual(expect.arrayContaining(['$context.requestLength', '$context.resourcePath']));
  });

  test('the log group is encrypted, retained and kept for the exposure class\'s minimum by default', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    ApiAccessLogging.ofStage(stack, 'AccessLogs', restApi(stack).deploymentStage, { central, exposure: ServiceExposure.EXTERNAL });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        RetentionInDays: 90,
        KmsKeyId: Match.anyValue(),
        LogGroupName: Match.stringLikeRegexp('^/aws/apigateway/access-logs/'),
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('subscribes the log group to the central destination of the stage\'s region, with a sender role', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    const logging = ApiAccessLogging.ofStage(stack, 'AccessLogs', restApi(stack).deploymentStage, {
      central, exposure: ServiceExposure.INTERNAL, retentionDays: 400,
    });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      DestinationArn: DESTINATION,
      FilterPattern: '',
      LogGroupName: { Ref: stack.getLogicalId(logging.logGroup.node.defaultChild as logs.CfnLogGroup) },
      RoleArn: { 'Fn::GetAtt': [stack.getLogicalId(logging.subscriptionRole.node.defaultChild as any), 'Arn'] },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: 'logs:PutLogEvents', Effect: 'Allow', Resource: DESTINATION }] },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 400 });
  });

  test('an HTTP API stage gets the HTTP variables: the route key, and no request size', () => {
    // GIVEN
    const stack = workloadStack();
    const http = new apigatewayv2.HttpApi(stack, 'Http');
    // WHEN
    const logging = ApiAccessLogging.ofStage(stack, 'AccessLogs', http.defaultStage!, { central, exposure: ServiceExposure.EXTERNAL });
    // THEN
    const settings = stageOf(stack, 'AWS::ApiGatewayV2::Stage').Properties.AccessLogSettings;
    const format = JSON.parse(settings.Format);
    expect(Object.values(format).sort()).toEqual([...new Set(catalogueVariables('HTTP'))].sort());
    expect(Object.values(format)).toContain('$context.routeKey');
    expect(Object.values(format)).not.toContain('$context.requestLength');
    expect(Object.values(format)).not.toContain('$context.resourcePath');
    expect(logging.apiType).toBe(ApiGatewayApiType.HTTP_API);
  });

  test('keeps a JSON format already on the stage and adds the missing variables to it', () => {
    // GIVEN an L1 stage with its own format (and no destination)
    const stack = workloadStack();
    const api = new apigateway.CfnRestApi(stack, 'Api', { name: 'orders' });
    const stage = new apigateway.CfnStage(stack, 'Stage', {
      restApiId: api.ref,
      deploymentId: 'abc123',
      stageName: 'prod',
      accessLogSetting: { format: '{"requestId":"$context.requestId","caller":"$context.identity.caller","status":$context.status}' },
    });
    // WHEN
    new ApiAccessLogging(stack, 'AccessLogs', { stage, central, exposure: ServiceExposure.EXTERNAL });
    // THEN their members stay as written, and every catalogue variable is there once
    const text = restLogSetting(stack).Format;
    expect(text.startsWith('{"requestId":"$context.requestId","caller":"$context.identity.caller","status":$context.status,')).toBe(true);
    for (const v of catalogueVariables('REST')) {
      expect(text.match(new RegExp(`${v.replace(/[$.]/g, '\\$&')}(?![A-Za-z0-9_.])`, 'g'))).toHaveLength(1);
    }
  });

  test('records evidence for CA-B2 and CA-B3 on the stage, log group and subscription', () => {
    const stack = workloadStack();
    const logging = ApiAccessLogging.ofStage(stack, 'AccessLogs', restApi(stack).deploymentStage, { central, exposure: ServiceExposure.EXTERNAL });
    const [evidence] = evidenceOf(logging);
    expect(evidence.requirementIds).toEqual(['CA-B2', 'CA-B3']);
    expect(evidence.resources).toEqual(expect.arrayContaining([logging.logGroup, logging.subscriptionFilter]));
  });

  test('the stage and its log group pass the pack\'s API and log store rules', () => {
    // GIVEN
    const app = new App();
    const stack = workloadStack(app);
    const api = restApi(stack);
    ApiAccessLogging.ofStage(stack, 'AccessLogs', api.deploymentStage, { central, exposure: ServiceExposure.EXTERNAL });
    // WHEN
    const results = new LogCollectionChecks(app, { tier: MaturityTier.BASELINE, profile: LoggingProfile.CUSTOM_APPLICATION }).evaluate(app);
    // THEN
    const stagePath = api.deploymentStage.node.defaultChild!.node.path;
    const groupPath = 'Workload/AccessLogs/LogGroup/Resource';
    const judged = (ruleId: string, path: string) => results.filter((r) => r.ruleId === ruleId && r.constructPath === path).map((r) => r.compliance);
    expect(judged('LogCollection-CA-B2', stagePath)).toEqual([CheckCompliance.COMPLIANT]);
    expect(judged('LogCollection-CA-B3-Api', stagePath)).toEqual([CheckCompliance.COMPLIANT]);
    for (const rule of ['LogCollection-LM-1', 'LogCollection-LM-3', 'LogCollection-LM-4-Encryption', 'LogCollection-PU-3']) {
      expect(judged(rule, groupPath)).toEqual([CheckCompliance.COMPLIANT]);
    }
  });

  test('a stage that already sends access logs elsewhere is an error naming the destination and the fix', () => {
    // GIVEN
    const stack = workloadStack();
    const api = new apigateway.RestApi(stack, 'Api', {
      deployOptions: {
        accessLogDestination: new apigateway.LogGroupLogDestination(new logs.LogGroup(stack, 'Theirs', { logGroupName: 'theirs' })),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
      },
    });
    api.root.addMethod('GET');
    // WHEN / THEN
    expect(() => ApiAccessLogging.ofStage(stack, 'AccessLogs', api.deploymentStage, { central, exposure: ServiceExposure.EXTERNAL }))
      .toThrow(/already sends access logs to .*Theirs.*; remove that access log destination \(accessLogDestination on the Stage/);
  });

  test('a non-JSON format already on the stage is an error quoting it', () => {
    const stack = workloadStack();
    const api = new apigateway.CfnRestApi(stack, 'Api', { name: 'orders' });
    const stage = new apigateway.CfnStage(stack, 'Stage', {
      restApiId: api.ref, deploymentId: 'abc123', stageName: 'prod',
      accessLogSetting: { format: '$context.identity.sourceIp [$context.requestTime] $context.requestId' },
    });
    expect(() => new ApiAccessLogging(stack, 'AccessLogs', { stage, central, exposure: ServiceExposure.EXTERNAL }))
      .toThrow(/format of API stage Workload\/Stage is not a JSON object \('\$context\.identity\.sourceIp \[.*remove the format, or make it a JSON object/);
  });

  test('a WebSocket API stage is an error: the catalogue lists no WebSocket variables', () => {
    const stack = workloadStack();
    const api = new apigatewayv2.CfnApi(stack, 'Ws', { name: 'chat', protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' });
    const stage = new apigatewayv2.CfnStage(stack, 'Stage', { apiId: api.ref, stageName: 'prod' });
    expect(() => new ApiAccessLogging(stack, 'AccessLogs', { stage, central, exposure: ServiceExposure.EXTERNAL }))
      .toThrow(/has protocolType 'WEBSOCKET'; ApiAccessLogging supports REST and HTTP APIs only/);
  });

  test('an HTTP or WebSocket stage whose API is not in the app is an error naming the ApiId', () => {
    const stack = workloadStack();
    const stage = new apigatewayv2.CfnStage(stack, 'Stage', { apiId: 'a1b2c3d4e5', stageName: 'prod' });
    expect(() => new ApiAccessLogging(stack, 'AccessLogs', { stage, central, exposure: ServiceExposure.EXTERNAL }))
      .toThrow(/\(ApiId 'a1b2c3d4e5'\) is an HTTP or a WebSocket API, because the API is not defined in this app/);
  });

  test('ofStage of something that is not a stage is an error naming what it found', () => {
    const stack = workloadStack();
    const group = new logs.LogGroup(stack, 'Group');
    expect(() => ApiAccessLogging.ofStage(stack, 'AccessLogs', group, { central, exposure: ServiceExposure.EXTERNAL }))
      .toThrow(/Workload\/Group is not an API Gateway stage \(its default child is a AWS::Logs::LogGroup resource\)/);
  });

  test('a stage in another stack, a stack without a region and a second construct on one stage are errors', () => {
    // GIVEN
    const app = new App();
    const stack = workloadStack(app);
    const api = restApi(stack);
    const other = workloadStack(app, 'Other');
    const noRegion = new Stack(app, 'NoRegion');
    const regionless = restApi(noRegion);
    // WHEN / THEN
    expect(() => ApiAccessLogging.ofStage(other, 'AccessLogs', api.deploymentStage, { central, exposure: ServiceExposure.EXTERNAL }))
      .toThrow(/is in stack 'Other' but the API stage Workload\/Api\/DeploymentStage.prod\/Resource is in stack 'Workload'/);
    expect(() => ApiAccessLogging.ofStage(noRegion, 'AccessLogs', regionless.deploymentStage, { central, exposure: ServiceExposure.EXTERNAL }))
      .toThrow(/Stack 'NoRegion' has no concrete region.*set env: \{ account, region \}/);
    ApiAccessLogging.ofStage(stack, 'AccessLogs', api.deploymentStage, { central, exposure: ServiceExposure.EXTERNAL });
    expect(() => ApiAccessLogging.ofStage(stack, 'Again', api.deploymentStage, { central, exposure: ServiceExposure.EXTERNAL }))
      .toThrow(/already has ApiAccessLogging 'Workload\/AccessLogs'; use one per stage/);
  });

  test('a retention below the exposure class\'s minimum is an error naming the days', () => {
    const stack = workloadStack();
    expect(() => ApiAccessLogging.ofStage(stack, 'AccessLogs', restApi(stack).deploymentStage, {
      central, exposure: ServiceExposure.INTERNAL, retentionDays: 90,
    })).toThrow(/retentionDays of 90 days is below the 400-day minimum/);
  });

  test('replacing the access log settings afterwards fails synthesis, naming what was lost', () => {
    // GIVEN
    const app = new App();
    const stack = workloadStack(app);
    const api = restApi(stack);
    ApiAccessLogging.ofStage(stack, 'AccessLogs', api.deploymentStage, { central, exposure: ServiceExposure.EXTERNAL });
    // WHEN other code replaces the settings
    (api.deploymentStage.node.defaultChild as apigateway.CfnStage).accessLogSetting = {
      destinationArn: 'arn:aws:logs:eu-west-1:111111111111:log-group:elsewhere',
      format: '{"requestId":"$context.requestId"}',
    };
    // THEN
    expect(() => app.synth()).toThrow(/access log destination of API stage .* was changed after ApiAccessLogging 'Workload\/AccessLogs'/);
  });
});
