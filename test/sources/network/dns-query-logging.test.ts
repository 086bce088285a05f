import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CentralLogTargets } from '../../../lib/central/targets';
import { requirement } from '../../../lib/requirements/catalogue';
import { Verdict } from '../../../lib/requirements/types';
import { DnsQueryLogConfigSource, DnsQueryLogging } from '../../../lib/sources/network/dns-query-logging';

const central = CentralLogTargets.fromAttributes({ accountId: '111111111111', region: 'eu-west-2' });
const DNS_BUCKET_ARN = 'arn:aws:s3:::seclog-dns-query-111111111111-eu-west-2';
const SHARED_ID = 'rqlc-1111222233334444';

function setup() {
  const app = new App();
  const stack = new Stack(app, 'Workload', { env: { account: '222222222222', region: 'eu-west-2' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [] });
  return { app, stack, vpc };
}

describe('DnsQueryLogging', () => {
  describe('central shared configuration', () => {
    test('associates each VPC with the shared configuration and creates no configuration', () => {
      // GIVEN
      const { stack, vpc } = setup();

      // WHEN
      const dns = new DnsQueryLogging(stack, 'Dns', { central, vpcs: [vpc], resolverQueryLogConfigId: SHARED_ID });

      // THEN
      expect(dns.configSource).toBe(DnsQueryLogConfigSource.CENTRAL_SHARED);
      expect(dns.queryLogConfig).toBeUndefined();
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::Route53Resolver::ResolverQueryLoggingConfig', 0);
      template.resourceCountIs('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', 1);
      template.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', {
        ResolverQueryLogConfigId: SHARED_ID,
        ResourceId: { Ref: Match.stringLikeRegexp('^Vpc') },
      });
    });

    test('rejects a configuration id that is not rqlc-…', () => {
      // GIVEN
      const { stack, vpc } = setup();

      // THEN
      expect(() => new DnsQueryLogging(stack, 'Dns', { central, vpcs: [vpc], resolverQueryLogConfigId: 'rslvr-rr-123' }))
        .toThrow(/resolverQueryLogConfigId 'rslvr-rr-123' is not a Resolver query logging configuration id; .*'rqlc-/);
    });

    test('rejects local-only props together with a shared configuration id', () => {
      // GIVEN
      const { stack, vpc } = setup();

      // THEN
      expect(() => new DnsQueryLogging(stack, 'Dns', {
        central,
        vpcs: [vpc],
        resolverQueryLogConfigId: SHARED_ID,
        configName: 'local',
      })).toThrow(/configName only apply to a configuration created here, but resolverQueryLogConfigId 'rqlc-1111222233334444'/);
    });
  });

  describe('local configuration', () => {
    test('creates one configuration whose destination is the central DNS_QUERY bucket', () => {
      // GIVEN
      const { stack, vpc } = setup();

      // WHEN
      const dns = new DnsQueryLogging(stack, 'Dns', { central, vpcs: [vpc], configTags: { owner: 'soc' } });

      // THEN
      expect(dns.configSource).toBe(DnsQueryLogConfigSource.LOCAL);
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::Route53Resolver::ResolverQueryLoggingConfig', 1);
      template.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfig', {
        DestinationArn: DNS_BUCKET_ARN,
        Name: Match.stringLikeRegexp('^[A-Za-z0-9-]{1,64}$'),
        Tags: [{ Key: 'owner', Value: 'soc' }],
      });
      template.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', {
        ResolverQueryLogConfigId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DnsConfig'), 'Id'] },
      });
    });

    test('uses configName when given', () => {
      // GIVEN
      const { stack, vpc } = setup();

      // WHEN
      new DnsQueryLogging(stack, 'Dns', { central, vpcs: [vpc], configName: 'workload-dns-to-central' });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfig', {
        Name: 'workload-dns-to-central',
      });
    });

    test('rejects a configName CloudFormation would refuse', () => {
      // GIVEN
      const { stack, vpc } = setup();

      // THEN
      expect(() => new DnsQueryLogging(stack, 'Dns', { central, vpcs: [vpc], configName: 'dns/logs' }))
        .toThrow(/configName 'dns\/logs' is not a valid query logging configuration name/);
      expect(() => new DnsQueryLogging(stack, 'Dns2', { central, vpcs: [vpc], configName: '12345' }))
        .toThrow(/configName '12345' is not a valid/);
    });
  });

  test('addVpc adds one association per VPC and associations exposes them', () => {
    // GIVEN
    const { stack, vpc } = setup();
    const dns = new DnsQueryLogging(stack, 'Dns', { central, vpcs: [vpc] });
    const other = ec2.Vpc.fromVpcAttributes(stack, 'Other', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['eu-west-2a'] });

    // WHEN
    dns.addVpc(other);

    // THEN
    expect(dns.associations).toHaveLength(2);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', 2);
    template.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', {
      ResourceId: 'vpc-0123456789abcdef0',
    });
  });

  test('the same VPC twice is an error', () => {
    // GIVEN
    const { stack, vpc } = setup();
    const dns = new DnsQueryLogging(stack, 'Dns', { central, vpcs: [vpc] });

    // THEN
    expect(() => dns.addVpc(vpc)).toThrow(/VPC 'Workload\/Vpc' .* is already associated/);
  });

  test('no VPC is an error at synth', () => {
    // GIVEN
    const { app, stack } = setup();

    // WHEN
    new DnsQueryLogging(stack, 'Dns', { central, resolverQueryLogConfigId: SHARED_ID });

    // THEN
    expect(() => app.synth()).toThrow(/DnsQueryLogging associates no VPC .*: pass vpcs or call addVpc\(\)/);
  });

  test('LIMITATIONS is the catalogue text for the PARTIAL HP-B3 verdict', () => {
    // GIVEN
    const hpB3 = requirement('HP-B3');

    // THEN
    expect(hpB3.verdict).toBe(Verdict.PARTIAL);
    expect(DnsQueryLogging.LIMITATIONS).toBe(hpB3.nearestEquivalent);
    expect(DnsQueryLogging.LIMITATIONS.length).toBeGreaterThan(0);
  });
});
