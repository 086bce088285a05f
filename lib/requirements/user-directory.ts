/**
 * The user-directory event types of HP-B1 and CA-B1 (both seeds list the same
 * ten, item 10 split into its four MFA states) mapped to the CloudTrail events
 * of each AWS directory: IAM, IAM Identity Center and Cognito user pools.
 *
 * How the names were checked: see the comment at the top of `catalogue.ts`.
 * In short, every API operation name is in the botocore 1.43.11 service model
 * of its service (`iam`, `sts`, `sso-admin`, `identitystore`, `cognito-idp`);
 * sign-in events, `sso-directory` console events and SCIM events have no SDK
 * model and come from the AWS documentation named in `catalogue.ts`.
 */
import { mergeCloudTrailEventSets } from './event-sets';
import { deepFreeze } from './freeze';
import { CloudTrailEventSet, UserDirectory, UserDirectoryEventMapping, UserDirectoryEventType, Verdict } from './types';

/** CloudTrail event sources of the three directories. */
const IAM = 'iam.amazonaws.com';
const SIGNIN = 'signin.amazonaws.com';
const SSO = 'sso.amazonaws.com';
const IDENTITY_STORE = 'identitystore.amazonaws.com';
const SSO_DIRECTORY = 'sso-directory.amazonaws.com';
const SCIM = 'identitystore-scim.amazonaws.com';
const COGNITO = 'cognito-idp.amazonaws.com';
const COGNITO_IDENTITY = 'cognito-identity.amazonaws.com';

/** The four Cognito user pool operations that authenticate a user. */
const COGNITO_AUTH_OPERATIONS = ['InitiateAuth', 'AdminInitiateAuth', 'RespondToAuthChallenge', 'AdminRespondToAuthChallenge'];

/**
 * The seed's words for each event type, in the seed's order. The HP-B1 and
 * CA-B1 `fields` are built from this list.
 */
export const USER_DIRECTORY_EVENT_LABELS: ReadonlyArray<{ readonly eventType: UserDirectoryEventType; readonly label: string }> = deepFreeze([
  { eventType: UserDirectoryEventType.ACCOUNT_CREATION, label: 'Account creation' },
  { eventType: UserDirectoryEventType.ACCOUNT_LOCKOUT, label: 'Account lockout' },
  { eventType: UserDirectoryEventType.ACCOUNT_REINSTATEMENT, label: 'Account reinstatement' },
  { eventType: UserDirectoryEventType.AUTHENTICATION_FAILURE, label: 'Account authentication failures' },
  { eventType: UserDirectoryEventType.AUTHENTICATION_SUCCESS_AFTER_FAILURE, label: 'Account authentication successes after 1 or more failures' },
  { eventType: UserDirectoryEventType.PASSWORD_CHANGE, label: 'Account password changes' },
  {
    eventType: UserDirectoryEventType.GROUP_MEMBERSHIP_CHANGE,
    label: 'Group membership addition / deletion (in particular, any group that gives admin access)',
  },
  { eventType: UserDirectoryEventType.GROUP_CREATION, label: 'Group creation' },
  {
    eventType: UserDirectoryEventType.PRIVILEGE_CHANGE,
    label: 'Privilege modification for users (for example, role delegation through AWS IAM)',
  },
  { eventType: UserDirectoryEventType.MFA_ENABLED, label: 'Multi-factor authentication state: enabled' },
  { eventType: UserDirectoryEventType.MFA_DISABLED, label: 'Multi-factor authentication state: disabled' },
  { eventType: UserDirectoryEventType.MFA_RESET, label: 'Multi-factor authentication state: reset/rotation' },
  { eventType: UserDirectoryEventType.MFA_RECOVERY_USED, label: 'Multi-factor authentication state: recovery method used' },
]);

/** Identity Center MFA device events: AWS documents them under either event source. */
const IDC_MFA_REGISTRATION = [
  'StartVirtualMfaDeviceRegistration',
  'CompleteVirtualMfaDeviceRegistration',
  'StartWebAuthnDeviceRegistration',
  'CompleteWebAuthnDeviceRegistration',
];

