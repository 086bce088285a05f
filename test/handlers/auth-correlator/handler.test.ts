import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../lib/handlers/auth-correlator';
import {
  CORRELATION_DETAIL_TYPE,
  CORRELATION_EVENT_SOURCE,
  CORRELATOR_ENV,
  SuccessAfterFailureDetail,
} from '../../../lib/handlers/auth-correlator/contract';
import { correlationRules } from '../../../lib/handlers/auth-correlator/rules';
import { UserDirectory } from '../../../lib/requirements/types';
import { FakeTable } from './fake-dynamodb';
import cognitoFailure from './fixtures/cognito-initiate-auth-failure.json';
import cognitoSuccess from './fixtures/cognito-initiate-auth-success.json';
import iamFailure from './fixtures/iam-console-login-failure.json';
import iamHiddenUser from './fixtures/iam-console-login-hidden-user.json';
import iamSuccess from './fixtures/iam-console-login-success.json';
import idcFailure from './fixtures/idc-credential-verification-failure.json';
import idcStepSuccess from './fixtures/idc-credential-verification-success.json';
import idcSuccess from './fixtures/idc-user-authentication-success.json';

const TABLE = 'failures';
const BUS_ARN = 'arn:aws:events:eu-west-2:999988887777:event-bus/seclog-security-events';
const WINDOW_SECONDS = 900;

const ddb = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);
let table: FakeTable;

/** A copy of a fixture with changes to its CloudTrail record. */
function withDetail<T extends { detail: object }>(fixture: T, changes: Record<string, unknown>): T {
  const copy = structuredClone(fixture);
  Object.assign(copy.detail, changes);
  return copy;
}

function emitted(): { entry: any; detail: SuccessAfterFailureDetail }[] {
  return eventBridge.commandCalls(PutEventsCommand).flatMap((call) => (call.args[0].input.Entries ?? [])
    .map((entry) => ({ entry, detail: JSON.parse(entry.Detail!) as SuccessAfterFailureDetail })));
}

