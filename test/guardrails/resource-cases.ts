// Requests against the central account's resource policies (bucket, key and role trust policies of the
// example app's central stack), evaluated by resource-policies.test.ts: AWS services must deliver with the
// source account or ARN they document, and nobody else may read, delete or reconfigure.

/** Which resource policy a case is evaluated against. */
export enum PolicyOf {
  CLOUDTRAIL_LANDING = 'the CloudTrail landing bucket',
  FLOW_LOG_LANDING = 'the VPC flow log landing bucket',
  VAULT = 'the vault',
  QUEUE_KEY = 'the SIEM queue key',
  ARCHIVE_KEY = 'the archive key',
  FIREHOSE_ROLE = 'the trust of the Firehose delivery roles',
  REPLICATION_ROLE = 'the trust of the S3 replication role',
  EXPORT_WRITER_ROLE = 'the trust of the export writer role',
  EXPORTS_BUCKET = 'the EXPORTS bucket',
}

export interface ResourceCase {
  readonly proves: string;
  readonly policy: PolicyOf;
  /** A role ARN, or `service:<principal>` for an AWS service. */
  readonly principal: string;
  readonly action: string;
  /** Object key (buckets), or ignored for keys and roles. */
  readonly key?: string;
  readonly context?: Record<string, string | string[]>;
  /** Whether the principal's own account allows it (AdministratorAccess), for principals in the central account. */
  readonly admin?: boolean;
  readonly expect: 'Allowed' | 'Denied';
}

const CENTRAL = '111111111111';
const WORKLOAD = '222222222222';
const OUTSIDER = '999999999999';
const OTHER_MEMBER = '333333333333';
const ORG = 'o-exampleorg1';
const REGION = 'eu-west-2';