const IDC_MFA_SOURCE_NOTE =
  'The AWS Security Blog post on IAM Identity Center CloudTrail changes (2024-2025) says MFA device and group ' +
  "events are emitted under either 'sso-directory.amazonaws.com' or 'identitystore.amazonaws.com', so both are listed; " +
  'the identitystore names are not Identity Store API operations (not in the botocore identitystore model).';

const SUCCESS_AFTER_FAILURE_EQUIVALENT =
  'No AWS directory emits a "success after failure" event. IdentityEventForwarding correlates a successful ' +
  'authentication with one or more failures for the same user within its window (keyed on the user alone, so failing from one address and succeeding from another is still caught; every source IP address is reported) and emits ' +
  'the event itself; the listed events are the successes it consumes (the failures are under AUTHENTICATION_FAILURE).';

function events(eventSource: string, ...eventNames: string[]): CloudTrailEventSet {
  return { eventSource, eventNames };
}

function mapping(
  directory: UserDirectory,
  eventType: UserDirectoryEventType,
  cloudTrailEvents: CloudTrailEventSet[],
  verdict: Verdict,
  extra: { errorCodes?: string[]; nearestEquivalent?: string; notes?: string } = {},
): UserDirectoryEventMapping {
  return {
    eventType,
    directory,
    cloudTrailEvents,
    verdict,
    ...(extra.errorCodes ? { errorCodes: extra.errorCodes } : {}),
    ...(extra.nearestEquivalent ? { nearestEquivalent: extra.nearestEquivalent } : {}),
    ...(extra.notes ? { notes: extra.notes } : {}),
  };
}

const T = UserDirectoryEventType;

