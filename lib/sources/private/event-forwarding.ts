import { Annotations, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, IConstruct } from 'constructs';
import { EventForwardingOptions } from '../events/event-forwarding-options';
import { CloudTrailEventSet, EventBridgeEventSet } from '../../requirements/types';
import { acknowledgeDeadLetterQueue, acknowledgeInlineRolePolicies } from '../../core/acknowledge';
import { recordEvidence } from '../../core/evidence';
import { RequirementImplementation } from '../../core/implementation';
import { requirement } from '../../requirements/catalogue';
import { stackSharedKey } from '../../core/stack-key';
import { nameProtectedRule } from '../../core/events/protected-name';
import { GLOBAL_EVENT_SOURCES, GLOBAL_EVENTS_REGION } from '../../core/events/global-events';
import { alarmActionsOrDefault } from '../../core/alarm-topic';

/**
 * Forwarding EventBridge events to the central security event bus: one rule
 * per event source, each with the same target (the central bus), the same
 * retry policy and the same error path (a KMS-encrypted SQS dead-letter queue
 * with an alarm on its depth, and an alarm per rule on events that could not
 * even be put in the dead-letter queue).
 *
 * Events are forwarded whole. EventBridge does not allow an input transformer
 * (nor Input or InputPath) on a target that is an event bus in another
 * account, and the central side needs the original envelope (`account`,
 * `region`, `resources`, `detail`) anyway.
 */

/** The `detail-type` EventBridge gives every CloudTrail-recorded API call. */
export const CLOUDTRAIL_API_CALL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/** EventBridge's limits on a target's retry policy. */
const MAX_RETRY_ATTEMPTS = 185;
const MIN_EVENT_AGE_SECONDS = 60;
const MAX_EVENT_AGE_SECONDS = 86_400;


/** Props for {@link CentralEventForwarder}. */
export interface CentralEventForwarderProps extends EventForwardingOptions {
  /**
   * What the forwarded events are and which requirements they meet, for
   * rule descriptions and alarm text, for example `pipeline events (HP-E8, CA-E1)`.
   */
  readonly purpose: string;
}

/**
 * Rules on the account's default event bus that send matching events, whole,
 * to the central security event bus. Every rule shares one role (allowed
 * `events:PutEvents` on the central bus only), one retry policy and one
 * KMS-encrypted dead-letter queue.
 *
 * @example
 * const forwarder = new CentralEventForwarder(this, 'Forwarder', { central, purpose: 'findings (HP-E4)' });
 * for (const set of groupEventBridgeSets(requirement('HP-E4').eventBridgeDetailTypes)) {
 *   forwarder.forward(ruleIdFor(set.source, 'Events'), eventBridgePattern(set));
 * }
 */
export class CentralEventForwarder extends Construct {
  /** Where events go when the central bus cannot be reached after every retry. */
  public readonly deadLetterQueue: sqs.Queue;
  /** Fires when any event is waiting in the dead-letter queue. */
  public readonly deadLetterAlarm: cloudwatch.Alarm;
  /** The role EventBridge assumes to put events on the central bus. */
  public readonly role: iam.Role;
  /** The rules made so far, in order. */
  public readonly rules: events.Rule[] = [];

  private readonly props: CentralEventForwarderProps;
  private readonly retryPolicy: events.CfnRule.RetryPolicyProperty;

