/**
 * Rules of the two policy documents: logging and monitoring (seed 003, LM-1..LM-6)
 * and privileged user logging and protective monitoring (seed 004, PU-1..PU-4).
 * They are Baseline and apply to both profiles: every log store must meet them.
 *
 * Retention figures are read from `RETENTION_POLICY`; nothing here types them again.
 * How the event names were checked: see the comment at the top of `catalogue.ts`.
 */
import { RETENTION_POLICY } from './retention';
import { SeedFile } from './seeds';
import { policyRecord } from './shared';
import { AwsLogSource, CloudTrailEventSet, LogSourceName, Requirement, Verdict } from './types';

const LM = SeedFile.LOGGING_AND_MONITORING;
const PU = SeedFile.PRIVILEGED_USER_LOGGING;

const RETENTION_CHANGE_EVENTS = (): CloudTrailEventSet[] => [
  { eventSource: 'logs.amazonaws.com', eventNames: ['PutRetentionPolicy', 'DeleteRetentionPolicy'] },
  { eventSource: 's3.amazonaws.com', eventNames: ['PutBucketLifecycle', 'DeleteBucketLifecycle', 'PutObjectLockConfiguration'] },
];

/** Where the minimum retention (LM-1, LM-2) is enforced. */
const MINIMUM_RETENTION_SOURCES = (): AwsLogSource[] => [
  { name: 'S3 lifecycle and Object Lock', notes: 'Archive buckets expire objects no earlier than the minimum and lock them until then.' },
  { name: 'CloudWatch Logs retention', notes: 'RetentionInDays on every log group that holds a copy.' },
];

const RETENTION_NOTES =
  'S3 records PutBucketLifecycleConfiguration calls under the event name PutBucketLifecycle (an S3 operation name in ' +
  'botocore); that the newer call is logged under this name was not confirmed from a sample event.';

const PROTECTING = 'Protecting log files and log data';
const MAINTENANCE = 'Maintenance of system logs and protective monitoring';