const IAM_EVENTS: UserDirectoryEventMapping[] = [
  mapping(UserDirectory.IAM, T.ACCOUNT_CREATION, [events(IAM, 'CreateUser', 'CreateLoginProfile', 'CreateAccessKey')], Verdict.FULL, {
    notes: 'CreateLoginProfile gives an existing user console access; CreateAccessKey gives it programmatic access.',
  }),
  mapping(UserDirectory.IAM, T.ACCOUNT_LOCKOUT, [events(IAM, 'DeleteLoginProfile', 'UpdateAccessKey', 'DeleteAccessKey')], Verdict.PARTIAL, {
    nearestEquivalent:
      'IAM has no automatic lockout after failed sign-ins. The equivalent is an administrator disabling the user: ' +
      "removing console access (DeleteLoginProfile) or setting an access key to Inactive (UpdateAccessKey with requestParameters.status 'Inactive'). " +
      'Repeated ConsoleLogin failures (AUTHENTICATION_FAILURE) show the brute force that a lockout would have stopped.',
  }),
  mapping(UserDirectory.IAM, T.ACCOUNT_REINSTATEMENT, [events(IAM, 'CreateLoginProfile', 'UpdateAccessKey')], Verdict.PARTIAL, {
    nearestEquivalent:
      'With no lockout there is nothing to reinstate from; restoring console access (CreateLoginProfile) or ' +
      "re-activating an access key (UpdateAccessKey with status 'Active') after an administrator disable is the equivalent. " +
      'Tell a reinstatement from a first grant by looking for the earlier disable of the same user.',
  }),
  mapping(UserDirectory.IAM, T.AUTHENTICATION_FAILURE, [events(SIGNIN, 'ConsoleLogin', 'CheckMfa')], Verdict.PARTIAL, {
    nearestEquivalent:
      'Console sign-in failures are recorded (ConsoleLogin, CheckMfa). Programmatic requests that fail authentication ' +
      '(bad signature or unknown access key) are not delivered to the account, so they cannot be forwarded; ' +
      'GuardDuty credential findings are the nearest signal for abused keys.',
    notes:
      "Failure is responseElements.ConsoleLogin = 'Failure' (errorMessage 'Failed authentication') or responseElements.CheckMfa = 'Failure'; " +
      'additionalEventData.MFAUsed says whether MFA was used. A failed sign-in for an unknown user name is logged with ' +
      "userIdentity.userName 'HIDDEN_DUE_TO_SECURITY_REASONS'. A wrong MFA code on the CLI is an sts GetSessionToken or AssumeRole " +
      "call with errorCode 'AccessDenied'; it is in the trail but not listed here, because those calls mostly succeed and the " +
      'mapping would make every call a failure. ' +
      'IAM and sign-in events are global and arrive in us-east-1.',
  }),
  mapping(UserDirectory.IAM, T.AUTHENTICATION_SUCCESS_AFTER_FAILURE, [events(SIGNIN, 'ConsoleLogin')], Verdict.PARTIAL, {
    nearestEquivalent: SUCCESS_AFTER_FAILURE_EQUIVALENT,
    notes: "Success is responseElements.ConsoleLogin = 'Success'; correlate on userIdentity.arn (or userName) and report sourceIPAddress.",
  }),
  mapping(UserDirectory.IAM, T.PASSWORD_CHANGE, [events(IAM, 'ChangePassword', 'UpdateLoginProfile')], Verdict.FULL, {
    notes: 'ChangePassword is the user changing their own password; UpdateLoginProfile is an administrator reset. Password values are not logged.',
  }),
  mapping(UserDirectory.IAM, T.GROUP_MEMBERSHIP_CHANGE, [events(IAM, 'AddUserToGroup', 'RemoveUserFromGroup')], Verdict.FULL, {
    notes: 'Which groups give admin access is configuration: flag them by requestParameters.groupName downstream.',
  }),
  mapping(UserDirectory.IAM, T.GROUP_CREATION, [events(IAM, 'CreateGroup')], Verdict.FULL),
  mapping(
    UserDirectory.IAM,
    T.PRIVILEGE_CHANGE,
    [
      events(
        IAM,
        'AttachUserPolicy', 'DetachUserPolicy', 'PutUserPolicy', 'DeleteUserPolicy',
        'AttachGroupPolicy', 'DetachGroupPolicy', 'PutGroupPolicy', 'DeleteGroupPolicy',
        'AttachRolePolicy', 'DetachRolePolicy', 'PutRolePolicy', 'DeleteRolePolicy',
        'CreatePolicyVersion', 'SetDefaultPolicyVersion',
        'PutUserPermissionsBoundary', 'DeleteUserPermissionsBoundary',
        'PutRolePermissionsBoundary', 'DeleteRolePermissionsBoundary',
        'CreateRole', 'UpdateAssumeRolePolicy',
      ),
    ],
    Verdict.FULL,
    {
      notes:
        'Role delegation is granted by CreateRole and UpdateAssumeRolePolicy (the trust policy). Its use is sts AssumeRole and ' +
        "signin SwitchRole; both are in the trail but are not forwarded as directory events because of their volume.",
    },
  ),
  mapping(UserDirectory.IAM, T.MFA_ENABLED, [events(IAM, 'CreateVirtualMFADevice', 'EnableMFADevice')], Verdict.FULL),
  mapping(UserDirectory.IAM, T.MFA_DISABLED, [events(IAM, 'DeactivateMFADevice', 'DeleteVirtualMFADevice')], Verdict.FULL),
  mapping(UserDirectory.IAM, T.MFA_RESET, [events(IAM, 'ResyncMFADevice', 'DeactivateMFADevice', 'EnableMFADevice')], Verdict.FULL, {
    notes: 'ResyncMFADevice is a resynchronisation; a rotation is a DeactivateMFADevice followed by an EnableMFADevice for the same user.',
  }),
  mapping(UserDirectory.IAM, T.MFA_RECOVERY_USED, [], Verdict.NOT_POSSIBLE_ON_AWS, {
    nearestEquivalent:
      'IAM users have no MFA recovery method. Recovery is an administrator removing the lost device (DeactivateMFADevice, ' +
      'recorded under MFA_DISABLED) and the user registering a new one (EnableMFADevice): that pair is the nearest record.',
  }),
];