  constructor(scope: Construct, id: string, props: CentralEventForwarderProps) {
    super(scope, id);
    acknowledgeInlineRolePolicies(this);
    this.props = props;
    this.retryPolicy = {
      maximumRetryAttempts: validateRetryAttempts(props.retryAttempts ?? MAX_RETRY_ATTEMPTS),
      maximumEventAgeInSeconds: validateMaxEventAge(props.maxEventAge ?? Duration.seconds(MAX_EVENT_AGE_SECONDS)),
    };

    const stack = Stack.of(this);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: deadLetterKey(this),
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    acknowledgeDeadLetterQueue(this.deadLetterQueue, 'the rules that forward to the central bus');

    this.role = new iam.Role(this, 'PutEventsRole', {
      description: `EventBridge puts ${props.purpose} on the central security event bus`,
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    });
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['events:PutEvents'],
      resources: [props.central.eventBusArn],
    }));

    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLetterAlarm', {
      alarmDescription:
        `${props.purpose} could not be delivered to the central security event bus ${props.central.eventBusArn} ` +
        'and wait in the dead-letter queue (kept 14 days). Read ERROR_CODE and ERROR_MESSAGE on the messages, fix the cause ' +
        '(central bus policy, role, region), then send the events on.',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.addActions(this.deadLetterAlarm);
  }

  /**
   * Add a rule that forwards events matching `eventPattern` to the central
   * bus, with the shared retry policy, dead-letter queue and role, and an
   * alarm on events that could not be put in the dead-letter queue either.
   */
  public forward(id: string, eventPattern: events.EventPattern, description?: string): events.Rule {
    const rule = nameProtectedRule(new events.Rule(this, id, {
      description: truncate(description ?? `Forwards ${this.props.purpose} to the central security event bus`, 512),
      eventPattern,
    }), this.props.central.namePrefix);
    const central = this.props.central;
    const role = this.role;
    const queue = this.deadLetterQueue;
    const retryPolicy = this.retryPolicy;
    rule.addTarget({
      bind: () => ({
        arn: central.eventBusArn,
        role,
        deadLetterConfig: { arn: queue.queueArn },
        retryPolicy,
      }),
    });
    queue.addToResourcePolicy(new iam.PolicyStatement({
      sid: `AllowRule${this.rules.length}`,
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['sqs:SendMessage'],
      resources: [queue.queueArn],
      conditions: { ArnEquals: { 'aws:SourceArn': rule.ruleArn } },
    }));
    const lost = new cloudwatch.Alarm(this, `${id}LostEventsAlarm`, {
      alarmDescription:
        `${this.props.purpose}: events matched a forwarding rule but could neither reach the central bus nor be put in ` +
        'the dead-letter queue, so they are lost. Check the dead-letter queue policy and its KMS key policy.',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Events',
        metricName: 'InvocationsFailedToBeSentToDlq',
        dimensionsMap: { RuleName: rule.ruleName },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.addActions(lost);

    const sources = (eventPattern.detail?.eventSource ?? []) as unknown[];
    const global = sources.filter((s): s is string => typeof s === 'string' && GLOBAL_EVENT_SOURCES.includes(s));
    const region = Stack.of(this).region;
    if (global.length > 0 && (Token.isUnresolved(region) || region !== GLOBAL_EVENTS_REGION)) {
      Annotations.of(rule).addWarningV2('cdk-security-log-collection:global-events',
        `${global.join(', ')} events are global and EventBridge delivers them in us-east-1 only; ` +
        `this rule is in ${Token.isUnresolved(region) ? 'an unresolved region' : region} and will not see them. ` +
        'Deploy this forwarder in us-east-1 as well.');
    }
    this.rules.push(rule);
    return rule;
  }

  private addActions(alarm: cloudwatch.Alarm): void {
    // No alarm without an action: the user's, or the stack's alarm topic.
    alarm.addAlarmAction(...alarmActionsOrDefault(this, this.props.alarmActions));
  }
}

/**
 * The catalogue's EventBridge sets merged by `source`, in first-seen order,
 * with each detail-type once.
 */
export function groupEventBridgeSets(sets: EventBridgeEventSet[]): EventBridgeEventSet[] {
  const bySource = new Map<string, string[]>();
  for (const set of sets) {
    const types = bySource.get(set.source) ?? [];
    for (const t of set.detailTypes) {
      if (!types.includes(t)) {
        types.push(t);
      }
    }
    bySource.set(set.source, types);
  }
  return [...bySource.entries()]
    .filter(([, detailTypes]) => detailTypes.length > 0)
    .map(([source, detailTypes]) => ({ source, detailTypes }));
}

/** The catalogue's CloudTrail sets merged by `eventSource`, in first-seen order, each name once. */
export function groupCloudTrailSets(sets: CloudTrailEventSet[]): CloudTrailEventSet[] {
  const bySource = new Map<string, string[]>();
  for (const set of sets) {
    const names = bySource.get(set.eventSource) ?? [];
    for (const n of set.eventNames) {
      if (!names.includes(n)) {
        names.push(n);
      }
    }
    bySource.set(set.eventSource, names);
  }
  return [...bySource.entries()]
    .filter(([, eventNames]) => eventNames.length > 0)
    .map(([eventSource, eventNames]) => ({ eventSource, eventNames }));
}

/** The pattern that matches one source's detail-types. */
export function eventBridgePattern(set: EventBridgeEventSet): events.EventPattern {
  return { source: [set.source], detailType: [...set.detailTypes] };
}

/**
 * The pattern that matches CloudTrail-recorded API calls of one event source.
 * It does not name the EventBridge `source`, which is not always derivable
 * from the CloudTrail `eventSource`. EventBridge only receives these events
 * when the account has a CloudTrail trail that is logging.
 */
export function cloudTrailPattern(set: CloudTrailEventSet): events.EventPattern {
  return {
    detailType: [CLOUDTRAIL_API_CALL_DETAIL_TYPE],
    detail: { eventSource: [set.eventSource], eventName: [...set.eventNames] },
  };
}

/**
 * A construct id for the rule of an EventBridge source or CloudTrail event
 * source: `aws.codepipeline` → `Codepipeline<suffix>`, `codebuild.amazonaws.com`
 * → `Codebuild<suffix>`.
 */
export function ruleIdFor(source: string, suffix: string): string {
  const name = source.replace(/^aws\./, '').replace(/\.amazonaws\.com$/, '');
  return name.split(/[^A-Za-z0-9]+/).filter((p) => p.length > 0)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('') + suffix;
}

/**
 * Make `self` one of a kind per account and region: a second one in the app
 * fails synth, naming the first and what doubling would cost (`consequence`,
 * a clause such as 'the central account would get every event twice').
 */
export function requireOnePerEnvironment(self: Construct, constructName: string, isSameKind: (c: IConstruct) => boolean,
  consequence: string): void {
  trackPerEnvironment(self);
  self.node.addValidation({
    validate: () => {
      const first = firstInSameEnvironment(self, isSameKind);
      return first === self ? [] : [
        `${constructName} '${self.node.path}' is the second in its account and region (after '${first.node.path}'); ` +
        `${consequence}. Keep one of them.`,
      ];
    },
  });
}

/** What a forwarder of one requirement's catalogue events forwards, in words. */
export interface RequirementForwardingSpec {
  /** The construct's declaration: the one catalogue requirement whose EventBridge and CloudTrail events it forwards. */
  readonly implementation: RequirementImplementation;
  /** What the events are, for rule and alarm text, for example `security findings`. */
  readonly purpose: string;
  /** Suffix of the rule ids for EventBridge events, for example `Findings`. */
  readonly eventRuleSuffix: string;
  /** The evidence note for the coverage report. */
  readonly evidenceNote: string;
}

/**
 * The whole of a forwarder of one requirement's catalogue events: one rule per
 * EventBridge source and per CloudTrail event source the record lists, the
 * evidence for the coverage report, and the one-per-environment check.
 */
export function forwardRequirementEvents(self: Construct, props: EventForwardingOptions, spec: RequirementForwardingSpec,
  isSameKind: (c: IConstruct) => boolean): CentralEventForwarder {
  const [requirementId, ...others] = spec.implementation.requirementIds;
  const constructName = spec.implementation.construct;
  if (others.length > 0) {
    throw new Error(`${constructName} declares ${spec.implementation.requirementIds.join(', ')}; a requirement forwarder forwards one requirement's events.`);
  }
  const record = requirement(requirementId);
  const eventSets = groupEventBridgeSets(record.eventBridgeDetailTypes);
  const apiCalls = groupCloudTrailSets(record.cloudTrailEvents);
  if (eventSets.length === 0 && apiCalls.length === 0) {
    throw new Error(
      `The requirement catalogue lists no EventBridge detail-types or CloudTrail events for ${requirementId}, ` +
      `so ${constructName} has nothing to forward; add them to its record.`,
    );
  }
  const forwarder = new CentralEventForwarder(self, 'Forwarder', { ...props, purpose: `${spec.purpose} (${requirementId})` });
  for (const set of eventSets) {
    forwarder.forward(ruleIdFor(set.source, spec.eventRuleSuffix), eventBridgePattern(set),
      `${requirementId}: forwards ${set.source} ${spec.purpose} to the central security event bus`);
  }
  for (const set of apiCalls) {
    forwarder.forward(ruleIdFor(set.eventSource, 'ApiCalls'), cloudTrailPattern(set),
      `${requirementId}: forwards ${set.eventSource} API calls to the central security event bus`);
  }
  recordEvidence(self, spec.implementation, forwarder.rules, spec.evidenceNote);
  requireOnePerEnvironment(self, constructName, isSameKind,
    `the central account would get every one of its ${spec.purpose} twice`);
  return forwarder;
}

/** Constructs that must be one per environment, per app, in creation order (see {@link trackPerEnvironment}). */
const PER_ENVIRONMENT = new WeakMap<IConstruct, IConstruct[]>();

/**
 * Record a construct for {@link firstInSameEnvironment}. Call it in the
 * constructor of every construct whose validation uses that check.
 */
export function trackPerEnvironment(self: IConstruct): void {
  const root = self.node.root;
  const list = PER_ENVIRONMENT.get(root);
  if (list) {
    list.push(self);
  } else {
    PER_ENVIRONMENT.set(root, [self]);
  }
}

/**
 * Of `self` and the other constructs of the same kind in the same account and
 * region anywhere in the app, the first in tree order. Lets "one per
 * environment" checks report every duplicate but the first. Stacks with an
 * unresolved account or region only match themselves. Only constructs
 * recorded with {@link trackPerEnvironment} are compared, so the check costs
 * the number of such constructs, not a walk of the whole app.
 */
export function firstInSameEnvironment(self: IConstruct, isSameKind: (c: IConstruct) => boolean): IConstruct {
  const mine = Stack.of(self);
  const concrete = (s: Stack) => !Token.isUnresolved(s.account) && !Token.isUnresolved(s.region);
  const candidates = (PER_ENVIRONMENT.get(self.node.root) ?? []).filter((c) => {
    if (c === self || !isSameKind(c) || c.node.root !== self.node.root) {
      return false;
    }
    const theirs = Stack.of(c);
    return theirs === mine
      || (concrete(mine) && concrete(theirs) && mine.account === theirs.account && mine.region === theirs.region);
  });
  return [self, ...candidates].sort(compareTreeOrder)[0];
}

/** Pre-order position of two constructs of one tree: negative when `a` comes first. */
function compareTreeOrder(a: IConstruct, b: IConstruct): number {
  const pathA = a.node.scopes;
  const pathB = b.node.scopes;
  let i = 0;
  while (i < pathA.length && i < pathB.length && pathA[i] === pathB[i]) {
    i++;
  }
  if (i === pathA.length || i === pathB.length) {
    return pathA.length - pathB.length; // one contains the other: the ancestor comes first
  }
  const siblings = pathA[i - 1].node.children;
  return siblings.indexOf(pathA[i]) - siblings.indexOf(pathB[i]);
}

const DLQ_KEY_ID = 'SecurityEventDeadLetterKey';

/**
 * The stack's KMS key for forwarding dead-letter queues: one per stack,
 * rotation on, retained, usable by EventBridge in this account only.
 */
function deadLetterKey(scope: Construct): kms.IKey {
  return stackSharedKey(scope, DLQ_KEY_ID, {
    description: 'Encrypts the dead-letter queues of security event forwarding (cdk-security-log-collection)',
  }, (stack) => [new iam.PolicyStatement({
    sid: 'AllowEventBridgeToWriteDeadLetters',
    principals: [new iam.ServicePrincipal('events.amazonaws.com')],
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
  })]);
}

function validateRetryAttempts(value: number): number {
  if (!Token.isUnresolved(value) && (!Number.isInteger(value) || value < 0 || value > MAX_RETRY_ATTEMPTS)) {
    throw new Error(`retryAttempts of ${value} is not allowed; use a whole number from 0 to ${MAX_RETRY_ATTEMPTS} (EventBridge's limit).`);
  }
  return value;
}

function validateMaxEventAge(age: Duration): number {
  if (age.isUnresolved()) {
    return age.toSeconds();
  }
  const seconds = age.toSeconds();
  if (seconds < MIN_EVENT_AGE_SECONDS || seconds > MAX_EVENT_AGE_SECONDS) {
    throw new Error(
      `maxEventAge of ${seconds} seconds is not allowed; use from ${MIN_EVENT_AGE_SECONDS} to ${MAX_EVENT_AGE_SECONDS} seconds ` +
      "(1 minute to 24 hours, EventBridge's limits).",
    );
  }
  return seconds;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
