import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { correlationRules } from '../../../lib/handlers/auth-correlator/rules';
import { handler } from '../../../lib/handlers/sign-in-correlator';
import {
  CENTRAL_CORRELATOR_ENV,
  CentralSuccessAfterFailureDetail,
  CORRELATION_DETAIL_TYPE,
  CORRELATION_EVENT_SOURCE,
} from '../../../lib/handlers/sign-in-correlator/contract';
import { UserDirectory } from '../../../lib/requirements/types';
import { FakeAttemptTable } from './fake-table';
import cognitoFailure from '../auth-correlator/fixtures/cognito-initiate-auth-failure.json';
import cognitoSuccess from '../auth-correlator/fixtures/cognito-initiate-auth-success.json';
import iamFailure from '../auth-correlator/fixtures/iam-console-login-failure.json';
import iamSuccess from '../auth-correlator/fixtures/iam-console-login-success.json';
import idcFailure from '../auth-correlator/fixtures/idc-credential-verification-failure.json';
import idcSuccess from '../auth-correlator/fixtures/idc-user-authentication-success.json';

const TABLE = 'sign-in-attempts';
const BUS_ARN = 'arn:aws:events:eu-west-2:111111111111:event-bus/seclog-security-events';
const WINDOW_SECONDS = 900;

const ddb = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);

/** A copy of a fixture with changes to its CloudTrail record (and the envelope's region and account to match). */
function event<T extends { detail: any }>(fixture: T, changes: Record<string, unknown> = {}): T {
  const copy = structuredClone(fixture) as any;
  Object.assign(copy.detail, changes);
  copy.region = copy.detail.awsRegion;
  copy.account = copy.detail.recipientAccountId;
  return copy;
}

/** An IAM console sign-in of Alice in account 111122223333 at `time` in `region`. */
function iam(outcome: 'failure' | 'success', id: string, time: string, region: string, account = '111122223333') {
  const fixture = outcome === 'failure' ? iamFailure : iamSuccess;
  return event(fixture, {
    eventID: id,
    eventTime: time,
    awsRegion: region,
    recipientAccountId: account,
    userIdentity: { ...fixture.detail.userIdentity, accountId: account, arn: `arn:aws:iam::${account}:user/Alice` },
  });
}

function emitted(): CentralSuccessAfterFailureDetail[] {
  return eventBridge.commandCalls(PutEventsCommand).flatMap((call) => (call.args[0].input.Entries ?? [])
    .map((entry) => {
      expect(entry).toMatchObject({ EventBusName: BUS_ARN, Source: CORRELATION_EVENT_SOURCE, DetailType: CORRELATION_DETAIL_TYPE });
      return JSON.parse(entry.Detail!) as CentralSuccessAfterFailureDetail;
    }));
}

async function deliver(...events: unknown[]) {
  const results = [];
  for (const e of events) {
    results.push(await handler(e as any));
  }
  return results;
}

function configure(minimumFailures: number): void {
  process.env[CENTRAL_CORRELATOR_ENV.tableName] = TABLE;
  process.env[CENTRAL_CORRELATOR_ENV.eventBusArn] = BUS_ARN;
  process.env[CENTRAL_CORRELATOR_ENV.windowSeconds] = String(WINDOW_SECONDS);
  process.env[CENTRAL_CORRELATOR_ENV.minimumFailures] = String(minimumFailures);
  process.env[CENTRAL_CORRELATOR_ENV.rules] = JSON.stringify(correlationRules([
    UserDirectory.IAM, UserDirectory.IAM_IDENTITY_CENTER, UserDirectory.COGNITO_USER_POOL,
  ]));
}

