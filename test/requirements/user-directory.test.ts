import {
  CloudTrailEventSet,
  mergeCloudTrailEventSets,
  requirement,
  USER_DIRECTORY_EVENTS,
  UserDirectory,
  userDirectoryEvents,
  UserDirectoryEventType,
  Verdict,
} from '../../lib/requirements';

const EVENT_TYPES = Object.values(UserDirectoryEventType);
const DIRECTORIES = Object.values(UserDirectory);

/** The event names of one source in a list of sets ([] when absent). */
function namesOf(sets: CloudTrailEventSet[], eventSource: string): string[] {
  return sets.filter((s) => s.eventSource === eventSource).flatMap((s) => s.eventNames);
}

function mappingOf(directory: UserDirectory, eventType: UserDirectoryEventType) {
  const found = USER_DIRECTORY_EVENTS.find((m) => m.directory === directory && m.eventType === eventType);
  if (!found) {
    throw new Error(`no mapping for ${directory} ${eventType}`);
  }
  return found;
}

describe('USER_DIRECTORY_EVENTS', () => {
  test('has one mapping per event type and directory: 13 x 3 = 39', () => {
    // GIVEN every event type and every directory
    const pairs = USER_DIRECTORY_EVENTS.map((m) => `${m.directory}/${m.eventType}`);
    // THEN each pair appears exactly once
    expect(pairs).toHaveLength(EVENT_TYPES.length * DIRECTORIES.length);
    expect(new Set(pairs).size).toBe(pairs.length);
    for (const directory of DIRECTORIES) {
      for (const eventType of EVENT_TYPES) {
        expect(pairs).toContain(`${directory}/${eventType}`);
      }
    }
  });

  test.each(USER_DIRECTORY_EVENTS.map((m) => [`${m.directory}/${m.eventType}`, m] as const))(
    '%s has a nearest equivalent exactly when its verdict is not FULL',
    (_pair, m) => {
      if (m.verdict === Verdict.FULL) {
        expect(m.nearestEquivalent).toBeUndefined();
        expect(m.cloudTrailEvents.length).toBeGreaterThan(0);
      } else {
        expect(m.nearestEquivalent?.length ?? 0).toBeGreaterThan(40);
      }
    },
  );

  test('a mapping with no AWS event is never FULL', () => {
    const empty = USER_DIRECTORY_EVENTS.filter((m) => m.cloudTrailEvents.length === 0);
    expect(empty.length).toBeGreaterThan(0);
    empty.forEach((m) => expect([Verdict.PARTIAL, Verdict.NOT_POSSIBLE_ON_AWS]).toContain(m.verdict));
  });

  test.each(DIRECTORIES)('success after failure is PARTIAL for %s and says IdentityEventForwarding emits it', (directory) => {
    const m = mappingOf(directory, UserDirectoryEventType.AUTHENTICATION_SUCCESS_AFTER_FAILURE);
    expect(m.verdict).toBe(Verdict.PARTIAL);
    expect(m.nearestEquivalent).toMatch(/IdentityEventForwarding/);
  });

  test.each(DIRECTORIES)('MFA recovery used has no AWS event in %s', (directory) => {
    const m = mappingOf(directory, UserDirectoryEventType.MFA_RECOVERY_USED);
    expect(m.cloudTrailEvents).toEqual([]);
    expect(m.verdict).toBe(Verdict.NOT_POSSIBLE_ON_AWS);
  });

  test('Cognito authentication failures are error codes on the four authentication calls', () => {
    const m = mappingOf(UserDirectory.COGNITO_USER_POOL, UserDirectoryEventType.AUTHENTICATION_FAILURE);
    expect(m.errorCodes).toContain('NotAuthorizedException');
    expect(namesOf(m.cloudTrailEvents, 'cognito-idp.amazonaws.com')).toEqual([
      'InitiateAuth', 'AdminInitiateAuth', 'RespondToAuthChallenge', 'AdminRespondToAuthChallenge',
    ]);
  });

  test('the mappings are frozen', () => {
    expect(Object.isFrozen(USER_DIRECTORY_EVENTS)).toBe(true);
    expect(Object.isFrozen(USER_DIRECTORY_EVENTS[0].cloudTrailEvents)).toBe(true);
  });
});

