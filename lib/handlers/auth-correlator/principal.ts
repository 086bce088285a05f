import { CloudTrailDetail, stringField } from './cloudtrail';

/**
 * CloudTrail writes this instead of the user name when someone signs in to
 * the console with a user name that does not exist in the account.
 */
export const HIDDEN_USER_NAME = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/** Who an authentication record is about, and the keys its failures are stored under. */
export interface PrincipalIdentity {
  /**
   * Keys to join failures and successes on, most specific first. A failure is
   * stored under every key; a success looks up every key.
   */
  readonly keys: string[];
  /** What the record says about the principal, for the emitted event. */
  readonly attributes: Record<string, string>;
}

/** Why a record cannot be joined to a principal. */
export interface UnidentifiedPrincipal {
  readonly keys: [];
  readonly reason: string;
}

/**
 * The principal of an IAM (console sign-in) record: the root user or the IAM
 * user of the account, keyed by account and user name because failure records
 * do not always carry the user ARN. Unknown user names are hidden by CloudTrail
 * and cannot be joined to anyone.
 */
export function iamPrincipal(detail: CloudTrailDetail): PrincipalIdentity | UnidentifiedPrincipal {
  const identity = detail.userIdentity ?? {};
  const account = identity.accountId ?? detail.recipientAccountId ?? 'unknown-account';
  if (identity.userName === HIDDEN_USER_NAME) {
    return { keys: [], reason: `user name is ${HIDDEN_USER_NAME} (no such user): not correlated` };
  }
  if (identity.type === 'Root') {
    return {
      keys: [`iam:${account}:root`],
      attributes: compact({ type: 'Root', accountId: account, arn: identity.arn }),
    };
  }
  const userName = identity.userName ?? userNameFromArn(identity.arn);
  if (identity.type === 'IAMUser' && userName) {
    return {
      keys: [`iam:${account}:user:${userName}`],
      attributes: compact({ type: 'IAMUser', accountId: account, userName, arn: identity.arn, principalId: identity.principalId }),
    };
  }
  if (identity.arn) {
    return {
      keys: [`iam:${identity.arn}`],
      attributes: compact({ type: identity.type, accountId: account, arn: identity.arn, userName: identity.userName }),
    };
  }
  return { keys: [], reason: 'record names no IAM user, root user or ARN' };
}

/**
 * The principal of an IAM Identity Center sign-in record. A failed
 * CredentialVerification of an unknown or not-yet-identified user carries only
 * the sign-in workflow id (`additionalEventData.AuthWorkflowID`), which the
 * later UserAuthentication of the same sign-in repeats; identified users also
 * carry `userIdentity.onBehalfOf.userId`.
 */
export function identityCenterPrincipal(detail: CloudTrailDetail): PrincipalIdentity | UnidentifiedPrincipal {
  const userId = detail.userIdentity?.onBehalfOf?.userId;
  const workflowId = stringField(detail.additionalEventData, 'AuthWorkflowID');
  const keys: string[] = [];
  if (userId) {
    keys.push(`idc:user:${userId}`);
  }
  if (workflowId) {
    keys.push(`idc:workflow:${workflowId}`);
  }
  if (keys.length === 0) {
    return { keys: [], reason: 'record has neither onBehalfOf.userId nor AuthWorkflowID' };
  }
  return {
    keys,
    attributes: compact({
      userId,
      identityStoreArn: detail.userIdentity?.onBehalfOf?.identityStoreArn,
      userName: stringField(detail.additionalEventData, 'UserName'),
      authWorkflowId: workflowId,
    }),
  };
}

/**
 * The principal of a Cognito user pool record. Cognito records the user's
 * `sub` in `additionalEventData` (never the user name); a record without one
 * (for example an unknown user) cannot be joined.
 */
export function cognitoPrincipal(detail: CloudTrailDetail): PrincipalIdentity | UnidentifiedPrincipal {
  const sub = stringField(detail.additionalEventData, 'sub');
  if (!sub) {
    return { keys: [], reason: 'record has no additionalEventData.sub' };
  }
  const userPoolId = stringField(detail.additionalEventData, 'userPoolId') ?? stringField(detail.requestParameters, 'userPoolId');
  return {
    keys: [`cognito:${sub}`],
    attributes: compact({
      sub,
      userPoolId,
      clientId: stringField(detail.requestParameters, 'clientId'),
    }),
  };
}

function userNameFromArn(arn: string | undefined): string | undefined {
  const match = arn ? /:user\/(?:.*\/)?([^/]+)$/.exec(arn) : null;
  return match ? match[1] : undefined;
}

function compact(record: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value !== undefined && value !== '') {
      out[key] = value;
    }
  }
  return out;
}
