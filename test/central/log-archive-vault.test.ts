import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CentralLogTargets, LOG_FAMILIES, LogArchive, LogArchiveProps, LogFamily, VaultStorageClass } from '../../lib/central';
import { RETENTION_POLICY } from '../../lib/requirements/retention';
import { ServiceExposure } from '../../lib/requirements/types';
import { BREAK_GLASS, CENTRAL_ACCOUNT, CENTRAL_REGION, ORG_ID, bucketPolicyFor, centralStack, resourcesOfType } from './helpers';

const targets = CentralLogTargets.fromAttributes({ accountId: CENTRAL_ACCOUNT, region: CENTRAL_REGION });
const VAULT_ARN = `arn:aws:s3:::seclog-vault-${CENTRAL_ACCOUNT}-${CENTRAL_REGION}`;

function archive(props: Partial<LogArchiveProps> = {}, stack: Stack = centralStack()): { archive: LogArchive; template: Template } {
  const made = new LogArchive(stack, 'Archive', { exposure: ServiceExposure.INTERNAL, organizationId: ORG_ID, ...props });
  return { archive: made, template: Template.fromStack(stack) };
}

function bucketNamed(template: Template, name: string): any {
  const found = resourcesOfType(template, 'AWS::S3::Bucket').find(([, b]) => b.Properties.BucketName === name);
  if (!found) {
    throw new Error(`no bucket ${name}`);
  }
  return found[1];
}

describe('LogArchive landing buckets and vault', () => {
  test('the vault is named <prefix>-vault-<account>-<region>, locked, KMS-encrypted, retained, and its reads recorded by the read-audit trail', () => {
    // GIVEN / WHEN
    const { template, archive: made } = archive();

    // THEN
    expect(targets.vaultBucketName).toBe(`seclog-vault-${CENTRAL_ACCOUNT}-${CENTRAL_REGION}`);
    expect(made.vault).toBeDefined();
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BucketName: targets.vaultBucketName,
        VersioningConfiguration: { Status: 'Enabled' },
        ObjectLockEnabled: true,
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
        // Not S3-access-logged: its access-log bucket replicates into it, and S3 needs each to exist before the other.
        LoggingConfiguration: Match.absent(),
        ReplicationConfiguration: Match.absent(),
      }),
    });
    const trail = template.findResources('AWS::CloudTrail::Trail');
    expect(JSON.stringify(trail)).toContain(`${VAULT_ARN}/`);
  });

  test('the access-log bucket (S3 server access logging writes it directly) replicates into the vault, SSE-S3 objects, after the vault', () => {
    // GIVEN / WHEN
    const { template, archive: made } = archive();

    // THEN
    const accessLogs = bucketNamed(template, targets.accessLogBucketName);
    expect(accessLogs.Properties.ObjectLockEnabled).toBeUndefined();
    const [rule] = accessLogs.Properties.ReplicationConfiguration.Rules;
    expect(rule).toMatchObject({
      Id: 'CopyEverythingToVault', Status: 'Enabled', Filter: { Prefix: '' }, DeleteMarkerReplication: { Status: 'Disabled' },
      Destination: { Bucket: VAULT_ARN, StorageClass: 'GLACIER_IR', Metrics: { Status: 'Enabled' } },
    });
    expect(rule.SourceSelectionCriteria).toBeUndefined();
    const vaultId = Object.keys(template.findResources('AWS::S3::Bucket', { Properties: { BucketName: targets.vaultBucketName } }))[0];
    expect(accessLogs.DependsOn).toEqual(expect.arrayContaining([vaultId]));
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'OperationsFailedReplication',
      Dimensions: Match.arrayWith([{ Name: 'SourceBucket', Value: targets.accessLogBucketName }]),
    });
    expect(made.alarms.length).toBe(LOG_FAMILIES.length + 1);
  });

  test('every bucket a service writes to has no Object Lock and replicates into the locked vault', () => {
    // GIVEN / WHEN
    const { template } = archive();

    // THEN
    for (const [, bucket] of resourcesOfType(template, 'AWS::S3::Bucket')) {
      if (bucket.Properties.BucketName === targets.vaultBucketName) {
        expect(bucket.Properties.ObjectLockConfiguration.Rule.DefaultRetention.Mode).toBe('COMPLIANCE');
        continue;
      }
      expect(bucket.Properties.ObjectLockEnabled).toBeUndefined();
      expect(bucket.Properties.ReplicationConfiguration.Rules[0].Destination.Bucket).toBe(VAULT_ARN);
      expect(bucket.Properties.ReplicationConfiguration.Rules[0].Destination.StorageClass).not.toBe('STANDARD');
    }
  });

  test('landing buckets expire objects after 30 days by default, noncurrent versions a day later', () => {
    // GIVEN / WHEN
    const { template, archive: made } = archive();

    // THEN
    expect(made.landingExpiryDays).toBe(30);
    for (const family of LOG_FAMILIES) {
      expect(bucketNamed(template, targets.bucketName(family)).Properties.LifecycleConfiguration.Rules).toEqual(expect.arrayContaining([
        expect.objectContaining({ Status: 'Enabled', ExpirationInDays: 30, NoncurrentVersionExpiration: { NoncurrentDays: 1 } }),
      ]));
    }
  });

  test('landingExpiryDays sets the landing expiry', () => {
    // GIVEN / WHEN
    const { template } = archive({ landingExpiryDays: 7 });

    // THEN
    expect(bucketNamed(template, targets.bucketName(LogFamily.VPC_FLOW)).Properties.LifecycleConfiguration.Rules[0].ExpirationInDays).toBe(7);
  });

  test('objectLockRetentionDays above the minimum locks the vault that long', () => {
    // GIVEN / WHEN
    const { template } = archive({ objectLockRetentionDays: 500 });

    // THEN
    expect(bucketNamed(template, targets.vaultBucketName).Properties.ObjectLockConfiguration.Rule.DefaultRetention.Days).toBe(500);
  });
});

