import { Token } from 'aws-cdk-lib';
import { LogSourceScopeOptions } from '../source-scope';
import { validateAccountIds, validateOrganizationId } from '../../core/validate';

/** The accounts that may send logs, checked and with the central account added. */
export interface ResolvedSourceScope {
  /** The organisation, when the whole organisation may send logs. */
  readonly organizationId?: string;
  /** Named accounts (never empty: the central account is always one). */
  readonly accounts: string[];
}

/** One way a source is recognised: used to write one policy statement each (IAM ANDs conditions, so an OR needs two statements). */
export interface SourceConditionBlock {
  /** Suffix for the statement id: `Organization` or `Accounts`. */
  readonly sidSuffix: string;
  /** The IAM condition block. */
  readonly conditions: Record<string, Record<string, unknown>>;
}

/**
 * Check `organizationId` / `sourceAccounts` and throw, naming the construct,
 * when neither is given: a central store open to every AWS account would let
 * anyone write into the archive.
 */
export function resolveSourceScope(construct: string, options: LogSourceScopeOptions, centralAccount: string): ResolvedSourceScope {
  const organizationId = options.organizationId === undefined
    ? undefined
    : validateOrganizationId('organizationId', options.organizationId);
  const named = validateAccountIds('sourceAccounts', options.sourceAccounts ?? []);
  if (organizationId === undefined && named.length === 0) {
    throw new Error(
      `${construct} needs organizationId or sourceAccounts (got neither): without them any AWS account could write ` +
      "to the central log account; pass organizationId: 'o-...' or sourceAccounts: ['123456789012', ...].",
    );
  }
  const accounts = [...new Set([...named, ...(Token.isUnresolved(centralAccount) ? [] : [centralAccount])])];
  return { organizationId, accounts: accounts.length > 0 ? accounts : named };
}

/** Conditions for AWS service principals acting on behalf of a source (`aws:SourceOrgID` / `aws:SourceAccount`). */
export function serviceSourceConditions(scope: ResolvedSourceScope): SourceConditionBlock[] {
  const blocks: SourceConditionBlock[] = [];
  if (scope.organizationId !== undefined) {
    blocks.push({ sidSuffix: 'Organization', conditions: { StringEquals: { 'aws:SourceOrgID': scope.organizationId } } });
  }
  blocks.push({ sidSuffix: 'Accounts', conditions: { StringEquals: { 'aws:SourceAccount': scope.accounts } } });
  return blocks;
}
