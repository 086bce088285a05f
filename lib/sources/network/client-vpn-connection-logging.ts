import { CfnResource, Reference, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { defaultLogGroupName, requireRegion, requireSameStack, subscribeToCentralDestination } from '../private/central-subscription';
import { asBoolean, cfnResourceOf, field } from '../../core/l1';
import { recordEvidence } from '../../core/evidence';
import { createSecureLogGroup } from '../../core/log-group';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';
import { CentralLogGroupOptions } from '../central-log-group-options';

/** The id under which `ec2.ClientVpnEndpoint` creates its own log group when `logging` is on and no `logGroup` is given. */
const L2_LOG_GROUP_ID = 'LogGroup';

/** Endpoints that already have a ClientVpnConnectionLogging, and the path of that construct. */
const CLAIMED = new WeakMap<CfnResource, string>();

/** Options for {@link ClientVpnConnectionLogging.ofEndpoint}: everything but the endpoint. */
export interface ClientVpnConnectionLoggingOptions extends CentralLogGroupOptions {
  /**
   * Name of the connection log group. It cannot contain the endpoint id: the
   * endpoint refers to the group, so the group is created first.
   *
   * @default - `/aws/clientvpn/<unique name from the endpoint's construct path>`
   */
  readonly logGroupName?: string;
}

/** Props for {@link ClientVpnConnectionLogging}. */
export interface ClientVpnConnectionLoggingProps extends ClientVpnConnectionLoggingOptions {
  /**
   * The endpoint's CloudFormation resource. For an `ec2.ClientVpnEndpoint`
   * use {@link ClientVpnConnectionLogging.ofEndpoint}.
   */
  readonly endpoint: ec2.CfnClientVpnEndpoint;
}

/** The catalogue requirements this construct implements (its one declaration; see RequirementImplementation). */
const IMPLEMENTS = implementsRequirements('ClientVpnConnectionLogging', ['HP-E7']);

/**
 * Client VPN connection logging (HP-E7, VPN concentrator activity).
 *
 * - Turns on the endpoint's connection logging (ConnectionLogOptions) into a
 *   log group that is KMS-encrypted, retained when the stack is deleted and
 *   kept for the exposure class's retention.
 * - Subscribes the log group to the central CloudWatch Logs destination of
 *   the endpoint's region (with a sender role), which sends the logs to the
 *   central archive.
 *
 * Each record carries the attempt's status and failure reason, the
 * certificate common name or user name, the client's public address
 * (`device-ip`) and the endpoint id. What Client VPN logs cannot carry: AWS
 * documents that failed mutual (certificate) authentication attempts are not
 * logged, so use Active Directory or SAML (federated) authentication for
 * failed sign-ins to reach the identity provider's logs. Site-to-Site VPN has
 * no user and logs tunnel state only.
 *
 * An `ec2.ClientVpnEndpoint` with `logging` on (its default) and no
 * `logGroup` creates its own, unencrypted log group: this construct points
 * the endpoint at its own group instead and removes that one from the
 * template (CloudFormation keeps it, with any logs already in it, as its
 * removal policy is RETAIN). Connection logging already sent to another log
 * group is an error. A later `addPropertyOverride` of ConnectionLogOptions by
 * other code fails synthesis.
 *
 * @example
 * const endpoint = vpc.addClientVpnEndpoint('Vpn', {
 *   cidr: '10.100.0.0/16',
 *   serverCertificateArn: 'arn:aws:acm:eu-west-2:111111111111:certificate/server',
 *   userBasedAuthentication: ec2.ClientVpnUserBasedAuthentication.federated(samlProvider),
 * });
 * ClientVpnConnectionLogging.ofEndpoint(this, 'VpnLogs', endpoint, {
 *   central,
 *   exposure: ServiceExposure.INTERNAL,
 * });
 */
export class ClientVpnConnectionLogging extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = IMPLEMENTS;

  /**
   * Connection logging for an `ec2.ClientVpnEndpoint`, or any construct whose
   * default child is an `AWS::EC2::ClientVpnEndpoint` resource.
   */
  public static ofEndpoint(scope: Construct, id: string, endpoint: IConstruct, options: ClientVpnConnectionLoggingOptions): ClientVpnConnectionLogging {
    const { resource, found } = cfnResourceOf(endpoint, (c): c is ec2.CfnClientVpnEndpoint => ec2.CfnClientVpnEndpoint.isCfnClientVpnEndpoint(c));
    if (!resource) {
      throw new Error(
        `${endpoint.node.path} is not a Client VPN endpoint (its default child is ${found}); pass an ec2.ClientVpnEndpoint ` +
        'or its CfnClientVpnEndpoint.',
      );
    }
    return new ClientVpnConnectionLogging(scope, id, { ...options, endpoint: resource });
  }

  /** The connection log group. */
  public readonly logGroup: logs.ILogGroup;
  /** The subscription that sends the log group to the central destination. */
  public readonly subscriptionFilter: logs.CfnSubscriptionFilter;
  /** The role CloudWatch Logs uses to put the log group's events on the central destination. */
  public readonly subscriptionRole: iam.Role;

  constructor(scope: Construct, id: string, props: ClientVpnConnectionLoggingProps) {
    super(scope, id);
    const endpoint = props.endpoint;
    if (!ec2.CfnClientVpnEndpoint.isCfnClientVpnEndpoint(endpoint)) {
      const got = CfnResource.isCfnResource(endpoint) ? `${(endpoint as CfnResource).cfnResourceType} at ${(endpoint as CfnResource).node.path}` : String(endpoint);
      throw new Error(
        `endpoint must be an AWS::EC2::ClientVpnEndpoint resource, got ${got}; pass the CfnClientVpnEndpoint, or use ` +
        'ClientVpnConnectionLogging.ofEndpoint(scope, id, endpoint, options) for an ec2.ClientVpnEndpoint.',
      );
    }
    const stack = requireSameStack(this, IMPLEMENTS.construct, endpoint, 'Client VPN endpoint');
    const claimedBy = CLAIMED.get(endpoint);
    if (claimedBy !== undefined) {
      throw new Error(`Client VPN endpoint ${endpoint.node.path} already has ClientVpnConnectionLogging '${claimedBy}'; use one per endpoint.`);
    }
    const region = requireRegion(stack, IMPLEMENTS.construct, 'Client VPN endpoint');
    const replaced = existingLogGroupToReplace(endpoint);

    const logGroup = createSecureLogGroup(this, 'LogGroup', {
      logGroupName: props.logGroupName ?? defaultLogGroupName('/aws/clientvpn', endpoint),
      exposure: props.exposure,
      retentionDays: props.retentionDays,
      retentionApproval: props.retentionApproval,
      encryptionKey: props.encryptionKey,
    });
    this.logGroup = logGroup;
    const subscription = subscribeToCentralDestination(this, logGroup, props.central, region,
      `Lets CloudWatch Logs send the connection logs of ${endpoint.node.path} to the central log destination`);
    this.subscriptionFilter = subscription.filter;
    this.subscriptionRole = subscription.role;

    endpoint.connectionLogOptions = { enabled: true, cloudwatchLogGroup: logGroup.logGroupName };
    if (replaced) {
      replaced.node.scope!.node.tryRemoveChild(replaced.node.id);
    }

    const wantedGroup = JSON.stringify(stack.resolve(logGroup.logGroupName));
    this.node.addValidation({
      validate: () => {
        const now = Stack.of(endpoint).resolve(endpoint.connectionLogOptions);
        const enabled = asBoolean(field(now, 'enabled'));
        const group = JSON.stringify(field(now, 'cloudwatchLogGroup'));
        return enabled === true && group === wantedGroup ? [] : [
          `The ConnectionLogOptions of Client VPN endpoint ${endpoint.node.path} were changed after ClientVpnConnectionLogging ` +
          `'${this.node.path}' set them (now ${JSON.stringify(now)}); leave connection logging to ClientVpnConnectionLogging.`,
        ];
      },
    });
    CLAIMED.set(endpoint, this.node.path);

    recordEvidence(this, IMPLEMENTS, [endpoint, logGroup, this.subscriptionFilter],
      `Client VPN endpoint ${endpoint.node.path} logs connection attempts to an encrypted, retained log group subscribed to the ` +
      'central log destination (failed mutual-TLS authentications are not logged by AWS).');
  }
}

