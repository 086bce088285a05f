import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { CentralLogTargets, RegionalLogKind, VendedLogLanding } from '../../../lib/central';
import { findEvidence } from '../../../lib/core/evidence';
import { ServiceExposure } from '../../../lib/requirements/types';
import { CloudFrontAccessLogging, CloudFrontAccessLoggingProps } from '../../../lib/sources/services/cloudfront-access-logging';

const CENTRAL = '999999999999';
const WORKLOAD = '111111111111';
const central = CentralLogTargets.fromAttributes({
  accountId: CENTRAL, region: 'eu-west-2', archiveKeyArn: `arn:aws:kms:eu-west-2:${CENTRAL}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
});
const DESTINATION = `arn:aws:logs:us-east-1:${CENTRAL}:delivery-destination:seclog-cloudfront-landing`;

function withDistribution(region = 'us-east-1', props: Partial<CloudFrontAccessLoggingProps> = {}) {
  const stack = new Stack(new App(), 'Cdn', { env: { account: WORKLOAD, region } });
  const distribution = new cloudfront.Distribution(stack, 'Distribution', {
    defaultBehavior: { origin: new origins.HttpOrigin('shop.example.com') },
  });
  const make = (extra: Partial<CloudFrontAccessLoggingProps> = {}, id = 'AccessLogs') =>
    new CloudFrontAccessLogging(stack, id, { central, distribution, ...props, ...extra });
  return { stack, distribution, make };
}

describe('CloudFrontAccessLogging', () => {
  test('a delivery source for the distribution (ACCESS_LOGS) and a delivery to the central CloudFront destination', () => {
    // GIVEN / WHEN
    const { stack, make } = withDistribution();
    const logging = make();

    // THEN
    const t = Template.fromStack(stack);
    const [distributionId] = Object.keys(t.findResources('AWS::CloudFront::Distribution'));
    const sources = t.findResources('AWS::Logs::DeliverySource');
    expect(Object.keys(sources)).toHaveLength(1);
    const [sourceId, source] = Object.entries(sources)[0] as [string, any];
    expect(source.Properties.LogType).toBe('ACCESS_LOGS');
    expect(source.Properties.Name).toMatch(/^[\w-]{1,60}$/);
    expect(JSON.stringify(source.Properties.ResourceArn)).toContain(`{"Ref":"${distributionId}"}`);
    expect(JSON.stringify(source.Properties.ResourceArn)).toContain(':cloudfront::');
    t.hasResourceProperties('AWS::Logs::Delivery', {
      DeliverySourceName: { Ref: sourceId },
      DeliveryDestinationArn: DESTINATION,
      RecordFields: Match.absent(),
    });
    // The destination is the central account's: none is made in the workload account.
    t.resourceCountIs('AWS::Logs::DeliveryDestination', 0);
    expect(logging.deliveryDestinationArn).toBe(DESTINATION);
  });

  test('the targets name the central delivery destination', () => {
    expect(central.cloudFrontDeliveryDestinationName).toBe('seclog-cloudfront-landing');
    expect(central.cloudFrontDeliveryDestinationArn).toBe(DESTINATION);
  });

  test('a record-field selection that keeps the required fields is delivered as given', () => {
    const fields = ['date', 'time', ...CloudFrontAccessLogging.REQUIRED_FIELDS, 'sc-status'];
    const { stack, make } = withDistribution();
    make({ recordFields: fields, deliverySourceName: 'shop-cdn', deliveryDestinationArn: `arn:aws:logs:us-east-1:${CENTRAL}:delivery-destination:other` });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Logs::DeliverySource', { Name: 'shop-cdn' });
    t.hasResourceProperties('AWS::Logs::Delivery', {
      RecordFields: fields, DeliveryDestinationArn: `arn:aws:logs:us-east-1:${CENTRAL}:delivery-destination:other`,
    });
  });

  test('the required fields are the catalogue\'s for CA-B3', () => {
    expect(CloudFrontAccessLogging.REQUIRED_FIELDS).toEqual(['c-ip', 'cs-method', 'cs(Host)', 'cs-uri-stem', 'cs-bytes', 'sc-bytes', 'time-taken']);
    expect(CloudFrontAccessLogging.IMPLEMENTS.requirementIds).toEqual(['CA-B3']);
  });

  test('records CA-B3 evidence naming the distribution, the source and the delivery', () => {
    const { stack, make, distribution } = withDistribution();
    const logging = make();
    const evidence = findEvidence(stack).flatMap((e) => e.evidence);
    expect(evidence).toHaveLength(1);
    expect(evidence[0].requirementIds).toEqual(['CA-B3']);
    expect(evidence[0].resources).toEqual([distribution, logging.deliverySource, logging.delivery]);
    expect(evidence[0].note).toContain('with every default field');
  });
});

describe('the central CloudFront landing makes the delivery destination', () => {
  test('in us-east-1: a destination for the landing bucket whose policy lets the source accounts and organisation create deliveries', () => {
    const stack = new Stack(new App(), 'CentralUsEast1', { env: { account: CENTRAL, region: 'us-east-1' } });
    const landing = new VendedLogLanding(stack, 'CloudFrontLanding', {
      central, kind: RegionalLogKind.CLOUDFRONT, exposure: ServiceExposure.EXTERNAL, sourceAccounts: [WORKLOAD], organizationId: 'o-exampleorg1',
    });
    expect(landing.deliveryDestination).toBeDefined();
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Logs::DeliveryDestination', {
      Name: 'seclog-cloudfront-landing',
      DestinationResourceArn: `arn:aws:s3:::seclog-cloudfront-landing-${CENTRAL}-us-east-1`,
      DeliveryDestinationPolicy: {
        DeliveryDestinationName: 'seclog-cloudfront-landing',
        DeliveryDestinationPolicy: {
          Version: '2012-10-17',
          Statement: [
            { Sid: 'AllowSourceAccountsToCreateDelivery', Effect: 'Allow', Principal: { AWS: [WORKLOAD, CENTRAL] }, Action: 'logs:CreateDelivery', Resource: DESTINATION },
            {
              Sid: 'AllowOrganizationToCreateDelivery', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'logs:CreateDelivery', Resource: DESTINATION,
              Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorg1' } },
            },
          ],
        },
      },
    });
    const [destination] = Object.values(t.findResources('AWS::Logs::DeliveryDestination')) as any[];
    expect(destination.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^CloudFrontLandingBucketPolicy/)]));
  });

  test('a DNS landing makes no delivery destination', () => {
    const stack = new Stack(new App(), 'CentralEuWest1', { env: { account: CENTRAL, region: 'eu-west-1' } });
    const landing = new VendedLogLanding(stack, 'DnsLanding', {
      central, kind: RegionalLogKind.DNS_QUERY, exposure: ServiceExposure.INTERNAL, sourceAccounts: [WORKLOAD],
    });
    expect(landing.deliveryDestination).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::Logs::DeliveryDestination', 0);
  });

  test('a CloudFront landing outside us-east-1 is refused, naming the region and the fix', () => {
    const stack = new Stack(new App(), 'CentralEuWest2', { env: { account: CENTRAL, region: 'eu-west-2' } });
    expect(() => new VendedLogLanding(stack, 'CloudFrontLanding', {
      central, kind: RegionalLogKind.CLOUDFRONT, exposure: ServiceExposure.EXTERNAL, sourceAccounts: [WORKLOAD],
    })).toThrow("VendedLogLanding with kind RegionalLogKind.CLOUDFRONT is in eu-west-2, but CloudFront standard logging v2 is configured " +
      'through the CloudWatch Logs API in us-east-1 only, so its delivery destination must be there; place this landing in a stack ' +
      "of the central log account with env region 'us-east-1'.");
  });
});

describe('CloudFrontAccessLogging bad input', () => {
  test('a stack outside us-east-1 is refused, naming the region and the fix', () => {
    const { make } = withDistribution('eu-west-2');
    expect(() => make()).toThrow(/^CloudFrontAccessLogging is in eu-west-2 \(stack 'Cdn'\), but CloudFront standard logging v2 delivery sources can be created only in us-east-1.*env region 'us-east-1'.*fromDistributionAttributes/);
  });

  test('an environment-agnostic stack is refused', () => {
    const stack = new Stack(new App(), 'Agnostic');
    const distribution = new cloudfront.Distribution(stack, 'D', { defaultBehavior: { origin: new origins.HttpOrigin('shop.example.com') } });
    expect(() => new CloudFrontAccessLogging(stack, 'L', { central, distribution }))
      .toThrow(/needs a stack with a concrete region \(stack 'Agnostic'\).*region: 'us-east-1'/);
  });

  test('a distribution of another account is refused', () => {
    const app = new App();
    const other = new Stack(app, 'Other', { env: { account: '222222222222', region: 'us-east-1' } });
    const distribution = new cloudfront.Distribution(other, 'D', { defaultBehavior: { origin: new origins.HttpOrigin('shop.example.com') } });
    const stack = new Stack(app, 'Mine', { env: { account: WORKLOAD, region: 'us-east-1' } });
    expect(() => new CloudFrontAccessLogging(stack, 'L', { central, distribution }))
      .toThrow(/Distribution Other\/D is in account 222222222222, but CloudFrontAccessLogging is in 111111111111: .*make it in a stack of 222222222222/);
  });

  test('a second construct for the same distribution is refused', () => {
    const { make } = withDistribution();
    make();
    expect(() => make({}, 'Again')).toThrow("Distribution Cdn/Distribution already has CloudFrontAccessLogging 'Cdn/AccessLogs'; use one per distribution.");
  });

  test.each([
    [{ recordFields: ['date', 'time', 'cs-method'] }, /recordFields \[date, time, cs-method\] lacks c-ip, cs\(Host\), .*which the catalogue requires of CloudFront standard logs for CA-B3/],
    [{ recordFields: [] }, /recordFields is empty; list the fields to deliver \(at least c-ip/],
    [{ recordFields: [...CloudFrontAccessLogging.REQUIRED_FIELDS, 'c-ip'] }, /recordFields lists c-ip more than once/],
    [{ deliverySourceName: 'has space' }, /deliverySourceName 'has space' is not a delivery source name; use 1 to 60/],
    [{ deliveryDestinationArn: 'arn:aws:logs:eu-west-2:999999999999:delivery-destination:x' }, /deliveryDestinationArn 'arn:aws:logs:eu-west-2:.*' is not a us-east-1 delivery destination ARN/],
  ])('%j is refused with the value and the fix', (props, message) => {
    const { make } = withDistribution();
    expect(() => make(props as Partial<CloudFrontAccessLoggingProps>)).toThrow(message);
  });
});
