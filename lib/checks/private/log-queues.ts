import { CfnResource } from 'aws-cdk-lib';
import type { AppIndex } from '../app-index';
import { asArray, field } from '../../core/l1';
import { implementationOf } from '../../core/implementation';
import { LOG_STORE_TAG } from '../../core/log-store-tags';

/**
 * Which SQS queues of an app carry no application data, for the data-store
 * rules (`rules/data-stores/`): queues this library creates (dead-letter
 * queues, SIEM notification queues, correlation queues: any queue under a
 * construct of this library), queues tagged `security-log-store=true`,
 * dead-letter queues of anything (another queue's redrive policy, a Lambda
 * function, an EventBridge rule target or schedule, an SNS subscription,
 * a Lambda on-failure destination), and queues that a log bucket notifies.
 * Not public API.
 */

const CACHE = new WeakMap<AppIndex, Map<CfnResource, string>>();

/** Why a queue holds no application data; undefined for an application queue. */
export function whyNotApplicationQueue(queue: CfnResource, index: AppIndex): string | undefined {
  const owner = queue.node.scopes.slice(0, -1).reverse().map((c) => implementationOf(c.constructor)).find((i) => i !== undefined);
  if (owner) {
    return `a queue of ${owner.construct} (this library)`;
  }
  const tag = index.tagsOf(queue)[LOG_STORE_TAG];
  if (tag !== undefined && tag.toLowerCase() === 'true') {
    return `tagged ${LOG_STORE_TAG}=true`;
  }
  return reasonsOf(index).get(queue);
}

function reasonsOf(index: AppIndex): Map<CfnResource, string> {
  let reasons = CACHE.get(index);
  if (reasons) {
    return reasons;
  }
  reasons = new Map();
  const mark = (owner: CfnResource, value: unknown, why: string) => {
    for (const r of safeReferences(index, owner, value)) {
      if (r.cfnResourceType === 'AWS::SQS::Queue' && r !== owner && !reasons!.has(r)) {
        reasons!.set(r, `${why} (${owner.node.path})`);
      }
    }
  };
  const read = (r: CfnResource, prop: string) => (r as unknown as Record<string, unknown>)[prop];
  for (const q of index.ofType('AWS::SQS::Queue')) {
    mark(q, field(safeResolve(index, q, read(q, 'redrivePolicy')), 'deadLetterTargetArn'), 'the dead-letter queue of a queue');
  }
  for (const fn of index.ofType('AWS::Lambda::Function')) {
    mark(fn, read(fn, 'deadLetterConfig'), 'the dead-letter queue of a Lambda function');
  }
  for (const cfg of index.ofType('AWS::Lambda::EventInvokeConfig')) {
    mark(cfg, field(read(cfg, 'destinationConfig'), 'onFailure'), 'the on-failure destination of a Lambda function');
  }
  for (const rule of index.ofType('AWS::Events::Rule')) {
    for (const target of asArray(safeResolve(index, rule, read(rule, 'targets')))) {
      mark(rule, field(target, 'deadLetterConfig'), 'the dead-letter queue of an EventBridge rule target');
    }
  }
  for (const schedule of index.ofType('AWS::Scheduler::Schedule')) {
    mark(schedule, field(safeResolve(index, schedule, read(schedule, 'target')), 'deadLetterConfig'), 'the dead-letter queue of a schedule');
  }
  for (const sub of index.ofType('AWS::SNS::Subscription')) {
    mark(sub, read(sub, 'redrivePolicy'), 'the dead-letter queue of an SNS subscription');
  }
  for (const bucket of index.ofType('AWS::S3::Bucket')) {
    if (index.whyLogBucket(bucket).length > 0) {
      mark(bucket, field(safeResolve(index, bucket, read(bucket, 'notificationConfiguration')), 'queueConfigurations'),
        'notified by a log bucket');
    }
  }
  for (const n of index.ofType('Custom::S3BucketNotifications')) {
    const props = safeResolve(index, n, (n as unknown as { _cfnProperties?: unknown })._cfnProperties);
    const bucket = safeReferences(index, n, field(props, 'bucketName')).find((b) => b.cfnResourceType === 'AWS::S3::Bucket');
    if (bucket && index.whyLogBucket(bucket).length > 0) {
      mark(n, field(field(props, 'notificationConfiguration'), 'queueConfigurations'), 'notified by a log bucket');
    }
  }
  CACHE.set(index, reasons);
  return reasons;
}

function safeResolve(index: AppIndex, owner: CfnResource, value: unknown): unknown {
  try {
    return index.resolve(owner, value);
  } catch {
    return undefined;
  }
}

function safeReferences(index: AppIndex, owner: CfnResource, value: unknown): CfnResource[] {
  try {
    return index.resolver.referencedBy(owner, value);
  } catch {
    return [];
  }
}
