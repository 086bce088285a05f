import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CentralLogTargets, LOG_FAMILIES, LogArchive, LogArchiveProps, LogFamily, ObjectLockMode } from '../../lib/central';
import { LOG_STORE_TAG, RETENTION_APPROVAL_TAG } from '../../lib/core/log-store-tags';
import { RETENTION_POLICY } from '../../lib/requirements/retention';
import { ServiceExposure } from '../../lib/requirements/types';
import {
  BREAK_GLASS, CENTRAL_ACCOUNT, CENTRAL_REGION, ORG_ID, READER, SIEM_ACCOUNT,
  bucketPolicyFor, centralStack, resourcesOfType, statementsOf,
} from './helpers';

const targets = CentralLogTargets.fromAttributes({ accountId: CENTRAL_ACCOUNT, region: CENTRAL_REGION });

function archive(props: Partial<LogArchiveProps> = {}, stack: Stack = centralStack()): { stack: Stack; archive: LogArchive; template: Template } {
  const made = new LogArchive(stack, 'Archive', { exposure: ServiceExposure.INTERNAL, organizationId: ORG_ID, ...props });
  return { stack, archive: made, template: Template.fromStack(stack) };
}

function statement(statements: any[], sid: string): any {
  const found = statements.find((s) => s.Sid === sid);
  if (!found) {
    throw new Error(`no statement ${sid} in ${JSON.stringify(statements.map((s) => s.Sid))}`);
  }
  return found;
}

describe('LogArchive buckets', () => {
  test('one landing bucket per log family, named by CentralLogTargets, versioned, no Object Lock, SSE-KMS with bucket key, public access blocked', () => {
    // GIVEN / WHEN
    const { template } = archive();

    // THEN: the landing buckets, the vault and the access-log bucket
    template.resourceCountIs('AWS::S3::Bucket', LOG_FAMILIES.length + 2);
    for (const family of LOG_FAMILIES) {
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketName: targets.bucketName(family),
        VersioningConfiguration: { Status: 'Enabled' },
        ObjectLockEnabled: Match.absent(),
        ObjectLockConfiguration: Match.absent(),
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() },
          }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
        },
        LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: `${family}/` },
      });
    }
  });

  test('every bucket and the archive key are retained when the stack is deleted or the resource replaced', () => {
    // GIVEN / WHEN
    const { template } = archive({ siem: { account: SIEM_ACCOUNT, externalId: 'soc-siem' } });

    // THEN
    for (const type of ['AWS::S3::Bucket', 'AWS::KMS::Key']) {
      const resources = resourcesOfType(template, type);
      expect(resources.length).toBeGreaterThan(0);
      for (const [, resource] of resources) {
        expect(resource.DeletionPolicy).toBe('Retain');
        expect(resource.UpdateReplacePolicy).toBe('Retain');
      }
    }
  });

  test('the archive key rotates and is named alias/<prefix>-archive', () => {
    // GIVEN / WHEN
    const { template } = archive({ namePrefix: 'moj' });

    // THEN
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, Description: Match.stringLikeRegexp('moj') });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/moj-archive' });
  });

  test.each([
    [ServiceExposure.EXTERNAL, RETENTION_POLICY.externalMinimumDays],
    [ServiceExposure.INTERNAL, RETENTION_POLICY.internalMinimumDays],
  ])('the vault locks %s logs for the policy minimum (%i days) in COMPLIANCE mode by default', (exposure, days) => {
    // GIVEN / WHEN
    const { template, archive: made } = archive({ exposure });

    // THEN
    expect(made.objectLockRetentionDays).toBe(days);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: targets.vaultBucketName,
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: days } } },
    });
  });

  test('GOVERNANCE mode is an option for non-production vaults', () => {
    // GIVEN / WHEN
    const { template } = archive({ objectLockMode: ObjectLockMode.GOVERNANCE });

    // THEN
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: targets.vaultBucketName,
      ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: RETENTION_POLICY.internalMinimumDays } } },
    });
  });

  test('vault lifecycle removes logs by the 731-day maximum by default (current version at 730, noncurrent one day later) and aborts stale uploads', () => {
    // GIVEN / WHEN
    const { template, archive: made } = archive();

    // THEN
    expect(made.retentionDays).toBe(RETENTION_POLICY.maximumDaysWithoutApproval);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: targets.vaultBucketName,
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Status: 'Enabled',
            ExpirationInDays: RETENTION_POLICY.maximumDaysWithoutApproval - 1,
            NoncurrentVersionExpiration: { NoncurrentDays: 1 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          }),
          Match.objectLike({ ExpiredObjectDeleteMarker: true }),
        ]),
      },
    });
  });

  test('retention at the policy minimum never expires the current vault version before the minimum', () => {
    // GIVEN / WHEN
    const { template } = archive({ exposure: ServiceExposure.EXTERNAL, retentionDays: RETENTION_POLICY.externalMinimumDays });

    // THEN
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: targets.vaultBucketName,
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: RETENTION_POLICY.externalMinimumDays })]) },
    });
  });

  test('retentionDays above 731 is accepted with a CISO approval reference', () => {
    // GIVEN / WHEN
    const { template } = archive({ retentionDays: 800, retentionApproval: 'CISO-2025-017' });

    // THEN
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: targets.vaultBucketName,
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 799 })]) },
    });
  });

  test('every bucket is tagged as a security log store, with the CISO approval reference when there is one', () => {
    // GIVEN / WHEN
    const { template } = archive({ retentionDays: 800, retentionApproval: 'CISO-2025-017' });

    // THEN
    for (const [, bucket] of resourcesOfType(template, 'AWS::S3::Bucket')) {
      expect(bucket.Properties.Tags).toEqual(expect.arrayContaining([
        { Key: LOG_STORE_TAG, Value: 'true' },
        { Key: RETENTION_APPROVAL_TAG, Value: 'CISO-2025-017' },
      ]));
    }
  });

  test('the access-log bucket uses SSE-S3, no Object Lock, is versioned, retained, TLS-only and only takes logs of the archive buckets', () => {
    // GIVEN / WHEN
    const { template } = archive();

    // THEN
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketName: targets.accessLogBucketName,
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        ObjectLockEnabled: Match.absent(),
        LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 730, NoncurrentVersionExpiration: { NoncurrentDays: 1 } })]) },
      },
    });
    const policy = bucketPolicyFor(template, targets.accessLogBucketName);
    expect(policy).toContainEqual(expect.objectContaining({
      Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    }));
    const logging = statement(policy, 'S3ServerAccessLogsPolicy');
    expect(logging.Principal).toEqual({ Service: 'logging.s3.amazonaws.com' });
    // The landing buckets only: the vault is not access-logged (its reads are CloudTrail data events of the read-audit trail).
    expect(logging.Condition.ArnLike['aws:SourceArn']).toEqual(LOG_FAMILIES.map((f) => targets.bucketArn(f)));
    expect(logging.Condition.StringEquals['aws:SourceAccount']).toBe(CENTRAL_ACCOUNT);
  });
});