/** The logging and monitoring policy rules. */
const LOGGING_AND_MONITORING: Requirement[] = [
  policyRecord({
    id: 'LM-1',
    title: 'Logs for external services',
    seed: LM,
    fields: [`Logs of services that can be accessed from the public Web kept for a minimum of ${RETENTION_POLICY.externalMinimumDays} days`],
    retentionDays: RETENTION_POLICY.externalMinimumDays,
    cloudTrailEvents: RETENTION_CHANGE_EVENTS(),
    awsSources: MINIMUM_RETENTION_SOURCES(),
    verdict: Verdict.FULL,
    notes: RETENTION_NOTES,
  }),
  policyRecord({
    id: 'LM-2',
    title: 'Logs for internal services',
    seed: LM,
    fields: [
      'Logs of services accessed using an MoJ or Government identity or login kept for a minimum of 13 months ' +
      `(${RETENTION_POLICY.internalMinimumDays} days, the smallest CloudWatch Logs retention value that covers 13 months)`,
    ],
    retentionDays: RETENTION_POLICY.internalMinimumDays,
    cloudTrailEvents: RETENTION_CHANGE_EVENTS(),
    awsSources: MINIMUM_RETENTION_SOURCES(),
    verdict: Verdict.FULL,
    notes: RETENTION_NOTES,
  }),
  policyRecord({
    id: 'LM-3',
    title: 'Maximum retention period',
    seed: LM,
    fields: [
      `Logs not retained for longer than 2 years (${RETENTION_POLICY.maximumDaysWithoutApproval} days) without specific approval from the MoJ CISO`,
      'Aggregate data with unique or personally identifying information removed can be retained indefinitely',
    ],
    retentionDays: RETENTION_POLICY.maximumDaysWithoutApproval,
    cloudTrailEvents: RETENTION_CHANGE_EVENTS(),
    awsSources: [
      { name: 'S3 lifecycle', notes: 'Expiration of current and noncurrent object versions at the retention period.' },
      { name: 'CloudWatch Logs retention', notes: 'RetentionInDays at most the maximum unless an approval reference is recorded.' },
    ],
    verdict: Verdict.FULL,
    notes: RETENTION_NOTES,
  }),
  policyRecord({
    id: 'LM-4',
    title: "Access to log data limited to the service's ops staff and the Security team",
    section: PROTECTING,
    seed: LM,
    fields: ["Default permissions allow access to logging and monitoring data only to ops staff for that service and the MoJ's Security team"],
    cloudTrailEvents: [
      { eventSource: 's3.amazonaws.com', eventNames: ['PutBucketPolicy', 'DeleteBucketPolicy'] },
      { eventSource: 'kms.amazonaws.com', eventNames: ['PutKeyPolicy', 'CreateGrant'] },
    ],
    awsSources: [
      { name: 'S3 bucket policies and KMS key policies', notes: 'Only named roles (service operators, security team, SIEM reader) may read.' },
      { name: LogSourceName.CLOUDTRAIL, notes: 'Changes to those policies.' },
    ],
    verdict: Verdict.FULL,
  }),
  policyRecord({
    id: 'LM-5',
    title: 'All access to raw log data is itself logged',
    section: PROTECTING,
    seed: LM,
    fields: ['All access to the raw logging and monitoring data is itself logged'],
    cloudTrailEvents: [
      {
        eventSource: 's3.amazonaws.com',
        eventNames: ['GetObject', 'SelectObjectContent', 'RestoreObject', 'CopyObject'],
        dataEventResourceType: 'AWS::S3::Object',
      },
    ],
    awsSources: [
      { name: LogSourceName.CLOUDTRAIL, notes: 'S3 data events on the archive buckets: every read, with principal and source address.' },
      { name: 'S3 server access logs', notes: 'A second, independent record of every request to the archive buckets.' },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'Every read of the central S3 archive is logged (CloudTrail data events on the archive buckets and S3 server access ' +
      'logs). Log data that also sits in CloudWatch Logs (EKS, database and API Gateway logs on their way to the archive) is ' +
      'read through CloudWatch Logs calls (GetLogEvents, FilterLogEvents, StartQuery, StartLiveTail); whether CloudTrail ' +
      'records those reads was not confirmed for this catalogue, so keep that copy short-lived and treat the archive as the record.',
  }),
  policyRecord({
    id: 'LM-6',
    title: 'No bulk export of log data without prior CISO approval',
    section: PROTECTING,
    seed: LM,
    fields: [
      'Bulk exporting from logging systems is prohibited by default; analysis of sensitive logs is performed in-situ',
      'A bulk extract requires the prior approval of the MoJ CISO',
    ],
    cloudTrailEvents: [
      { eventSource: 's3.amazonaws.com', eventNames: ['PutBucketReplication'] },
      { eventSource: 'logs.amazonaws.com', eventNames: ['CreateExportTask', 'PutSubscriptionFilter'] },
    ],
    awsSources: [
      { name: 'S3 bucket policies', notes: 'Deny reads and replication configuration to everyone but the named reader and break-glass roles.' },
      { name: LogSourceName.CLOUDTRAIL, notes: 'Attempts to add replication, export tasks or new subscription filters.' },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'AWS cannot tell a bulk export from ordinary reads. The control is who may read at all (a named SIEM reader and ' +
      'break-glass role) and denying the bulk paths (bucket replication, CloudWatch Logs export tasks and subscription ' +
      'filters to other destinations); the approved SIEM feed is the CISO-approved extract. Every read is logged (LM-5).',
  }),
];

/** The privileged user logging and protective monitoring rules. */
const PRIVILEGED_USER: Requirement[] = [
  policyRecord({
    id: 'PU-1',
    title: 'Automated real-time log analysis integrated with the SOC',
    section: MAINTENANCE,
    seed: PU,
    fields: [
      'Automated real-time log analysis implemented where possible',
      "Automated log analysis and alerting integrated with the MoJ's Security Operations Centre (SOC)",
    ],
    awsSources: [
      { name: 'S3 event notifications to SQS', notes: 'Every new log object is announced to the SIEM within seconds of delivery.' },
      { name: LogSourceName.EVENTBRIDGE, notes: 'GuardDuty and Security Hub findings: AWS-side automated analysis.' },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'The library delivers every log to the SOC\'s SIEM in near real time (S3 notifications on a queue and a read-only SIEM ' +
      'role); the analysis rules, their quarterly review and the weekly manual review where there are none are the SOC\'s and ' +
      'the service team\'s. GuardDuty and Security Hub provide AWS-side automated analysis.',
  }),
  policyRecord({
    id: 'PU-2',
    title: 'Systems synchronised to the central timing source',
    section: MAINTENANCE,
    seed: PU,
    fields: ['Systems synchronised to the centralised MoJ timing source'],
    awsSources: [
      {
        name: 'Amazon Time Sync Service',
        notes: 'A local NTP source at 169.254.169.123 on every EC2 instance, used by the default chrony configuration of Amazon Linux.',
      },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'AWS-generated logs (CloudTrail, flow logs, resolver logs, load balancer logs) are time-stamped by AWS from its own ' +
      'synchronised clocks, and EC2 guests can use the Amazon Time Sync Service (chrony on 169.254.169.123). The library ' +
      'cannot see or assert a guest operating system\'s clock configuration, nor that the Amazon Time Sync Service is the ' +
      'approved MoJ timing source: check guests with SSM State Manager or AWS Config rules, and record the approval.',
  }),
  policyRecord({
    id: 'PU-3',
    title: 'Protection of log data',
    seed: PU,
    fields: [
      'Access controls prevent privileged users from erasing or deactivating activity logs of their own activities, ' +
      'without the additional approval of the product or service manager',
    ],
    cloudTrailEvents: [
      { eventSource: 'cloudtrail.amazonaws.com', eventNames: ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors'] },
      {
        eventSource: 'logs.amazonaws.com',
        eventNames: [
          'DeleteLogGroup', 'PutLogGroupDeletionProtection', 'DeleteLogStream', 'PutRetentionPolicy', 'DeleteRetentionPolicy',
          'PutSubscriptionFilter', 'DeleteSubscriptionFilter', 'DeleteDestination', 'PutDestinationPolicy',
        ],
      },
      { eventSource: 'ec2.amazonaws.com', eventNames: ['DeleteFlowLogs'] },
      { eventSource: 'route53resolver.amazonaws.com', eventNames: ['DisassociateResolverQueryLogConfig', 'DeleteResolverQueryLogConfig'] },
      { eventSource: 'eks.amazonaws.com', eventNames: ['UpdateClusterConfig'] },
      { eventSource: 's3.amazonaws.com', eventNames: ['DeleteBucket', 'DeleteBucketPolicy', 'PutBucketPolicy', 'PutBucketVersioning', 'PutBucketLifecycle'] },
      { eventSource: 'kms.amazonaws.com', eventNames: ['DisableKey', 'ScheduleKeyDeletion', 'PutKeyPolicy'] },
      { eventSource: 'firehose.amazonaws.com', eventNames: ['DeleteDeliveryStream'] },
      { eventSource: 'events.amazonaws.com', eventNames: ['DisableRule', 'DeleteRule', 'RemoveTargets'] },
      { eventSource: 'cognito-idp.amazonaws.com', eventNames: ['SetLogDeliveryConfiguration'] },
      { eventSource: 'organizations.amazonaws.com', eventNames: ['DetachPolicy', 'DeletePolicy', 'UpdatePolicy'] },
    ],
    awsSources: [
      { name: 'AWS Organizations service control policy', notes: 'Denies the calls above to every principal but a named break-glass role.' },
      { name: 'S3 Object Lock', notes: 'Archived logs cannot be deleted or overwritten by anyone, root included, until retention ends (compliance mode).' },
      { name: LogSourceName.CLOUDTRAIL, notes: 'The denied attempts themselves (errorCode AccessDenied) and any policy change.' },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'An organisation SCP stops member-account principals (account root included) from switching off or deleting log ' +
      'sources, and Object Lock stops anyone deleting archived logs. SCPs do not apply to the organisation\'s management ' +
      'account, and its administrators can detach the SCP: that is recorded (organizations DetachPolicy) but not prevented, ' +
      'so management account access must be limited and its activity reviewed. Approval by the service manager is a ' +
      'process around the break-glass role, not something AWS enforces.',
    notes: RETENTION_NOTES,
  }),
  policyRecord({
    id: 'PU-4',
    title: 'Long-term storage, rotation, archival and deletion of log data',
    section: MAINTENANCE,
    seed: PU,
    fields: [
      'Managing long-term storage of system log data and monitoring log rotation',
      'Archival and deletion of log data',
    ],
    awsSources: [
      { name: 'S3 lifecycle', notes: 'Transition to archive storage classes and expiry at the end of retention.' },
    ],
    verdict: Verdict.FULL,
  }),
];

/** The policy records, LM first, in id order. */
export const POLICY_REQUIREMENTS: readonly Requirement[] = [...LOGGING_AND_MONITORING, ...PRIVILEGED_USER];
