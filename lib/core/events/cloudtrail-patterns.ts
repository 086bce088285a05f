import { mergeCloudTrailEventSets } from '../../requirements/event-sets';
import { CloudTrailEventSet } from '../../requirements/types';

/**
 * EventBridge `detail-type` values CloudTrail gives the events it delivers to
 * the default bus; CloudTrail picks one from the record's `eventType`.
 *
 * The EventBridge user guide prints the sign-in type as "AWS Console Signin
 * via CloudTrail"; the events actually carry "AWS Console Sign In via
 * CloudTrail" (the value rules in the wild match on), so that is used.
 */
export const CLOUDTRAIL_DETAIL_TYPE = {
  /** `eventType` AwsApiCall: a call to a public AWS API (IAM, Identity Center, Cognito APIs). */
  API_CALL: 'AWS API Call via CloudTrail',
  /** `eventType` AwsConsoleSignIn: console sign-in (ConsoleLogin, CheckMfa, SwitchRole). */
  CONSOLE_SIGN_IN: 'AWS Console Sign In via CloudTrail',
  /**
   * `eventType` AwsServiceEvent: events a service creates itself, such as
   * IAM Identity Center sign-in steps (CredentialVerification,
   * UserAuthentication) and Cognito managed-login requests.
   */
  SERVICE_EVENT: 'AWS Service Event via CloudTrail',
} as const;

/** The sign-in service's event source (console and IAM Identity Center sign-in). */
const SIGN_IN_EVENT_SOURCE = 'signin.amazonaws.com';

/**
 * The detail-types an event source's events can arrive with: sign-in events
 * are console sign-ins or service events; every other source's events are API
 * calls or (Cognito managed login, for example) service events.
 */
export function detailTypesFor(eventSource: string): string[] {
  return eventSource === SIGN_IN_EVENT_SOURCE
    ? [CLOUDTRAIL_DETAIL_TYPE.CONSOLE_SIGN_IN, CLOUDTRAIL_DETAIL_TYPE.SERVICE_EVENT]
    : [CLOUDTRAIL_DETAIL_TYPE.API_CALL, CLOUDTRAIL_DETAIL_TYPE.SERVICE_EVENT];
}

/**
 * The default EventBridge quota for the size of one event pattern, in
 * characters ("Event pattern size", adjustable on request).
 */
export const EVENT_PATTERN_MAX_LENGTH = 2048;

/** An event pattern in the JSON form EventBridge stores. */
export interface CloudTrailEventPattern {
  readonly 'detail-type': string[];
  readonly detail: { readonly eventSource: string[]; readonly eventName: string[] };
}

/**
 * The length EventBridge is charged for a pattern. Measured with a space
 * after every `:` and `,`, an upper bound of any serialisation CloudFormation
 * might use, so a pattern that fits here fits there.
 */
export function patternLength(pattern: unknown): number {
  return JSON.stringify(pattern).replace(/[:,]/g, '$& ').length;
}

/**
 * One or more event patterns per event source, each matching
 * `detail.eventSource` and a share of `detail.eventName`, split so that no
 * pattern exceeds `maxLength` characters. The sets are merged by event source
 * first, so an event listed under two directories is matched (and forwarded) once.
 */
export function buildEventPatterns(sets: CloudTrailEventSet[], maxLength: number = EVENT_PATTERN_MAX_LENGTH): CloudTrailEventPattern[] {
  const patterns: CloudTrailEventPattern[] = [];
  for (const { eventSource, eventNames } of mergeCloudTrailEventSets(sets)) {
    const make = (names: string[]): CloudTrailEventPattern => ({
      'detail-type': detailTypesFor(eventSource),
      'detail': { eventSource: [eventSource], eventName: names },
    });
    let chunk: string[] = [];
    for (const name of eventNames) {
      if (patternLength(make([...chunk, name])) <= maxLength) {
        chunk.push(name);
        continue;
      }
      if (chunk.length === 0) {
        throw new Error(`Event name '${name}' of ${eventSource} alone makes an event pattern longer than ${maxLength} characters.`);
      }
      patterns.push(make(chunk));
      chunk = [name];
    }
    patterns.push(make(chunk));
  }
  return patterns;
}
