import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CentralLogTargets } from '../../../lib/central/targets';
import { AccountSubscriptionPolicy, AccountSubscriptionPolicyProps } from '../../../lib/sources/baseline/account-subscription-policy';

const central = CentralLogTargets.fromAttributes({ accountId: '999988887777', region: 'eu-west-2' });

function policy(props: Partial<AccountSubscriptionPolicyProps> = {}, forwarderName?: string) {
  const stack = new Stack(new App(), 'Account', { env: { account: '111122223333', region: 'eu-west-1' } });
  const forwarder = new logs.LogGroup(stack, 'ForwarderLogs', { logGroupName: forwarderName });
  const construct = new AccountSubscriptionPolicy(stack, 'Policy', { central, forwarderLogGroups: [forwarder], ...props });
  return { stack, construct, forwarder };
}

describe('AccountSubscriptionPolicy', () => {
  test('sends every log group to the central destination of its own region, except the forwarders', () => {
    const { stack } = policy({ excludedLogGroupNames: ['/aws/kinesisfirehose/seclog-cloudwatch'] }, '/seclog/vpc-baseline');
    const template = Template.fromStack(stack);
    const [resource] = Object.values(template.findResources('AWS::Logs::AccountPolicy')) as any[];
    expect(resource.Properties.PolicyType).toBe('SUBSCRIPTION_FILTER_POLICY');
    expect(resource.Properties.Scope).toBe('ALL');
    expect(resource.Properties.PolicyName).toMatch(/^seclog-/);
    expect(JSON.parse(resource.Properties.PolicyDocument)).toEqual({
      DestinationArn: 'arn:aws:logs:eu-west-1:999988887777:destination:seclog-cloudwatch-destination',
      FilterPattern: '',
    });
    expect(resource.Properties.SelectionCriteria).toBe('LogGroupName NOT IN ["/seclog/vpc-baseline", "/aws/kinesisfirehose/seclog-cloudwatch"]');
  });

  test('a forwarder whose name CloudFormation chooses is excluded by reference', () => {
    const { stack, forwarder } = policy();
    const [resource] = Object.values(Template.fromStack(stack).findResources('AWS::Logs::AccountPolicy')) as any[];
    expect(JSON.stringify(resource.Properties.SelectionCriteria)).toContain(stack.resolve((forwarder.node.defaultChild as logs.CfnLogGroup).logicalId));
  });

  test('in a region-agnostic stack the destination follows AWS::Region', () => {
    const stack = new Stack(new App(), 'Agnostic');
    new AccountSubscriptionPolicy(stack, 'Policy', { central });
    const [resource] = Object.values(Template.fromStack(stack).findResources('AWS::Logs::AccountPolicy')) as any[];
    expect(JSON.stringify(resource.Properties.PolicyDocument)).toContain('AWS::Region');
    expect(resource.Properties.SelectionCriteria).toBeUndefined();
  });

  test('bad input: a selection that would include a forwarder log group names it', () => {
    const { stack } = policy({ selectionCriteria: 'LogGroupName NOT IN ["/other"]' }, '/seclog/vpc-baseline');
    expect(() => Template.fromStack(stack)).toThrow(/selectionCriteria 'LogGroupName NOT IN \["\/other"\]' would include the forwarder log group '\/seclog\/vpc-baseline'/);
  });

  test('a selection that lists every forwarder is used as given', () => {
    const { stack } = policy({ selectionCriteria: 'LogGroupName NOT IN ["/seclog/vpc-baseline", "/x"]' }, '/seclog/vpc-baseline');
    const [resource] = Object.values(Template.fromStack(stack).findResources('AWS::Logs::AccountPolicy')) as any[];
    expect(resource.Properties.SelectionCriteria).toBe('LogGroupName NOT IN ["/seclog/vpc-baseline", "/x"]');
  });

  test('bad input: a selection of another form, or with excludedLogGroupNames too', () => {
    expect(() => policy({ selectionCriteria: 'LogGroupNamePrefix = "/aws"' })).toThrow(/selectionCriteria 'LogGroupNamePrefix = "\/aws"' is not of the form LogGroupName NOT IN/);
    expect(() => policy({ selectionCriteria: 'LogGroupName NOT IN []', excludedLogGroupNames: ['/a'] })).toThrow(/selectionCriteria and excludedLogGroupNames both set/);
  });
});
