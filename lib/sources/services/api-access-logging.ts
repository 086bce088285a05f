import { CfnResource, Reference, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import {
  ApiKind, apiAccessLoggingVariables, isJsonFormat, jsonAccessLogFormat, mergeJsonAccessLogFormat, variablesIn,
} from '../../core/api-access-log-format';
import { defaultLogGroupName, requireRegion, requireSameStack, subscribeToCentralDestination } from '../private/central-subscription';
import { cfnResourceOf, field } from '../../core/l1';
import { recordEvidence } from '../../core/evidence';
import { createSecureLogGroup } from '../../core/log-group';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';
import { CentralLogGroupOptions } from '../central-log-group-options';

const REST_STAGE = 'AWS::ApiGateway::Stage';
const V2_STAGE = 'AWS::ApiGatewayV2::Stage';

/** Stages that already have an ApiAccessLogging, and the path of that construct. */
const CLAIMED = new WeakMap<CfnResource, string>();

/** The kind of API Gateway API whose stage an {@link ApiAccessLogging} logs. */
export enum ApiGatewayApiType {
  /** A REST API (`AWS::ApiGateway::Stage`). */
  REST_API = 'REST_API',
  /** An HTTP API (`AWS::ApiGatewayV2::Stage` of an API with ProtocolType HTTP). */
  HTTP_API = 'HTTP_API',
}

/** Options for {@link ApiAccessLogging.ofStage}: everything but the stage. */
export interface ApiAccessLoggingOptions extends CentralLogGroupOptions {
  /**
   * Name of the access log group.
   *
   * @default - `/aws/apigateway/access-logs/<unique name from the stage's construct path>`
   */
  readonly logGroupName?: string;
}

/** Props for {@link ApiAccessLogging}. */
export interface ApiAccessLoggingProps extends ApiAccessLoggingOptions {
  /**
   * The stage's CloudFormation resource: an `aws-apigateway` `CfnStage`
   * (REST API) or an `aws-apigatewayv2` `CfnStage` of an HTTP API defined in
   * this app. For an L2 stage (`apigateway.Stage`, `apigatewayv2.HttpStage`)
   * use {@link ApiAccessLogging.ofStage}.
   */
  readonly stage: CfnResource;
}

/** The catalogue requirements this construct implements (its one declaration; see RequirementImplementation). */
const IMPLEMENTS = implementsRequirements('ApiAccessLogging', ['CA-B2', 'CA-B3']);

/**
 * API Gateway access logging for authenticated and unauthenticated user
 * activity (CA-B2, CA-B3).
 *
 * - Sets the stage's access log settings to a JSON format holding every
 *   `$context` variable the requirement catalogue names for CA-B2 and CA-B3
 *   for the API's kind: the user (Cognito or JWT claims, Lambda authorizer
 *   principal, IAM user ARN), client address, host, method, resource or
 *   route, path, status, request size (REST APIs only: HTTP APIs have no such
 *   variable, take it from the CloudFront or load balancer log in front),
 *   response size and latency, time and request id.
 * - An access log format already on the stage is kept and the missing
 *   variables are added to it when it is a JSON object; a non-JSON format,
 *   or an access log destination already on the stage, is an error (the logs
 *   would otherwise go somewhere this construct does not protect).
 * - Writes into a log group that is KMS-encrypted, retained when the stack
 *   is deleted and kept for the exposure class's retention, subscribed to the
 *   central CloudWatch Logs destination of the stage's region (with a sender
 *   role), which sends the logs to the central archive.
 *
 * REST APIs write access logs to CloudWatch Logs through the account's API
 * Gateway CloudWatch Logs role: set it once per account and region
 * (`cloudWatchRole: true` on one `RestApi`, or an `apigateway.CfnAccount`),
 * or the deployment fails. HTTP APIs need no such role. WebSocket APIs are
 * not supported: the catalogue lists no variables for them. A later
 * `addPropertyOverride` of the access log settings by other code fails
 * synthesis.
 *
 * @example
 * const api = new apigateway.RestApi(this, 'Api', { cloudWatchRole: true });
 * api.root.addMethod('GET');
 * ApiAccessLogging.ofStage(this, 'ApiAccessLogs', api.deploymentStage, {
 *   central,
 *   exposure: ServiceExposure.EXTERNAL,
 * });
 */
export class ApiAccessLogging extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = IMPLEMENTS;

  /**
   * Access logging for an L2 stage (`apigateway.Stage`, for example
   * `restApi.deploymentStage`, or `apigatewayv2.HttpStage`, for example
   * `httpApi.defaultStage`), or any construct whose default child is an
   * API Gateway stage resource.
   */
  public static ofStage(scope: Construct, id: string, stage: IConstruct, options: ApiAccessLoggingOptions): ApiAccessLogging {
    const { resource, found } = cfnResourceOf(stage, (c): c is CfnResource =>
      CfnResource.isCfnResource(c) && [REST_STAGE, V2_STAGE].includes(c.cfnResourceType));
    if (!resource) {
      throw new Error(
        `${stage.node.path} is not an API Gateway stage (its default child is ${found}); pass an apigateway.Stage ` +
        '(restApi.deploymentStage), an apigatewayv2.HttpStage (httpApi.defaultStage) or their CfnStage.',
      );
    }
    return new ApiAccessLogging(scope, id, { ...options, stage: resource });
  }

  /** The access log group. */
  public readonly logGroup: logs.ILogGroup;
  /** The subscription that sends the log group to the central destination. */
  public readonly subscriptionFilter: logs.CfnSubscriptionFilter;
  /** The role CloudWatch Logs uses to put the log group's events on the central destination. */
  public readonly subscriptionRole: iam.Role;
  /** The kind of API the stage belongs to. */
  public readonly apiType: ApiGatewayApiType;
  /** The `$context` variables this construct makes sure the format holds, from the catalogue. */
  public readonly variables: string[];
  /** The access log format set on the stage. */
  public readonly accessLogFormat: string;

  constructor(scope: Construct, id: string, props: ApiAccessLoggingProps) {
    super(scope, id);
    const stage = props.stage;
    if (!CfnResource.isCfnResource(stage) || ![REST_STAGE, V2_STAGE].includes(stage.cfnResourceType)) {
      const got = CfnResource.isCfnResource(stage) ? `${stage.cfnResourceType} at ${stage.node.path}` : String(stage);
      throw new Error(
        `stage must be an ${REST_STAGE} or ${V2_STAGE} resource, got ${got}; pass the CfnStage, or use ` +
        'ApiAccessLogging.ofStage(scope, id, stage, options) for an L2 stage.',
      );
    }
    const kind = apiKindOf(stage);
    const stack = requireSameStack(this, IMPLEMENTS.construct, stage, 'API stage');
    const claimedBy = CLAIMED.get(stage);
    if (claimedBy !== undefined) {
      throw new Error(`API stage ${stage.node.path} already has ApiAccessLogging '${claimedBy}'; use one per stage.`);
    }
    const region = requireRegion(stack, IMPLEMENTS.construct, 'API stage');

    this.apiType = kind === ApiKind.REST ? ApiGatewayApiType.REST_API : ApiGatewayApiType.HTTP_API;
    this.variables = apiAccessLoggingVariables(kind, IMPLEMENTS.requirementIds);
    const before = readAccessLogSettings(stage);
    if (before.destination !== undefined) {
      throw new Error(
        `API stage ${stage.node.path} already sends access logs to ${describe(stack, before.destination)}; remove that access log ` +
        'destination (accessLogDestination on the Stage, DestinationArn on the CfnStage) so that ApiAccessLogging sends them ' +
        'to its retained, encrypted log group and on to the central archive.',
      );
    }
    this.accessLogFormat = formatFor(stage, stack, before.format, this.variables);

    this.logGroup = createSecureLogGroup(this, 'LogGroup', {
      logGroupName: props.logGroupName ?? defaultLogGroupName('/aws/apigateway/access-logs', stage),
      exposure: props.exposure,
      retentionDays: props.retentionDays,
      retentionApproval: props.retentionApproval,
      encryptionKey: props.encryptionKey,
    });
    const subscription = subscribeToCentralDestination(this, this.logGroup, props.central, region,
      `Lets CloudWatch Logs send the access logs of ${stage.node.path} to the central log destination`);
    this.subscriptionFilter = subscription.filter;
    this.subscriptionRole = subscription.role;

    const settings = { destinationArn: this.logGroup.logGroupArn, format: this.accessLogFormat };
    if (apigateway.CfnStage.isCfnStage(stage)) {
      stage.accessLogSetting = settings;
    } else {
      (stage as apigatewayv2.CfnStage).accessLogSettings = settings;
    }

    const wantedDestination = JSON.stringify(stack.resolve(this.logGroup.logGroupArn));
    this.node.addValidation({
      validate: () => {
        let now: { destination?: unknown; format?: unknown };
        try {
          now = readAccessLogSettings(stage);
        } catch (e) {
          return [(e as Error).message];
        }
        const errors: string[] = [];
        if (JSON.stringify(Stack.of(stage).resolve(now.destination)) !== wantedDestination) {
          errors.push(
            `The access log destination of API stage ${stage.node.path} was changed after ApiAccessLogging '${this.node.path}' ` +
            `set it, to ${describe(stack, now.destination)}; leave the access log settings to ApiAccessLogging.`,
          );
        }
        const text = typeof now.format === 'string' ? now.format : '';
        const lost = this.variables.filter((v) => !variablesIn(text).has(v));
        if (lost.length > 0) {
          errors.push(
            `The access log format of API stage ${stage.node.path} was replaced after ApiAccessLogging '${this.node.path}' set it, ` +
            `and no longer holds ${lost.join(', ')}; add to the format instead of replacing it.`,
          );
        }
        return errors;
      },
    });
    CLAIMED.set(stage, this.node.path);

    recordEvidence(this, IMPLEMENTS, [stage, this.logGroup, this.subscriptionFilter],
      `API stage ${stage.node.path} writes access logs with the catalogue's ${kind} API variables to an encrypted, retained ` +
      'log group subscribed to the central log destination' +
      (kind === ApiKind.HTTP ? ' (HTTP APIs have no request size variable: take it from the CloudFront or load balancer log in front).' : '.'));
  }
}