beforeEach(() => {
  ddb.reset();
  eventBridge.reset();
  table = new FakeTable(ddb, TABLE);
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'emitted-1' }] });
  process.env[CORRELATOR_ENV.tableName] = TABLE;
  process.env[CORRELATOR_ENV.eventBusArn] = BUS_ARN;
  process.env[CORRELATOR_ENV.windowSeconds] = String(WINDOW_SECONDS);
  process.env[CORRELATOR_ENV.rules] = JSON.stringify(correlationRules([
    UserDirectory.IAM, UserDirectory.IAM_IDENTITY_CENTER, UserDirectory.COGNITO_USER_POOL,
  ]));
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('IAM console sign-in', () => {
  test('a ConsoleLogin success after a failure of the same user emits one correlation to the central bus', async () => {
    // GIVEN a failed console sign-in of Alice
    expect(await handler(iamFailure)).toMatchObject({ action: 'FAILURE_RECORDED', principalKey: 'iam:111122223333:user:Alice' });

    // WHEN Alice signs in two and a half minutes later
    const result = await handler(iamSuccess);

    // THEN one event goes to the central bus, with the principal, counts, times, IPs and event ids
    expect(result).toMatchObject({ action: 'EMITTED', failureCount: 1 });
    const events = emitted();
    expect(events).toHaveLength(1);
    expect(events[0].entry).toMatchObject({
      EventBusName: BUS_ARN,
      Source: CORRELATION_EVENT_SOURCE,
      DetailType: CORRELATION_DETAIL_TYPE,
    });
    expect(events[0].detail).toMatchObject({
      directory: UserDirectory.IAM,
      principalKey: 'iam:111122223333:user:Alice',
      principal: { userName: 'Alice', arn: 'arn:aws:iam::111122223333:user/Alice', accountId: '111122223333' },
      failureCount: 1,
      firstFailureTime: '2025-03-04T10:00:05Z',
      lastFailureTime: '2025-03-04T10:00:05Z',
      successTime: '2025-03-04T10:02:40Z',
      sourceIpAddresses: ['198.51.100.23', '203.0.113.77'],
      failureEventIds: ['3b1f6f2e-7d0a-4d8e-9c41-5a2e8b7c6d01'],
      successEventId: '8e5d4c3b-2a19-4f7e-8d6c-5b4a3f2e1d02',
      successEvent: { eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin' },
      accountId: '111122223333',
      correlationWindowSeconds: WINDOW_SECONDS,
    });
    // AND the failures are cleared, so the next success does not report them again
    expect(table.size).toBe(0);
    expect(await handler(withDetail(iamSuccess, { eventID: 'later-success', eventTime: '2025-03-04T10:05:00Z' })))
      .toMatchObject({ action: 'NO_PRIOR_FAILURE' });
    expect(emitted()).toHaveLength(1);
  });

  test('a success with no earlier failure emits nothing', async () => {
    const result = await handler(iamSuccess);

    expect(result).toMatchObject({ action: 'NO_PRIOR_FAILURE' });
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  test('a failure older than the correlation window does not count', async () => {
    // GIVEN a failure 16 minutes before the success (window 15 minutes)
    await handler(withDetail(iamFailure, { eventTime: '2025-03-04T09:46:39Z' }));

    // WHEN the success arrives
    const result = await handler(iamSuccess);

    // THEN nothing is emitted, although the item is still in the table (TTL deletes lazily)
    expect(result).toMatchObject({ action: 'NO_PRIOR_FAILURE' });
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
    expect(table.size).toBe(1);
  });

  test('a failure exactly at the edge of the window still counts', async () => {
    await handler(withDetail(iamFailure, { eventTime: '2025-03-04T09:47:40Z' }));

    const result = await handler(iamSuccess);

    expect(result).toMatchObject({ action: 'EMITTED', failureCount: 1 });
  });

  test('a failure of a different user does not make a success reportable', async () => {
    // GIVEN Bob failed to sign in
    await handler(withDetail(iamFailure, {
      userIdentity: { type: 'IAMUser', principalId: 'AIDABOBEXAMPLE', arn: 'arn:aws:iam::111122223333:user/Bob', accountId: '111122223333', userName: 'Bob' },
    }));

    // WHEN Alice signs in
    const result = await handler(iamSuccess);

    // THEN nothing is emitted and Bob's failure stays for Bob
    expect(result).toMatchObject({ action: 'NO_PRIOR_FAILURE' });
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
    expect(table.partitions()).toEqual(['iam:111122223333:user:Bob']);
  });

  test('a failure for an unknown user name (HIDDEN_DUE_TO_SECURITY_REASONS) is not stored or correlated', async () => {
    const result = await handler(iamHiddenUser);

    expect(result.action).toBe('IGNORED');
    expect(result.reason).toMatch(/HIDDEN_DUE_TO_SECURITY_REASONS/);
    expect(table.size).toBe(0);
  });

  test('two failures are counted with the first and last failure times, and a redelivered failure only once', async () => {
    await handler(withDetail(iamFailure, { eventID: 'fail-2', eventTime: '2025-03-04T10:01:30Z', sourceIPAddress: '198.51.100.24' }));
    await handler(iamFailure);
    await handler(iamFailure); // EventBridge delivers at least once

    await handler(iamSuccess);

    const [{ detail }] = emitted();
    expect(detail.failureCount).toBe(2);
    expect(detail.firstFailureTime).toBe('2025-03-04T10:00:05Z');
    expect(detail.lastFailureTime).toBe('2025-03-04T10:01:30Z');
    expect(detail.failureEventIds).toEqual(['3b1f6f2e-7d0a-4d8e-9c41-5a2e8b7c6d01', 'fail-2']);
    expect(detail.sourceIpAddresses).toEqual(['198.51.100.23', '198.51.100.24', '203.0.113.77']);
  });

  test('a failure recorded after the success time is kept for a later success and not counted', async () => {
    await handler(withDetail(iamFailure, { eventID: 'after', eventTime: '2025-03-04T10:03:00Z' }));

    const result = await handler(iamSuccess);

    expect(result).toMatchObject({ action: 'NO_PRIOR_FAILURE' });
    expect(table.size).toBe(1);
  });

  test('when EventBridge rejects the correlation the invocation fails and the failures stay for the retry', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'AccessDeniedException', ErrorMessage: 'not allowed' }] });
    await handler(iamFailure);

    await expect(handler(iamSuccess)).rejects.toThrow(/AccessDeniedException/);
    expect(table.size).toBe(1);
  });
});

describe('IAM Identity Center sign-in', () => {
  test('a UserAuthentication after a failed CredentialVerification of the same sign-in emits', async () => {
    // GIVEN a wrong password for a user not yet identified (only the AuthWorkflowID joins the records)
    expect(await handler(idcFailure)).toMatchObject({ action: 'FAILURE_RECORDED', principalKey: 'idc:workflow:adbf67c4-8188-4e2b-8527-fe539e328fa7' });
    // AND the right password (a step, not yet a completed sign-in)
    expect((await handler(idcStepSuccess)).action).toBe('IGNORED');
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);

    // WHEN the sign-in completes
    const result = await handler(idcSuccess);

    // THEN the success after failure is reported with the Identity Store user
    expect(result).toMatchObject({ action: 'EMITTED', failureCount: 1, principalKey: 'idc:workflow:adbf67c4-8188-4e2b-8527-fe539e328fa7' });
    const [{ detail }] = emitted();
    expect(detail).toMatchObject({
      directory: UserDirectory.IAM_IDENTITY_CENTER,
      principal: {
        userId: '94d00cd8-e9e6-4810-b177-b08e84725435',
        identityStoreArn: 'arn:aws:identitystore::111122223333:identitystore/d-1234567890',
        authWorkflowId: 'adbf67c4-8188-4e2b-8527-fe539e328fa7',
      },
      failureEventIds: ['9160fe06-fc2a-474f-9b78-000ee067a09d'],
      successEventId: 'e959a95a-2b33-478d-906c-4fe303e8a9f1',
      successEvent: { eventSource: 'signin.amazonaws.com', eventName: 'UserAuthentication' },
      sourceIpAddresses: ['192.0.2.44'],
    });
    expect(table.size).toBe(0);
  });

  test('a failure of an identified user joins a later sign-in of that user on the user id', async () => {
    // GIVEN a failed verification that names the user, in an earlier sign-in workflow
    await handler(withDetail(idcFailure, {
      userIdentity: structuredClone(idcSuccess.detail.userIdentity),
      additionalEventData: { AuthWorkflowID: '11111111-2222-4333-8444-555555555555', CredentialType: 'TOTP' },
    }));

    // WHEN the user completes a new sign-in
    const result = await handler(idcSuccess);

    // THEN the failure is counted through the user id
    expect(result).toMatchObject({ action: 'EMITTED', principalKey: 'idc:user:94d00cd8-e9e6-4810-b177-b08e84725435' });
    expect(table.size).toBe(0);
  });

  test('a UserAuthentication with no failed verification emits nothing', async () => {
    const result = await handler(idcSuccess);

    expect(result).toMatchObject({ action: 'NO_PRIOR_FAILURE' });
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });
});