beforeEach(() => {
  ddb.reset();
  eventBridge.reset();
  new FakeAttemptTable(ddb, TABLE);
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'emitted-1' }] });
  configure(1);
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('central sign-in correlator', () => {
  test('failures in eu-north-1 then a success in us-east-1 of the same IAM user are reported once, naming both regions', async () => {
    // GIVEN two failures recorded in eu-north-1 (global endpoint with the account-alias cookie) and a success in us-east-1
    configure(2);
    await deliver(
      iam('failure', 'f-1', '2025-03-04T10:00:05Z', 'eu-north-1'),
      iam('failure', 'f-2', '2025-03-04T10:00:35Z', 'eu-north-1'),
    );
    // WHEN the success arrives
    const [result] = await deliver(iam('success', 's-1', '2025-03-04T10:02:40Z', 'us-east-1'));

    // THEN one correlation event names the user, the failures, their region and the success's region
    expect(result.reported).toEqual(['s-1']);
    expect(emitted()).toEqual([expect.objectContaining({
      directory: 'IAM',
      principalKey: 'iam:111122223333:user:Alice',
      failureCount: 2,
      failureEventIds: ['f-1', 'f-2'],
      successEventId: 's-1',
      failureRegions: ['eu-north-1'],
      failureAccountIds: ['111122223333'],
      region: 'us-east-1',
      minimumFailures: 2,
      correlationWindowSeconds: WINDOW_SECONDS,
    })]);
  });

  test('fewer failures than the minimum are not reported', async () => {
    configure(3);
    await deliver(
      iam('failure', 'f-1', '2025-03-04T10:00:05Z', 'eu-north-1'),
      iam('failure', 'f-2', '2025-03-04T10:00:35Z', 'us-east-2'),
      iam('success', 's-1', '2025-03-04T10:02:40Z', 'us-east-1'),
    );
    expect(emitted()).toEqual([]);
  });

  test('an Identity Center user who fails in two accounts and then signs in is reported with both accounts', async () => {
    // GIVEN failures of one Identity Store user recorded in two accounts (the user id is organisation-wide)
    configure(2);
    const userId = idcSuccess.detail.userIdentity.onBehalfOf.userId;
    const failureIn = (account: string, id: string, time: string) => event(idcFailure, {
      eventID: id, eventTime: time, recipientAccountId: account,
      userIdentity: { ...idcFailure.detail.userIdentity, onBehalfOf: { userId } },
      additionalEventData: { ...idcFailure.detail.additionalEventData, AuthWorkflowID: `wf-${id}` },
    });
    await deliver(failureIn('222222222222', 'f-a', '2025-03-04T11:10:00Z'), failureIn('333333333333', 'f-b', '2025-03-04T11:12:00Z'));

    // WHEN the user then completes a sign-in
    await deliver(event(idcSuccess));

    // THEN the correlation counts both accounts' failures
    expect(emitted()).toEqual([expect.objectContaining({
      directory: 'IAM_IDENTITY_CENTER',
      principalKey: `idc:user:${userId}`,
      failureCount: 2,
      failureAccountIds: ['222222222222', '333333333333'],
    })]);
  });

  test('IAM users of the same name in two accounts are different principals', async () => {
    await deliver(
      iam('failure', 'f-1', '2025-03-04T10:00:05Z', 'us-east-1', '222222222222'),
      iam('success', 's-1', '2025-03-04T10:02:40Z', 'us-east-1', '333333333333'),
    );
    expect(emitted()).toEqual([]);
  });

  test('duplicate deliveries of one failure count once and of one success report once', async () => {
    configure(2);
    const failure = iam('failure', 'f-1', '2025-03-04T10:00:05Z', 'us-east-1');
    const success = iam('success', 's-1', '2025-03-04T10:02:40Z', 'us-east-1');
    await deliver(failure, failure, success);
    expect(emitted()).toEqual([]);

    configure(1);
    const results = await deliver(success, success, failure);
    expect(emitted()).toHaveLength(1);
    expect(emitted()[0]).toMatchObject({ failureCount: 1, failureEventIds: ['f-1'] });
    expect(results.map((r) => r.alreadyReported)).toEqual([[], ['s-1'], ['s-1']]);
  });

  test('a success before the failure is not reported', async () => {
    await deliver(
      iam('success', 's-1', '2025-03-04T10:00:05Z', 'us-east-1'),
      iam('failure', 'f-1', '2025-03-04T10:02:40Z', 'us-east-2'),
    );
    expect(emitted()).toEqual([]);
  });

  test('a failure that arrives after the success it precedes is still reported (out-of-order delivery)', async () => {
    const [first, second] = await deliver(
      iam('success', 's-1', '2025-03-04T10:02:40Z', 'us-east-1'),
      iam('failure', 'f-1', '2025-03-04T10:00:05Z', 'ap-southeast-2'),
    );
    expect(first.reported).toEqual([]);
    expect(second.reported).toEqual(['s-1']);
    expect(emitted()).toEqual([expect.objectContaining({ successEventId: 's-1', failureRegions: ['ap-southeast-2'], region: 'us-east-1' })]);
  });

  test('a failure older than the window is not counted', async () => {
    await deliver(
      iam('failure', 'f-1', '2025-03-04T10:00:00Z', 'us-east-1'),
      iam('success', 's-1', '2025-03-04T10:15:01Z', 'us-east-1'),
    );
    expect(emitted()).toEqual([]);
  });

  test('failures before an earlier success belong to that success only', async () => {
    await deliver(
      iam('failure', 'f-1', '2025-03-04T10:00:00Z', 'us-east-1'),
      iam('success', 's-1', '2025-03-04T10:01:00Z', 'us-east-1'),
      iam('success', 's-2', '2025-03-04T10:05:00Z', 'eu-north-1'),
    );
    expect(emitted().map((d) => d.successEventId)).toEqual(['s-1']);
  });

  test('Cognito: failed then successful InitiateAuth of the same sub is reported', async () => {
    await deliver(event(cognitoFailure), event(cognitoSuccess));
    expect(emitted()).toEqual([expect.objectContaining({
      directory: 'COGNITO_USER_POOL',
      principalKey: `cognito:${cognitoSuccess.detail.additionalEventData.sub}`,
      failureCount: 1,
      region: 'eu-west-2',
    })]);
  });

  test('Identity Center: a failed CredentialVerification joined on the sign-in workflow id is reported at UserAuthentication', async () => {
    await deliver(event(idcFailure), event(idcSuccess));
    expect(emitted()).toEqual([expect.objectContaining({
      directory: 'IAM_IDENTITY_CENTER',
      successEvent: { eventSource: 'signin.amazonaws.com', eventName: 'UserAuthentication' },
      failureEventIds: [idcFailure.detail.eventID],
    })]);
  });

  test('when EventBridge rejects the correlation the claim is given back, so the retry reports it', async () => {
    const failure = iam('failure', 'f-1', '2025-03-04T10:00:05Z', 'us-east-1');
    const success = iam('success', 's-1', '2025-03-04T10:02:40Z', 'us-east-1');
    eventBridge.on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }] })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'emitted-1' }] });
    await deliver(failure);
    await expect(handler(success as any)).rejects.toThrow(/InternalFailure/);
    const [retry] = await deliver(success);
    expect(retry.reported).toEqual(['s-1']);
  });

  test('events that are not authentication events are ignored without touching the table', async () => {
    const [result] = await deliver(event(iamFailure, { eventName: 'SwitchRole' }));
    expect(result.action).toBe('IGNORED');
    expect(ddb.calls()).toHaveLength(0);
  });
});
