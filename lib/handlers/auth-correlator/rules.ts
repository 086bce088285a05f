import { USER_DIRECTORY_EVENTS } from '../../requirements/catalogue';
import { mergeCloudTrailEventSets } from '../../requirements/event-sets';
import { CloudTrailEventSet, UserDirectory, UserDirectoryEventType } from '../../requirements/types';
import { CorrelationRule } from './contract';

/**
 * The correlator's rules, from the catalogue: per directory and event source,
 * the events (and error codes) that record an authentication failure
 * (AUTHENTICATION_FAILURE) and the events whose success completes an
 * authentication (AUTHENTICATION_SUCCESS_AFTER_FAILURE).
 *
 * Where the success list of an event source also names events that are
 * failure events there (IAM Identity Center's CredentialVerification, a single
 * step of a sign-in) and other events that are not (UserAuthentication, the
 * completed sign-in), only the latter count as success: a password accepted
 * before a failed MFA step is not a completed authentication. Where every
 * success event is also a failure event (ConsoleLogin, Cognito's
 * authentication calls), the event's outcome decides.
 */
export function correlationRules(directories: UserDirectory[]): CorrelationRule[] {
  const rules: CorrelationRule[] = [];
  for (const directory of directories) {
    const failures = USER_DIRECTORY_EVENTS.filter((m) => m.directory === directory
      && m.eventType === UserDirectoryEventType.AUTHENTICATION_FAILURE);
    const successes = USER_DIRECTORY_EVENTS.filter((m) => m.directory === directory
      && m.eventType === UserDirectoryEventType.AUTHENTICATION_SUCCESS_AFTER_FAILURE);
    const failureSets = mergeCloudTrailEventSets(failures.flatMap((m) => m.cloudTrailEvents));
    const successSets = mergeCloudTrailEventSets(successes.flatMap((m) => m.cloudTrailEvents));
    if (failureSets.length === 0 || successSets.length === 0) {
      continue;
    }
    const failureErrorCodes = unique(failures.flatMap((m) => m.errorCodes ?? []));
    const namesIn = (sets: CloudTrailEventSet[], eventSource: string) => sets.find((s) => s.eventSource === eventSource)?.eventNames ?? [];
    const sources = unique([...failureSets, ...successSets].map((s) => s.eventSource));
    for (const eventSource of sources) {
      const failureEventNames = namesIn(failureSets, eventSource);
      const allSuccessNames = namesIn(successSets, eventSource);
      const completionOnly = allSuccessNames.filter((n) => !failureEventNames.includes(n));
      rules.push({
        directory,
        eventSource,
        failureEventNames,
        failureErrorCodes,
        successEventNames: completionOnly.length > 0 ? completionOnly : allSuccessNames,
      });
    }
  }
  return rules;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
