import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CentralLogTargets } from '../../../lib/central/targets';
import { requirement } from '../../../lib/requirements/catalogue';
import { SecurityFindingForwarding } from '../../../lib/sources/events/security-finding-forwarding';

const central = CentralLogTargets.fromAttributes({ accountId: '999999999999', region: 'eu-west-2' });
const SETS = requirement('HP-E4').eventBridgeDetailTypes;

function workloadStack(app = new App(), id = 'Workload'): Stack {
  return new Stack(app, id, { env: { account: '111111111111', region: 'eu-west-2' } });
}

type Rule = { Properties: { EventPattern: Record<string, any>; Targets: Record<string, any>[] } };

describe('SecurityFindingForwarding', () => {
  test('the catalogue lists GuardDuty, Inspector and Security Hub findings', () => {
    expect(SETS.map((s) => s.source)).toEqual(expect.arrayContaining(['aws.guardduty', 'aws.inspector2', 'aws.securityhub']));
  });

  test('forwards each finding detail-type of HP-E4 to the central bus, one rule per source', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    const findings = new SecurityFindingForwarding(stack, 'Findings', { central });
    // THEN
    const rules = Object.values(Template.fromStack(stack).findResources('AWS::Events::Rule')) as Rule[];
    for (const set of SETS) {
      const matching = rules.filter((r) => (r.Properties.EventPattern.source ?? []).includes(set.source));
      expect(matching).toHaveLength(1);
      expect(matching[0].Properties.EventPattern['detail-type']).toEqual(expect.arrayContaining(set.detailTypes));
    }
    expect(findings.rules.length).toBe(rules.length);
    for (const rule of rules) {
      expect(rule.Properties.Targets).toEqual([expect.objectContaining({
        Arn: central.eventBusArn,
        DeadLetterConfig: expect.anything(),
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
      })]);
    }
  });

  test('has a dead-letter alarm', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    new SecurityFindingForwarding(stack, 'Findings', { central });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1,
    });
  });

  test('fails synth on a second one in the same stack', () => {
    // GIVEN
    const app = new App();
    const stack = workloadStack(app);
    new SecurityFindingForwarding(stack, 'Findings', { central });
    // WHEN
    new SecurityFindingForwarding(stack, 'Again', { central });
    // THEN
    expect(() => app.synth()).toThrow(/SecurityFindingForwarding 'Workload\/Again' is the second in its account and region \(after 'Workload\/Findings'\)/);
  });
});
