import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';
import { stackSharedKey } from '../../core/stack-key';

const KEY_ID = 'SecurityLogQueueKey';

/**
 * The stack's KMS key for the SQS queues the central constructs create
 * (SIEM notification queues and their dead-letter queues, the event bus
 * dead-letter queue): one per stack, rotation on, retained. It is separate
 * from the archive key so that the services that write to queues
 * (s3.amazonaws.com, events.amazonaws.com) are never granted the key that
 * protects the logs themselves. Callers add one statement per service.
 *
 * Its alias is `alias/<prefix>-queues`, or `alias/<prefix>-queues-<qualifier>` when a qualifier is given: KMS alias
 * names are unique per account and region, so constructs that may sit in a stack of their own beside the archive's
 * stack (the region-local landings) qualify it with their stack name.
 */
export function centralQueueKey(scope: IConstruct, namePrefix: string, aliasQualifier?: string): kms.Key {
  return stackSharedKey(scope, KEY_ID, {
    description: 'Encrypts the SIEM notification and dead-letter queues of cdk-security-log-collection',
    alias: `alias/${namePrefix}-queues${aliasQualifier === undefined ? '' : `-${aliasQualifier}`}`,
  });
}
