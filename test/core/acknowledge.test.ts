import { App, Stack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  acknowledgeDeadLetterQueue, acknowledgeGuard, acknowledgeInPacks, acknowledgeNist,
} from '../../lib/core/acknowledge';

function acknowledged(scope: sqs.Queue): Record<string, string> {
  return Object.assign({}, ...scope.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data));
}

describe('acknowledgements in the common rule packs, namespaced by plugin name', () => {
  let queue: sqs.Queue;
  beforeEach(() => {
    queue = new sqs.Queue(new Stack(new App(), 'S'), 'Q');
  });

  test('NIST 800-53 R5 and Control Tower guard ids', () => {
    acknowledgeNist(queue, 'SQSQueueSSLRequestsOnly', 'reason one');
    acknowledgeGuard(queue, 'sqs_dlq_check', 'reason two');
    expect(acknowledged(queue)).toEqual({
      'NIST.800.53.R5::NIST.800.53.R5-SQSQueueSSLRequestsOnly': 'reason one',
      'cdk-validator-cfnguard::sqs_dlq_check': 'reason two',
    });
  });

  test('one reason under each pack that reports the same design', () => {
    acknowledgeInPacks(queue, { awsSolutions: ['AwsSolutions-SQS3'], nist: ['X'], guard: ['y_check'] }, 'same reason');
    expect(acknowledged(queue)).toEqual({
      'AwsSolutions::AwsSolutions-SQS3': 'same reason',
      'NIST.800.53.R5::NIST.800.53.R5-X': 'same reason',
      'cdk-validator-cfnguard::y_check': 'same reason',
    });
  });

  test('a dead-letter queue: AwsSolutions-SQS3 and CT.SQS.PR.1, naming what it is the dead-letter queue of', () => {
    acknowledgeDeadLetterQueue(queue, 'the forwarding rules');
    const acks = acknowledged(queue);
    expect(Object.keys(acks).sort()).toEqual(['AwsSolutions::AwsSolutions-SQS3', 'cdk-validator-cfnguard::sqs_dlq_check']);
    expect(acks['cdk-validator-cfnguard::sqs_dlq_check']).toMatch(/dead-letter queue of the forwarding rules/);
  });
});
