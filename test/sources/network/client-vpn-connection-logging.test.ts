import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CentralLogTargets } from '../../../lib/central/targets';
import { CheckCompliance, LogCollectionChecks } from '../../../lib/checks';
import { evidenceOf } from '../../../lib/core/evidence';
import { LoggingProfile, MaturityTier, ServiceExposure } from '../../../lib/requirements/types';
import { ClientVpnConnectionLogging } from '../../../lib/sources/network/client-vpn-connection-logging';

const central = CentralLogTargets.fromAttributes({ accountId: '999999999999', region: 'eu-west-2' });
const DESTINATION = 'arn:aws:logs:eu-west-1:999999999999:destination:seclog-cloudwatch-destination';

function workloadStack(app = new App(), id = 'Workload', region: string | undefined = 'eu-west-1'): Stack {
  return new Stack(app, id, { env: { account: '111111111111', region } });
}

/** An ec2.ClientVpnEndpoint with mutual authentication. */
function l2Endpoint(stack: Stack, props: Partial<ec2.ClientVpnEndpointProps> = {}): ec2.ClientVpnEndpoint {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
  return vpc.addClientVpnEndpoint('Vpn', {
    cidr: '10.100.0.0/16',
    serverCertificateArn: 'arn:aws:acm:eu-west-1:111111111111:certificate/server',
    clientCertificateArn: 'arn:aws:acm:eu-west-1:111111111111:certificate/client',
    ...props,
  });
}

function cfnEndpoint(stack: Stack, props: Partial<ec2.CfnClientVpnEndpointProps> = {}): ec2.CfnClientVpnEndpoint {
  return new ec2.CfnClientVpnEndpoint(stack, 'Endpoint', {
    clientCidrBlock: '10.100.0.0/16',
    serverCertificateArn: 'arn:aws:acm:eu-west-1:111111111111:certificate/server',
    authenticationOptions: [{ type: 'certificate-authentication', mutualAuthentication: { clientRootCertificateChainArn: 'arn:aws:acm:eu-west-1:111111111111:certificate/client' } }],
    connectionLogOptions: { enabled: false },
    ...props,
  });
}

function connectionLogOptions(stack: Stack): any {
  return Object.values(Template.fromStack(stack).findResources('AWS::EC2::ClientVpnEndpoint'))[0].Properties.ConnectionLogOptions;
}

