import { Annotations, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { recordEvidence } from '../../core/evidence';
import { RequirementImplementation } from '../../core/implementation';
import { addSiemNotifications, SiemNotificationQueues, SiemQueueSettings, siemQueueKey, validateSiemQueueSettings } from './archive-siem';
import { S3_READ_ACTIONS } from './archive-bucket-policy';
import { RegionalLandingProps } from '../regional-landing-props';
import { CentralLogTargets } from '../targets';

// The SIEM hand-off of a region-local landing bucket (LoadBalancerLogLanding, VendedLogLanding): S3 notifies only a
// queue of the bucket's own region, so each landing gets its own queue there, readable by the archive's SIEM role.
// The role lives in the central account, the same account as these buckets, queues and keys: a resource policy that
// names it is enough for same-account access (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html),
// so the central stack's role is not edited from here. For KMS the key policy itself must allow the role, which it
// does (https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html).

/** The SQS actions the SIEM role needs to consume a notification queue (the same as on the archive's queues). */
export const SIEM_QUEUE_ACTIONS = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];

/** A region-local landing's SIEM hand-off, checked: the SIEM role's ARN and the queue settings. */
export interface RegionalSiemSettings extends SiemQueueSettings {
  readonly roleArn: string;
}

/**
 * Whether the landing hands its bucket to the SIEM (`siemNotifications`, by default when `central` carries the
 * archive's SIEM role name), with the queue settings checked. Undefined when off.
 */
export function resolveRegionalSiem(construct: string, props: RegionalLandingProps, central: CentralLogTargets): RegionalSiemSettings | undefined {
  const enabled = props.siemNotifications ?? central.siemRoleArn !== undefined;
  const settings = validateSiemQueueSettings('siemMaxMessageAgeSeconds', props.siemMaxMessageAgeSeconds,
    'siemMaxReceiveCount', props.siemMaxReceiveCount);
  if (!enabled) {
    return undefined;
  }
  const roleArn = central.siemRoleArn;
  if (roleArn === undefined) {
    throw new Error(
      `${construct} has siemNotifications: true, but central (CentralLogTargets) names no SIEM role: pass archive.targets of a ` +
      "LogArchive with siem set, or siemRoleName (the archive's siem.roleName, by default '<prefix>-siem-reader') to " +
      'CentralLogTargets.fromAttributes; or remove siemNotifications.',
    );
  }
  return { ...settings, roleArn };
}

/** What {@link addRegionalSiemQueue} wires up. */
export interface RegionalSiemQueueOptions {
  readonly bucket: s3.Bucket;
  readonly bucketName: string;
  readonly queueName: string;
  /** What the bucket holds, for alarm descriptions. */
  readonly label: string;
  readonly namePrefix: string;
  readonly siem: RegionalSiemSettings;
  /** The landing bucket's own KMS key, when its objects are SSE-KMS (the SIEM decrypts them through S3). */
  readonly objectKey?: kms.IKey;
  readonly alarmTopic?: sns.ITopic;
  /** The landing construct's requirements: the queue is recorded as its evidence. */
  readonly implementation: RequirementImplementation;
}

/**
 * The landing bucket's SIEM queue of its region (KMS-encrypted with the stack's queue key, TLS-only, dead-letter
 * queue, age and dead-letter alarms with actions), and the resource-policy grants that let the archive's SIEM role
 * consume it, decrypt its messages, and fetch (not list) the notified objects, recorded as the landing's evidence.
 * The caller adds the role to the readers that the bucket's read deny spares.
 */
export function addRegionalSiemQueue(scope: Construct, o: RegionalSiemQueueOptions): SiemNotificationQueues {
  const stack = Stack.of(scope);
  // Qualified with the stack name: this stack may share its account and region with the archive's stack (alias names
  // are unique per account and region).
  const queueKey = siemQueueKey(scope, o.namePrefix, stack.stackName);
  const queues = addSiemNotifications(scope, 'Siem', o.bucket, {
    queueName: o.queueName, bucketArn: `arn:aws:s3:::${o.bucketName}`, label: o.label,
  }, o.siem, queueKey, o.alarmTopic);
  // aws:PrincipalArn with "*" rather than the role as principal: a policy naming a role that does not exist yet is
  // refused by S3 and KMS, and the condition keeps the statement non-public for S3 Block Public Access
  // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status).
  const onlySiemRole = { ArnEquals: { 'aws:PrincipalArn': o.siem.roleArn }, StringEquals: { 'aws:PrincipalAccount': stack.account } };
  queues.queue.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowSiemRoleToConsume',
    principals: [new iam.AnyPrincipal()],
    actions: SIEM_QUEUE_ACTIONS,
    resources: [queues.queue.queueArn],
    conditions: onlySiemRole,
  }));
  allowSiemDecrypt(queueKey, 'AllowSiemRoleToDecryptNotifications', `sqs.${stack.region}.amazonaws.com`, o.siem.roleArn, stack.account);
  o.bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowSiemRoleToReadNotifiedObjects',
    principals: [new iam.AnyPrincipal()],
    actions: S3_READ_ACTIONS,
    resources: [`arn:aws:s3:::${o.bucketName}/*`],
    conditions: onlySiemRole,
  }));
  if (o.objectKey) {
    const added = allowSiemDecrypt(o.objectKey, 'AllowSiemRoleToDecryptLandingObjects', `s3.${stack.region}.amazonaws.com`,
      o.siem.roleArn, stack.account);
    if (!added) {
      Annotations.of(scope).addWarningV2('@cdk-security-log-collection/siem-object-key',
        `The landing bucket's KMS key ${o.objectKey.node.path} is imported, so its key policy was not changed: allow the SIEM role ` +
        `${o.siem.roleArn} kms:Decrypt through s3.${stack.region}.amazonaws.com in it, or the SIEM cannot read the objects.`);
    }
  }
  recordEvidence(scope, o.implementation, [o.bucket, queues.queue, queues.deadLetterQueue, ...queues.alarms],
    'The region-local landing bucket notifies an SQS queue of its region (dead-letter queue, age alarm) that the SOC SIEM ' +
    `reads in near real time through the archive's SIEM role (${o.siem.roleArn}), which may fetch but not list the landing objects.`);
  return queues;
}

/** Keys that already carry a given decrypt statement (one per key and sid). */
const DECRYPT_GRANTS = new WeakMap<kms.IKey, Set<string>>();

/** Let the SIEM role decrypt with the key through one service (once per key and statement). False when the key policy cannot be changed. */
function allowSiemDecrypt(key: kms.IKey, sid: string, viaService: string, roleArn: string, account: string): boolean {
  const done = DECRYPT_GRANTS.get(key) ?? new Set<string>();
  if (done.has(sid)) {
    return true;
  }
  const { statementAdded } = key.addToResourcePolicy(new iam.PolicyStatement({
    sid,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:Decrypt'],
    resources: ['*'],
    conditions: {
      StringEquals: { 'kms:ViaService': viaService, 'kms:CallerAccount': account },
      ArnEquals: { 'aws:PrincipalArn': roleArn },
    },
  }), true);
  if (statementAdded) {
    done.add(sid);
    DECRYPT_GRANTS.set(key, done);
  }
  return statementAdded;
}