describe('LogArchive replication rules', () => {
  test.each(LOG_FAMILIES)('the %s landing bucket copies every object into the vault, SSE-KMS selected and re-encrypted, delete markers kept out', (family) => {
    // GIVEN / WHEN
    const { template } = archive();

    // THEN
    const config = bucketNamed(template, targets.bucketName(family)).Properties.ReplicationConfiguration;
    expect(config.Role).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ArchiveReplicationRole/), 'Arn'] });
    expect(config.Rules).toHaveLength(1);
    const [rule] = config.Rules;
    expect(rule).toMatchObject({
      Id: 'CopyEverythingToVault',
      Status: 'Enabled',
      Priority: 0,
      Filter: { Prefix: '' },
      DeleteMarkerReplication: { Status: 'Disabled' },
      SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
      Destination: {
        Bucket: VAULT_ARN,
        StorageClass: 'GLACIER_IR',
        EncryptionConfiguration: { ReplicaKmsKeyID: { 'Fn::GetAtt': [expect.stringMatching(/^ArchiveKey/), 'Arn'] } },
        Metrics: { Status: 'Enabled' },
      },
    });
    expect(rule.Destination.ReplicationTime).toBeUndefined();
  });

  test('vaultStorageClass sets the replica storage class', () => {
    // GIVEN / WHEN
    const { template, archive: made } = archive({ vaultStorageClass: VaultStorageClass.DEEP_ARCHIVE });

    // THEN
    expect(made.vaultStorageClass).toBe(VaultStorageClass.DEEP_ARCHIVE);
    expect(bucketNamed(template, targets.bucketName(LogFamily.EVENTS)).Properties.ReplicationConfiguration.Rules[0].Destination.StorageClass)
      .toBe('DEEP_ARCHIVE');
  });

  test('replicationTimeControl turns on the 15-minute RTC with its metrics threshold', () => {
    // GIVEN / WHEN
    const { template } = archive({ replicationTimeControl: true });

    // THEN
    expect(bucketNamed(template, targets.bucketName(LogFamily.CLOUDTRAIL)).Properties.ReplicationConfiguration.Rules[0].Destination).toMatchObject({
      ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
      Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
    });
  });

  test('the replication role reads only landing object versions, writes only vault replicas, and uses the key only through S3', () => {
    // GIVEN / WHEN
    const { template } = archive();

    // THEN
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'seclog-archive-replication',
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 's3.amazonaws.com' } })] },
    });
    const [[, policy]] = resourcesOfType(template, 'AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes('ArchiveReplicationRole'));
    const statements = policy.Properties.PolicyDocument.Statement;
    const bySid = (sid: string) => statements.find((s: any) => s.Sid === sid);
    expect(bySid('ReadLandingObjectVersions').Action).toEqual(['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging']);
    expect(bySid('ReadLandingObjectVersions').Resource).toEqual([...LOG_FAMILIES.map((f) => `${targets.bucketArn(f)}/*`),
      `arn:aws:s3:::${targets.accessLogBucketName}/*`]);
    expect(bySid('WriteVaultReplicas')).toMatchObject({ Action: ['s3:ReplicateObject', 's3:ReplicateTags'], Resource: `${VAULT_ARN}/*` });
    expect(JSON.stringify(statements)).not.toContain('s3:ReplicateDelete');
    expect(bySid('DecryptLandingObjects').Condition.StringEquals).toEqual({ 'kms:ViaService': `s3.${CENTRAL_REGION}.amazonaws.com` });
    expect(bySid('EncryptVaultReplicas').Condition.StringLike).toEqual({ 'kms:EncryptionContext:aws:s3:arn': [VAULT_ARN, `${VAULT_ARN}/*`] });
  });

  test('an alarm with an action watches failed replication of every landing bucket', () => {
    // GIVEN
    const stack = centralStack();
    const topic = new sns.Topic(stack, 'Alarms');

    // WHEN
    const { template } = archive({ alarmTopic: topic }, stack);

    // THEN
    for (const family of LOG_FAMILIES) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/S3',
        MetricName: 'OperationsFailedReplication',
        Dimensions: Match.arrayWith([{ Name: 'SourceBucket', Value: targets.bucketName(family) }]),
        Threshold: 1,
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alarms') }],
      });
    }
  });
});