describe('Cognito user pool', () => {
  test('a successful InitiateAuth after NotAuthorizedException for the same sub emits', async () => {
    expect(await handler(cognitoFailure)).toMatchObject({ action: 'FAILURE_RECORDED', principalKey: 'cognito:87a42a58-6051-7076-79e2-fe9208b6ae3c' });

    const result = await handler(cognitoSuccess);

    expect(result).toMatchObject({ action: 'EMITTED', failureCount: 1 });
    const [{ detail }] = emitted();
    expect(detail).toMatchObject({
      directory: UserDirectory.COGNITO_USER_POOL,
      principal: { sub: '87a42a58-6051-7076-79e2-fe9208b6ae3c', clientId: '4u37654rhubjei088dj85clscq' },
      failureEventIds: ['b7c6d5e4-f3a2-4b1c-8d9e-0f1a2b3c4d08'],
      successEventId: 'c8d7e6f5-a4b3-4c2d-9e0f-1a2b3c4d5e09',
      successEvent: { eventSource: 'cognito-idp.amazonaws.com', eventName: 'InitiateAuth' },
      firstFailureTime: '2025-03-04T12:30:09Z',
      successTime: '2025-03-04T12:30:31Z',
    });
  });

  test('a password accepted with an MFA challenge still to answer is not a completed authentication', async () => {
    await handler(cognitoFailure);

    const result = await handler(withDetail(cognitoSuccess, {
      responseElements: { challengeName: 'SOFTWARE_TOKEN_MFA', challengeParameters: {}, session: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
    }));

    expect(result.action).toBe('IGNORED');
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
    expect(table.size).toBe(1);
  });

  test('an error code that is not an authentication failure (throttling) is not recorded', async () => {
    const result = await handler(withDetail(cognitoFailure, { errorCode: 'TooManyRequestsException', errorMessage: 'Rate exceeded' }));

    expect(result.action).toBe('IGNORED');
    expect(table.size).toBe(0);
  });

  test('a failure without a sub (unknown user) is not correlated', async () => {
    const result = await handler(withDetail(cognitoFailure, { errorCode: 'UserNotFoundException', additionalEventData: null }));

    expect(result.action).toBe('IGNORED');
    expect(result.reason).toMatch(/sub/);
    expect(table.size).toBe(0);
  });

  test('a Cognito failure does not correlate with an IAM success, even for the same account', async () => {
    await handler(withDetail(cognitoFailure, { eventTime: '2025-03-04T10:01:00Z' }));

    const result = await handler(iamSuccess);

    expect(result).toMatchObject({ action: 'NO_PRIOR_FAILURE' });
  });
});

describe('configuration and unrelated events', () => {
  test('an event that is not an authentication event of a configured directory is ignored without touching the table', async () => {
    const result = await handler(withDetail(iamSuccess, { eventSource: 'iam.amazonaws.com', eventName: 'CreateUser' }));

    expect(result.action).toBe('IGNORED');
    expect(ddb.calls()).toHaveLength(0);
  });

  test('only the configured directories are correlated', async () => {
    process.env[CORRELATOR_ENV.rules] = JSON.stringify(correlationRules([UserDirectory.COGNITO_USER_POOL]));

    const result = await handler(iamFailure);

    expect(result.action).toBe('IGNORED');
  });

  test('a missing setting fails the invocation naming the variable', async () => {
    delete process.env[CORRELATOR_ENV.eventBusArn];

    await expect(handler(iamFailure)).rejects.toThrow(new RegExp(CORRELATOR_ENV.eventBusArn));
  });

  test('a window that is not a positive whole number fails the invocation naming the value', async () => {
    process.env[CORRELATOR_ENV.windowSeconds] = '15m';

    await expect(handler(iamFailure)).rejects.toThrow(/CORRELATION_WINDOW_SECONDS.*'15m'/);
  });
});
