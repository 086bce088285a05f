import { App, Stack, Validations } from 'aws-cdk-lib';
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

  test('under a year of retention, acknowledges CT.CLOUDWATCH.PR.2 with the standard\'s minimum; a year or more does not', () => {
    // GIVEN
    const stack = new Stack(new App(), 'S', { env: { account: '222222222222', region: 'eu-west-2' } });
    // WHEN
    const external = createSecureLogGroup(stack, 'External', { exposure: ServiceExposure.EXTERNAL });
    const internal = createSecureLogGroup(stack, 'Internal', { exposure: ServiceExposure.INTERNAL });
    // THEN
    const acks = (g: any) => Object.assign({}, ...g.node.metadata.filter((m: any) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m: any) => m.data));
    expect(acks(external)['cdk-validator-cfnguard::cloudwatch_log_group_retention_period_check']).toMatch(/LM-1: 90 days/);
    expect(acks(internal)).toEqual({});
  });

  test('a log group name CloudWatch Logs rejects is an error naming it', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '222222222222', region: 'eu-west-2' } });
    expect(() => createSecureLogGroup(stack, 'Group', { exposure: ServiceExposure.EXTERNAL, logGroupName: 'bad name!' }))
      .toThrow(/logGroupName 'bad name!' has characters CloudWatch Logs rejects/);
  });
});
