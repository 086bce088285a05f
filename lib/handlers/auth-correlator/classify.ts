import { CorrelationRule } from './contract';
import { UserDirectory } from '../../requirements/types';
import { CloudTrailDetail, stringField } from './cloudtrail';
import { PrincipalIdentity, cognitoPrincipal, iamPrincipal, identityCenterPrincipal } from './principal';

/** An authentication attempt read from one CloudTrail record. */
export interface AuthenticationAttempt {
  readonly outcome: 'FAILURE' | 'SUCCESS';
  readonly directory: string;
  readonly principal: PrincipalIdentity;
  readonly eventId: string;
  readonly eventTime: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly sourceIpAddress?: string;
  readonly accountId?: string;
  readonly region?: string;
}

/** A record the correlator does not act on, and why (logged, never an error). */
export interface IgnoredRecord {
  readonly outcome: 'IGNORED';
  readonly reason: string;
}

/**
 * Read one CloudTrail record: is it a failed or a completed authentication
 * in one of the configured directories, and whose?
 *
 * The outcome comes from the record itself:
 * - an `errorCode` (Cognito's `NotAuthorizedException`) on a failure event is
 *   a failure when it is one of the rule's failure error codes;
 * - sign-in records carry their outcome in a field named after the event
 *   (`responseElements.ConsoleLogin`, `serviceEventDetails.CredentialVerification`):
 *   `Failure` or `Success`;
 * - an API call with neither is a success when it returned no further
 *   challenge (`responseElements.challengeName`), so a password accepted
 *   before an MFA step does not count as a completed sign-in.
 */
export function classify(detail: CloudTrailDetail, rules: CorrelationRule[]): AuthenticationAttempt | IgnoredRecord {
  const { eventSource, eventName, eventID: eventId, eventTime } = detail;
  if (!eventSource || !eventName || !eventId || !eventTime || Number.isNaN(Date.parse(eventTime))) {
    return ignored('record lacks eventSource, eventName, eventID or a valid eventTime');
  }
  const rule = rules.find((r) => r.eventSource === eventSource
    && (r.failureEventNames.includes(eventName) || r.successEventNames.includes(eventName)));
  if (!rule) {
    return ignored(`${eventSource} ${eventName} is not an authentication event of a configured directory`);
  }
  const outcome = outcomeOf(detail, eventName, rule);
  if (outcome === undefined) {
    return ignored(`${eventSource} ${eventName} is neither a failed nor a completed authentication`);
  }
  const principal = principalOf(rule.directory, detail);
  if (principal.keys.length === 0) {
    return ignored(`${eventName} principal not identified: ${(principal as { reason: string }).reason}`);
  }
  return {
    outcome,
    directory: rule.directory,
    principal: principal as PrincipalIdentity,
    eventId,
    eventTime,
    eventSource,
    eventName,
    sourceIpAddress: detail.sourceIPAddress,
    accountId: detail.recipientAccountId ?? detail.userIdentity?.accountId,
    region: detail.awsRegion,
  };
}

function outcomeOf(detail: CloudTrailDetail, eventName: string, rule: CorrelationRule): 'FAILURE' | 'SUCCESS' | undefined {
  const isFailureEvent = rule.failureEventNames.includes(eventName);
  const isSuccessEvent = rule.successEventNames.includes(eventName);
  const errorCode = detail.errorCode && detail.errorCode.length > 0 ? detail.errorCode : undefined;
  const stated = stringField(detail.responseElements, eventName) ?? stringField(detail.serviceEventDetails, eventName);

  if (stated === 'Failure') {
    return isFailureEvent ? 'FAILURE' : undefined;
  }
  if (errorCode !== undefined) {
    if (!isFailureEvent) {
      return undefined;
    }
    if (rule.failureErrorCodes.length === 0 || rule.failureErrorCodes.includes(errorCode)) {
      return 'FAILURE';
    }
    return undefined;
  }
  if (stated === 'Success') {
    return isSuccessEvent ? 'SUCCESS' : undefined;
  }
  if (stated !== undefined || !isSuccessEvent) {
    return undefined;
  }
  if (stringField(detail.responseElements, 'challengeName') !== undefined) {
    return undefined;
  }
  return 'SUCCESS';
}

function principalOf(directory: string, detail: CloudTrailDetail) {
  switch (directory) {
    case UserDirectory.IAM:
      return iamPrincipal(detail);
    case UserDirectory.IAM_IDENTITY_CENTER:
      return identityCenterPrincipal(detail);
    case UserDirectory.COGNITO_USER_POOL:
      return cognitoPrincipal(detail);
    default:
      return { keys: [] as [], reason: `unknown directory '${directory}'` };
  }
}

function ignored(reason: string): IgnoredRecord {
  return { outcome: 'IGNORED', reason };
}