const IDC_EVENTS: UserDirectoryEventMapping[] = [
  mapping(
    UserDirectory.IAM_IDENTITY_CENTER,
    T.ACCOUNT_CREATION,
    [events(IDENTITY_STORE, 'CreateUser'), events(SSO_DIRECTORY, 'CreateUser'), events(SCIM, 'CreateUser')],
    Verdict.FULL,
    { notes: "SCIM CreateUser events hide the user name ('HIDDEN_DUE_TO_SECURITY_REASONS'); resolve the user id with identitystore DescribeUser." },
  ),
  mapping(UserDirectory.IAM_IDENTITY_CENTER, T.ACCOUNT_LOCKOUT, [events(SSO_DIRECTORY, 'DisableUser')], Verdict.PARTIAL, {
    nearestEquivalent:
      'IAM Identity Center documents no lockout event. An administrator disabling the user (sso-directory DisableUser) is ' +
      'recorded; repeated CredentialVerification failures show the attempts a lockout would answer. With an external ' +
      'identity provider, lockouts happen there and must be forwarded from that provider.',
    notes:
      'Users provisioned by SCIM are disabled by the identity provider with a PatchUser that sets active to false ' +
      '(identitystore-scim.amazonaws.com PatchUser); that event also carries every other attribute change, so it is not listed here.',
  }),
  mapping(UserDirectory.IAM_IDENTITY_CENTER, T.ACCOUNT_REINSTATEMENT, [events(SSO_DIRECTORY, 'EnableUser')], Verdict.PARTIAL, {
    nearestEquivalent:
      'Re-enabling a disabled user (sso-directory EnableUser) is recorded. Reinstatement after an external identity ' +
      "provider's lockout is only in that provider's logs.",
  }),
  mapping(UserDirectory.IAM_IDENTITY_CENTER, T.AUTHENTICATION_FAILURE, [events(SIGNIN, 'CredentialVerification')], Verdict.FULL, {
    notes:
      "Failure is serviceEventDetails.CredentialVerification = 'Failure'; additionalEventData.CredentialType says which factor " +
      '(for example PASSWORD or TOTP) and AuthWorkflowID joins the steps of one sign-in. No UserAuthentication follows a failure. ' +
      'These events exist for the Identity Center directory and Active Directory sources; with an external identity provider ' +
      'the failures are in that provider. The IAM Identity Center CloudTrail overview page prints the source as ' +
      "'signin.amazon.com'; its example events and the AWS Security Blog use 'signin.amazonaws.com', which is used here.",
  }),
  mapping(
    UserDirectory.IAM_IDENTITY_CENTER,
    T.AUTHENTICATION_SUCCESS_AFTER_FAILURE,
    [events(SIGNIN, 'CredentialVerification', 'UserAuthentication')],
    Verdict.PARTIAL,
    {
      nearestEquivalent: SUCCESS_AFTER_FAILURE_EQUIVALENT,
      notes: 'Correlate a UserAuthentication with earlier failed CredentialVerification events on additionalEventData.AuthWorkflowID or onBehalfOf.userId.',
    },
  ),
  mapping(UserDirectory.IAM_IDENTITY_CENTER, T.PASSWORD_CHANGE, [events(SSO_DIRECTORY, 'UpdatePassword')], Verdict.FULL, {
    notes: 'Identity Center directory only; with an external identity provider passwords are changed there.',
  }),
  mapping(
    UserDirectory.IAM_IDENTITY_CENTER,
    T.GROUP_MEMBERSHIP_CHANGE,
    [
      events(IDENTITY_STORE, 'CreateGroupMembership', 'DeleteGroupMembership'),
      events(SSO_DIRECTORY, 'AddMemberToGroup', 'RemoveMemberFromGroup'),
      events(SCIM, 'PatchGroup'),
    ],
    Verdict.FULL,
    { notes: 'Which groups give admin access is configuration (the groups assigned administrator permission sets).' },
  ),
  mapping(
    UserDirectory.IAM_IDENTITY_CENTER,
    T.GROUP_CREATION,
    [events(IDENTITY_STORE, 'CreateGroup'), events(SSO_DIRECTORY, 'CreateGroup'), events(SCIM, 'CreateGroup')],
    Verdict.FULL,
    { notes: 'Since 14 July 2025 CreateGroup and UpdateGroup events no longer carry the group displayName; resolve the groupId with DescribeGroup.' },
  ),
  mapping(
    UserDirectory.IAM_IDENTITY_CENTER,
    T.PRIVILEGE_CHANGE,
    [
      events(
        SSO,
        'CreateAccountAssignment', 'DeleteAccountAssignment',
        'CreatePermissionSet', 'UpdatePermissionSet', 'DeletePermissionSet', 'ProvisionPermissionSet',
        'PutInlinePolicyToPermissionSet', 'DeleteInlinePolicyFromPermissionSet',
        'AttachManagedPolicyToPermissionSet', 'DetachManagedPolicyFromPermissionSet',
        'AttachCustomerManagedPolicyReferenceToPermissionSet', 'DetachCustomerManagedPolicyReferenceFromPermissionSet',
        'PutPermissionsBoundaryToPermissionSet', 'DeletePermissionsBoundaryFromPermissionSet',
        'CreateApplicationAssignment', 'DeleteApplicationAssignment',
      ),
    ],
    Verdict.FULL,
  ),
  mapping(
    UserDirectory.IAM_IDENTITY_CENTER,
    T.MFA_ENABLED,
    [events(SSO_DIRECTORY, ...IDC_MFA_REGISTRATION), events(IDENTITY_STORE, ...IDC_MFA_REGISTRATION)],
    Verdict.FULL,
    { notes: IDC_MFA_SOURCE_NOTE },
  ),
  mapping(
    UserDirectory.IAM_IDENTITY_CENTER,
    T.MFA_DISABLED,
    [events(SSO_DIRECTORY, 'DeleteMfaDeviceForUser'), events(IDENTITY_STORE, 'DeleteMfaDeviceForUser')],
    Verdict.FULL,
    { notes: IDC_MFA_SOURCE_NOTE },
  ),
  mapping(
    UserDirectory.IAM_IDENTITY_CENTER,
    T.MFA_RESET,
    [
      events(SSO_DIRECTORY, 'UpdateMfaDeviceForUser', 'DeleteMfaDeviceForUser', 'CompleteVirtualMfaDeviceRegistration', 'CompleteWebAuthnDeviceRegistration'),
      events(IDENTITY_STORE, 'UpdateMfaDeviceForUser', 'DeleteMfaDeviceForUser', 'CompleteVirtualMfaDeviceRegistration', 'CompleteWebAuthnDeviceRegistration'),
      events(SIGNIN, 'CredentialVerification'),
    ],
    Verdict.PARTIAL,
    {
      nearestEquivalent:
        'There is no single reset event. A device deletion followed by a new registration for the same user is a ' +
        "rotation, and a CredentialVerification with additionalEventData.CredentialType 'RESYNC_TOTP' is a resynchronisation.",
      notes: IDC_MFA_SOURCE_NOTE,
    },
  ),
  mapping(UserDirectory.IAM_IDENTITY_CENTER, T.MFA_RECOVERY_USED, [], Verdict.NOT_POSSIBLE_ON_AWS, {
    nearestEquivalent:
      'IAM Identity Center has no MFA recovery codes. Recovery is an administrator deleting the lost device ' +
      '(DeleteMfaDeviceForUser, under MFA_DISABLED) and the user registering a new one (under MFA_ENABLED).',
  }),
];

