import { App, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { CentralLogTargets, SignInCorrelation } from '../../../../lib/central';
import { CheckCompliance, CheckSeverity } from '../../../../lib/checks';
import {
  IdentityEventForwarding, SignInCorrelationMode, SignInForwardingStacks,
} from '../../../../lib/sources';
import { ServiceExposure, UserDirectory } from '../../../../lib/requirements/types';
import { evaluate } from '../../helpers';
import { recordStackSetRegions } from '../../../../lib/core/stack-set-regions';

const RULE = 'LogCollection-HP-B1-SignInRegions';
const CENTRAL = '999988887777';
const WORKLOAD = '222222222222';
const central = CentralLogTargets.fromAttributes({ accountId: CENTRAL, region: 'eu-west-2' });
const BUS_ARN = `arn:aws:events:eu-west-2:${CENTRAL}:event-bus/seclog-security-events`;

function stackIn(app: App, id: string, region: string, account = WORKLOAD): Stack {
  return new Stack(app, id, { env: { account, region } });
}

function iamForwarding(app: App, props: Partial<ConstructorParameters<typeof IdentityEventForwarding>[2]> = {}): IdentityEventForwarding {
  return new IdentityEventForwarding(stackIn(app, 'Iam', 'us-east-1'), 'Identity', {
    central, exposure: ServiceExposure.INTERNAL, directories: [UserDirectory.IAM], ...props,
  });
}

function ruleResults(app: App) {
  return evaluate(app).filter((r) => r.ruleId === RULE);
}

describe(RULE, () => {
  test('sign-ins forwarded from the four regions and one central correlator are compliant, and the result names the regions', () => {
    // GIVEN
    const app = new App();
    iamForwarding(app, { forwardSignInEvents: false });
    new SignInForwardingStacks(app, 'SignIn', { account: WORKLOAD, central });
    const centralStack = stackIn(app, 'Central', 'eu-west-2', CENTRAL);
    new SignInCorrelation(centralStack, 'Correlation', { eventBus: new events.EventBus(centralStack, 'Bus') });
    // WHEN
    const results = ruleResults(app);
    // THEN
    expect(results).toHaveLength(1);
    expect(results[0].compliance).toBe(CheckCompliance.COMPLIANT);
    expect(results[0].message).toContain(`account ${WORKLOAD}: us-east-1, us-east-2, eu-north-1, ap-southeast-2`);
    expect(results[0].message).toContain('The sign-in correlator runs in the central account (Central/Correlation/Correlator/Resource)');
  });

  test('IAM forwarding in us-east-1 alone is a warning naming the three missing regions and the fix', () => {
    const app = new App();
    iamForwarding(app);
    const [result] = ruleResults(app);
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.severity).toBe(CheckSeverity.WARNING);
    expect(result.message).toContain(`Account ${WORKLOAD} forwards user-directory events but not the console sign-ins recorded in us-east-2, eu-north-1 and ap-southeast-2`);
    expect(result.message).toContain('SignInEventForwarding');
  });

  test('a StackSet template\'s forwarding counts in each of its target regions; an unrecorded agnostic stack in none', () => {
    // GIVEN sign-in forwarding in a region-agnostic template recorded as deployed to the four sign-in regions
    const app = new App();
    const template = new Stack(app, 'Template');
    new IdentityEventForwarding(template, 'Identity', { central, exposure: ServiceExposure.INTERNAL, directories: [UserDirectory.IAM] });
    recordStackSetRegions(template, ['us-east-1', 'us-east-2', 'eu-north-1', 'ap-southeast-2']);
    // THEN the account (unknown at synth) forwards from all four
    const [result] = ruleResults(app);
    expect(result.compliance).toBe(CheckCompliance.COMPLIANT);
    expect(result.message).toContain('account an account unknown at synth: us-east-1, us-east-2, eu-north-1, ap-southeast-2');

    // AND without the record the same template names no region
    const other = new App();
    new IdentityEventForwarding(new Stack(other, 'Template'), 'Identity', { central, exposure: ServiceExposure.INTERNAL, directories: [UserDirectory.IAM] });
    const [unknown] = ruleResults(other);
    expect(unknown.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(unknown.message).toContain('An account unknown at synth forwards user-directory events but not the console sign-ins recorded in us-east-1');
  });

  test('a plain L1 rule that forwards ConsoleLogin from eu-north-1 only leaves the other three regions missing', () => {
    const app = new App();
    new events.CfnRule(stackIn(app, 'North', 'eu-north-1'), 'Rule', {
      eventPattern: { 'detail-type': ['AWS Console Sign In via CloudTrail'], 'detail': { eventSource: ['signin.amazonaws.com'], eventName: ['ConsoleLogin'] } },
      targets: [{ id: 'Bus', arn: BUS_ARN, roleArn: `arn:aws:iam::${WORKLOAD}:role/put-events` }],
    });
    const [result] = ruleResults(app);
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toContain('not the console sign-ins recorded in us-east-1, us-east-2 and ap-southeast-2');
  });

  test('a per-account correlator in a workload account is an error naming it and the central account', () => {
    const app = new App();
    iamForwarding(app, { correlation: SignInCorrelationMode.IN_ACCOUNT });
    new SignInForwardingStacks(app, 'SignIn', { account: WORKLOAD, central });
    const [result] = ruleResults(app);
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.severity).toBe(CheckSeverity.ERROR);
    expect(result.message).toContain(`The sign-in correlator Iam/Identity/Correlator/Resource runs in account ${WORKLOAD}, not in the central account ${CENTRAL}`);
  });

  test('a single-account user\'s in-account correlator reporting to its own bus is not flagged', () => {
    const app = new App();
    const own = CentralLogTargets.fromAttributes({ accountId: WORKLOAD, region: 'us-east-1' });
    new IdentityEventForwarding(stackIn(app, 'Iam', 'us-east-1'), 'Identity', {
      central: own, exposure: ServiceExposure.INTERNAL, directories: [UserDirectory.IAM], correlation: SignInCorrelationMode.IN_ACCOUNT,
      forwardSignInEvents: false,
    });
    new SignInForwardingStacks(app, 'SignIn', { account: WORKLOAD, central: own });
    const [result] = ruleResults(app);
    expect(result.compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('a scope without identity forwarding or correlator gets no result', () => {
    const app = new App();
    new events.CfnRule(stackIn(app, 'Other', 'eu-west-2'), 'Rule', {
      eventPattern: { source: ['aws.codepipeline'] },
      targets: [{ id: 'Bus', arn: BUS_ARN }],
    });
    expect(ruleResults(app)).toEqual([]);
  });
});