/**
 * The log group `ec2.ClientVpnEndpoint` created for the endpoint itself, when
 * connection logging points at it and so may be replaced; undefined when
 * logging is off. Throws when logging points at any other log group.
 */
function existingLogGroupToReplace(endpoint: ec2.CfnClientVpnEndpoint): logs.LogGroup | undefined {
  const current = Stack.of(endpoint).resolve(endpoint.connectionLogOptions);
  if (current === undefined) {
    return undefined;
  }
  const enabled = field(current, 'enabled');
  if (enabled === undefined || asBoolean(enabled) === false) {
    return undefined;
  }
  const raw = endpoint.connectionLogOptions as ec2.CfnClientVpnEndpoint.ConnectionLogOptionsProperty | undefined;
  const groupName = raw && !Token.isUnresolved(raw) ? raw.cloudwatchLogGroup : undefined;
  const l2 = endpoint.node.scope;
  const own = l2 instanceof ec2.ClientVpnEndpoint ? l2.node.tryFindChild(L2_LOG_GROUP_ID) : undefined;
  const target = referencedResource(groupName);
  if (own instanceof logs.LogGroup && target !== undefined && target === own.node.defaultChild && raw?.cloudwatchLogStream === undefined) {
    return own;
  }
  const describe = groupName === undefined ? JSON.stringify(current)
    : `log group ${Token.isUnresolved(groupName) ? JSON.stringify(Stack.of(endpoint).resolve(groupName)) : `'${groupName}'`}`;
  throw new Error(
    `Client VPN endpoint ${endpoint.node.path} already sends connection logs to ${describe}; turn that off (logging: false, ` +
    'or no logGroup, on the ec2.ClientVpnEndpoint; ConnectionLogOptions on the CfnClientVpnEndpoint) so that ' +
    'ClientVpnConnectionLogging sends them to its retained, encrypted log group and on to the central archive.',
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
