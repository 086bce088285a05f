import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  CentralLogTargets, LoadBalancerKind, LoadBalancerLogLanding, LoadBalancerLogLandingProps, VaultStorageClass,
} from '../../lib/central';
import { ServiceExposure } from '../../lib/requirements/types';
import { BREAK_GLASS, CENTRAL_ACCOUNT, CENTRAL_REGION, ORG_ID, bucketPolicyFor } from './helpers';

const WORKLOAD = '222222222222';
const KEY_ARN = `arn:aws:kms:${CENTRAL_REGION}:${CENTRAL_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const central = CentralLogTargets.fromAttributes({ accountId: CENTRAL_ACCOUNT, region: CENTRAL_REGION, archiveKeyArn: KEY_ARN });
const VAULT_ARN = `arn:aws:s3:::seclog-vault-${CENTRAL_ACCOUNT}-${CENTRAL_REGION}`;

function landingIn(region: string, props: Partial<LoadBalancerLogLandingProps> = {}, app = new App()): { app: App; stack: Stack; landing: LoadBalancerLogLanding } {
  const stack = new Stack(app, `Landing-${region}`, { env: { account: CENTRAL_ACCOUNT, region } });
  const landing = new LoadBalancerLogLanding(stack, 'ElbLogs', {
    central, exposure: ServiceExposure.EXTERNAL, sourceAccounts: [WORKLOAD], breakGlassRoleArn: BREAK_GLASS, ...props,
  });
  return { app, stack, landing };
}

function albIn(app: App, region: string): elbv2.ApplicationLoadBalancer {
  const stack = new Stack(app, `Workload-${region}`, { env: { account: WORKLOAD, region } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  return new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
}

describe('LoadBalancerLogLanding', () => {
  test('an ALB landing bucket is SSE-S3, versioned, no Object Lock, retained, named for its region, and expires after 30 days', () => {
    // GIVEN / WHEN
    const { stack } = landingIn('eu-west-1');

    // THEN
    Template.fromStack(stack).hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BucketName: `seclog-elb-landing-${CENTRAL_ACCOUNT}-eu-west-1`,
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        ObjectLockEnabled: Match.absent(),
        LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 30 })]) },
        LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'elb-landing/' },
      }),
    });
  });

  test('it replicates every object cross-region into the vault, without SSE-KMS selection for SSE-S3 logs', () => {
    // GIVEN / WHEN
    const { stack } = landingIn('eu-west-1', { vaultStorageClass: VaultStorageClass.STANDARD_IA });

    // THEN
    const template = Template.fromStack(stack);
    const bucket = Object.values(template.findResources('AWS::S3::Bucket', { Properties: { BucketName: `seclog-elb-landing-${CENTRAL_ACCOUNT}-eu-west-1` } }))[0] as any;
    const [rule] = bucket.Properties.ReplicationConfiguration.Rules;
    expect(rule).toMatchObject({ Status: 'Enabled', Filter: { Prefix: '' }, DeleteMarkerReplication: { Status: 'Disabled' } });
    expect(rule.Destination).toMatchObject({ Bucket: VAULT_ARN, StorageClass: 'STANDARD_IA', Metrics: { Status: 'Enabled' } });
    expect(rule.SourceSelectionCriteria).toBeUndefined();
    expect(rule.Destination.EncryptionConfiguration).toBeUndefined();
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'seclog-elb-replication-eu-west-1' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'OperationsFailedReplication' });
  });

  test('its S3 server access-log bucket replicates into the vault as well, with its own failure alarm', () => {
    // GIVEN / WHEN
    const { stack, landing } = landingIn('eu-west-1');

    // THEN
    const template = Template.fromStack(stack);
    const name = `seclog-elb-access-logs-${CENTRAL_ACCOUNT}-eu-west-1`;
    const bucket = Object.values(template.findResources('AWS::S3::Bucket', { Properties: { BucketName: name } }))[0] as any;
    expect(bucket.Properties.ObjectLockEnabled).toBeUndefined();
    const [rule] = bucket.Properties.ReplicationConfiguration.Rules;
    expect(rule).toMatchObject({ Status: 'Enabled', Filter: { Prefix: '' }, Destination: { Bucket: VAULT_ARN, StorageClass: 'GLACIER_IR' } });
    expect(rule.SourceSelectionCriteria).toBeUndefined();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'OperationsFailedReplication',
      Dimensions: Match.arrayWith([{ Name: 'SourceBucket', Value: name }]),
    });
    expect(landing.accessLogReplicationAlarm).toBeDefined();
    const policy = Object.values(template.findResources('AWS::IAM::Policy'))
      .map((p: any) => JSON.stringify(p.Properties.PolicyDocument)).find((d) => d.includes('ReadLandingObjectVersions'))!;
    expect(policy).toContain(`arn:aws:s3:::${name}/*`);
  });

  test('an older region grants its regional Elastic Load Balancing account, scoped to the source accounts\' AWSLogs/ paths', () => {
    // GIVEN / WHEN
    const { stack } = landingIn('eu-west-1');

    // THEN
    const grant = bucketPolicyFor(Template.fromStack(stack), `seclog-elb-landing-${CENTRAL_ACCOUNT}-eu-west-1`).find((s) => s.Sid === 'ElbAccessLogDelivery');
    expect(grant.Principal).toEqual({ AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::156460612806:root']] } });
    expect(grant.Action).toBe('s3:PutObject');
    expect(grant.Resource).toEqual([WORKLOAD, CENTRAL_ACCOUNT].map((a) => `arn:aws:s3:::seclog-elb-landing-${CENTRAL_ACCOUNT}-eu-west-1/*AWSLogs/${a}/*`));
  });

  test('a region opened after August 2022 grants logdelivery.elasticloadbalancing.amazonaws.com', () => {
    // GIVEN / WHEN
    const { stack } = landingIn('ap-southeast-4');

    // THEN
    const grant = bucketPolicyFor(Template.fromStack(stack), `seclog-elb-landing-${CENTRAL_ACCOUNT}-ap-southeast-4`).find((s) => s.Sid === 'ElbAccessLogDelivery');
    expect(grant.Principal).toEqual({ Service: 'logdelivery.elasticloadbalancing.amazonaws.com' });
  });

  test('an NLB landing with a KMS key grants delivery.logs under aws:SourceAccount and aws:SourceArn, and re-encrypts replicas with the vault key', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Nlb', { env: { account: CENTRAL_ACCOUNT, region: 'eu-west-1' } });
    const key = new kms.Key(stack, 'Key');

    // WHEN
    new LoadBalancerLogLanding(stack, 'ElbLogs', {
      central, exposure: ServiceExposure.EXTERNAL, sourceAccounts: [WORKLOAD], loadBalancerKind: LoadBalancerKind.NETWORK, encryptionKey: key,
    });

    // THEN
    const template = Template.fromStack(stack);
    const write = bucketPolicyFor(template, `seclog-elb-landing-${CENTRAL_ACCOUNT}-eu-west-1`).find((s) => s.Sid === 'AWSLogDeliveryWrite');
    expect(write.Principal).toEqual({ Service: 'delivery.logs.amazonaws.com' });
    expect(write.Condition.StringEquals).toEqual({ 'aws:SourceAccount': [WORKLOAD, CENTRAL_ACCOUNT], 's3:x-amz-acl': 'bucket-owner-full-control' });
    expect(write.Condition.ArnLike['aws:SourceArn']).toContain(`arn:aws:logs:eu-west-1:${WORKLOAD}:*`);
    expect(JSON.stringify(write)).not.toContain('PrincipalOrgID');
    const bucket = Object.values(template.findResources('AWS::S3::Bucket', { Properties: { BucketName: `seclog-elb-landing-${CENTRAL_ACCOUNT}-eu-west-1` } }))[0] as any;
    expect(bucket.Properties.ReplicationConfiguration.Rules[0]).toMatchObject({
      SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
      Destination: { EncryptionConfiguration: { ReplicaKmsKeyID: KEY_ARN } },
    });
  });

  test('an NLB landing for the whole organisation grants delivery.logs under aws:SourceOrgID and aws:SourceArn of the region, never without conditions', () => {
    // GIVEN
    const stack = new Stack(new App(), 'NlbOrg', { env: { account: CENTRAL_ACCOUNT, region: 'eu-west-1' } });

    // WHEN
    new LoadBalancerLogLanding(stack, 'ElbLogs', { central, exposure: ServiceExposure.EXTERNAL, organizationId: ORG_ID, loadBalancerKind: LoadBalancerKind.NETWORK });

    // THEN
    const policy = bucketPolicyFor(Template.fromStack(stack), `seclog-elb-landing-${CENTRAL_ACCOUNT}-eu-west-1`);
    for (const sid of ['AWSLogDeliveryWrite', 'AWSLogDeliveryAclCheck']) {
      const statement = policy.find((s) => s.Sid === sid);
      expect(statement.Condition.StringEquals['aws:SourceOrgID']).toBe(ORG_ID);
      expect(statement.Condition.ArnLike).toEqual({ 'aws:SourceArn': ['arn:aws:logs:eu-west-1:*:*'] });
      expect(JSON.stringify(statement)).not.toContain('PrincipalOrgID');
    }
  });

  test('the landing bucket denies deleting versions and rewriting its policy to all but break-glass', () => {
    // GIVEN / WHEN
    const { stack } = landingIn('eu-west-1');

    // THEN
    const deny = bucketPolicyFor(Template.fromStack(stack), `seclog-elb-landing-${CENTRAL_ACCOUNT}-eu-west-1`)
      .find((s) => s.Sid === 'DenyLogDeletionAndPolicyChangesExceptBreakGlass');
    expect(deny.Action).toEqual(expect.arrayContaining(['s3:DeleteObjectVersion', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy']));
    expect(deny.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': [BREAK_GLASS] } });
  });

  test('enableAccessLogs points an ALB of the same region at the landing bucket and orders its stack after the landing', () => {
    // GIVEN
    const { app, stack, landing } = landingIn('eu-west-1');
    const alb = albIn(app, 'eu-west-1');

    // WHEN
    landing.enableAccessLogs(alb, 'shop');

    // THEN
    Template.fromStack(Stack.of(alb)).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: `seclog-elb-landing-${CENTRAL_ACCOUNT}-eu-west-1` },
        { Key: 'access_logs.s3.prefix', Value: 'shop' },
      ]),
    });
    expect(Stack.of(alb).dependencies).toContain(stack);
  });
});

describe('LoadBalancerLogLanding bad input', () => {
  test('a load balancer in another region than the landing bucket is refused', () => {
    // GIVEN
    const { app, landing } = landingIn('eu-west-1');
    const alb = albIn(app, 'eu-west-2');

    // WHEN / THEN
    expect(() => landing.enableAccessLogs(alb)).toThrow(/is in region eu-west-2, but the landing bucket .* is in eu-west-1.*make a LoadBalancerLogLanding in that region/);
  });

  test('a KMS key for an ALB log bucket is refused', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Alb', { env: { account: CENTRAL_ACCOUNT, region: 'eu-west-1' } });

    // WHEN / THEN
    expect(() => new LoadBalancerLogLanding(stack, 'ElbLogs', {
      central, exposure: ServiceExposure.EXTERNAL, sourceAccounts: [WORKLOAD], encryptionKey: new kms.Key(stack, 'Key'),
    })).toThrow(/encryptionKey was given for an Application Load Balancer log bucket, but ALB access logs support only SSE-S3.*remove encryptionKey/);
  });

  test('a landing outside the central log account is refused', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Elsewhere', { env: { account: WORKLOAD, region: 'eu-west-1' } });

    // WHEN / THEN
    expect(() => new LoadBalancerLogLanding(stack, 'ElbLogs', { central, exposure: ServiceExposure.EXTERNAL, organizationId: ORG_ID }))
      .toThrow(new RegExp(`is in account ${WORKLOAD}, not the central log account ${CENTRAL_ACCOUNT}`));
  });

  test.each([
    [{ landingExpiryDays: 0 }, /landingExpiryDays of 0 is shorter than one day/],
    [{ landingExpiryDays: 900 }, /landingExpiryDays of 900 exceeds the vault retention/],
    [{ vaultStorageClass: 'REDUCED_REDUNDANCY' as VaultStorageClass }, /vaultStorageClass 'REDUCED_REDUNDANCY' is not a storage class/],
  ])('%j is refused', (props, message) => {
    expect(() => landingIn('eu-west-1', props)).toThrow(message);
  });
});
