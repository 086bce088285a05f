import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { CORRELATION_DETAIL_TYPE, CORRELATION_EVENT_SOURCE, SuccessAfterFailureDetail } from './contract';

/** The region of an event bus ARN: PutEvents must be sent to the bus's own region. */
export function regionOfArn(arn: string): string {
  const region = arn.split(':')[3];
  if (!region) {
    throw new Error(`'${arn}' is not an event bus ARN with a region; set the central event bus ARN (arn:aws:events:<region>:<account>:event-bus/<name>).`);
  }
  return region;
}

/** Send the correlation to the central bus; throws when EventBridge rejects it, so the invocation is retried. */
export async function emitSuccessAfterFailure(client: EventBridgeClient, eventBusArn: string, detail: SuccessAfterFailureDetail): Promise<void> {
  const result = await client.send(new PutEventsCommand({
    Entries: [{
      EventBusName: eventBusArn,
      Source: CORRELATION_EVENT_SOURCE,
      DetailType: CORRELATION_DETAIL_TYPE,
      Time: new Date(Date.parse(detail.successTime)),
      Detail: JSON.stringify(detail),
    }],
  }));
  if ((result.FailedEntryCount ?? 0) > 0) {
    const entry = result.Entries?.find((e) => e.ErrorCode);
    throw new Error(`EventBridge rejected the correlation event for ${detail.principalKey}: ${entry?.ErrorCode ?? 'unknown'} ${entry?.ErrorMessage ?? ''}`.trim());
  }
}
