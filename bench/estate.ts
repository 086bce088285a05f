/**
 * A synthetic estate of workload stacks for the synth and validation bench
 * (issue 6), built twice from the same workload:
 *
 * - `LIBRARY`: the log collection switched on with this library's constructs
 *   (VpcFlowLogging, DnsQueryLogging, EksAuditLogging, AuditTrail,
 *   CognitoUserPoolLogging, PipelineEventForwarding, SecurityFindingForwarding,
 *   ComputeEventForwarding, IdentityEventForwarding);
 * - `HAND`: the same resources written by hand with aws-cdk-lib alone (the L1
 *   and L2 calls the constructs make, without their validation, catalogue
 *   look-ups and tree walks). The run checks that both estates have the same
 *   resource types and counts.
 *
 * Everything is offline: account ids and the central account come from
 * literals, every stack has a concrete environment (one account per stack,
 * as in an organisation with one workload account per stack).
 */
import * as path from 'path';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as cpactions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CentralLogTargets } from '../lib/central/targets';
import {
  AuditTrail,
  CognitoUserPoolLogging,
  ComputeEventForwarding,
  DnsQueryLogging,
  EksAuditLogging,
  IdentityEventForwarding,
  PipelineEventForwarding,
  SecurityFindingForwarding,
  VpcFlowLogging,
} from '../lib/sources';
import { ServiceExposure, UserDirectory } from '../lib/requirements/types';

/** Which way the log collection of the estate is written. */
export enum EstateKind {
  /** With this library's constructs. */
  LIBRARY = 'LIBRARY',
  /** The same resources with aws-cdk-lib alone. */
  HAND = 'HAND',
}

/** What one workload stack holds. */
export interface StackShape {
  /** VPCs (2 AZs, public and private subnets, one NAT gateway), each with one EKS cluster. */
  readonly vpcs: number;
  /** CodePipeline pipelines (S3 source, manual approval). */
  readonly pipelines: number;
  /** Cognito user pools (Plus plan, threat protection audit-only). */
  readonly userPools: number;
  /** Application log groups. */
  readonly appLogGroups: number;
}

/** The shape used by the bench: about 420 resources per stack. */
export const DEFAULT_STACK_SHAPE: StackShape = { vpcs: 8, pipelines: 6, userPools: 8, appLogGroups: 40 };