describe('exact event names (spot checks)', () => {
  test.each([
    [UserDirectory.IAM, UserDirectoryEventType.ACCOUNT_CREATION, 'iam.amazonaws.com', 'CreateUser'],
    [UserDirectory.IAM, UserDirectoryEventType.AUTHENTICATION_FAILURE, 'signin.amazonaws.com', 'ConsoleLogin'],
    [UserDirectory.IAM, UserDirectoryEventType.PRIVILEGE_CHANGE, 'iam.amazonaws.com', 'AttachRolePolicy'],
    [UserDirectory.IAM, UserDirectoryEventType.MFA_ENABLED, 'iam.amazonaws.com', 'EnableMFADevice'],
    [UserDirectory.IAM_IDENTITY_CENTER, UserDirectoryEventType.PRIVILEGE_CHANGE, 'sso.amazonaws.com', 'CreateAccountAssignment'],
    [UserDirectory.IAM_IDENTITY_CENTER, UserDirectoryEventType.ACCOUNT_CREATION, 'identitystore.amazonaws.com', 'CreateUser'],
    [UserDirectory.IAM_IDENTITY_CENTER, UserDirectoryEventType.ACCOUNT_LOCKOUT, 'sso-directory.amazonaws.com', 'DisableUser'],
    [UserDirectory.IAM_IDENTITY_CENTER, UserDirectoryEventType.AUTHENTICATION_FAILURE, 'signin.amazonaws.com', 'CredentialVerification'],
    [UserDirectory.IAM_IDENTITY_CENTER, UserDirectoryEventType.AUTHENTICATION_SUCCESS_AFTER_FAILURE, 'signin.amazonaws.com', 'UserAuthentication'],
    [UserDirectory.IAM_IDENTITY_CENTER, UserDirectoryEventType.GROUP_MEMBERSHIP_CHANGE, 'identitystore.amazonaws.com', 'CreateGroupMembership'],
    [UserDirectory.IAM_IDENTITY_CENTER, UserDirectoryEventType.GROUP_CREATION, 'identitystore-scim.amazonaws.com', 'CreateGroup'],
    [UserDirectory.COGNITO_USER_POOL, UserDirectoryEventType.ACCOUNT_LOCKOUT, 'cognito-idp.amazonaws.com', 'AdminDisableUser'],
    [UserDirectory.COGNITO_USER_POOL, UserDirectoryEventType.ACCOUNT_CREATION, 'cognito-idp.amazonaws.com', 'AdminCreateUser'],
    [UserDirectory.COGNITO_USER_POOL, UserDirectoryEventType.MFA_ENABLED, 'cognito-idp.amazonaws.com', 'AssociateSoftwareToken'],
  ])('%s %s is recorded as %s %s', (directory, eventType, eventSource, eventName) => {
    expect(namesOf(mappingOf(directory, eventType).cloudTrailEvents, eventSource)).toContain(eventName);
  });
});

