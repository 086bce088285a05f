import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { CheckCompliance } from '../../../../lib/checks';
import { ApiKind, requiredAccessLogVariables } from '../../../../lib/core/api-access-log-format';
import { CentralLogTargets } from '../../../../lib/central/targets';
import { ServiceExposure } from '../../../../lib/requirements/types';
import { ApiAccessLogging } from '../../../../lib/sources/services/api-access-logging';
import { appWithStack, evaluate, resultOf } from '../../helpers';
import { BASELINE_CA, DESTINATION, formatOf, restStage, v2Stage, variables } from '../api-stage-fixtures';

const RULE = 'LogCollection-CA-B2';

describe(RULE, () => {
  test('a REST stage whose access log format holds every CA-B2 REST variable is compliant', () => {
    // GIVEN
    const { app, stack } = appWithStack();
    restStage(stack, { destinationArn: DESTINATION, format: formatOf(variables('CA-B2', 'REST')) });
    // WHEN
    const result = resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/RestStage');
    // THEN
    expect(result.compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('a REST stage whose format holds only the required CA-B2 variables is compliant, naming the recommended ones', () => {
    // GIVEN a format with the user, action, response size and time, and nothing else
    const { app, stack } = appWithStack();
    const vars = requiredAccessLogVariables('CA-B2', ApiKind.REST);
    restStage(stack, { destinationArn: DESTINATION, format: formatOf(vars) });
    // WHEN
    const result = resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/RestStage');
    // THEN
    expect(vars).not.toContain('$context.requestTime');
    expect(result.compliance).toBe(CheckCompliance.COMPLIANT);
    expect(result.message).toMatch(/Recommended, not required: .*\$context\.identity\.sourceIp/);
  });

  test('a REST stage without access logs is an error naming what is missing and ApiAccessLogging', () => {
    // GIVEN
    const { app, stack } = appWithStack();
    restStage(stack);
    // WHEN
    const result = resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/RestStage');
    // THEN
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(/does not write access logs \(AccessLogSetting has no DestinationArn and no Format\), so authenticated user activity/);
    expect(result.message).toContain('ApiAccessLogging');
  });

  test('a format without the response time is an error listing the missing $context variables', () => {
    // GIVEN
    const { app, stack } = appWithStack();
    const vars = variables('CA-B2', 'REST').filter((v) => v !== '$context.responseLatency' && v !== '$context.identity.userArn');
    restStage(stack, { destinationArn: DESTINATION, format: formatOf(vars) });
    // WHEN
    const result = resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/RestStage');
    // THEN
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(/Format lacks \$context\.identity\.userArn and \$context\.responseLatency, which CA-B2/);
    expect(result.location).toBe('Properties/AccessLogSetting/Format');
  });

  test('an HTTP API stage is judged against the HTTP variables: a REST format lacks the route key', () => {
    // GIVEN
    const { app, stack } = appWithStack();
    v2Stage(stack, { destinationArn: DESTINATION, format: formatOf(variables('CA-B2', 'REST')) });
    // WHEN
    const result = resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/V2Stage');
    // THEN
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(/lacks \$context\.routeKey.*for an HTTP API/);
  });

  test('an HTTP API stage with every CA-B2 HTTP variable is compliant', () => {
    const { app, stack } = appWithStack();
    v2Stage(stack, { destinationArn: DESTINATION, format: formatOf(variables('CA-B2', 'HTTP')) });
    expect(resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/V2Stage').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('a WebSocket stage needs access logs, but its format is not judged', () => {
    // GIVEN a WebSocket stage with a minimal format, and another app with none
    const logged = appWithStack();
    v2Stage(logged.stack, { destinationArn: DESTINATION, format: '{"requestId":"$context.requestId"}' }, 'WEBSOCKET');
    const bare = appWithStack();
    v2Stage(bare.stack, undefined, 'WEBSOCKET');
    // WHEN
    const good = resultOf(evaluate(logged.app, BASELINE_CA), RULE, 'Workload/V2Stage');
    const bad = resultOf(evaluate(bare.app, BASELINE_CA), RULE, 'Workload/V2Stage');
    // THEN
    expect(good.compliance).toBe(CheckCompliance.COMPLIANT);
    expect(good.message).toMatch(/WebSocket API.*not judged/);
    expect(bad.compliance).toBe(CheckCompliance.NON_COMPLIANT);
  });

  test('a stage of an API not in the app that lacks HTTP variables is a warning, not an error', () => {
    // GIVEN
    const { app, stack } = appWithStack();
    new apigatewayv2.CfnStage(stack, 'Imported', {
      apiId: 'a1b2c3d4e5',
      stageName: 'prod',
      accessLogSettings: { destinationArn: DESTINATION, format: '{"requestId":"$context.requestId"}' },
    });
    // WHEN
    const result = resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/Imported');
    // THEN
    expect(result.compliance).toBe(CheckCompliance.UNKNOWN);
    expect(result.message).toMatch(/if its API \(not in this app/);
  });

  test('a format known only at deploy time is a warning', () => {
    const { app, stack } = appWithStack();
    const format = new CfnParameter(stack, 'Format');
    restStage(stack, { destinationArn: DESTINATION, format: format.valueAsString });
    expect(resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/RestStage').compliance).toBe(CheckCompliance.UNKNOWN);
  });

  test('a deployment that creates a stage is judged; one that does not is not applicable', () => {
    // GIVEN
    const { app, stack } = appWithStack();
    const api = new apigateway.CfnRestApi(stack, 'RestApi', { name: 'orders' });
    new apigateway.CfnDeployment(stack, 'WithStage', { restApiId: api.ref, stageName: 'prod' });
    new apigateway.CfnDeployment(stack, 'NoStage', { restApiId: api.ref });
    // WHEN
    const results = evaluate(app, BASELINE_CA);
    // THEN
    const withStage = resultOf(results, RULE, 'Workload/WithStage');
    expect(withStage.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(withStage.message).toMatch(/StageDescription\.AccessLogSetting has no DestinationArn/);
    expect(resultOf(results, RULE, 'Workload/NoStage').compliance).toBe(CheckCompliance.NOT_APPLICABLE);
  });

  test('an app without API Gateway stages has no CA-B2 results', () => {
    const { app } = appWithStack();
    expect(evaluate(app, BASELINE_CA).filter((r) => r.ruleId === RULE)).toEqual([]);
  });

  test('the rule does not run for a hosting platform', () => {
    const { app, stack } = appWithStack();
    restStage(stack);
    expect(evaluate(app).filter((r) => r.ruleId === RULE)).toEqual([]);
  });

  test('a REST API and an HTTP API logged by ApiAccessLogging are compliant', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Workload', { env: { account: '111111111111', region: 'eu-west-2' } });
    const central = CentralLogTargets.fromAttributes({ accountId: '999999999999', region: 'eu-west-2' });
    const rest = new apigateway.RestApi(stack, 'Rest');
    rest.root.addMethod('GET');
    const http = new apigatewayv2.HttpApi(stack, 'Http');
    ApiAccessLogging.ofStage(stack, 'RestLogs', rest.deploymentStage, { central, exposure: ServiceExposure.EXTERNAL });
    ApiAccessLogging.ofStage(stack, 'HttpLogs', http.defaultStage!, { central, exposure: ServiceExposure.EXTERNAL });
    // WHEN
    const results = evaluate(app, BASELINE_CA);
    // THEN
    expect(resultOf(results, RULE, rest.deploymentStage.node.defaultChild!.node.path).compliance).toBe(CheckCompliance.COMPLIANT);
    expect(resultOf(results, RULE, http.defaultStage!.node.defaultChild!.node.path).compliance).toBe(CheckCompliance.COMPLIANT);
  });
});
