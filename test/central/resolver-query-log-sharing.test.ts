import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  CentralLogTargets, LogFamily, RegionalLogKind, ResolverQueryLogSharing, ResolverQueryLogSharingProps, VendedLogLanding,
} from '../../lib/central';
import { ServiceExposure } from '../../lib/requirements/types';
import { DnsQueryLogConfigSource, DnsQueryLogging } from '../../lib/sources/network/dns-query-logging';
import { CENTRAL_ACCOUNT, CENTRAL_REGION, ORG_ID } from './helpers';

const KEY_ARN = `arn:aws:kms:${CENTRAL_REGION}:${CENTRAL_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const central = CentralLogTargets.fromAttributes({ accountId: CENTRAL_ACCOUNT, region: CENTRAL_REGION, archiveKeyArn: KEY_ARN });
const ORG_ARN = `arn:aws:organizations::555555555555:organization/${ORG_ID}`;
const OU_ARN = `arn:aws:organizations::555555555555:ou/${ORG_ID}/ou-ab12-cd34ef56`;

function stackIn(region: string, account = CENTRAL_ACCOUNT, app = new App()): Stack {
  return new Stack(app, `Central-${region}-${account}`, { env: { account, region } });
}

function dnsLanding(stack: Stack, kind = RegionalLogKind.DNS_QUERY): VendedLogLanding {
  return new VendedLogLanding(stack, `Landing-${kind}`, { central, kind, exposure: ServiceExposure.INTERNAL, organizationId: ORG_ID });
}

function sharing(stack: Stack, props: Partial<ResolverQueryLogSharingProps> = {}): ResolverQueryLogSharing {
  return new ResolverQueryLogSharing(stack, 'DnsQueryLogs', { central, sharePrincipals: [ORG_ARN], ...props });
}

describe('ResolverQueryLogSharing', () => {
  test('in the archive\'s region the configuration writes to the archive\'s DNS_QUERY landing bucket and is shared with the organisation by RAM', () => {
    // GIVEN
    const stack = stackIn(CENTRAL_REGION);

    // WHEN
    const made = sharing(stack);

    // THEN
    const template = Template.fromStack(stack);
    expect(made.destinationArn).toBe(central.bucketArn(LogFamily.DNS_QUERY));
    template.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfig', {
      Name: `seclog-dns-query-${CENTRAL_REGION}`,
      DestinationArn: `arn:aws:s3:::seclog-dns-query-${CENTRAL_ACCOUNT}-${CENTRAL_REGION}`,
    });
    template.hasResourceProperties('AWS::RAM::ResourceShare', {
      Name: `seclog-dns-query-${CENTRAL_REGION}`,
      AllowExternalPrincipals: false,
      Principals: [ORG_ARN],
      ResourceArns: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^DnsQueryLogsConfig'), 'Arn'] }],
    });
    const outputs = template.findOutputs('*', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DnsQueryLogsConfig'), 'Id'] } });
    expect(Object.keys(outputs)).toHaveLength(1);
  });

  test('in another region it writes to that region\'s VendedLogLanding, after the landing bucket policy exists', () => {
    // GIVEN
    const stack = stackIn('eu-west-1');
    const landing = dnsLanding(stack);

    // WHEN
    const made = sharing(stack, { landing, sharePrincipals: [OU_ARN, '222222222222'] });

    // THEN
    const template = Template.fromStack(stack);
    expect(made.destinationArn).toBe(`arn:aws:s3:::seclog-dns-query-landing-${CENTRAL_ACCOUNT}-eu-west-1`);
    const [config] = Object.values(template.findResources('AWS::Route53Resolver::ResolverQueryLoggingConfig')) as any[];
    expect(config.Properties.DestinationArn).toBe(made.destinationArn);
    expect(config.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^LandingdnsqueryBucketPolicy/)]));
    template.hasResourceProperties('AWS::RAM::ResourceShare', { Principals: [OU_ARN, '222222222222'], AllowExternalPrincipals: false });
  });

  test('a workload of the region associates its VPC with the shared configuration by id, creating no configuration of its own', () => {
    // GIVEN
    const app = new App();
    const workload = stackIn(CENTRAL_REGION, '222222222222', app);
    const vpc = new ec2.Vpc(workload, 'Vpc', { natGateways: 0, subnetConfiguration: [] });

    // WHEN
    const dns = new DnsQueryLogging(workload, 'Dns', { central, vpcs: [vpc], resolverQueryLogConfigId: 'rqlc-1111222233334444' });

    // THEN
    expect(dns.configSource).toBe(DnsQueryLogConfigSource.CENTRAL_SHARED);
    const template = Template.fromStack(workload);
    template.resourceCountIs('AWS::Route53Resolver::ResolverQueryLoggingConfig', 0);
    template.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', { ResolverQueryLogConfigId: 'rqlc-1111222233334444' });
  });
});

describe('ResolverQueryLogSharing bad input', () => {
  test('outside the archive\'s region without a landing it is refused, naming both regions and the fix', () => {
    expect(() => sharing(stackIn('eu-west-1')))
      .toThrow(/ResolverQueryLogSharing in eu-west-1 has no landing, and the archive's DNS_QUERY bucket is in eu-west-2.*pass landing: a VendedLogLanding/);
  });

  test('a landing of another region is refused', () => {
    const app = new App();
    const landing = dnsLanding(stackIn('eu-west-1', CENTRAL_ACCOUNT, app));
    expect(() => sharing(stackIn('eu-central-1', CENTRAL_ACCOUNT, app), { landing }))
      .toThrow(/is in eu-west-1, but ResolverQueryLogSharing is in eu-central-1.*VendedLogLanding of this region/);
  });

  test('a landing of another kind is refused', () => {
    const stack = stackIn('us-east-1');
    expect(() => sharing(stack, { landing: dnsLanding(stack, RegionalLogKind.CLOUDFRONT) }))
      .toThrow(/is for RegionalLogKind.CLOUDFRONT; pass a VendedLogLanding with kind: RegionalLogKind.DNS_QUERY/);
  });

  test('a stack of another account is refused', () => {
    expect(() => sharing(stackIn(CENTRAL_REGION, '222222222222')))
      .toThrow(/is in account 222222222222, not the central log account 111111111111/);
  });

  test.each([
    [{ sharePrincipals: [] }, /sharePrincipals is empty/],
    [{ sharePrincipals: ['o-exampleorg1'] }, /sharePrincipals\[0\] 'o-exampleorg1' is not an organisation ARN, an OU ARN or a 12-digit account id/],
    [{ sharePrincipals: [ORG_ARN, '2222'] }, /sharePrincipals\[1\] '2222' is not/],
    [{ configName: '12345' }, /configName '12345' is not a valid query logging configuration name/],
  ])('%j is refused', (props, message) => {
    expect(() => sharing(stackIn(CENTRAL_REGION), props as Partial<ResolverQueryLogSharingProps>)).toThrow(message);
  });
});

describe('CentralLogTargets.resolverQueryLogConfigIds', () => {
  const withIds = CentralLogTargets.fromAttributes({
    accountId: CENTRAL_ACCOUNT, region: CENTRAL_REGION, resolverQueryLogConfigIds: { 'eu-west-2': 'rqlc-aaaa1111', 'eu-west-1': 'rqlc-bbbb2222' },
  });

  test('DnsQueryLogging without an id of its own associates with the shared configuration of its region', () => {
    // GIVEN
    const workload = stackIn('eu-west-1', '222222222222');
    const vpc = new ec2.Vpc(workload, 'Vpc', { natGateways: 0, subnetConfiguration: [] });

    // WHEN
    const dns = new DnsQueryLogging(workload, 'Dns', { central: withIds, vpcs: [vpc] });

    // THEN
    expect(dns.configSource).toBe(DnsQueryLogConfigSource.CENTRAL_SHARED);
    expect(withIds.resolverQueryLogConfigId('eu-west-1')).toBe('rqlc-bbbb2222');
    const template = Template.fromStack(workload);
    template.resourceCountIs('AWS::Route53Resolver::ResolverQueryLoggingConfig', 0);
    template.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', { ResolverQueryLogConfigId: 'rqlc-bbbb2222' });
  });

  test('a region without a shared configuration, or a configName, still creates a configuration here', () => {
    // GIVEN
    const app = new App();
    const other = stackIn('us-west-2', '222222222222', app);
    const named = stackIn('eu-west-1', '333333333333', app);

    // WHEN
    const inOther = new DnsQueryLogging(other, 'Dns', { central: withIds, vpcs: [new ec2.Vpc(other, 'Vpc', { natGateways: 0, subnetConfiguration: [] })] });
    const withName = new DnsQueryLogging(named, 'Dns', {
      central: withIds, configName: 'own', vpcs: [new ec2.Vpc(named, 'Vpc', { natGateways: 0, subnetConfiguration: [] })],
    });

    // THEN
    expect(inOther.configSource).toBe(DnsQueryLogConfigSource.LOCAL);
    expect(withName.configSource).toBe(DnsQueryLogConfigSource.LOCAL);
  });

  test.each([
    [{ 'eu-west-1': 'config-1' }, /resolverQueryLogConfigIds\['eu-west-1'\] 'config-1' is not a Resolver query logging configuration id/],
    [{ 'Europe': 'rqlc-aaaa1111' }, /resolverQueryLogConfigIds key 'Europe'/],
  ])('%j is refused', (ids, message) => {
    expect(() => CentralLogTargets.fromAttributes({ accountId: CENTRAL_ACCOUNT, region: CENTRAL_REGION, resolverQueryLogConfigIds: ids }))
      .toThrow(message);
  });
});
