import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CentralLogTargets, RegionalLogKind, VaultStorageClass, VendedLogLanding, VendedLogLandingProps } from '../../lib/central';
import { ServiceExposure } from '../../lib/requirements/types';
import { BREAK_GLASS, CENTRAL_ACCOUNT, CENTRAL_REGION, ORG_ID, READER, bucketPolicyFor, statementsOf } from './helpers';

const WORKLOAD = '222222222222';
const KEY_ARN = `arn:aws:kms:${CENTRAL_REGION}:${CENTRAL_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const central = CentralLogTargets.fromAttributes({ accountId: CENTRAL_ACCOUNT, region: CENTRAL_REGION, archiveKeyArn: KEY_ARN });
const VAULT_ARN = `arn:aws:s3:::seclog-vault-${CENTRAL_ACCOUNT}-${CENTRAL_REGION}`;
const LANDING = `seclog-dns-query-landing-${CENTRAL_ACCOUNT}-eu-west-1`;
const ACCESS = `seclog-dns-query-access-${CENTRAL_ACCOUNT}-eu-west-1`;

function landingIn(region: string, props: Partial<VendedLogLandingProps> = {}, account = CENTRAL_ACCOUNT): { stack: Stack; landing: VendedLogLanding; template: () => Template } {
  const stack = new Stack(new App(), `Landing-${region}`, { env: { account, region } });
  const landing = new VendedLogLanding(stack, 'DnsLanding', {
    central, kind: RegionalLogKind.DNS_QUERY, exposure: ServiceExposure.INTERNAL, organizationId: ORG_ID, breakGlassRoleArn: BREAK_GLASS, ...props,
  });
  return { stack, landing, template: () => Template.fromStack(stack) };
}

function bucket(template: Template, name: string): any {
  return Object.values(template.findResources('AWS::S3::Bucket', { Properties: { BucketName: name } }))[0];
}

describe('VendedLogLanding', () => {
  test('the landing bucket is named for its kind and region, SSE-KMS with a key of its region, versioned, unlocked, access-logged, retained, 30-day expiry', () => {
    // GIVEN / WHEN
    const { template, landing } = landingIn('eu-west-1');

    // THEN
    const t = template();
    expect(landing.bucketArn).toBe(`arn:aws:s3:::${LANDING}`);
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BucketName: LANDING,
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DnsLandingKey'), 'Arn'] } },
        })] },
        VersioningConfiguration: { Status: 'Enabled' },
        ObjectLockEnabled: Match.absent(),
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 30 })]) },
        LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^DnsLandingAccessLogBucket') }, LogFilePrefix: 'dns-query-landing/' },
      }),
    });
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketName: ACCESS,
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        ObjectLockEnabled: Match.absent(),
      }),
    });
  });

  test('both buckets replicate cross-region into the vault: landing SSE-KMS objects selected and re-encrypted with the archive key', () => {
    // GIVEN / WHEN
    const { template, landing } = landingIn('eu-west-1', { vaultStorageClass: VaultStorageClass.STANDARD_IA });

    // THEN
    const t = template();
    const [rule] = bucket(t, LANDING).Properties.ReplicationConfiguration.Rules;
    expect(rule).toMatchObject({
      Status: 'Enabled', Filter: { Prefix: '' }, DeleteMarkerReplication: { Status: 'Disabled' },
      SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
      Destination: { Bucket: VAULT_ARN, StorageClass: 'STANDARD_IA', EncryptionConfiguration: { ReplicaKmsKeyID: KEY_ARN }, Metrics: { Status: 'Enabled' } },
    });
    const [accessRule] = bucket(t, ACCESS).Properties.ReplicationConfiguration.Rules;
    expect(accessRule).toMatchObject({ Status: 'Enabled', Destination: { Bucket: VAULT_ARN, StorageClass: 'STANDARD_IA' } });
    expect(accessRule.SourceSelectionCriteria).toBeUndefined();
    t.hasResourceProperties('AWS::IAM::Role', { RoleName: 'seclog-dns-query-replication-eu-west-1' });
    expect(landing.alarms).toHaveLength(2);
    for (const name of [LANDING, ACCESS]) {
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'OperationsFailedReplication', Dimensions: Match.arrayWith([{ Name: 'SourceBucket', Value: name }]), AlarmActions: Match.anyValue(),
      });
    }
    const policy = JSON.stringify(Object.values(t.findResources('AWS::IAM::Policy')).map((p: any) => p.Properties.PolicyDocument));
    expect(policy).toContain('"kms:ViaService":"s3.eu-west-1.amazonaws.com"');
    expect(policy).toContain(`"kms:ViaService":"s3.${CENTRAL_REGION}.amazonaws.com"`);
  });

  test('vended delivery may write under AWSLogs/ for the organisation and the named accounts, with aws:SourceArn of this region only', () => {
    // GIVEN / WHEN
    const { template } = landingIn('eu-west-1', { sourceAccounts: [WORKLOAD] });

    // THEN
    const policy = bucketPolicyFor(template(), LANDING);
    const org = policy.find((s) => s.Sid === 'AWSLogDeliveryWriteOrganization');
    expect(org).toMatchObject({
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${LANDING}/*AWSLogs/*`,
      Condition: {
        StringEquals: { 'aws:SourceOrgID': ORG_ID, 's3:x-amz-acl': 'bucket-owner-full-control' },
        ArnLike: { 'aws:SourceArn': ['arn:aws:logs:eu-west-1:*:*'] },
      },
    });
    const accounts = policy.find((s) => s.Sid === 'AWSLogDeliveryWriteAccounts');
    expect(accounts.Condition.StringEquals['aws:SourceAccount']).toEqual([WORKLOAD, CENTRAL_ACCOUNT]);
    expect(accounts.Condition.ArnLike['aws:SourceArn']).toEqual([WORKLOAD, CENTRAL_ACCOUNT].map((a) => `arn:aws:logs:eu-west-1:${a}:*`));
    expect(policy.find((s) => s.Sid === 'AWSLogDeliveryAclCheckOrganization').Action).toEqual(['s3:GetBucketAcl', 's3:ListBucket']);
    expect(JSON.stringify(policy)).not.toContain('PrincipalOrgID');
  });

  test('every bucket denies version deletion and bucket policy changes to all but break-glass, and configuration changes to all but break-glass and deployers', () => {
    // GIVEN / WHEN
    const deployer = `arn:aws:iam::${CENTRAL_ACCOUNT}:role/Deployer`;
    const { template } = landingIn('eu-west-1', { deploymentRoleArns: [deployer], readerRoleArns: [READER] });

    // THEN
    for (const name of [LANDING, ACCESS]) {
      const policy = bucketPolicyFor(template(), name);
      const breakGlassOnly = policy.find((s) => s.Sid === 'DenyLogDeletionAndPolicyChangesExceptBreakGlass');
      expect(breakGlassOnly.Effect).toBe('Deny');
      expect(breakGlassOnly.Action).toEqual(expect.arrayContaining(['s3:DeleteObjectVersion', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy']));
      expect(breakGlassOnly.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': [BREAK_GLASS] } });
      const config = policy.find((s) => s.Sid === 'DenyProtectionChangesExceptBreakGlassAndDeployment');
      expect(config.Action).toEqual(expect.arrayContaining(['s3:PutBucketNotification', 's3:PutLifecycleConfiguration',
        's3:PutBucketVersioning', 's3:PutReplicationConfiguration', 's3:PutEncryptionConfiguration', 's3:PutBucketObjectLockConfiguration',
        's3:PutBucketLogging']));
      expect(config.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': [BREAK_GLASS, deployer] } });
      expect(policy.find((s) => s.Sid === 'DenyReadsExceptNamedReaders').Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': [READER, BREAK_GLASS] } });
    }
    const logging = bucketPolicyFor(template(), ACCESS).find((s) => s.Sid === 'S3ServerAccessLogsPolicy');
    expect(logging.Condition).toEqual({ ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${LANDING}` }, StringEquals: { 'aws:SourceAccount': CENTRAL_ACCOUNT } });
  });

  test('the key lets vended delivery encrypt for the sources of this region, readers decrypt through S3, and only break-glass destroy it', () => {
    // GIVEN / WHEN
    const { template } = landingIn('eu-west-1', { readerRoleArns: [READER] });

    // THEN
    const [key] = Object.values(template().findResources('AWS::KMS::Key'));
    const statements = statementsOf(key, ['Properties', 'KeyPolicy']);
    const delivery = statements.find((s: any) => s.Sid === 'AllowLogDeliveryToEncryptForOrganization');
    expect(delivery).toMatchObject({
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceOrgID': ORG_ID }, ArnLike: { 'aws:SourceArn': ['arn:aws:logs:eu-west-1:*:*'] } },
    });
    const readers = statements.find((s: any) => s.Sid === 'AllowReadersToDecryptThroughS3');
    expect(readers.Condition.StringEquals['kms:ViaService']).toBe('s3.eu-west-1.amazonaws.com');
    expect(readers.Condition.ArnLike['aws:PrincipalArn']).toEqual([READER, BREAK_GLASS]);
    const deny = statements.find((s: any) => s.Sid === 'DenyKeyDestructionExceptBreakGlass');
    expect(deny).toMatchObject({ Effect: 'Deny', Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey'], Condition: { ArnNotLike: { 'aws:PrincipalArn': [BREAK_GLASS] } } });
  });

  test('a CloudFront landing in us-east-1 is named for CloudFront', () => {
    // GIVEN / WHEN
    const { template } = landingIn('us-east-1', { kind: RegionalLogKind.CLOUDFRONT, sourceAccounts: [WORKLOAD] });

    // THEN
    expect(bucket(template(), `seclog-cloudfront-landing-${CENTRAL_ACCOUNT}-us-east-1`)).toBeDefined();
    expect(bucketPolicyFor(template(), `seclog-cloudfront-landing-${CENTRAL_ACCOUNT}-us-east-1`)
      .find((s) => s.Sid === 'AWSLogDeliveryWriteAccounts').Condition.ArnLike['aws:SourceArn'])
      .toEqual([WORKLOAD, CENTRAL_ACCOUNT].map((a) => `arn:aws:logs:us-east-1:${a}:*`));
  });
});

describe('VendedLogLanding bad input', () => {
  test('a landing outside the central log account is refused', () => {
    expect(() => landingIn('eu-west-1', {}, WORKLOAD)).toThrow(new RegExp(`is in account ${WORKLOAD}, not the central log account ${CENTRAL_ACCOUNT}`));
  });

  test('an environment-agnostic stack is refused', () => {
    const stack = new Stack(new App(), 'Agnostic');
    expect(() => new VendedLogLanding(stack, 'L', { central, kind: RegionalLogKind.DNS_QUERY, exposure: ServiceExposure.INTERNAL, organizationId: ORG_ID }))
      .toThrow(/needs a stack with a concrete account and region.*set env/);
  });

  test.each([
    [{ landingExpiryDays: 0 }, /landingExpiryDays of 0 is shorter than one day/],
    [{ landingExpiryDays: 900 }, /landingExpiryDays of 900 exceeds the vault retention/],
    [{ retentionDays: 900 }, /retentionDays of 900 days exceeds the 2-year maximum.*retentionApproval/],
    [{ retentionDays: 100 }, /retentionDays of 100 days is below the 400-day minimum/],
    [{ vaultStorageClass: 'STANDARD' as VaultStorageClass }, /vaultStorageClass 'STANDARD' is not a storage class/],
    [{ kind: 'waf' as RegionalLogKind }, /kind 'waf' is not a regional log kind/],
    [{ organizationId: undefined }, /VendedLogLanding needs organizationId or sourceAccounts/],
  ])('%j is refused with the value and the fix', (props, message) => {
    expect(() => landingIn('eu-west-1', props as Partial<VendedLogLandingProps>)).toThrow(message);
  });
});