describe('userDirectoryEvents()', () => {
  test.each(DIRECTORIES)('merges %s events per source, sorted and de-duplicated', (directory) => {
    // GIVEN the mappings of one directory, where some names repeat across event types
    // WHEN they are merged
    const merged = userDirectoryEvents(directory);
    // THEN each source appears once, sources and names are sorted, and no name repeats
    const sources = merged.map((s) => s.eventSource);
    expect(sources).toEqual([...new Set(sources)].sort());
    for (const set of merged) {
      expect(set.eventNames).toEqual([...new Set(set.eventNames)].sort());
    }
    // AND nothing is lost: every name of every mapping of the directory is in the result
    for (const m of USER_DIRECTORY_EVENTS.filter((x) => x.directory === directory)) {
      for (const set of m.cloudTrailEvents) {
        expect(namesOf(merged, set.eventSource)).toEqual(expect.arrayContaining(set.eventNames));
      }
    }
  });

  test('IAM events de-duplicate names used by several event types (UpdateAccessKey, CreateLoginProfile)', () => {
    const iam = namesOf(userDirectoryEvents(UserDirectory.IAM), 'iam.amazonaws.com');
    expect(iam.filter((n) => n === 'UpdateAccessKey')).toHaveLength(1);
    expect(iam.filter((n) => n === 'CreateLoginProfile')).toHaveLength(1);
  });

  test('returns new arrays the caller may change without touching the catalogue', () => {
    const first = userDirectoryEvents(UserDirectory.COGNITO_USER_POOL);
    first[0].eventNames.push('NotAnEvent');
    expect(namesOf(userDirectoryEvents(UserDirectory.COGNITO_USER_POOL), first[0].eventSource)).not.toContain('NotAnEvent');
  });

  test('a directory contributes only its own sources', () => {
    expect(userDirectoryEvents(UserDirectory.COGNITO_USER_POOL).map((s) => s.eventSource)).not.toContain('iam.amazonaws.com');
    expect(userDirectoryEvents(UserDirectory.IAM).map((s) => s.eventSource)).not.toContain('cognito-idp.amazonaws.com');
  });
});

describe('HP-B1 and CA-B1 events are computed from USER_DIRECTORY_EVENTS', () => {
  const union = () => mergeCloudTrailEventSets(USER_DIRECTORY_EVENTS.flatMap((m) => m.cloudTrailEvents));

  test.each(['HP-B1', 'CA-B1'])('%s CloudTrail events equal the union of every directory mapping', (id) => {
    expect(requirement(id).cloudTrailEvents).toEqual(union());
  });

  test('the union covers all three directories', () => {
    const sources = requirement('HP-B1').cloudTrailEvents.map((s) => s.eventSource);
    expect(sources).toEqual(expect.arrayContaining([
      'iam.amazonaws.com', 'signin.amazonaws.com', 'sso.amazonaws.com', 'identitystore.amazonaws.com',
      'sso-directory.amazonaws.com', 'identitystore-scim.amazonaws.com', 'cognito-idp.amazonaws.com',
    ]));
  });

  test.each(['HP-B1', 'CA-B1'])('%s fields are the ten event types in the seed words (MFA split in four)', (id) => {
    const fields = requirement(id).fields;
    expect(fields).toHaveLength(EVENT_TYPES.length);
    expect(fields[0]).toBe('Account creation');
    expect(fields[4]).toBe('Account authentication successes after 1 or more failures');
    expect(fields.filter((f) => f.startsWith('Multi-factor authentication state'))).toHaveLength(4);
  });
});

describe('mergeCloudTrailEventSets()', () => {
  test('keeps data event sets apart from management event sets of the same source', () => {
    const merged = mergeCloudTrailEventSets([
      { eventSource: 's3.amazonaws.com', eventNames: ['PutBucketPolicy'] },
      { eventSource: 's3.amazonaws.com', eventNames: ['GetObject'], dataEventResourceType: 'AWS::S3::Object' },
      { eventSource: 's3.amazonaws.com', eventNames: ['DeleteBucketPolicy', 'PutBucketPolicy'] },
    ]);
    expect(merged).toEqual([
      { eventSource: 's3.amazonaws.com', eventNames: ['DeleteBucketPolicy', 'PutBucketPolicy'] },
      { eventSource: 's3.amazonaws.com', eventNames: ['GetObject'], dataEventResourceType: 'AWS::S3::Object' },
    ]);
  });

  test('returns an empty list for no sets', () => {
    expect(mergeCloudTrailEventSets([])).toEqual([]);
  });
});