/** The kind of API a stage resource belongs to; throws for WebSocket APIs and HTTP APIs not in the app. */
function apiKindOf(stage: CfnResource): ApiKind {
  if (stage.cfnResourceType === REST_STAGE) {
    return ApiKind.REST;
  }
  const apiId = (stage as apigatewayv2.CfnStage).apiId;
  const api = referencedResource(apiId);
  if (!api || !apigatewayv2.CfnApi.isCfnApi(api)) {
    throw new Error(
      `ApiAccessLogging cannot tell whether the API of stage ${stage.node.path} (ApiId ${Token.isUnresolved(apiId) ? 'a token' : `'${apiId}'`}) ` +
      'is an HTTP or a WebSocket API, because the API is not defined in this app; define the HTTP API (apigatewayv2.HttpApi or ' +
      'CfnApi with protocolType HTTP) in this app and pass its stage.',
    );
  }
  const protocol = Stack.of(api).resolve(api.protocolType);
  const imported = api.body !== undefined || api.bodyS3Location !== undefined;
  if (protocol === 'HTTP' || (protocol === undefined && imported)) {
    return ApiKind.HTTP;
  }
  throw new Error(
    `API ${api.node.path} of stage ${stage.node.path} has protocolType '${String(protocol)}'; ApiAccessLogging supports REST and ` +
    'HTTP APIs only (the requirement catalogue lists no WebSocket access log variables): set the WebSocket stage\'s ' +
    'accessLogSettings yourself.',
  );
}