describe('LogArchive bucket policy', () => {
  test.each([
    ...LOG_FAMILIES.map((f) => targets.bucketName(f)),
    targets.vaultBucketName,
  ])('%s denies deleting versions, governance bypass and rewriting the bucket policy to all but the break-glass role', (bucketName) => {
    // GIVEN / WHEN
    const { template } = archive({ breakGlassRoleArn: BREAK_GLASS, deploymentRoleArns: [`arn:aws:iam::${CENTRAL_ACCOUNT}:role/Deployer`] });

    // THEN
    const deny = statement(bucketPolicyFor(template, bucketName), 'DenyLogDeletionAndPolicyChangesExceptBreakGlass');
    expect(deny.Effect).toBe('Deny');
    expect(deny.Principal).toEqual({ AWS: '*' });
    expect(deny.Action).toEqual(expect.arrayContaining([
      's3:DeleteObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention', 's3:DeleteBucket',
      's3:PutBucketPolicy', 's3:DeleteBucketPolicy',
    ]));
    expect(deny.Resource).toEqual([`arn:aws:s3:::${bucketName}`, `arn:aws:s3:::${bucketName}/*`]);
    expect(deny.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': [BREAK_GLASS] } });
  });

  test('without a break-glass role, deletion is denied to everyone (no exception at all)', () => {
    // GIVEN / WHEN
    const { template } = archive();

    // THEN
    const deny = statement(bucketPolicyFor(template, targets.bucketName(LogFamily.VPC_FLOW)), 'DenyLogDeletionAndPolicyChangesExceptBreakGlass');
    expect(deny.Condition).toBeUndefined();
  });

  test('notification, lifecycle, versioning, Object Lock, replication, encryption and logging changes are denied except to break-glass and deployment roles', () => {
    // GIVEN
    const deployer = `arn:aws:iam::${CENTRAL_ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${CENTRAL_ACCOUNT}-${CENTRAL_REGION}`;

    // WHEN
    const { template } = archive({ breakGlassRoleArn: BREAK_GLASS, deploymentRoleArns: [deployer] });

    // THEN
    const deny = statement(bucketPolicyFor(template, targets.bucketName(LogFamily.EXPORTS)), 'DenyProtectionChangesExceptBreakGlassAndDeployment');
    expect(deny.Action).toEqual(expect.arrayContaining([
      's3:PutLifecycleConfiguration', 's3:PutBucketVersioning', 's3:PutBucketObjectLockConfiguration',
      's3:PutReplicationConfiguration', 's3:PutEncryptionConfiguration', 's3:PutBucketLogging', 's3:PutBucketNotification',
    ]));
    expect(deny.Action).not.toContain('s3:PutBucketPolicy');
    expect(deny.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': [BREAK_GLASS, deployer] } });
  });

  test('object reads are denied to all but the reader roles, the SIEM role and break-glass', () => {
    // GIVEN / WHEN
    const { template } = archive({
      breakGlassRoleArn: BREAK_GLASS,
      readerRoleArns: [READER],
      siem: { account: SIEM_ACCOUNT, externalId: 'soc-siem' },
    });

    // THEN
    const deny = statement(bucketPolicyFor(template, targets.bucketName(LogFamily.CLOUDWATCH)), 'DenyReadsExceptNamedReaders');
    expect(deny.Action).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
    expect(deny.Resource).toBe(`${targets.bucketArn(LogFamily.CLOUDWATCH)}/*`);
    expect(deny.Condition.ArnNotLike['aws:PrincipalArn']).toEqual([
      READER, BREAK_GLASS, `arn:aws:iam::${CENTRAL_ACCOUNT}:role/seclog-siem-reader`,
    ]);
  });

  test('CloudTrail may write only under AWSLogs/, with the bucket-owner-full-control ACL and only for the organisation', () => {
    // GIVEN / WHEN
    const { template } = archive();

    // THEN
    const policy = bucketPolicyFor(template, targets.bucketName(LogFamily.CLOUDTRAIL));
    const write = statement(policy, 'AWSCloudTrailWriteOrganization');
    expect(write.Principal).toEqual({ Service: 'cloudtrail.amazonaws.com' });
    expect(write.Action).toBe('s3:PutObject');
    expect(write.Resource).toBe(`${targets.bucketArn(LogFamily.CLOUDTRAIL)}/AWSLogs/*`);
    expect(write.Condition.StringEquals).toEqual({ 'aws:SourceOrgID': ORG_ID, 's3:x-amz-acl': 'bucket-owner-full-control' });
    const aclCheck = statement(policy, 'AWSCloudTrailAclCheckOrganization');
    expect(aclCheck.Action).toBe('s3:GetBucketAcl');
    expect(aclCheck.Condition.StringEquals).toEqual({ 'aws:SourceOrgID': ORG_ID });
    // Organisation-wide statements carry aws:SourceArn too (a trail of any member account, any region); never aws:PrincipalOrgID.
    for (const s of [write, aclCheck]) {
      expect(s.Condition.ArnLike).toEqual({ 'aws:SourceArn': ['arn:aws:cloudtrail:*:*:trail/*'] });
      expect(JSON.stringify(s)).not.toContain('PrincipalOrgID');
    }
  });

  test('organisation-wide vended log delivery carries aws:SourceOrgID and aws:SourceArn of CloudWatch Logs in any region', () => {
    // GIVEN / WHEN
    const { template } = archive();

    // THEN
    for (const family of [LogFamily.VPC_FLOW, LogFamily.DNS_QUERY, LogFamily.EXPORTS]) {
      const policy = bucketPolicyFor(template, targets.bucketName(family));
      for (const sid of ['AWSLogDeliveryWriteOrganization', 'AWSLogDeliveryAclCheckOrganization']) {
        const s = statement(policy, sid);
        expect(s.Condition.StringEquals['aws:SourceOrgID']).toBe(ORG_ID);
        expect(s.Condition.ArnLike).toEqual({ 'aws:SourceArn': ['arn:aws:logs:*:*:*'] });
        expect(JSON.stringify(s)).not.toContain('PrincipalOrgID');
      }
    }
  });

  test('with named accounts, vended log delivery is scoped by aws:SourceAccount (the central account included)', () => {
    // GIVEN / WHEN
    const { template } = archive({ organizationId: undefined, sourceAccounts: ['222222222222', '333333333333'] });

    // THEN
    for (const family of [LogFamily.VPC_FLOW, LogFamily.DNS_QUERY, LogFamily.EXPORTS]) {
      const policy = bucketPolicyFor(template, targets.bucketName(family));
      const write = statement(policy, 'AWSLogDeliveryWriteAccounts');
      expect(write.Principal).toEqual({ Service: 'delivery.logs.amazonaws.com' });
      expect(write.Condition.StringEquals).toEqual({
        'aws:SourceAccount': ['222222222222', '333333333333', CENTRAL_ACCOUNT],
        's3:x-amz-acl': 'bucket-owner-full-control',
      });
      expect(write.Condition.ArnLike).toEqual({
        'aws:SourceArn': ['222222222222', '333333333333', CENTRAL_ACCOUNT].map((a) => `arn:aws:logs:*:${a}:*`),
      });
      expect(JSON.stringify(write)).not.toContain('PrincipalOrgID');
      expect(policy.find((s: any) => s.Sid === 'AWSLogDeliveryWriteOrganization')).toBeUndefined();
    }
  });

  test('with named accounts, CloudTrail writes are scoped by aws:SourceAccount and aws:SourceArn naming those accounts\' trails (the organisation trail\'s is the management account)', () => {
    // GIVEN / WHEN
    const { template } = archive({ sourceAccounts: ['555555555555'] });

    // THEN
    const write = statement(bucketPolicyFor(template, targets.bucketName(LogFamily.CLOUDTRAIL)), 'AWSCloudTrailWriteAccounts');
    expect(write.Principal).toEqual({ Service: 'cloudtrail.amazonaws.com' });
    expect(write.Condition.StringEquals['aws:SourceAccount']).toEqual(['555555555555', CENTRAL_ACCOUNT]);
    expect(write.Condition.ArnLike).toEqual({
      'aws:SourceArn': [`arn:aws:cloudtrail:*:555555555555:trail/*`, `arn:aws:cloudtrail:*:${CENTRAL_ACCOUNT}:trail/*`],
    });
    expect(JSON.stringify(write)).not.toContain('PrincipalOrgID');
  });

  test('no service may write into the CLOUDWATCH and EVENTS buckets through the bucket policy (only the central Firehose roles)', () => {
    // GIVEN / WHEN
    const { template } = archive();

    // THEN
    for (const family of [LogFamily.CLOUDWATCH, LogFamily.EVENTS]) {
      const allows = bucketPolicyFor(template, targets.bucketName(family)).filter((s: any) => s.Effect === 'Allow');
      expect(allows).toEqual([]);
    }
  });
});

describe('LogArchive key policy', () => {
  test('the log services may encrypt only for the organisation, readers decrypt through S3, and key destruction is denied', () => {
    // GIVEN / WHEN
    const { template } = archive({ breakGlassRoleArn: BREAK_GLASS, readerRoleArns: [READER] });

    // THEN
    const [[, key]] = resourcesOfType(template, 'AWS::KMS::Key').filter(([id]) => id.startsWith('Archive'));
    const statements = statementsOf(key, ['Properties', 'KeyPolicy']);
    const trail = statement(statements, 'AllowCloudTrailToEncryptForOrganization');
    expect(trail.Principal).toEqual({ Service: 'cloudtrail.amazonaws.com' });
    expect(trail.Condition.StringEquals).toEqual({ 'aws:SourceOrgID': ORG_ID });
    expect(trail.Action).toBe('kms:GenerateDataKey*');
    expect(trail.Condition.StringLike['kms:EncryptionContext:aws:cloudtrail:arn']).toBeDefined();
    // DescribeKey has no encryption context: a condition on one would never match, so it stands alone.
    const describe = statement(statements, 'AllowCloudTrailToDescribeKeyForOrganization');
    expect(describe.Principal).toEqual({ Service: 'cloudtrail.amazonaws.com' });
    expect(describe.Action).toBe('kms:DescribeKey');
    expect(describe.Condition.StringEquals).toEqual({ 'aws:SourceOrgID': ORG_ID });
    // aws:SourceArn (the trails), as the CloudTrail key-policy page recommends, on both CloudTrail statements.
    for (const s of [trail, describe]) {
      expect(JSON.stringify(s.Condition.ArnLike['aws:SourceArn'])).toContain(':cloudtrail:*:*:trail/*');
    }
    const viaBucket = statement(statements, 'AllowCloudTrailToEncryptThroughCloudTrailBucket');
    expect(viaBucket.Action).toEqual(['kms:GenerateDataKey*', 'kms:Decrypt']);
    expect(viaBucket.Condition.StringEquals).toEqual({ 'kms:ViaService': `s3.${CENTRAL_REGION}.amazonaws.com` });
    for (const s of statements.filter((st: any) => st.Effect === 'Allow' && [st.Action].flat().includes('kms:DescribeKey'))) {
      expect(Object.keys(s.Condition ?? {}).filter((k) => JSON.stringify(s.Condition[k]).includes('EncryptionContext'))).toEqual([]);
    }
    const delivery = statement(statements, 'AllowLogDeliveryToEncryptForOrganization');
    expect(delivery.Principal).toEqual({ Service: 'delivery.logs.amazonaws.com' });
    expect(delivery.Condition.StringEquals).toEqual({ 'aws:SourceOrgID': ORG_ID });
    expect(JSON.stringify(delivery.Condition.ArnLike['aws:SourceArn'])).toContain(':logs:*:*:*');
    expect(JSON.stringify(statements)).not.toContain('PrincipalOrgID');
    const readers = statement(statements, 'AllowReadersToDecryptThroughS3');
    expect(readers.Action).toBe('kms:Decrypt');
    expect(readers.Condition.ArnLike['aws:PrincipalArn']).toEqual([READER, BREAK_GLASS]);
    expect(readers.Condition.StringEquals['kms:ViaService']).toBe(`s3.${CENTRAL_REGION}.amazonaws.com`);
    const destroy = statement(statements, 'DenyKeyDestructionExceptBreakGlass');
    expect(destroy.Effect).toBe('Deny');
    expect(destroy.Action).toEqual(['kms:ScheduleKeyDeletion', 'kms:DisableKey']);
    expect(destroy.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': [BREAK_GLASS] } });
  });

  test('the key ARN is a stack output named ArchiveKeyArn', () => {
    // GIVEN / WHEN
    const { template } = archive();

    // THEN
    template.hasOutput('ArchiveKeyArn', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ArchiveKey'), 'Arn'] } });
  });
});

describe('LogArchive SIEM hand-off', () => {
  const siem = { account: SIEM_ACCOUNT, externalId: 'soc-siem-ingest' };

  test('each bucket notifies a KMS-encrypted queue that has a dead-letter queue', () => {
    // GIVEN / WHEN
    const { template, archive: made } = archive({ siem });

    // THEN
    template.resourceCountIs('AWS::SQS::Queue', LOG_FAMILIES.length * 2);
    for (const family of LOG_FAMILIES) {
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: targets.notificationQueueName(family),
        KmsMasterKeyId: Match.anyValue(),
        MessageRetentionPeriod: 1209600,
        RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 10 },
      });
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `${targets.notificationQueueName(family)}-dlq`,
        KmsMasterKeyId: Match.anyValue(),
      });
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketName: targets.bucketName(family),
        NotificationConfiguration: { QueueConfigurations: [{ Event: 's3:ObjectCreated:*', Queue: Match.anyValue() }] },
      });
      expect(made.queue(family)).toBeDefined();
      expect(made.deadLetterQueue(family)).toBeDefined();
    }
  });

  test('only the archive bucket of the same account may send to a queue', () => {
    // GIVEN / WHEN
    const { template } = archive({ siem });

    // THEN
    const policies = resourcesOfType(template, 'AWS::SQS::QueuePolicy').map(([, p]) => statementsOf(p));
    const send = policies.flat().find((s) => s.Sid === 'AllowArchiveBucketNotifications'
      && s.Condition.ArnLike['aws:SourceArn'] === targets.bucketArn(LogFamily.VPC_FLOW));
    expect(send.Principal).toEqual({ Service: 's3.amazonaws.com' });
    expect(send.Action).toBe('sqs:SendMessage');
    expect(send.Condition.StringEquals['aws:SourceAccount']).toBe(CENTRAL_ACCOUNT);
  });

  test('the queue key lets S3 encrypt notifications, and is separate from the archive key', () => {
    // GIVEN / WHEN
    const { template } = archive({ siem });

    // THEN
    // The archive key, the queue key and the stack's alarm topic key.
    template.resourceCountIs('AWS::KMS::Key', 3);
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({
        Sid: 'AllowS3ToSendEncryptedNotifications',
        Principal: { Service: 's3.amazonaws.com' },
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      })]) },
    });
  });

  test('alarms fire on the age of the oldest notification and on any dead-lettered notification', () => {
    // GIVEN / WHEN
    const { template, archive: made } = archive({ siem: { ...siem, maxMessageAgeSeconds: 600 } });

    // THEN
    // two SIEM alarms and one replication alarm per landing bucket, and the access-log bucket's replication alarm
    expect(made.alarms).toHaveLength(LOG_FAMILIES.length * 3 + 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 600,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  test('the SIEM role is assumable only from the SIEM account with the external id', () => {
    // GIVEN / WHEN
    const { template, archive: made } = archive({ siem });

    // THEN
    expect(made.siemRole).toBeDefined();
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'seclog-siem-reader',
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${SIEM_ACCOUNT}:root`]] } },
          Condition: { StringEquals: { 'sts:ExternalId': 'soc-siem-ingest' } },
        }],
      },
    });
  });

  test('the SIEM role can consume its queues, read objects and decrypt, and nothing else', () => {
    // GIVEN / WHEN
    const { template } = archive({ siem });

    // THEN
    const [[, policy]] = resourcesOfType(template, 'AWS::IAM::Policy').filter(([id]) => id.includes('SiemRole'));
    const statements = statementsOf(policy);
    expect(statement(statements, 'ConsumeArchiveNotifications').Action).toEqual([
      'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl',
    ]);
    expect(statement(statements, 'ConsumeArchiveNotifications').Resource).toHaveLength(LOG_FAMILIES.length);
    const read = statement(statements, 'ReadNotifiedArchiveObjects');
    expect(read.Action).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
    expect(read.Resource).toEqual(LOG_FAMILIES.map((f) => `${targets.bucketArn(f)}/*`));
    expect(statement(statements, 'DecryptArchiveObjects').Action).toBe('kms:Decrypt');
    const actions = statements.flatMap((s: any) => [s.Action].flat());
    expect(actions.filter((a: string) => a.startsWith('s3:List') || a.includes('Delete') && a.startsWith('s3:'))).toEqual([]);
  });

  test('without siem there are no queues and no SIEM role, and asking for a queue says how to get one', () => {
    // GIVEN / WHEN
    const { template, archive: made } = archive();

    // THEN
    template.resourceCountIs('AWS::SQS::Queue', 0);
    expect(made.siemRole).toBeUndefined();
    expect(() => made.queue(LogFamily.EVENTS)).toThrow(/SIEM hand-off is off; pass siem/);
  });
});

describe('LogArchive read audit (LM-5)', () => {
  test('a trail records read-only S3 data events on the archive buckets, and writes its own files outside the watched prefix', () => {
    // GIVEN / WHEN
    const { template } = archive();

    // THEN
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: 'seclog-archive-reads',
      IsLogging: true,
      S3BucketName: targets.bucketName(LogFamily.CLOUDTRAIL),
      S3KeyPrefix: 'archive-reads',
      EnableLogFileValidation: true,
      KMSKeyId: Match.anyValue(),
      AdvancedEventSelectors: [{
        FieldSelectors: Match.arrayWith([
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
          { Field: 'readOnly', Equals: ['true'] },
          {
            Field: 'resources.ARN',
            StartsWith: Match.arrayWith([
              `${targets.bucketArn(LogFamily.CLOUDTRAIL)}/AWSLogs/`,
              `${targets.bucketArn(LogFamily.VPC_FLOW)}/`,
              `arn:aws:s3:::${targets.accessLogBucketName}/`,
            ]),
          },
        ]),
      }],
    });
    const policy = bucketPolicyFor(template, targets.bucketName(LogFamily.CLOUDTRAIL));
    expect(statement(policy, 'AWSCloudTrailWriteReadAudit').Resource)
      .toBe(`${targets.bucketArn(LogFamily.CLOUDTRAIL)}/archive-reads/AWSLogs/${CENTRAL_ACCOUNT}/*`);
  });

  test('the read-audit trail can be turned off (server access logs still record reads)', () => {
    // GIVEN / WHEN
    const { template, archive: made } = archive({ recordObjectReads: false });

    // THEN
    template.resourceCountIs('AWS::CloudTrail::Trail', 0);
    expect(made.readAuditTrail).toBeUndefined();
    template.hasResourceProperties('AWS::S3::Bucket', { LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'cloudtrail/' }) });
  });
});

describe('LogArchive export writer role', () => {
  test('organisation members may assume it only with a source-account session tag of their own account, and write only under that prefix', () => {
    // GIVEN / WHEN
    const { template } = archive();

    // THEN
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: targets.exportWriterRoleName,
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          'StringEquals': { 'aws:PrincipalOrgID': ORG_ID, 'aws:RequestTag/source-account': '${aws:PrincipalAccount}' },
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['source-account'] },
        },
      })] },
    });
    const [[, policy]] = resourcesOfType(template, 'AWS::IAM::Policy').filter(([id]) => id.includes('ExportWriter'));
    const write = statement(statementsOf(policy), 'WriteExportsOfTheCallersAccountOnly');
    expect(write.Action).toBe('s3:PutObject');
    expect(write.Resource).toBe(`${targets.bucketArn(LogFamily.EXPORTS)}/exports/\${aws:PrincipalTag/source-account}/*`);
  });

  test('with named accounts every account is trusted', () => {
    // GIVEN / WHEN
    const { template } = archive({ organizationId: undefined, sourceAccounts: ['222222222222'] });

    // THEN
    const [[, role]] = resourcesOfType(template, 'AWS::IAM::Role').filter(([id]) => id.includes('ExportWriter'));
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain(':iam::222222222222:root');
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain(`:iam::${CENTRAL_ACCOUNT}:root`);
    for (const st of role.Properties.AssumeRolePolicyDocument.Statement) {
      expect(st.Action).toEqual(['sts:AssumeRole', 'sts:TagSession']);
      expect(st.Condition.StringEquals['aws:RequestTag/source-account']).toBe('${aws:PrincipalAccount}');
    }
  });
});

describe('LogArchive.fromLogArchiveAttributes', () => {
  test('imports the buckets by their deterministic names and the key by ARN', () => {
    // GIVEN
    const keyArn = `arn:aws:kms:${CENTRAL_REGION}:${CENTRAL_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const stack = centralStack('us-east-1');
    const withKey = CentralLogTargets.fromAttributes({ accountId: CENTRAL_ACCOUNT, region: CENTRAL_REGION, archiveKeyArn: keyArn });

    // WHEN
    const imported = LogArchive.fromLogArchiveAttributes(stack, 'Imported', withKey);

    // THEN
    expect(imported.bucket(LogFamily.CLOUDWATCH).bucketName).toBe(withKey.bucketName(LogFamily.CLOUDWATCH));
    expect(imported.key.keyArn).toBe(keyArn);
    expect(imported.targets).toBe(withKey);
  });

  test('throws, saying where the key ARN comes from, when the targets have no archiveKeyArn', () => {
    expect(() => LogArchive.fromLogArchiveAttributes(centralStack(), 'Imported', targets))
      .toThrow(/no archiveKeyArn; pass archiveKeyArn \(the central stack's ArchiveKeyArn output\)/);
  });
});

describe('LogArchive input checks', () => {
  test('an organisation id that is not o- plus 10 to 32 characters is rejected, naming it', () => {
    expect(() => archive({ organizationId: 'org-123' })).toThrow(/organizationId 'org-123' is not an AWS Organizations id/);
  });

  test('an 11-digit source account is rejected, naming it', () => {
    expect(() => archive({ organizationId: undefined, sourceAccounts: ['22222222222'] }))
      .toThrow(/sourceAccounts\[0\] '22222222222' is not an AWS account id/);
  });

  test('neither an organisation nor accounts is rejected: the archive would accept logs from anyone', () => {
    expect(() => archive({ organizationId: undefined })).toThrow(/LogArchive needs organizationId or sourceAccounts \(got neither\)/);
  });

  test('30 days for an external service is below the 90-day minimum (LM-1)', () => {
    expect(() => archive({ exposure: ServiceExposure.EXTERNAL, retentionDays: 30 }))
      .toThrow(/retentionDays of 30 days is below the 90-day minimum for EXTERNAL services \(LM-1\)/);
  });

  test('800 days without a CISO approval exceeds the 2-year maximum (LM-3)', () => {
    expect(() => archive({ retentionDays: 800 })).toThrow(/retentionDays of 800 days exceeds the 2-year maximum \(731 days, LM-3\).*retentionApproval/);
  });

  test('an approval reference that cannot be an S3 tag value is rejected, naming it', () => {
    expect(() => archive({ retentionDays: 800, retentionApproval: 'CISO#17' })).toThrow(/retentionApproval 'CISO#17' cannot be recorded as an S3 tag/);
  });

  test('a break-glass ARN that is not a role ARN is rejected', () => {
    expect(() => archive({ breakGlassRoleArn: 'arn:aws:iam::111111111111:user/alice' }))
      .toThrow(/breakGlassRoleArn 'arn:aws:iam::111111111111:user\/alice' is not an IAM role ARN/);
  });

  test('a reader role in another account is rejected: reads happen in situ in the central account (LM-6)', () => {
    expect(() => archive({ readerRoleArns: ['arn:aws:iam::222222222222:role/Analyst'] }))
      .toThrow(/readerRoleArns\[0\] 'arn:aws:iam::222222222222:role\/Analyst' is in account 222222222222, not the central log account/);
  });

  test('a SIEM account that is not 12 digits is rejected', () => {
    expect(() => archive({ siem: { account: '4444', externalId: 'soc' } })).toThrow(/siem.account '4444' is not an AWS account id/);
  });

  test('a SIEM external id with spaces is rejected', () => {
    expect(() => archive({ siem: { account: SIEM_ACCOUNT, externalId: 'not valid' } }))
      .toThrow(/siem.externalId 'not valid' is not a valid external id/);
  });

  test('an alarm age longer than the queue retention is rejected', () => {
    expect(() => archive({ siem: { account: SIEM_ACCOUNT, externalId: 'soc-siem', maxMessageAgeSeconds: 2_000_000 } }))
      .toThrow(/siem.maxMessageAgeSeconds of 2000000 exceeds the queue's 14-day retention/);
  });

  test('a name prefix longer than 15 characters is rejected (bucket names would not fit)', () => {
    expect(() => archive({ namePrefix: 'security-logs-central' })).toThrow(/namePrefix 'security-logs-central' cannot start S3 bucket names/);
  });

  test('a stack without a concrete account and region is rejected: workloads could not name the buckets', () => {
    expect(() => archive({}, new Stack(new App(), 'Agnostic'))).toThrow(/has no concrete account and region.*set env/);
  });

  test('an unknown Object Lock mode is rejected', () => {
    expect(() => archive({ objectLockMode: 'LEGAL' as ObjectLockMode })).toThrow(/objectLockMode 'LEGAL' is not an Object Lock mode/);
  });
});

describe('CentralLogTargets names used by the archive', () => {
  test('SIEM queue, export prefix and export writer role names are derived from the prefix, account and region', () => {
    expect(targets.notificationQueueName(LogFamily.VPC_FLOW)).toBe('seclog-vpc-flow-objects');
    expect(targets.notificationQueueArn(LogFamily.VPC_FLOW)).toBe(`arn:aws:sqs:${CENTRAL_REGION}:${CENTRAL_ACCOUNT}:seclog-vpc-flow-objects`);
    expect(targets.exportObjectPrefix('222222222222')).toBe('exports/222222222222/');
    expect(targets.exportWriterRoleArn).toBe(`arn:aws:iam::${CENTRAL_ACCOUNT}:role/seclog-exports-writer`);
    expect(() => targets.exportObjectPrefix('2222')).toThrow(/accountId '2222' is not an AWS account id/);
  });
});
