import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import {
  CentralLogDestination, CentralLogTargets, LoadBalancerKind, LoadBalancerLogLanding, LogArchive, LogFamily, SignInCorrelation,
} from '../../lib/central';
import { ServiceExposure } from '../../lib/requirements/types';
import { BREAK_GLASS, CENTRAL_ACCOUNT, CENTRAL_REGION, ORG_ID, centralStack } from './helpers';

/** Bad input to the central constructs: each message names the value as written, the prop and the fix. */

const KEY_ARN = `arn:aws:kms:${CENTRAL_REGION}:${CENTRAL_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const central = CentralLogTargets.fromAttributes({ accountId: CENTRAL_ACCOUNT, region: CENTRAL_REGION, archiveKeyArn: KEY_ARN });
const landingProps = { central, exposure: ServiceExposure.EXTERNAL, sourceAccounts: ['222222222222'], breakGlassRoleArn: BREAK_GLASS };

function albIn(stack: Stack): elbv2.ApplicationLoadBalancer {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  return new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
}

describe('LoadBalancerLogLanding messages', () => {
  test('a stack without a concrete account and region is refused, naming the stack and env', () => {
    const stack = new Stack(new App(), 'Landing');
    expect(() => new LoadBalancerLogLanding(stack, 'ElbLogs', landingProps)).toThrow(
      "LoadBalancerLogLanding needs a stack with a concrete account and region (stack 'Landing'): " +
      'load balancers deliver only to a bucket in their own region; set env: { account, region }.');
  });

  test("a malformed env.account is named as the stack's env.account, not as another prop", () => {
    const stack = new Stack(new App(), 'Landing', { env: { account: '1111', region: CENTRAL_REGION } });
    expect(() => new LoadBalancerLogLanding(stack, 'ElbLogs', landingProps)).toThrow(
      "env.account of stack 'Landing': '1111' is not an AWS account id; use the 12-digit id, for example '123456789012'.");
  });

  test("a malformed env.region is named as the stack's env.region", () => {
    const stack = new Stack(new App(), 'Landing', { env: { account: CENTRAL_ACCOUNT, region: 'europe-london' } });
    expect(() => new LoadBalancerLogLanding(stack, 'ElbLogs', landingProps)).toThrow(
      "env.region of stack 'Landing': 'europe-london' is not an AWS region name; use a region such as 'eu-west-2'.");
  });

  test('a load balancer of another kind than the landing is refused, naming both', () => {
    const app = new App();
    const stack = new Stack(app, 'Landing', { env: { account: CENTRAL_ACCOUNT, region: CENTRAL_REGION } });
    const landing = new LoadBalancerLogLanding(stack, 'ElbLogs', { ...landingProps, loadBalancerKind: LoadBalancerKind.NETWORK });
    const alb = albIn(new Stack(app, 'Workload', { env: { account: '222222222222', region: CENTRAL_REGION } }));
    expect(() => landing.enableAccessLogs(alb)).toThrow(
      'Load balancer Workload/Alb is an Application Load Balancer, but this landing bucket is for LoadBalancerKind.NETWORK; ' +
      'use a landing of the matching kind.');
  });

  test('a prefix with a slash or AWSLogs is refused, naming it', () => {
    const app = new App();
    const stack = new Stack(app, 'Landing', { env: { account: CENTRAL_ACCOUNT, region: CENTRAL_REGION } });
    const landing = new LoadBalancerLogLanding(stack, 'ElbLogs', landingProps);
    const alb = albIn(new Stack(app, 'Workload', { env: { account: '222222222222', region: CENTRAL_REGION } }));
    expect(() => landing.enableAccessLogs(alb, 'alb/')).toThrow(
      "prefix 'alb/' cannot be used for access logs: no leading or trailing '/', and it may not contain 'AWSLogs'.");
    expect(() => landing.enableAccessLogs(alb, 'AWSLogs-x')).toThrow(/prefix 'AWSLogs-x' cannot be used for access logs/);
  });
});

describe('CentralLogDestination messages', () => {
  test("a malformed env.region is named as the stack's env.region", () => {
    const stack = new Stack(new App(), 'Central', { env: { account: CENTRAL_ACCOUNT, region: 'eu-west' } });
    const archive = new LogArchive(centralStack(), 'Archive', { exposure: ServiceExposure.INTERNAL, organizationId: ORG_ID });
    expect(() => new CentralLogDestination(stack, 'Destination', { archive, organizationId: ORG_ID })).toThrow(
      "env.region of stack 'Central': 'eu-west' is not an AWS region name; use a region such as 'eu-west-2'.");
  });
});

describe('LogArchive messages', () => {
  test('an unknown log family is refused, listing the families', () => {
    const archive = new LogArchive(centralStack(), 'Archive', { exposure: ServiceExposure.INTERNAL, organizationId: ORG_ID });
    expect(() => archive.deadLetterQueue('dns' as LogFamily)).toThrow(/^Unknown log family 'dns'; use one of .+\.$/);
  });

  test('an imported archive refuses an unknown log family, listing the families', () => {
    const archive = LogArchive.fromLogArchiveAttributes(centralStack(), 'Archive', central);
    expect(() => archive.bucket('dns' as LogFamily)).toThrow(/^Unknown log family 'dns'; use one of .+\.$/);
  });

  test('a SIEM role name IAM refuses is named with the rule', () => {
    expect(() => new LogArchive(centralStack(), 'Archive', {
      exposure: ServiceExposure.INTERNAL, organizationId: ORG_ID, siem: { account: '444444444444', externalId: 'siem-ext-id', roleName: 'siem reader' },
    })).toThrow("siem.roleName 'siem reader' is not a valid IAM role name; use 1 to 64 letters, digits or +=,.@_-.");
  });

  test('a SIEM maxReceiveCount over the SQS maximum is named with the range', () => {
    expect(() => new LogArchive(centralStack(), 'Archive', {
      exposure: ServiceExposure.INTERNAL, organizationId: ORG_ID, siem: { account: '444444444444', externalId: 'siem-ext-id', maxReceiveCount: 1001 },
    })).toThrow('siem.maxReceiveCount of 1001 exceeds the SQS maximum of 1000; use 1 to 1000.');
  });

  test('a SIEM maxReceiveCount that is not a positive whole number is named with the fix', () => {
    expect(() => new LogArchive(centralStack(), 'Archive', {
      exposure: ServiceExposure.INTERNAL, organizationId: ORG_ID, siem: { account: '444444444444', externalId: 'siem-ext-id', maxReceiveCount: 0 },
    })).toThrow('siem.maxReceiveCount must be a positive whole number, got 0; use 1 to 1000.');
  });
});

describe('SignInCorrelation messages', () => {
  function correlate(props: object) {
    const stack = centralStack();
    const eventBus = new events.EventBus(stack, 'Bus', { eventBusName: 'seclog-security-events' });
    return () => new SignInCorrelation(stack, 'SignIn', { eventBus, ...props });
  }

  test('a reservedConcurrency outside 1 to 100 is named with the range', () => {
    expect(correlate({ reservedConcurrency: 0 })).toThrow('reservedConcurrency of 0 is outside 1 to 100; use a small whole number such as');
    expect(correlate({ reservedConcurrency: 101 })).toThrow(/^reservedConcurrency of 101 is outside 1 to 100; use a small whole number such as \d+\.$/);
  });

  test('an empty directories list is refused, with the fix', () => {
    expect(correlate({ directories: [] })).toThrow(
      'directories is an empty list, so no sign-in would be correlated; leave it out to correlate all directories.');
  });
});

describe('CentralLogTargets messages', () => {
  test('asking for the archive key of targets made without one names archiveKeyArn and where to find it', () => {
    const targets = CentralLogTargets.fromAttributes({ accountId: CENTRAL_ACCOUNT, region: CENTRAL_REGION });
    expect(() => targets.archiveKeyArn).toThrow(
      'This source encrypts with the central archive key, but CentralLogTargets has no archiveKeyArn; ' +
      "pass archiveKeyArn (the central stack's ArchiveKeyArn output) to CentralLogTargets.fromAttributes.");
  });
});