/** The central log account every workload sends to (offline literals). */
export const CENTRAL_ACCOUNT = '999988887777';
export const REGION = 'eu-west-2';
const NAME_PREFIX = 'seclog';
const ARCHIVE_KEY_ARN = `arn:aws:kms:${REGION}:${CENTRAL_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const BUS_ARN = `arn:aws:events:${REGION}:${CENTRAL_ACCOUNT}:event-bus/${NAME_PREFIX}-security-events`;

/** The 12-digit account id of workload stack `i`. */
export function workloadAccount(i: number): string {
  return String(100000000000 + i);
}

/** Build an estate of `stacks` workload stacks in a new App (not synthesised). */
export function buildEstate(kind: EstateKind, stacks: number, outdir: string, shape: StackShape = DEFAULT_STACK_SHAPE): App {
  // The built-in CloudFormation schema validation is off on both sides: it is
  // aws-cdk-lib's own cost, the same for both estates, and on its own takes
  // about 18 ms per resource on this machine (6 minutes at 20,000 resources).
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  for (let i = 0; i < stacks; i++) {
    const stack = new Stack(app, `Workload${String(i).padStart(3, '0')}`, {
      env: { account: workloadAccount(i), region: REGION },
    });
    const workload = buildWorkload(stack, i, shape);
    if (kind === EstateKind.LIBRARY) {
      collectWithLibrary(stack, workload);
    } else {
      collectByHand(stack, workload);
    }
  }
  return app;
}

/** The workload resources both estates share. */
interface Workload {
  readonly vpcs: ec2.Vpc[];
  readonly clusters: eks.CfnCluster[];
  readonly pipelines: codepipeline.Pipeline[];
  readonly userPools: cognito.UserPool[];
}

function buildWorkload(stack: Stack, index: number, shape: StackShape): Workload {
  const vpcs: ec2.Vpc[] = [];
  const clusters: eks.CfnCluster[] = [];
  const clusterRole = new iam.Role(stack, 'ClusterRole', { assumedBy: new iam.ServicePrincipal('eks.amazonaws.com') });
  for (let v = 0; v < shape.vpcs; v++) {
    const vpc = new ec2.Vpc(stack, `Vpc${v}`, {
      ipAddresses: ec2.IpAddresses.cidr(`10.${v}.0.0/16`),
      natGateways: 1,
      availabilityZones: [`${REGION}a`, `${REGION}b`],
    });
    vpcs.push(vpc);
    clusters.push(new eks.CfnCluster(stack, `Cluster${v}`, {
      name: `w${index}-cluster-${v}`,
      roleArn: clusterRole.roleArn,
      resourcesVpcConfig: { subnetIds: vpc.privateSubnets.map((s) => s.subnetId) },
    }));
  }
  for (let g = 0; g < shape.appLogGroups; g++) {
    new logs.LogGroup(stack, `AppLogs${g}`, { retention: logs.RetentionDays.THIRTEEN_MONTHS, removalPolicy: RemovalPolicy.RETAIN });
  }
  const pipelines: codepipeline.Pipeline[] = [];
  for (let p = 0; p < shape.pipelines; p++) {
    const source = new s3.Bucket(stack, `PipelineSource${p}`, { versioned: true });
    const output = new codepipeline.Artifact();
    pipelines.push(new codepipeline.Pipeline(stack, `Pipeline${p}`, {
      stages: [
        { stageName: 'Source', actions: [new cpactions.S3SourceAction({ actionName: 'Source', bucket: source, bucketKey: 'app.zip', output })] },
        { stageName: 'Approve', actions: [new cpactions.ManualApprovalAction({ actionName: 'Approve' })] },
      ],
    }));
  }
  const userPools: cognito.UserPool[] = [];
  for (let u = 0; u < shape.userPools; u++) {
    // The stack index is in the id: CognitoUserPoolLogging's check for a second
    // log delivery configuration compares resolved `{ Ref }`s across the whole
    // app, so pools with the same id in two stacks are taken for one pool (see
    // bench/README-section.md, "Found on the way").
    userPools.push(new cognito.UserPool(stack, `UserPool${index}x${u}`, {
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.AUDIT_ONLY,
    }));
  }
  return { vpcs, clusters, pipelines, userPools };
}

// ---------------------------------------------------------------------------
// LIBRARY: this library's constructs.

function collectWithLibrary(stack: Stack, w: Workload): void {
  const central = CentralLogTargets.fromAttributes({
    accountId: CENTRAL_ACCOUNT,
    region: REGION,
    namePrefix: NAME_PREFIX,
    organizationId: 'o-a1b2c3d4e5',
    archiveKeyArn: ARCHIVE_KEY_ARN,
  });
  new VpcFlowLogging(stack, 'FlowLogs', { central, vpcs: w.vpcs });
  new DnsQueryLogging(stack, 'DnsQueryLogs', { central, vpcs: w.vpcs });
  w.clusters.forEach((cluster, i) => new EksAuditLogging(stack, `Cluster${i}Audit`, { central, exposure: ServiceExposure.INTERNAL, cluster }));
  new AuditTrail(stack, 'Trail', { central });
  w.userPools.forEach((userPool, i) => new CognitoUserPoolLogging(stack, `UserPool${i}Logging`, {
    userPool, central, exposure: ServiceExposure.INTERNAL,
  }));
  new PipelineEventForwarding(stack, 'PipelineEvents', { central, pipelines: w.pipelines });
  new SecurityFindingForwarding(stack, 'Findings', { central });
  new ComputeEventForwarding(stack, 'ComputeEvents', { central });
  new IdentityEventForwarding(stack, 'Identity', {
    central,
    exposure: ServiceExposure.INTERNAL,
    // IAM events reach EventBridge in us-east-1 only; these stacks are in eu-west-2.
    directories: [UserDirectory.IAM_IDENTITY_CENTER, UserDirectory.COGNITO_USER_POOL],
  });
}

// ---------------------------------------------------------------------------
// HAND: the same resources with aws-cdk-lib alone.

const bucketArn = (family: string) => `arn:aws:s3:::${NAME_PREFIX}-${family}-${CENTRAL_ACCOUNT}-${REGION}`;

const FLOW_LOG_FORMAT = [
  'version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes',
  'start', 'end', 'action', 'log-status', 'vpc-id', 'subnet-id', 'instance-id', 'tcp-flags', 'type', 'pkt-srcaddr',
  'pkt-dstaddr', 'region', 'flow-direction', 'traffic-path',
].map((f) => `\${${f}}`).join(' ');

const API_CALL = 'AWS API Call via CloudTrail';
const SERVICE_EVENT = 'AWS Service Event via CloudTrail';
const SIGN_IN = 'AWS Console Sign In via CloudTrail';

const PIPELINE_API_CALLS: Record<string, string[]> = {
  'codepipeline.amazonaws.com': ['CreatePipeline', 'UpdatePipeline', 'DeletePipeline', 'StartPipelineExecution', 'StopPipelineExecution',
    'RetryStageExecution', 'RollbackStage', 'PutApprovalResult'],
  'codebuild.amazonaws.com': ['CreateProject', 'UpdateProject', 'DeleteProject', 'StartBuild', 'StartBuildBatch', 'RetryBuild', 'StopBuild'],
  'cloudformation.amazonaws.com': ['CreateStack', 'UpdateStack', 'DeleteStack', 'CreateChangeSet', 'ExecuteChangeSet', 'CreateStackSet',
    'UpdateStackSet', 'DeleteStackSet', 'CreateStackInstances', 'UpdateStackInstances', 'DeleteStackInstances'],
  'sts.amazonaws.com': ['AssumeRoleWithWebIdentity'],
};

const EC2_API_CALLS = ['RunInstances', 'CreateFleet', 'RequestSpotInstances', 'CreateLaunchTemplate', 'CreateLaunchTemplateVersion',
  'ModifyLaunchTemplate', 'RegisterImage', 'CreateImage', 'CopyImage', 'StartInstances', 'StopInstances', 'RebootInstances',
  'TerminateInstances', 'ModifyInstanceAttribute', 'ModifyInstanceCpuOptions', 'AttachNetworkInterface', 'DetachNetworkInterface',
  'ModifyNetworkInterfaceAttribute', 'AssignPrivateIpAddresses', 'UnassignPrivateIpAddresses', 'AssignIpv6Addresses',
  'UnassignIpv6Addresses', 'CreateVolume', 'AttachVolume', 'DetachVolume', 'ModifyVolume', 'DeleteVolume'];

const COGNITO_SIGN_IN = ['AdminInitiateAuth', 'AdminRespondToAuthChallenge', 'InitiateAuth', 'RespondToAuthChallenge'];

const IDENTITY_EVENTS: Array<[string, string[], string[]]> = [
  ['cognito-identity.amazonaws.com', [API_CALL, SERVICE_EVENT], ['SetIdentityPoolRoles']],
  ['cognito-idp.amazonaws.com', [API_CALL, SERVICE_EVENT], ['AdminAddUserToGroup', 'AdminConfirmSignUp', 'AdminCreateUser',
    'AdminDisableUser', 'AdminEnableUser', 'AdminInitiateAuth', 'AdminRemoveUserFromGroup', 'AdminResetUserPassword',
    'AdminRespondToAuthChallenge', 'AdminSetUserMFAPreference', 'AdminSetUserPassword', 'AdminUpdateUserAttributes',
    'AssociateSoftwareToken', 'ChangePassword', 'CompleteWebAuthnRegistration', 'ConfirmForgotPassword', 'ConfirmSignUp', 'CreateGroup',
    'DeleteWebAuthnCredential', 'ForgotPassword', 'InitiateAuth', 'RespondToAuthChallenge', 'SetUserMFAPreference',
    'SetUserPoolMfaConfig', 'SignUp', 'StartWebAuthnRegistration', 'UpdateGroup', 'VerifySoftwareToken']],
  ['identitystore-scim.amazonaws.com', [API_CALL, SERVICE_EVENT], ['CreateGroup', 'CreateUser', 'PatchGroup']],
  ['identitystore.amazonaws.com', [API_CALL, SERVICE_EVENT], ['CompleteVirtualMfaDeviceRegistration',
    'CompleteWebAuthnDeviceRegistration', 'CreateGroup', 'CreateGroupMembership', 'CreateUser', 'DeleteGroupMembership',
    'DeleteMfaDeviceForUser', 'StartVirtualMfaDeviceRegistration', 'StartWebAuthnDeviceRegistration', 'UpdateMfaDeviceForUser']],
  ['signin.amazonaws.com', [SIGN_IN, SERVICE_EVENT], ['CredentialVerification', 'UserAuthentication']],
  ['sso-directory.amazonaws.com', [API_CALL, SERVICE_EVENT], ['AddMemberToGroup', 'CompleteVirtualMfaDeviceRegistration',
    'CompleteWebAuthnDeviceRegistration', 'CreateGroup', 'CreateUser', 'DeleteMfaDeviceForUser', 'DisableUser', 'EnableUser',
    'RemoveMemberFromGroup', 'StartVirtualMfaDeviceRegistration', 'StartWebAuthnDeviceRegistration', 'UpdateMfaDeviceForUser',
    'UpdatePassword']],
  ['sso.amazonaws.com', [API_CALL, SERVICE_EVENT], ['AttachCustomerManagedPolicyReferenceToPermissionSet',
    'AttachManagedPolicyToPermissionSet', 'CreateAccountAssignment', 'CreateApplicationAssignment', 'CreatePermissionSet',
    'DeleteAccountAssignment', 'DeleteApplicationAssignment', 'DeleteInlinePolicyFromPermissionSet', 'DeletePermissionSet',
    'DeletePermissionsBoundaryFromPermissionSet', 'DetachCustomerManagedPolicyReferenceFromPermissionSet',
    'DetachManagedPolicyFromPermissionSet', 'ProvisionPermissionSet', 'PutInlinePolicyToPermissionSet',
    'PutPermissionsBoundaryToPermissionSet', 'UpdatePermissionSet']],
];

const CORRELATION_RULES = JSON.stringify([
  { directory: 'IAM_IDENTITY_CENTER', eventSource: 'signin.amazonaws.com', failureEventNames: ['CredentialVerification'], failureErrorCodes: [],
    successEventNames: ['UserAuthentication'] },
  { directory: 'COGNITO_USER_POOL', eventSource: 'cognito-idp.amazonaws.com', failureEventNames: COGNITO_SIGN_IN,
    failureErrorCodes: ['NotAuthorizedException', 'UserNotFoundException', 'CodeMismatchException', 'ExpiredCodeException'],
    successEventNames: COGNITO_SIGN_IN },
]);

const HANDLER_DIR = path.join(__dirname, '..', 'dist', 'handlers', 'auth-correlator');

function collectByHand(stack: Stack, w: Workload): void {
  // Flow logs and resolver query logs: vended delivery to the central buckets.
  const dnsConfig = new route53resolver.CfnResolverQueryLoggingConfig(stack, 'DnsQueryLogConfig', {
    name: `${stack.stackName}-dns-query-logs`,
    destinationArn: bucketArn('dns-query'),
  });
  w.vpcs.forEach((vpc, i) => {
    new ec2.CfnFlowLog(stack, `FlowLog${i}`, {
      resourceType: 'VPC',
      resourceId: vpc.vpcId,
      trafficType: 'REJECT',
      logFormat: FLOW_LOG_FORMAT,
      logDestinationType: 's3',
      logDestination: bucketArn('vpc-flow'),
      maxAggregationInterval: 60,
      destinationOptions: { FileFormat: 'plain-text', HiveCompatiblePartitions: true, PerHourPartition: true },
    });
    new route53resolver.CfnResolverQueryLoggingConfigAssociation(stack, `DnsQueryLogAssociation${i}`, {
      resolverQueryLogConfigId: dnsConfig.attrId,
      resourceId: vpc.vpcId,
    });
  });

  // EKS control-plane logs: a retained, encrypted log group per cluster, subscribed to the central destination.
  const logKey = new kms.Key(stack, 'LogGroupKey', {
    description: 'Encrypts the security log groups',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  logKey.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal(`logs.${REGION}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${REGION}:${stack.account}:log-group:*` } },
  }));
  w.clusters.forEach((cluster, i) => {
    const group = new logs.LogGroup(stack, `Cluster${i}Logs`, {
      logGroupName: `/aws/eks/${cluster.name}/cluster`,
      retention: logs.RetentionDays.THIRTEEN_MONTHS,
      encryptionKey: logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    cluster.logging = { clusterLogging: { enabledTypes: [{ type: 'api' }, { type: 'audit' }, { type: 'authenticator' }] } };
    cluster.addResourceDependency(group.node.defaultChild as logs.CfnLogGroup);
    const destinationArn = `arn:aws:logs:${REGION}:${CENTRAL_ACCOUNT}:destination:${NAME_PREFIX}-cloudwatch-destination`;
    const sender = new iam.Role(stack, `Cluster${i}SubscriptionRole`, {
      assumedBy: new iam.ServicePrincipal('logs.amazonaws.com', {
        conditions: { ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:logs:${REGION}:${stack.account}:*` } },
      }),
    });
    sender.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:PutLogEvents'], resources: [destinationArn] }));
    const subscription = new logs.CfnSubscriptionFilter(stack, `Cluster${i}Subscription`, {
      logGroupName: group.logGroupName,
      destinationArn,
      filterPattern: '',
      roleArn: sender.roleArn,
    });
    subscription.node.addDependency(sender);
  });

  // The account trail.
  new cloudtrail.CfnTrail(stack, 'Trail', {
    trailName: `${NAME_PREFIX}-account-trail`,
    isLogging: true,
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    enableLogFileValidation: true,
    isOrganizationTrail: false,
    s3BucketName: `${NAME_PREFIX}-cloudtrail-${CENTRAL_ACCOUNT}-${REGION}`,
    kmsKeyId: ARCHIVE_KEY_ARN,
    advancedEventSelectors: [{ name: 'Management events (read and write)', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }] }],
  });

  // Cognito user activity logs to the central bucket, notification errors to a log group.
  w.userPools.forEach((pool, i) => {
    const group = new logs.LogGroup(stack, `UserPool${i}NotificationLogs`, {
      logGroupName: `/aws/vendedlogs/cognito/${stack.stackName}-pool-${i}/user-notification`,
      retention: logs.RetentionDays.THIRTEEN_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new cognito.CfnLogDeliveryConfiguration(stack, `UserPool${i}LogDelivery`, {
      userPoolId: pool.userPoolId,
      logConfigurations: [
        { eventSource: 'userAuthEvents', logLevel: 'INFO', s3Configuration: { bucketArn: bucketArn('exports') } },
        { eventSource: 'userNotification', logLevel: 'ERROR', cloudWatchLogsConfiguration: { logGroupArn: group.logGroupArn } },
      ],
    });
  });

  // EventBridge forwarding to the central bus.
  const dlqKey = new kms.Key(stack, 'DeadLetterKey', {
    description: 'Encrypts the dead-letter queues of security event forwarding',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  dlqKey.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal('events.amazonaws.com')],
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
  }));
  const apiCalls = (source: string, names: string[]): events.EventPattern =>
    ({ detailType: [API_CALL], detail: { eventSource: [source], eventName: names } });

  const pipelines = new HandForwarder(stack, 'PipelineEvents', 'pipeline events', dlqKey);
  pipelines.forward('CodepipelineEvents', {
    source: ['aws.codepipeline'],
    detailType: ['CodePipeline Pipeline Execution State Change', 'CodePipeline Stage Execution State Change',
      'CodePipeline Action Execution State Change'],
    resources: w.pipelines.map((p) => p.pipelineArn),
  });
  pipelines.forward('CodebuildEvents', { source: ['aws.codebuild'], detailType: ['CodeBuild Build State Change'] });
  pipelines.forward('CloudformationEvents', {
    source: ['aws.cloudformation'], detailType: ['CloudFormation Stack Status Change', 'CloudFormation Resource Status Change'],
  });
  for (const [source, names] of Object.entries(PIPELINE_API_CALLS)) {
    pipelines.forward(`${source.split('.')[0]}ApiCalls`, apiCalls(source, names));
  }

  const findings = new HandForwarder(stack, 'Findings', 'security findings', dlqKey);
  findings.forward('GuardDuty', { source: ['aws.guardduty'], detailType: ['GuardDuty Finding'] });
  findings.forward('Inspector', { source: ['aws.inspector2'], detailType: ['Inspector2 Finding'] });
  findings.forward('SecurityHub', { source: ['aws.securityhub'], detailType: ['Security Hub Findings - Imported', 'Findings Imported V2'] });

  const compute = new HandForwarder(stack, 'ComputeEvents', 'hypervisor events', dlqKey);
  compute.forward('Ec2Events', { source: ['aws.ec2'], detailType: ['EC2 Instance State-change Notification', 'EBS Volume Notification'] });
  compute.forward('Ec2ApiCalls', apiCalls('ec2.amazonaws.com', EC2_API_CALLS));

  // Identity events: forwarding plus the success-after-failure correlator.
  const identityKey = new kms.Key(stack, 'IdentityKey', {
    description: 'Encrypts the identity event dead-letter queues and failure table',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  identityKey.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal('events.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    resources: ['*'],
    conditions: { ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:events:${REGION}:${stack.account}:rule/*` } },
  }));
  const correlatorDlq = new sqs.Queue(stack, 'CorrelatorDeadLetterQueue', {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: identityKey,
    retentionPeriod: Duration.days(14),
    enforceSSL: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const identity = new HandForwarder(stack, 'IdentityEvents', 'user-directory events', dlqKey);
  IDENTITY_EVENTS.forEach(([source, detailType, names], i) =>
    identity.forward(`Forward${i + 1}`, { detailType, detail: { eventSource: [source], eventName: names } }));
  const table = new dynamodb.Table(stack, 'FailureTable', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    timeToLiveAttribute: 'expiresAt',
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: identityKey,
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const correlatorLogs = new logs.LogGroup(stack, 'CorrelatorLogs', {
    retention: logs.RetentionDays.THIRTEEN_MONTHS,
    encryptionKey: logKey,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const correlator = new lambda.Function(stack, 'Correlator', {
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(HANDLER_DIR),
    memorySize: 256,
    timeout: Duration.seconds(30),
    reservedConcurrentExecutions: 5,
    logGroup: correlatorLogs,
    deadLetterQueue: correlatorDlq,
    retryAttempts: 2,
    environment: {
      FAILURE_TABLE_NAME: table.tableName,
      CENTRAL_EVENT_BUS_ARN: BUS_ARN,
      CORRELATION_WINDOW_SECONDS: '900',
      CORRELATION_RULES,
    },
  });
  table.grant(correlator, 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:BatchWriteItem');
  identityKey.grant(correlator, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey');
  correlator.addToRolePolicy(new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [BUS_ARN] }));
  const correlatorTarget = new targets.LambdaFunction(correlator, {
    deadLetterQueue: correlatorDlq,
    maxEventAge: Duration.hours(24),
    retryAttempts: 185,
  });
  new events.Rule(stack, 'Correlate1', {
    eventPattern: { detailType: [API_CALL, SERVICE_EVENT], detail: { eventSource: ['cognito-idp.amazonaws.com'], eventName: COGNITO_SIGN_IN } },
    targets: [correlatorTarget],
  });
  new events.Rule(stack, 'Correlate2', {
    eventPattern: { detailType: [SIGN_IN, SERVICE_EVENT], detail: { eventSource: ['signin.amazonaws.com'], eventName: ['CredentialVerification', 'UserAuthentication'] } },
    targets: [correlatorTarget],
  });
  alarm(stack, 'CorrelatorErrorsAlarm', correlator.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }));
  alarm(stack, 'CorrelatorDeadLettersAlarm', correlatorDlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }));
}

function alarm(scope: Construct, id: string, metric: cloudwatch.IMetric): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, id, {
    metric,
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}

/** Rules that send events to the central bus with a role, a retry policy, a dead-letter queue and alarms. */
class HandForwarder extends Construct {
  private readonly role: iam.Role;
  private readonly queue: sqs.Queue;
  private count = 0;

  constructor(scope: Construct, id: string, private readonly purpose: string, key: kms.IKey) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new iam.Role(this, 'PutEventsRole', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [BUS_ARN] }));
    alarm(this, 'DeadLetterAlarm', this.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }));
  }

  public forward(id: string, eventPattern: events.EventPattern): void {
    const rule = new events.Rule(this, id, { description: `Forwards ${this.purpose} to the central bus`, eventPattern });
    const role = this.role;
    const queue = this.queue;
    rule.addTarget({
      bind: () => ({
        arn: BUS_ARN,
        role,
        deadLetterConfig: { arn: queue.queueArn },
        retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 },
      }),
    });
    queue.addToResourcePolicy(new iam.PolicyStatement({
      sid: `AllowRule${this.count++}`,
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['sqs:SendMessage'],
      resources: [queue.queueArn],
      conditions: { ArnEquals: { 'aws:SourceArn': rule.ruleArn } },
    }));
    alarm(this, `${id}LostEventsAlarm`, new cloudwatch.Metric({
      namespace: 'AWS/Events',
      metricName: 'InvocationsFailedToBeSentToDlq',
      dimensionsMap: { RuleName: rule.ruleName },
      statistic: 'Sum',
      period: Duration.minutes(5),
    }));
  }
}
