/**
 * Which accounts may send logs to the central log account. Shared by every
 * central construct: give the organisation, named accounts, or both.
 */
export interface LogSourceScopeOptions {
  /**
   * The AWS Organizations id whose member accounts may send logs
   * (`aws:SourceOrgID` for AWS services, `aws:PrincipalOrgID` for principals).
   *
   * @default - only the named `sourceAccounts` may send logs
   */
  readonly organizationId?: string;
  /**
   * 12-digit ids of accounts that may send logs (`aws:SourceAccount` for AWS
   * services, account principals otherwise). The central account itself is
   * always allowed.
   *
   * @default - every account of `organizationId`
   */
  readonly sourceAccounts?: string[];
}
