/** Which account a service-managed StackSet is created from (the StackSet's `CallAs`). */
export enum StackSetCaller {
  /** The organisation's management account (`CallAs: SELF`). */
  MANAGEMENT_ACCOUNT = 'SELF',
  /**
   * A delegated administrator for CloudFormation StackSets (`CallAs: DELEGATED_ADMIN`):
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-delegated-admin.html
   */
  DELEGATED_ADMIN = 'DELEGATED_ADMIN',
}

/** Whether a StackSet operation deploys to its regions one at a time or all at once (`RegionConcurrencyType`). */
export enum RegionConcurrency {
  /** One region after the other, in the order given. */
  SEQUENTIAL = 'SEQUENTIAL',
  /** All regions at once. */
  PARALLEL = 'PARALLEL',
}

/** How the logs of every CloudWatch Logs log group of the member accounts reach the central account. */
export enum LogsCentralization {
  /**
   * An account-level subscription filter policy in each account and region
   * (`AccountSubscriptionPolicy`), to the central CloudWatch Logs destination:
   * Firehose, then the central CLOUDWATCH bucket and the SIEM's queue.
   */
  ACCOUNT_SUBSCRIPTION_POLICY = 'ACCOUNT_SUBSCRIPTION_POLICY',
  /**
   * One CloudWatch organization centralization rule
   * (`AWS::ObservabilityAdmin::OrganizationCentralizationRule`), made in the
   * management or delegated administrator account, that copies log groups
   * into CloudWatch Logs log groups of the central account and region.
   */
  ORGANIZATION_CENTRALIZATION_RULE = 'ORGANIZATION_CENTRALIZATION_RULE',
}