export const RESOURCE_CASES: ResourceCase[] = [
  {
    proves: 'CloudTrail delivers a member account\'s trail into the CloudTrail landing bucket',
    policy: PolicyOf.CLOUDTRAIL_LANDING, principal: 'service:cloudtrail.amazonaws.com', action: 's3:PutObject',
    key: `AWSLogs/${WORKLOAD}/CloudTrail/${REGION}/2026/12/07/x.json.gz`,
    context: {
      'aws:SourceAccount': WORKLOAD, 'aws:SourceArn': `arn:aws:cloudtrail:${REGION}:${WORKLOAD}:trail/seclog-trail`,
      's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SecureTransport': 'true',
    },
    expect: 'Allowed',
  },
  {
    proves: 'CloudTrail cannot deliver a trail of an account outside the organisation (confused deputy)',
    policy: PolicyOf.CLOUDTRAIL_LANDING, principal: 'service:cloudtrail.amazonaws.com', action: 's3:PutObject',
    key: `AWSLogs/${OUTSIDER}/CloudTrail/${REGION}/2026/12/07/x.json.gz`,
    context: {
      'aws:SourceAccount': OUTSIDER, 'aws:SourceArn': `arn:aws:cloudtrail:${REGION}:${OUTSIDER}:trail/theirs`,
      's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SecureTransport': 'true',
    },
    expect: 'Denied',
  },
  {
    proves: 'vended log delivery writes a member account\'s flow logs into the flow log landing bucket',
    policy: PolicyOf.FLOW_LOG_LANDING, principal: 'service:delivery.logs.amazonaws.com', action: 's3:PutObject',
    key: `AWSLogs/${WORKLOAD}/vpcflowlogs/${REGION}/2026/12/07/x.log.gz`,
    context: {
      'aws:SourceAccount': WORKLOAD, 'aws:SourceArn': `arn:aws:logs:${REGION}:${WORKLOAD}:*`,
      's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SecureTransport': 'true',
    },
    expect: 'Allowed',
  },
  {
    proves: 'vended log delivery cannot write for an account outside the organisation (confused deputy)',
    policy: PolicyOf.FLOW_LOG_LANDING, principal: 'service:delivery.logs.amazonaws.com', action: 's3:PutObject',
    key: `AWSLogs/${OUTSIDER}/vpcflowlogs/${REGION}/2026/12/07/x.log.gz`,
    context: {
      'aws:SourceAccount': OUTSIDER, 'aws:SourceArn': `arn:aws:logs:${REGION}:${OUTSIDER}:*`,
      's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SecureTransport': 'true',
    },
    expect: 'Denied',
  },
  {
    proves: 'the SIEM reader role reads a landing object',
    policy: PolicyOf.CLOUDTRAIL_LANDING, principal: `arn:aws:iam::${CENTRAL}:role/seclog-siem-reader`, action: 's3:GetObject',
    key: `AWSLogs/${WORKLOAD}/CloudTrail/${REGION}/2026/12/07/x.json.gz`, context: { 'aws:SecureTransport': 'true' },
    expect: 'Allowed',
  },
  {
    proves: 'a central administrator cannot read logs (reads are for the named readers: analysis in place, LM-6)',
    policy: PolicyOf.CLOUDTRAIL_LANDING, principal: `arn:aws:iam::${CENTRAL}:role/Administrator`, action: 's3:GetObject', admin: true,
    key: `AWSLogs/${WORKLOAD}/CloudTrail/${REGION}/2026/12/07/x.json.gz`, context: { 'aws:SecureTransport': 'true' },
    expect: 'Denied',
  },
  {
    proves: 'a principal outside the organisation cannot read a landing object',
    policy: PolicyOf.CLOUDTRAIL_LANDING, principal: `arn:aws:iam::${OUTSIDER}:role/Attacker`, action: 's3:GetObject', admin: true,
    key: `AWSLogs/${WORKLOAD}/CloudTrail/${REGION}/2026/12/07/x.json.gz`, context: { 'aws:SecureTransport': 'true' },
    expect: 'Denied',
  },
  {
    proves: 'a central administrator cannot change a landing bucket\'s policy, even with no SCP',
    policy: PolicyOf.CLOUDTRAIL_LANDING, principal: `arn:aws:iam::${CENTRAL}:role/Administrator`, action: 's3:PutBucketPolicy', admin: true,
    context: { 'aws:SecureTransport': 'true' }, expect: 'Denied',
  },
  {
    proves: 'a central administrator cannot delete a landing object version, even with no SCP',
    policy: PolicyOf.CLOUDTRAIL_LANDING, principal: `arn:aws:iam::${CENTRAL}:role/Administrator`, action: 's3:DeleteObjectVersion', admin: true,
    key: `AWSLogs/${WORKLOAD}/CloudTrail/${REGION}/2026/12/07/x.json.gz`, context: { 'aws:SecureTransport': 'true' },
    expect: 'Denied',
  },
  {
    proves: 'a central administrator cannot delete a vault object version, even with no SCP',
    policy: PolicyOf.VAULT, principal: `arn:aws:iam::${CENTRAL}:role/Administrator`, action: 's3:DeleteObjectVersion', admin: true,
    key: `AWSLogs/${WORKLOAD}/CloudTrail/${REGION}/2026/12/07/x.json.gz`, context: { 'aws:SecureTransport': 'true' },
    expect: 'Denied',
  },
  {
    proves: 'the break-glass role can change a landing bucket\'s policy',
    policy: PolicyOf.CLOUDTRAIL_LANDING, principal: `arn:aws:iam::${CENTRAL}:role/LogBreakGlass`, action: 's3:PutBucketPolicy', admin: true,
    context: { 'aws:SecureTransport': 'true' }, expect: 'Allowed',
  },
  {
    proves: 'nobody reads a landing object over plain HTTP',
    policy: PolicyOf.CLOUDTRAIL_LANDING, principal: `arn:aws:iam::${CENTRAL}:role/seclog-siem-reader`, action: 's3:GetObject',
    key: `AWSLogs/${WORKLOAD}/CloudTrail/${REGION}/2026/12/07/x.json.gz`, context: { 'aws:SecureTransport': 'false' },
    expect: 'Denied',
  },
  {
    proves: 'a central administrator cannot schedule the archive key\'s deletion, even with no SCP',
    policy: PolicyOf.ARCHIVE_KEY, principal: `arn:aws:iam::${CENTRAL}:role/Administrator`, action: 'kms:ScheduleKeyDeletion', admin: true,
    expect: 'Denied',
  },
  {
    proves: 'S3 encrypts notifications with the queue key for the central account\'s buckets',
    policy: PolicyOf.QUEUE_KEY, principal: 'service:s3.amazonaws.com', action: 'kms:GenerateDataKey',
    context: { 'aws:SourceAccount': CENTRAL, 'aws:SourceArn': `arn:aws:s3:::seclog-cloudtrail-${CENTRAL}-${REGION}` },
    expect: 'Allowed',
  },
  {
    proves: 'S3 cannot use the queue key on behalf of another account\'s bucket (confused deputy)',
    policy: PolicyOf.QUEUE_KEY, principal: 'service:s3.amazonaws.com', action: 'kms:GenerateDataKey',
    context: { 'aws:SourceAccount': OUTSIDER, 'aws:SourceArn': 'arn:aws:s3:::someone-elses-bucket' },
    expect: 'Denied',
  },
  {
    proves: 'Firehose assumes its delivery role for the central account\'s streams',
    policy: PolicyOf.FIREHOSE_ROLE, principal: 'service:firehose.amazonaws.com', action: 'sts:AssumeRole',
    context: { 'sts:ExternalId': CENTRAL },
    expect: 'Allowed',
  },
  {
    proves: 'Firehose cannot assume the delivery role for another account\'s stream (confused deputy)',
    policy: PolicyOf.FIREHOSE_ROLE, principal: 'service:firehose.amazonaws.com', action: 'sts:AssumeRole',
    context: { 'sts:ExternalId': OUTSIDER },
    expect: 'Denied',
  },
  {
    proves: 'S3 assumes the replication role for the central account\'s landing buckets',
    policy: PolicyOf.REPLICATION_ROLE, principal: 'service:s3.amazonaws.com', action: 'sts:AssumeRole',
    context: { 'aws:SourceAccount': CENTRAL },
    expect: 'Allowed',
  },
  {
    proves: 'S3 cannot assume the replication role for another account\'s bucket (confused deputy)',
    policy: PolicyOf.REPLICATION_ROLE, principal: 'service:s3.amazonaws.com', action: 'sts:AssumeRole',
    context: { 'aws:SourceAccount': OUTSIDER },
    expect: 'Denied',
  },
  {
    proves: 'a member account\'s exporter assumes the export writer role, tagging the session with its own account',
    policy: PolicyOf.EXPORT_WRITER_ROLE, principal: `arn:aws:iam::${WORKLOAD}:role/exporter`, action: 'sts:AssumeRole', admin: true,
    context: { 'aws:PrincipalOrgID': ORG, 'aws:RequestTag/source-account': WORKLOAD, 'aws:TagKeys': ['source-account'] },
    expect: 'Allowed',
  },
  {
    proves: 'a member account cannot assume the export writer role claiming another account (its prefix)',
    policy: PolicyOf.EXPORT_WRITER_ROLE, principal: `arn:aws:iam::${WORKLOAD}:role/exporter`, action: 'sts:AssumeRole', admin: true,
    context: { 'aws:PrincipalOrgID': ORG, 'aws:RequestTag/source-account': OTHER_MEMBER, 'aws:TagKeys': ['source-account'] },
    expect: 'Denied',
  },
  {
    proves: 'a member account cannot assume the export writer role without the source-account session tag',
    policy: PolicyOf.EXPORT_WRITER_ROLE, principal: `arn:aws:iam::${WORKLOAD}:role/exporter`, action: 'sts:AssumeRole', admin: true,
    context: { 'aws:PrincipalOrgID': ORG },
    expect: 'Denied',
  },
  {
    proves: 'an account outside the organisation cannot assume the export writer role, even tagging its own account',
    policy: PolicyOf.EXPORT_WRITER_ROLE, principal: `arn:aws:iam::${OUTSIDER}:role/Attacker`, action: 'sts:AssumeRole', admin: true,
    context: { 'aws:PrincipalOrgID': 'o-someoneelse', 'aws:RequestTag/source-account': OUTSIDER, 'aws:TagKeys': ['source-account'] },
    expect: 'Denied',
  },
  {
    proves: 'an export writer session writes under its own account\'s exports prefix',
    policy: PolicyOf.EXPORTS_BUCKET, principal: `arn:aws:iam::${CENTRAL}:role/seclog-exports-writer`, action: 's3:PutObject',
    key: `exports/${WORKLOAD}/dns/zone.txt`,
    context: { 'aws:PrincipalTag/source-account': WORKLOAD, 'aws:SecureTransport': 'true' },
    expect: 'Allowed',
  },
  {
    proves: 'an export writer session cannot write under another account\'s exports prefix',
    policy: PolicyOf.EXPORTS_BUCKET, principal: `arn:aws:iam::${CENTRAL}:role/seclog-exports-writer`, action: 's3:PutObject',
    key: `exports/${OTHER_MEMBER}/dns/zone.txt`,
    context: { 'aws:PrincipalTag/source-account': WORKLOAD, 'aws:SecureTransport': 'true' },
    expect: 'Denied',
  },
];

export const CASE_ENV = { central: CENTRAL, region: REGION };
