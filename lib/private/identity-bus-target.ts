import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { aws_events as eventsRefs } from 'aws-cdk-lib/interfaces';

/** Options for {@link EventBusTargetWithRetry}. */
export interface EventBusTargetWithRetryOptions {
  /** Role EventBridge assumes to put events on the bus. */
  readonly role: iam.IRole;
  /** Where events go that could not be delivered. */
  readonly deadLetterQueue: sqs.IQueue;
  /** How long EventBridge keeps retrying. */
  readonly maxEventAge: Duration;
  /** How many times EventBridge retries. */
  readonly retryAttempts: number;
}

/**
 * An event bus target with an explicit retry policy. The aws-cdk-lib
 * `EventBus` target offers only a role and a dead-letter queue, although
 * CloudFormation's `AWS::Events::Rule` Target accepts a RetryPolicy for bus
 * targets too; this wrapper adds it, so the retry window is written in the
 * template rather than left to a service default.
 */
export class EventBusTargetWithRetry implements events.IRuleTarget {
  private readonly inner: targets.EventBus;

  constructor(bus: events.IEventBus, private readonly options: EventBusTargetWithRetryOptions) {
    this.inner = new targets.EventBus(bus, { role: options.role, deadLetterQueue: options.deadLetterQueue });
  }

  public bind(rule: eventsRefs.IRuleRef, id?: string): events.RuleTargetConfig {
    return {
      ...this.inner.bind(rule, id),
      retryPolicy: {
        maximumEventAgeInSeconds: this.options.maxEventAge.toSeconds(),
        maximumRetryAttempts: this.options.retryAttempts,
      },
    };
  }
}