/** The resource a token string refers to (`Ref` or `Fn::GetAtt`), if it is one. */
function referencedResource(value: unknown): IConstruct | undefined {
  if (typeof value !== 'string' || !Token.isUnresolved(value)) {
    return undefined;
  }
  const token = Tokenization.reverseString(value).firstToken;
  return token && Reference.isReference(token) ? token.target : undefined;
}

/** The access log destination and format set on a stage (before or after this construct). */
function readAccessLogSettings(stage: CfnResource): { destination?: unknown; format?: unknown } {
  const raw = apigateway.CfnStage.isCfnStage(stage) ? stage.accessLogSetting : (stage as apigatewayv2.CfnStage).accessLogSettings;
  if (raw === undefined) {
    return {};
  }
  const resolved = Stack.of(stage).resolve(raw);
  if (resolved === null || typeof resolved !== 'object' || Array.isArray(resolved) || isIntrinsic(resolved)) {
    throw new Error(
      `The access log settings of API stage ${stage.node.path} are known only at deploy time, so ApiAccessLogging cannot merge ` +
      'its format into them; remove them and let ApiAccessLogging set them.',
    );
  }
  const destination = field(resolved, 'destinationArn');
  const format = field(resolved, 'format');
  return {
    ...(destination === undefined || destination === '' ? {} : { destination }),
    ...(format === undefined || format === '' ? {} : { format }),
  };
}

/** The format to set: the catalogue's JSON format, or the stage's own JSON format with the missing variables added. */
function formatFor(stage: CfnResource, stack: Stack, existing: unknown, variables: string[]): string {
  if (existing === undefined) {
    return jsonAccessLogFormat(variables);
  }
  if (typeof existing !== 'string') {
    throw new Error(
      `The access log format of API stage ${stage.node.path} is known only at deploy time (${describe(stack, existing)}); ` +
      'remove it and let ApiAccessLogging set a JSON format with the catalogue\'s variables.',
    );
  }
  const merged = isJsonFormat(existing) ? mergeJsonAccessLogFormat(existing, variables) : undefined;
  if (merged === undefined) {
    throw new Error(
      `The access log format of API stage ${stage.node.path} is not a JSON object ('${existing.slice(0, 80)}'), so ApiAccessLogging ` +
      'cannot add the catalogue\'s variables to it; remove the format, or make it a JSON object (for example ' +
      'apigateway.AccessLogFormat.jsonWithStandardFields()).',
    );
  }
  return merged;
}

function isIntrinsic(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

function describe(stack: Stack, value: unknown): string {
  const resolved = stack.resolve(value);
  return typeof resolved === 'string' ? `'${resolved}'` : JSON.stringify(resolved);
}