describe('ClientVpnConnectionLogging', () => {
  test('enables connection logging of an L1 endpoint into its encrypted, retained log group', () => {
    // GIVEN
    const stack = workloadStack();
    const endpoint = cfnEndpoint(stack);
    // WHEN
    const logging = new ClientVpnConnectionLogging(stack, 'VpnLogs', { endpoint, central, exposure: ServiceExposure.INTERNAL });
    // THEN
    expect(connectionLogOptions(stack)).toEqual({
      Enabled: true,
      CloudwatchLogGroup: { Ref: stack.getLogicalId(logging.logGroup.node.defaultChild as logs.CfnLogGroup) },
    });
    Template.fromStack(stack).hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 400, KmsKeyId: Match.anyValue(), LogGroupName: Match.stringLikeRegexp('^/aws/clientvpn/') },
      DeletionPolicy: 'Retain',
    });
  });

  test('subscribes the log group to the central destination of the endpoint\'s region, with a sender role', () => {
    const stack = workloadStack();
    const logging = new ClientVpnConnectionLogging(stack, 'VpnLogs', { endpoint: cfnEndpoint(stack), central, exposure: ServiceExposure.INTERNAL });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      DestinationArn: DESTINATION,
      LogGroupName: { Ref: stack.getLogicalId(logging.logGroup.node.defaultChild as logs.CfnLogGroup) },
      RoleArn: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: 'logs:PutLogEvents', Effect: 'Allow', Resource: DESTINATION }] },
    });
  });

  test('replaces the unencrypted log group an ec2.ClientVpnEndpoint creates by default', () => {
    // GIVEN an L2 endpoint with logging on by default
    const stack = workloadStack();
    const endpoint = l2Endpoint(stack);
    // WHEN
    const logging = ClientVpnConnectionLogging.ofEndpoint(stack, 'VpnLogs', endpoint, { central, exposure: ServiceExposure.INTERNAL });
    // THEN only this construct's (encrypted) log group is left, and the endpoint writes into it
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: Match.anyValue() });
    expect(endpoint.node.tryFindChild('LogGroup')).toBeUndefined();
    expect(connectionLogOptions(stack)).toEqual({
      Enabled: true,
      CloudwatchLogGroup: { Ref: stack.getLogicalId(logging.logGroup.node.defaultChild as logs.CfnLogGroup) },
    });
  });

  test('turns logging on for an ec2.ClientVpnEndpoint created with logging off', () => {
    const stack = workloadStack();
    ClientVpnConnectionLogging.ofEndpoint(stack, 'VpnLogs', l2Endpoint(stack, { logging: false }), { central, exposure: ServiceExposure.EXTERNAL });
    expect(connectionLogOptions(stack).Enabled).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  test('uses the given log group name', () => {
    const stack = workloadStack();
    new ClientVpnConnectionLogging(stack, 'VpnLogs', {
      endpoint: cfnEndpoint(stack), central, exposure: ServiceExposure.INTERNAL, logGroupName: '/aws/clientvpn/staff',
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/clientvpn/staff' });
  });

  test('records evidence for HP-E7 on the endpoint, log group and subscription', () => {
    const stack = workloadStack();
    const endpoint = cfnEndpoint(stack);
    const logging = new ClientVpnConnectionLogging(stack, 'VpnLogs', { endpoint, central, exposure: ServiceExposure.INTERNAL });
    const [evidence] = evidenceOf(logging);
    expect(evidence.requirementIds).toEqual(['HP-E7']);
    expect(evidence.resources).toEqual([endpoint, logging.logGroup, logging.subscriptionFilter]);
    expect(evidence.note).toMatch(/failed mutual-TLS authentications are not logged/);
  });

  test('the endpoint and its log group pass the pack\'s HP-E7 and log store rules', () => {
    // GIVEN
    const app = new App();
    const stack = workloadStack(app);
    const endpoint = l2Endpoint(stack);
    ClientVpnConnectionLogging.ofEndpoint(stack, 'VpnLogs', endpoint, { central, exposure: ServiceExposure.INTERNAL });
    // WHEN
    const results = new LogCollectionChecks(app, {
      tier: MaturityTier.ENHANCED, profile: LoggingProfile.HOSTING_PLATFORM, exposure: ServiceExposure.INTERNAL,
    }).evaluate(app);
    // THEN
    const judged = (ruleId: string, path: string) => results.filter((r) => r.ruleId === ruleId && r.constructPath === path).map((r) => r.compliance);
    expect(judged('LogCollection-HP-E7', 'Workload/Vpc/Vpn/Resource')).toEqual([CheckCompliance.COMPLIANT]);
    for (const rule of ['LogCollection-LM-2', 'LogCollection-LM-3', 'LogCollection-LM-4-Encryption', 'LogCollection-PU-3']) {
      expect(judged(rule, 'Workload/VpnLogs/LogGroup/Resource')).toEqual([CheckCompliance.COMPLIANT]);
    }
  });

  test('connection logs already sent to another log group are an error naming it and the fix', () => {
    // GIVEN an L2 endpoint given its own log group
    const stack = workloadStack();
    const theirs = new logs.LogGroup(stack, 'Theirs', { logGroupName: 'vpn-theirs' });
    const endpoint = l2Endpoint(stack, { logGroup: theirs });
    // WHEN / THEN
    expect(() => ClientVpnConnectionLogging.ofEndpoint(stack, 'VpnLogs', endpoint, { central, exposure: ServiceExposure.INTERNAL }))
      .toThrow(/already sends connection logs to log group .*Theirs.*; turn that off \(logging: false, or no logGroup/);
  });

  test('an L1 endpoint logging to a named group is an error naming the group', () => {
    const stack = workloadStack();
    const endpoint = cfnEndpoint(stack, { connectionLogOptions: { enabled: true, cloudwatchLogGroup: '/vpn/own' } });
    expect(() => new ClientVpnConnectionLogging(stack, 'VpnLogs', { endpoint, central, exposure: ServiceExposure.INTERNAL }))
      .toThrow(/already sends connection logs to log group '\/vpn\/own'/);
  });

  test('ofEndpoint of something that is not an endpoint is an error naming what it found', () => {
    const stack = workloadStack();
    const group = new logs.LogGroup(stack, 'Group');
    expect(() => ClientVpnConnectionLogging.ofEndpoint(stack, 'VpnLogs', group, { central, exposure: ServiceExposure.INTERNAL }))
      .toThrow(/Workload\/Group is not a Client VPN endpoint \(its default child is a AWS::Logs::LogGroup resource\)/);
  });

  test('an endpoint in another stack, a stack without a region and a second construct are errors', () => {
    // GIVEN
    const app = new App();
    const stack = workloadStack(app);
    const endpoint = cfnEndpoint(stack);
    const other = workloadStack(app, 'Other');
    const noRegion = new Stack(app, 'NoRegion');
    // WHEN / THEN
    expect(() => new ClientVpnConnectionLogging(other, 'VpnLogs', { endpoint, central, exposure: ServiceExposure.INTERNAL }))
      .toThrow(/is in stack 'Other' but the Client VPN endpoint Workload\/Endpoint is in stack 'Workload'/);
    expect(() => new ClientVpnConnectionLogging(noRegion, 'VpnLogs', { endpoint: cfnEndpoint(noRegion), central, exposure: ServiceExposure.INTERNAL }))
      .toThrow(/Stack 'NoRegion' has no concrete region/);
    new ClientVpnConnectionLogging(stack, 'VpnLogs', { endpoint, central, exposure: ServiceExposure.INTERNAL });
    expect(() => new ClientVpnConnectionLogging(stack, 'Again', { endpoint, central, exposure: ServiceExposure.INTERNAL }))
      .toThrow(/already has ClientVpnConnectionLogging 'Workload\/VpnLogs'; use one per endpoint/);
  });

  test('a retention above two years without approval is an error naming the days', () => {
    const stack = workloadStack();
    expect(() => new ClientVpnConnectionLogging(stack, 'VpnLogs', {
      endpoint: cfnEndpoint(stack), central, exposure: ServiceExposure.INTERNAL, retentionDays: 1096,
    })).toThrow(/retentionDays of 1096 days exceeds the 2-year maximum/);
  });

  test('switching connection logging off afterwards fails synthesis', () => {
    // GIVEN
    const app = new App();
    const stack = workloadStack(app);
    const endpoint = cfnEndpoint(stack);
    new ClientVpnConnectionLogging(stack, 'VpnLogs', { endpoint, central, exposure: ServiceExposure.INTERNAL });
    // WHEN
    endpoint.connectionLogOptions = { enabled: false };
    // THEN
    expect(() => app.synth()).toThrow(/ConnectionLogOptions of Client VPN endpoint Workload\/Endpoint were changed after ClientVpnConnectionLogging/);
  });
});
