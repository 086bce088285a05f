import * as events from 'aws-cdk-lib/aws-events';
import { buildEventPatterns, CLOUDTRAIL_DETAIL_TYPE } from './cloudtrail-patterns';
import { requirement } from '../../requirements/catalogue';

/** A tamper pattern, with a short name for construct ids and rule descriptions. */
export interface TamperPattern {
  readonly id: string;
  readonly description: string;
  readonly pattern: events.EventPattern;
}

/**
 * The events that say someone switched logging off, erased logs or tried to
 * (PU-3), as EventBridge patterns on CloudTrail's events:
 *
 * - every call the catalogue's PU-3 record lists (stopping or re-scoping
 *   trails, deleting log groups and subscription filters, changing retention,
 *   deleting flow logs and Resolver query logging, changing log bucket
 *   policies and lifecycles, disabling or deleting the archive key, detaching
 *   the guardrail), whatever its outcome: a denied attempt carries
 *   `errorCode: AccessDenied` and matches too;
 * - any activity of the root user;
 * - console sign-in without MFA.
 *
 * `TamperEventForwarding` forwards the calls and root API activity of every
 * account and region (`signIns: false`): console sign-ins reach the central
 * bus once, through `SignInEventForwarding`. `TamperAlerts` picks all of it,
 * sign-ins included (`signIns: true`), out of the central bus, so the two
 * sides share one definition. CloudTrail event fields:
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
export function tamperPatterns(options: { readonly signIns: boolean }): TamperPattern[] {
  const calls = buildEventPatterns(requirement('PU-3').cloudTrailEvents).map((p, i) => ({
    id: `LoggingChange${i + 1}`,
    description: `changes to logging on ${p.detail.eventSource[0]} (PU-3), allowed or denied`,
    pattern: { detailType: p['detail-type'], detail: { eventSource: p.detail.eventSource, eventName: p.detail.eventName } },
  }));
  const root: TamperPattern = {
    id: 'RootActivity',
    description: options.signIns ? 'any activity of the root user' : 'API calls of the root user',
    pattern: {
      detailType: options.signIns ? [CLOUDTRAIL_DETAIL_TYPE.API_CALL, CLOUDTRAIL_DETAIL_TYPE.CONSOLE_SIGN_IN] : [CLOUDTRAIL_DETAIL_TYPE.API_CALL],
      detail: { userIdentity: { type: ['Root'] } },
    },
  };
  const withoutMfa: TamperPattern = {
    id: 'SignInWithoutMfa',
    description: 'console sign-in without MFA',
    pattern: {
      detailType: [CLOUDTRAIL_DETAIL_TYPE.CONSOLE_SIGN_IN],
      detail: { eventName: ['ConsoleLogin'], additionalEventData: { MFAUsed: ['No'] } },
    },
  };
  return options.signIns ? [...calls, root, withoutMfa] : [...calls, root];
}