describe('LogArchive vault bucket policy', () => {
  test('the vault denies writes to every principal but the replication roles and break-glass', () => {
    // GIVEN / WHEN
    const { template } = archive({ breakGlassRoleArn: BREAK_GLASS });

    // THEN
    const deny = bucketPolicyFor(template, targets.vaultBucketName).find((s) => s.Sid === 'DenyWritesExceptReplication');
    expect(deny).toMatchObject({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: ['s3:PutObject', 's3:ReplicateObject', 's3:ReplicateTags'],
      Resource: `${VAULT_ARN}/*`,
      Condition: { ArnNotLike: { 'aws:PrincipalArn': [`arn:aws:iam::${CENTRAL_ACCOUNT}:role/seclog-*replication*`,
        'arn:aws:iam::*:role/seclog-access-log-replication-*', BREAK_GLASS] } },
    });
  });

  test('no service may write into the vault directly', () => {
    // GIVEN / WHEN
    const { template } = archive();

    // THEN
    const allows = bucketPolicyFor(template, targets.vaultBucketName).filter((s) => s.Effect === 'Allow');
    expect(allows.filter((s) => s.Principal?.Service !== undefined)).toEqual([]);
    // The only allows are the workload access-log replication statements (IAM roles of the sources, never a service).
    expect(allows.map((s) => s.Sid).sort()).toEqual([
      'AllowWorkloadAccessLogReplicasAccounts', 'AllowWorkloadAccessLogReplicasOrganization',
      'AllowWorkloadAccessLogReplicationCheckAccounts', 'AllowWorkloadAccessLogReplicationCheckOrganization',
    ]);
  });

  test('workload access-log replication roles may replicate under their own account prefix only, org-scoped by aws:PrincipalOrgID', () => {
    // GIVEN / WHEN
    const { template } = archive({ sourceAccounts: ['222222222222'] });

    // THEN
    const statements = bucketPolicyFor(template, targets.vaultBucketName);
    const org = statements.find((s) => s.Sid === 'AllowWorkloadAccessLogReplicasOrganization');
    expect(org).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['s3:ReplicateObject', 's3:ReplicateTags'],
      Resource: `${VAULT_ARN}/server-access-logs/\${aws:PrincipalAccount}/*`,
      Condition: {
        StringEquals: { 'aws:PrincipalOrgID': ORG_ID },
        ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/seclog-access-log-replication-*' },
      },
    });
    const accounts = statements.find((s) => s.Sid === 'AllowWorkloadAccessLogReplicasAccounts');
    expect(JSON.stringify(accounts.Principal)).toContain('222222222222');
    expect(accounts.Condition).toEqual({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/seclog-access-log-replication-*' } });
  });

  test('without an organisation, only the named accounts are admitted (no aws:PrincipalOrgID statement)', () => {
    // GIVEN / WHEN
    const { template } = archive({ organizationId: undefined, sourceAccounts: ['222222222222'] });

    // THEN
    const sids = bucketPolicyFor(template, targets.vaultBucketName).map((s) => s.Sid);
    expect(sids).toContain('AllowWorkloadAccessLogReplicasAccounts');
    expect(sids).not.toContain('AllowWorkloadAccessLogReplicasOrganization');
  });
});

