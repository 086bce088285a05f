import { CfnResource } from 'aws-cdk-lib';
import { ApiKind, recommendedAccessLogVariables, requiredAccessLogVariables, variablesIn } from '../../core/api-access-log-format';
import { ResourceType } from '../app-index';
import { outcome, RuleContext, RuleOutcome } from './rule';
import { field, listText } from '../../core/l1';

/**
 * How the pack's API Gateway rules (CA-B2, and the API part of CA-B3) read a
 * stage. Not public API.
 */

/** The resource types the API rules judge: REST and HTTP/WebSocket stages, and REST deployments that create a stage. */
export const API_STAGE_TYPES: string[] = [ResourceType.API_STAGE, ResourceType.API_V2_STAGE, ResourceType.API_DEPLOYMENT];

/** What a stage's API is, as far as the app tells. */
export interface StageApi {
  /** REST or HTTP; undefined for a WebSocket API or an HTTP/WebSocket API not in the app. */
  readonly kind?: ApiKind;
  /** The API resource, when it is in the app. */
  readonly api?: CfnResource;
  /** ProtocolType of an `AWS::ApiGatewayV2::Api`, when known. */
  readonly protocol?: string;
}

/** The kind of API a stage belongs to. */
export function stageApi(stage: CfnResource, context: RuleContext): StageApi {
  const api = context.index.apiOf(stage);
  if (stage.cfnResourceType !== ResourceType.API_V2_STAGE) {
    return { kind: ApiKind.REST, api };
  }
  if (!api) {
    return {};
  }
  const protocol = context.index.resolve(api, (api as unknown as Record<string, unknown>).protocolType);
  const text = typeof protocol === 'string' ? protocol : undefined;
  return { kind: text === 'HTTP' ? ApiKind.HTTP : undefined, api, protocol: text };
}

/** Whether a REST API's EndpointConfiguration makes it private (reachable only through VPC endpoints). */
export function isPrivateRestApi(api: CfnResource | undefined, context: RuleContext): boolean {
  if (!api) {
    return false;
  }
  const config = context.index.resolve(api, (api as unknown as Record<string, unknown>).endpointConfiguration);
  const types = field(config, 'types');
  return Array.isArray(types) && types.length > 0 && types.every((t) => t === 'PRIVATE');
}

/** What a rule needs to say about one requirement's variables. */
export interface StageCheckOptions {
  /** The requirement whose catalogue variables the format must carry. */
  readonly requirementId: string;
  /** What the requirement is about, for messages ("authenticated user activity"). */
  readonly subject: string;
}

/**
 * Judge a stage's access log settings: a destination and a format that
 * carries every `$context` variable the catalogue names for the requirement
 * and the API kind.
 */
export function judgeStageAccessLog(stage: CfnResource, context: RuleContext, options: StageCheckOptions): RuleOutcome {
  const path = stage.node.path;
  const props = stage as unknown as Record<string, unknown>;
  let settings: unknown;
  let where: string;
  if (stage.cfnResourceType === ResourceType.API_DEPLOYMENT) {
    const stageName = context.index.resolve(stage, props.stageName);
    if (stageName === undefined || stageName === '') {
      return outcome.notApplicable(
        `Deployment ${path} creates no stage (no StageName); its stages are judged as AWS::ApiGateway::Stage resources.`,
      );
    }
    settings = field(context.index.resolve(stage, props.stageDescription), 'accessLogSetting');
    where = 'StageDescription.AccessLogSetting';
  } else if (stage.cfnResourceType === ResourceType.API_STAGE) {
    settings = context.index.resolve(stage, props.accessLogSetting);
    where = 'AccessLogSetting';
  } else {
    settings = context.index.resolve(stage, props.accessLogSettings);
    where = 'AccessLogSettings';
  }
  const location = `Properties/${where.replace(/\./g, '/')}`;
  const api = stageApi(stage, context);
  const what = stage.cfnResourceType === ResourceType.API_DEPLOYMENT ? `The stage of deployment ${path}` : `API stage ${path}`;
  if (context.index.resolver.hasDeployTimeValue(settings)) {
    return outcome.unknown(`${what} has access log settings known only at deploy time (${where}).`, { location });
  }
  const destination = field(settings, 'destinationArn');
  const format = field(settings, 'format');
  const missingParts = [
    ...(destination === undefined || destination === '' ? ['no DestinationArn'] : []),
    ...(format === undefined || format === '' ? ['no Format'] : []),
  ];
  if (missingParts.length > 0) {
    return outcome.nonCompliant(
      `${what} does not write access logs (${where} has ${listText(missingParts)}), so ${options.subject} is not logged.`,
      { location },
    );
  }
  const text = context.index.resolver.textOf(format);
  if (text === undefined) {
    return outcome.unknown(`${what} has an access log Format this check cannot read (${where}.Format).`, { location });
  }
  if (api.protocol === 'WEBSOCKET') {
    return outcome.compliant(
      `${what} (a WebSocket API) writes access logs; the catalogue lists variables for REST and HTTP APIs only, so its format is not judged.`,
    );
  }
  const kind = api.kind ?? ApiKind.HTTP;
  const required = requiredAccessLogVariables(options.requirementId, kind);
  const present = variablesIn(text);
  const missing = required.filter((v) => !present.has(v));
  if (missing.length === 0) {
    const lacking = recommendedAccessLogVariables(options.requirementId, kind).filter((v) => !present.has(v));
    return outcome.compliant(
      `${what} writes access logs with every ${kind} API variable ${options.requirementId} requires` +
      (lacking.length === 0 ? '.' : `. Recommended, not required: ${listText(lacking)} (ApiAccessLogging writes them).`),
    );
  }
  const message =
    `${what} writes access logs whose Format lacks ${listText(missing)}, which ${options.requirementId} ` +
    `(${options.subject}) needs for ${kind === ApiKind.REST ? 'a REST' : 'an HTTP'} API`;
  if (api.kind === undefined) {
    return outcome.unknown(
      `${message}, if its API (not in this app, so its protocol is unknown) is an HTTP API.`,
      { location: `${location}/Format` },
    );
  }
  return outcome.nonCompliant(`${message}.`, { location: `${location}/Format` });
}
