/**
 * The parts of a CloudTrail record, as EventBridge delivers it in `detail`,
 * that the correlator reads. Every field is optional: records differ by
 * event type (API call, console sign-in, service event) and by service.
 */
export interface CloudTrailUserIdentity {
  readonly type?: string;
  readonly principalId?: string;
  readonly arn?: string;
  readonly accountId?: string;
  readonly userName?: string;
  /** IAM Identity Center users: the Identity Store user and store. */
  readonly onBehalfOf?: { readonly userId?: string; readonly identityStoreArn?: string };
}

export interface CloudTrailDetail {
  readonly eventVersion?: string;
  readonly userIdentity?: CloudTrailUserIdentity;
  readonly eventTime?: string;
  readonly eventSource?: string;
  readonly eventName?: string;
  readonly awsRegion?: string;
  readonly sourceIPAddress?: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly requestParameters?: Record<string, unknown> | null;
  readonly responseElements?: Record<string, unknown> | null;
  readonly additionalEventData?: Record<string, unknown> | null;
  readonly serviceEventDetails?: Record<string, unknown> | null;
  readonly eventID?: string;
  readonly eventType?: string;
  readonly recipientAccountId?: string;
}

/** An EventBridge event whose detail is a CloudTrail record. */
export interface CloudTrailEventBridgeEvent {
  readonly id?: string;
  readonly 'detail-type'?: string;
  readonly source?: string;
  readonly account?: string;
  readonly time?: string;
  readonly region?: string;
  readonly detail?: CloudTrailDetail;
}

/** A string field of a loosely typed object, or undefined when absent, empty or not a string. */
export function stringField(obj: Record<string, unknown> | null | undefined, key: string): string | undefined {
  const value = obj?.[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
