import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createSecureLogGroup } from '../../lib/core/log-group';
import { ServiceExposure } from '../../lib/requirements/types';

describe('createSecureLogGroup', () => {
  test('makes a KMS-encrypted, retained log group with deletion protection on, retention from the exposure', () => {
    // GIVEN
    const stack = new Stack(new App(), 'S', { env: { account: '222222222222', region: 'eu-west-2' } });
    // WHEN
    createSecureLogGroup(stack, 'Group', { exposure: ServiceExposure.EXTERNAL });
    // THEN
    const template = Template.fromStack(stack);
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup')) as any[];
    expect(groups).toHaveLength(1);
    expect(groups[0].Properties.DeletionProtectionEnabled).toBe(true);
    expect(groups[0].Properties.RetentionInDays).toBe(90);
    expect(groups[0].Properties.KmsKeyId).toBeDefined();
    expect(groups[0].DeletionPolicy).toBe('Retain');
  });

  test('a log group name CloudWatch Logs rejects is an error naming it', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '222222222222', region: 'eu-west-2' } });
    expect(() => createSecureLogGroup(stack, 'Group', { exposure: ServiceExposure.EXTERNAL, logGroupName: 'bad name!' }))
      .toThrow(/logGroupName 'bad name!' has characters CloudWatch Logs rejects/);
  });
});
