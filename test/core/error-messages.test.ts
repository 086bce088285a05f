import { App, Lazy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { createSecureLogGroup } from '../../lib/core/log-group';
import { validateKmsKeyArn, validatePositiveInteger, validateStackEnv } from '../../lib/core/validate';
import { ServiceExposure } from '../../lib/requirements/types';

/** The shared input checks: each message names the prop as written, the value and the fix. */
describe('core input messages', () => {
  test('a KMS alias ARN is refused as a key ARN, naming the prop and why', () => {
    expect(() => validateKmsKeyArn('archiveKeyArn', 'arn:aws:kms:eu-west-2:111111111111:alias/archive')).toThrow(
      "archiveKeyArn 'arn:aws:kms:eu-west-2:111111111111:alias/archive' is not a KMS key ARN; use " +
      "'arn:aws:kms:<region>:<account>:key/<key id>' (an alias ARN does not work across accounts).");
    expect(validateKmsKeyArn('archiveKeyArn', 'arn:aws:kms:eu-west-2:111111111111:key/abcd-1234')).toBe('arn:aws:kms:eu-west-2:111111111111:key/abcd-1234');
  });

  test('a number that is not a positive whole number is named with the value and the fix given', () => {
    expect(() => validatePositiveInteger('maxReceiveCount', 2.5, 'use 1 to 1000')).toThrow(
      'maxReceiveCount must be a positive whole number, got 2.5; use 1 to 1000.');
    expect(validatePositiveInteger('maxReceiveCount', Lazy.number({ produce: () => 0 }), 'use 1 to 1000')).toBeDefined();
  });

  test("a stack's env is checked as the user wrote it: env.account and env.region of the stack", () => {
    const app = new App();
    expect(() => validateStackEnv(new Stack(app, 'BadAccount', { env: { account: '12345', region: 'eu-west-2' } }))).toThrow(
      "env.account of stack 'BadAccount': '12345' is not an AWS account id; use the 12-digit id, for example '123456789012'.");
    expect(() => validateStackEnv(new Stack(app, 'BadRegion', { env: { account: '123456789012', region: 'London' } }))).toThrow(
      "env.region of stack 'BadRegion': 'London' is not an AWS region name; use a region such as 'eu-west-2'.");
    // an environment-agnostic stack has nothing to check at synth
    const agnostic = new Stack(app, 'Agnostic');
    expect(validateStackEnv(agnostic)).toBe(agnostic);
  });

  test('a log group with both a key and service-managed encryption is refused, naming both props', () => {
    const stack = new Stack(new App(), 'Workload');
    expect(() => createSecureLogGroup(stack, 'Logs', {
      exposure: ServiceExposure.INTERNAL, encryptionKey: new kms.Key(stack, 'Key'), serviceManagedEncryption: true,
    })).toThrow('encryptionKey and serviceManagedEncryption contradict each other; pass one of them.');
  });
});

describe('handler bundles', () => {
  test('a missing bundle is named with where it was looked for and the command that builds it', () => {
    const { handlerCode } = jest.requireActual('../../lib/core/handler-asset');
    expect(() => handlerCode('no-such-handler')).toThrow(
      /^The 'no-such-handler' Lambda handler bundle is missing at .*dist\/handlers\/no-such-handler; run 'npm run build:handlers' \(npm ci does it for you\)\.$/);
  });
});