const COGNITO_EVENTS: UserDirectoryEventMapping[] = [
  mapping(
    UserDirectory.COGNITO_USER_POOL,
    T.ACCOUNT_CREATION,
    [events(COGNITO, 'AdminCreateUser', 'SignUp', 'ConfirmSignUp', 'AdminConfirmSignUp')],
    Verdict.FULL,
    {
      notes:
        'Cognito records the user sub, not the user name. Sign-ups through managed login / the hosted UI are logged as ' +
        'AwsServiceEvent records named after the endpoint (for example Login_GET); those names are not listed because their ' +
        'spelling differs between documentation pages and could not be confirmed.',
    },
  ),
  mapping(UserDirectory.COGNITO_USER_POOL, T.ACCOUNT_LOCKOUT, [events(COGNITO, 'AdminDisableUser')], Verdict.PARTIAL, {
    nearestEquivalent:
      'An administrator disable (AdminDisableUser) is recorded. The automatic lockout after repeated wrong passwords has no ' +
      "event of its own: it shows as errorCode 'NotAuthorizedException' with errorMessage 'Password attempts exceeded' on the " +
      'authentication calls listed under AUTHENTICATION_FAILURE, and with threat protection as a user auth event with RiskDecision Block.',
  }),
  mapping(UserDirectory.COGNITO_USER_POOL, T.ACCOUNT_REINSTATEMENT, [events(COGNITO, 'AdminEnableUser')], Verdict.PARTIAL, {
    nearestEquivalent:
      'Re-enabling a disabled user (AdminEnableUser) is recorded; the end of an automatic temporary lockout emits nothing.',
  }),
  mapping(UserDirectory.COGNITO_USER_POOL, T.AUTHENTICATION_FAILURE, [events(COGNITO, ...COGNITO_AUTH_OPERATIONS)], Verdict.FULL, {
    errorCodes: ['NotAuthorizedException', 'UserNotFoundException', 'CodeMismatchException', 'ExpiredCodeException'],
    notes:
      'UserNotFoundException appears only when user-existence errors are not suppressed on the app client. Unauthenticated calls ' +
      '(InitiateAuth, RespondToAuthChallenge) carry the source IP address, the app client id and, where resolvable, the sub, ' +
      'but no IAM identity. The Cognito user auth event log (Plus plan, threat protection) adds EventResponse Fail with the challenge that failed.',
  }),
  mapping(
    UserDirectory.COGNITO_USER_POOL,
    T.AUTHENTICATION_SUCCESS_AFTER_FAILURE,
    [events(COGNITO, ...COGNITO_AUTH_OPERATIONS)],
    Verdict.PARTIAL,
    {
      nearestEquivalent:
        SUCCESS_AFTER_FAILURE_EQUIVALENT +
        ' With threat protection on, the user auth event log (SignIn with EventResponse Pass after Fail) carries the same sequence.',
      notes: 'A success is the same call with no errorCode; correlate on additionalEventData.sub (or the user name where logged) and report sourceIPAddress.',
    },
  ),
  mapping(
    UserDirectory.COGNITO_USER_POOL,
    T.PASSWORD_CHANGE,
    [events(COGNITO, 'ChangePassword', 'AdminSetUserPassword', 'AdminResetUserPassword', 'ForgotPassword', 'ConfirmForgotPassword')],
    Verdict.FULL,
    {
      notes:
        "A first-sign-in password set is a RespondToAuthChallenge with ChallengeName 'NEW_PASSWORD_REQUIRED' (under " +
        'AUTHENTICATION_FAILURE). Password values are logged as HIDDEN_DUE_TO_SECURITY_REASONS.',
    },
  ),
  mapping(UserDirectory.COGNITO_USER_POOL, T.GROUP_MEMBERSHIP_CHANGE, [events(COGNITO, 'AdminAddUserToGroup', 'AdminRemoveUserFromGroup')], Verdict.FULL, {
    notes: 'Which groups give admin access is configuration: a group with an IAM RoleArn or the highest precedence usually does.',
  }),
  mapping(UserDirectory.COGNITO_USER_POOL, T.GROUP_CREATION, [events(COGNITO, 'CreateGroup')], Verdict.FULL),
  mapping(
    UserDirectory.COGNITO_USER_POOL,
    T.PRIVILEGE_CHANGE,
    [events(COGNITO, 'UpdateGroup', 'AdminUpdateUserAttributes'), events(COGNITO_IDENTITY, 'SetIdentityPoolRoles')],
    Verdict.FULL,
    {
      notes:
        'UpdateGroup changes the IAM role (RoleArn) and precedence a group delegates; AdminUpdateUserAttributes matters where an ' +
        'attribute drives authorisation; SetIdentityPoolRoles changes the roles an identity pool hands to pool users.',
    },
  ),
  mapping(
    UserDirectory.COGNITO_USER_POOL,
    T.MFA_ENABLED,
    [
      events(
        COGNITO,
        'AssociateSoftwareToken', 'VerifySoftwareToken', 'SetUserMFAPreference', 'AdminSetUserMFAPreference',
        'StartWebAuthnRegistration', 'CompleteWebAuthnRegistration', 'SetUserPoolMfaConfig',
      ),
    ],
    Verdict.FULL,
    { notes: 'SetUserPoolMfaConfig is the pool-wide setting (OFF, OPTIONAL or ON); the others are per user.' },
  ),
  mapping(
    UserDirectory.COGNITO_USER_POOL,
    T.MFA_DISABLED,
    [events(COGNITO, 'SetUserMFAPreference', 'AdminSetUserMFAPreference', 'DeleteWebAuthnCredential', 'SetUserPoolMfaConfig')],
    Verdict.FULL,
    { notes: 'A preference change is a disable when the request sets Enabled to false; a pool change is a disable when MfaConfiguration becomes OFF or OPTIONAL.' },
  ),
  mapping(UserDirectory.COGNITO_USER_POOL, T.MFA_RESET, [events(COGNITO, 'AssociateSoftwareToken', 'VerifySoftwareToken')], Verdict.PARTIAL, {
    nearestEquivalent:
      'A reset is the same AssociateSoftwareToken and VerifySoftwareToken pair as an enrolment, made for a user who already ' +
      "had a token: tell them apart by the user's earlier MFA events.",
  }),
  mapping(UserDirectory.COGNITO_USER_POOL, T.MFA_RECOVERY_USED, [], Verdict.NOT_POSSIBLE_ON_AWS, {
    nearestEquivalent:
      'Cognito user pools have no MFA recovery codes. Account recovery is password recovery (ForgotPassword and ' +
      "ConfirmForgotPassword, under PASSWORD_CHANGE) by the pool's AccountRecoverySetting, or an administrator changing the " +
      "user's MFA preference (AdminSetUserMFAPreference, under MFA_DISABLED).",
  }),
];

/**
 * One mapping per user-directory event type and AWS directory: IAM first, then
 * IAM Identity Center, then Cognito user pools, each in the seed's order.
 */
export const USER_DIRECTORY_EVENTS: readonly UserDirectoryEventMapping[] = deepFreeze([...IAM_EVENTS, ...IDC_EVENTS, ...COGNITO_EVENTS]);

/**
 * All CloudTrail events of one directory, merged per event source, names
 * sorted and de-duplicated. Returns new arrays.
 */
export function userDirectoryEvents(directory: UserDirectory): CloudTrailEventSet[] {
  return mergeCloudTrailEventSets(USER_DIRECTORY_EVENTS.filter((m) => m.directory === directory).flatMap((m) => m.cloudTrailEvents));
}

/** The CloudTrail events of every directory, merged: what HP-B1 and CA-B1 carry. */
export function allUserDirectoryEvents(): CloudTrailEventSet[] {
  return mergeCloudTrailEventSets(USER_DIRECTORY_EVENTS.flatMap((m) => m.cloudTrailEvents));
}