describe('LogArchive vault and landing bad input', () => {
  test.each([
    [{ objectLockRetentionDays: 30 }, /objectLockRetentionDays of 30 days is below the 400-day minimum .*use at least 400/],
    [{ objectLockRetentionDays: 800, retentionDays: 900, retentionApproval: undefined },
      /retentionDays of 900 days exceeds the 2-year maximum \(731 days, LM-3\); use at most 731, or pass retentionApproval/],
    [{ objectLockRetentionDays: 700, retentionDays: 600 }, /objectLockRetentionDays of 700 days exceeds retentionDays \(600\).*use at most 600/],
    [{ landingExpiryDays: 0 }, /landingExpiryDays of 0 is shorter than one day.*from 1 \(default 30\)/],
    [{ landingExpiryDays: 0.5 }, /landingExpiryDays of 0.5 is shorter than one day/],
    [{ landingExpiryDays: 800 }, /landingExpiryDays of 800 exceeds the vault retention \(retentionDays 731\).*use at most 731/],
    [{ vaultStorageClass: 'STANDARD' as VaultStorageClass }, /vaultStorageClass 'STANDARD' is not a storage class .*VaultStorageClass.GLACIER_IR/],
  ])('%j is refused with a message naming the value and the fix', (props, message) => {
    expect(() => archive(props as Partial<LogArchiveProps>)).toThrow(message);
  });

  test('a lock above 731 days is accepted with a CISO approval reference', () => {
    // GIVEN / WHEN
    const { template } = archive({ objectLockRetentionDays: 800, retentionDays: 900, retentionApproval: 'CISO-2026-4' });

    // THEN
    expect(bucketNamed(template, targets.vaultBucketName).Properties.ObjectLockConfiguration.Rule.DefaultRetention.Days).toBe(800);
  });

  test('the policy minimum is the default lock for an external archive', () => {
    expect(archive({ exposure: ServiceExposure.EXTERNAL }).archive.objectLockRetentionDays).toBe(RETENTION_POLICY.externalMinimumDays);
  });
});
