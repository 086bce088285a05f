import { Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { LogCollectionChecksProps } from '../../../lib/checks';
import { awsSource } from '../../../lib/requirements/catalogue';
import { LoggingProfile, MaturityTier } from '../../../lib/requirements/types';

/** Shared fixtures of the API Gateway rule tests (CA-B2, CA-B3-Api). */

/** Baseline custom application: the profile the API rules run in. */
export const BASELINE_CA: LogCollectionChecksProps = { tier: MaturityTier.BASELINE, profile: LoggingProfile.CUSTOM_APPLICATION };

export const DESTINATION = 'arn:aws:logs:eu-west-2:111111111111:log-group:api-access';

/** The catalogue's variables of a requirement for an API kind. */
export function variables(requirementId: string, kind: 'REST' | 'HTTP'): string[] {
  return awsSource(requirementId, `API Gateway ${kind} API access logs`).fields ?? [];
}

/** A JSON format holding these variables. */
export function formatOf(vars: string[]): string {
  return JSON.stringify(Object.fromEntries(vars.map((v) => [v.replace('$context.', ''), v])));
}

/** An L1 REST API and a stage of it, with these access log settings. */
export function restStage(stack: Stack, accessLogSetting?: apigateway.CfnStage.AccessLogSettingProperty,
  restApiProps: Partial<apigateway.CfnRestApiProps> = {}): apigateway.CfnStage {
  const api = new apigateway.CfnRestApi(stack, 'RestApi', { name: 'orders', ...restApiProps });
  return new apigateway.CfnStage(stack, 'RestStage', {
    restApiId: api.ref,
    stageName: 'prod',
    deploymentId: 'abc123',
    ...(accessLogSetting ? { accessLogSetting } : {}),
  });
}

/** An L1 HTTP (or WebSocket) API and a stage of it, with these access log settings. */
export function v2Stage(stack: Stack, accessLogSettings?: apigatewayv2.CfnStage.AccessLogSettingsProperty,
  protocolType = 'HTTP'): apigatewayv2.CfnStage {
  const api = new apigatewayv2.CfnApi(stack, 'V2Api', {
    name: 'orders',
    protocolType,
    ...(protocolType === 'WEBSOCKET' ? { routeSelectionExpression: '$request.body.action' } : {}),
  });
  return new apigatewayv2.CfnStage(stack, 'V2Stage', {
    apiId: api.ref,
    stageName: '$default',
    ...(accessLogSettings ? { accessLogSettings } : {}),
  });
}
