import { classify } from '../../../lib/handlers/auth-correlator/classify';
import { canonicalTime, correlate, failureSortKey, StoredFailure } from '../../../lib/handlers/auth-correlator/correlate';
import { regionOfArn } from '../../../lib/handlers/auth-correlator/emit';
import { iamPrincipal } from '../../../lib/handlers/auth-correlator/principal';
import { correlationRules } from '../../../lib/handlers/auth-correlator/rules';
import { UserDirectory } from '../../../lib/requirements/types';
import iamFailure from './fixtures/iam-console-login-failure.json';
import iamSuccess from './fixtures/iam-console-login-success.json';

const RULES = correlationRules([UserDirectory.IAM, UserDirectory.IAM_IDENTITY_CENTER, UserDirectory.COGNITO_USER_POOL]);

function stored(eventId: string, eventTime: string, overrides: Partial<StoredFailure> = {}): StoredFailure {
  return {
    pk: 'iam:111122223333:user:Alice',
    sk: failureSortKey(eventTime, eventId),
    keys: ['iam:111122223333:user:Alice'],
    eventId,
    eventTime,
    directory: UserDirectory.IAM,
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    sourceIpAddress: '198.51.100.23',
    principal: { userName: 'Alice' },
    expiresAt: 0,
    ...overrides,
  };
}

describe('correlate', () => {
  const success = classify(iamSuccess.detail, RULES);
  if (success.outcome !== 'SUCCESS') {
    throw new Error('fixture is not a success');
  }

  test('checks the window itself, so an expired item DynamoDB TTL has not yet deleted is not counted', () => {
    // GIVEN one failure inside the 15-minute window and one an hour earlier (still stored: TTL is lazy)
    const failures = [stored('old', '2025-03-04T09:00:00Z'), stored('recent', '2025-03-04T10:00:05Z')];

    // WHEN the success is correlated
    const result = correlate(success, failures, 900);

    // THEN only the recent failure counts, and both are consumed
    expect(result.detail?.failureCount).toBe(1);
    expect(result.detail?.failureEventIds).toEqual(['recent']);
    expect(result.consumed.map((f) => f.eventId).sort()).toEqual(['old', 'recent']);
  });

  test('does not count a failure of another directory stored under the same key', () => {
    const result = correlate(success, [stored('other', '2025-03-04T10:00:05Z', { directory: UserDirectory.COGNITO_USER_POOL })], 900);

    expect(result.detail).toBeUndefined();
  });

  test('returns no detail and consumes nothing when there are no failures', () => {
    expect(correlate(success, [], 900)).toEqual({ consumed: [] });
  });
});

describe('classify', () => {
  test('a ConsoleLogin failure is a failure of the IAM user keyed by account and user name', () => {
    const result = classify(iamFailure.detail, RULES);

    expect(result).toMatchObject({ outcome: 'FAILURE', directory: UserDirectory.IAM, principal: { keys: ['iam:111122223333:user:Alice'] } });
  });

  test('a failed CheckMfa counts as a failure of the same user', () => {
    const detail = { ...iamFailure.detail, eventName: 'CheckMfa', responseElements: { CheckMfa: 'Failure' } };

    expect(classify(detail, RULES)).toMatchObject({ outcome: 'FAILURE', principal: { keys: ['iam:111122223333:user:Alice'] } });
  });

  test('a record without a valid eventTime is ignored', () => {
    expect(classify({ ...iamFailure.detail, eventTime: 'yesterday' }, RULES).outcome).toBe('IGNORED');
  });
});

describe('IAM principal', () => {
  test('the root user is keyed by account', () => {
    expect(iamPrincipal({ userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' } }).keys)
      .toEqual(['iam:111122223333:root']);
  });

  test('a user name missing from the record is read from the ARN, with its path dropped', () => {
    expect(iamPrincipal({ userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/admins/Carol', accountId: '111122223333' } }).keys)
      .toEqual(['iam:111122223333:user:Carol']);
  });

  test('a federated session is keyed by its ARN', () => {
    const arn = 'arn:aws:sts::111122223333:assumed-role/Admin/carol@example.com';
    expect(iamPrincipal({ userIdentity: { type: 'AssumedRole', arn, accountId: '111122223333' } }).keys).toEqual([`iam:${arn}`]);
  });
});

describe('helpers', () => {
  test('CloudTrail times with and without milliseconds sort the same way', () => {
    expect(canonicalTime('2025-03-04T10:00:05Z')).toBe('2025-03-04T10:00:05.000Z');
    expect(failureSortKey('2025-03-04T10:00:05Z', 'a') < failureSortKey('2025-03-04T10:00:05.500Z', 'a')).toBe(true);
  });

  test('the event bus region is read from its ARN, and a bad ARN is named in the error', () => {
    expect(regionOfArn('arn:aws:events:eu-west-2:999988887777:event-bus/seclog-security-events')).toBe('eu-west-2');
    expect(() => regionOfArn('seclog-security-events')).toThrow(/'seclog-security-events' is not an event bus ARN/);
  });
});
