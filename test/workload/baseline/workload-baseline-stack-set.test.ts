import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack, cx_api } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { IConstruct } from 'constructs';
// The template reference walk the example's guard plugin uses (Ref, Fn::GetAtt, Fn::Sub, DependsOn).
import { referencedIds } from '../../../bin/guard-validator';
import { CentralLogTargets } from '../../../lib/central/targets';
import { ServiceExposure } from '../../../lib/requirements/types';
import { stackSetRegionsOf } from '../../../lib/core/stack-set-regions';
import {
  BaselineParameter, LogsCentralization, RegionConcurrency, SignInForwardingTemplate, StackSetAssetBucket, StackSetCaller,
  WorkloadBaselineStackSet,
  WorkloadBaselineStackSetProps,
} from '../../../lib/workload';

const central = CentralLogTargets.fromAttributes({
  accountId: '111111111111', region: 'eu-west-2', organizationId: 'o-exampleorg1',
  archiveKeyArn: 'arn:aws:kms:eu-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
});
const PROPS: WorkloadBaselineStackSetProps = {
  central,
  exposure: ServiceExposure.INTERNAL,
  organizationalUnitIds: ['ou-ab12-cd34ef56'],
  regions: ['eu-west-2', 'eu-west-1'],
  assetBucketPrefix: 'seclog-baseline-assets-555555555555',
  resolverQueryLogConfigIds: { 'eu-west-2': 'rqlc-1111222233334444', 'eu-west-1': 'rqlc-5555666677778888' },
};

function management(context: Record<string, unknown> = {}): Stack {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'baseline-')), context });
  return new Stack(app, 'Management', { env: { account: '555555555555', region: 'eu-west-2' } });
}

function stackStacksetRegions(b: WorkloadBaselineStackSet) {
  return { baseline: stackSetRegionsOf(b.template), signIn: stackSetRegionsOf(b.signInTemplate!) };
}

function build(props: Partial<WorkloadBaselineStackSetProps> = {}, context: Record<string, unknown> = {}): WorkloadBaselineStackSet {
  return new WorkloadBaselineStackSet(management(context), 'Baseline', { ...PROPS, ...props });
}

describe('WorkloadBaselineStackSet (synthesised once)', () => {
  let parent: Template;
  let child: any;
  let baseline: WorkloadBaselineStackSet;

  beforeAll(() => {
    baseline = build({ parameterOverrides: { [BaselineParameter.FLOW_LOG_TRAFFIC_TYPE]: 'ALL' }, failureToleranceCount: 1, maxConcurrentCount: 2 });
    const stack = Stack.of(baseline);
    parent = Template.fromStack(stack);
    const outdir = (stack.node.root as App).outdir;
    child = JSON.parse(fs.readFileSync(path.join(outdir, baseline.template.templateFile), 'utf8'));
  });

  test('a service-managed StackSet with automatic deployment to the OU, stacks retained on leave, in both regions', () => {
    parent.hasResourceProperties('AWS::CloudFormation::StackSet', {
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true },
      CallAs: 'SELF',
      Capabilities: ['CAPABILITY_IAM'],
      StackSetName: 'seclog-workload-baseline',
      StackInstancesGroup: [{
        DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-cd34ef56'], AccountFilterType: 'NONE' },
        Regions: ['eu-west-2', 'eu-west-1'],
        ParameterOverrides: [{ ParameterKey: 'FlowLogTrafficType', ParameterValue: 'ALL' }],
      }],
      OperationPreferences: { FailureToleranceCount: 1, MaxConcurrentCount: 2, RegionConcurrencyType: 'PARALLEL' },
      TemplateURL: Match.anyValue(),
    });
  });

  test('the template carries the account-level sources, the VPC baseline and the account subscription policy', () => {
    const types = Object.values(child.Resources).map((r: any) => r.Type);
    expect(types).toEqual(expect.arrayContaining([
      'AWS::Logs::AccountPolicy', 'AWS::Scheduler::Schedule', 'AWS::Lambda::Function', 'AWS::Events::Rule',
    ]));
    // Logical ids carry the construct paths: one group of resources per account-level source.
    const ids = Object.keys(child.Resources).join(' ');
    for (const source of ['IdentityEvents', 'PipelineEvents', 'ComputeEvents', 'SecurityFindings', 'TamperEvents', 'NetworkInventory', 'VpcBaseline', 'AllLogGroups']) {
      expect(ids).toContain(source);
    }
    expect(child.Parameters.FlowLogTrafficType).toEqual(expect.objectContaining({ AllowedValues: ['REJECT', 'ALL'], Default: 'REJECT' }));
    expect(child.Mappings.ResolverQueryLogConfigs).toEqual({
      'eu-west-2': { ConfigId: 'rqlc-1111222233334444' },
      'eu-west-1': { ConfigId: 'rqlc-5555666677778888' },
    });
  });

  test('the account subscription policy excludes every log group the template makes', () => {
    const [policy] = Object.values(child.Resources).filter((r: any) => r.Type === 'AWS::Logs::AccountPolicy') as any[];
    expect(policy.Properties.PolicyType).toBe('SUBSCRIPTION_FILTER_POLICY');
    const criteria = JSON.stringify(policy.Properties.SelectionCriteria);
    const groups = Object.entries(child.Resources).filter(([, r]: any) => r.Type === 'AWS::Logs::LogGroup').map(([id]) => id);
    expect(groups.length).toBeGreaterThanOrEqual(2);
    for (const id of groups) {
      expect(criteria).toContain(`"Ref":"${id}"`);
    }
    expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('AWS::Region');
  });

  test('Lambda code comes from the asset bucket of the instance\'s region, filled in each region by the parent stack', () => {
    const fns = Object.values(child.Resources).filter((r: any) => r.Type === 'AWS::Lambda::Function') as any[];
    expect(fns.length).toBeGreaterThan(0);
    for (const fn of fns) {
      expect(fn.Properties.Code.S3Bucket).toEqual({ 'Fn::Join': ['-', ['seclog-baseline-assets-555555555555', { Ref: 'AWS::Region' }]] });
    }
    const deployments = Object.values(parent.findResources('Custom::CDKBucketDeployment')) as any[];
    expect(deployments.map((d) => d.Properties.DestinationBucketName).sort())
      .toEqual(['seclog-baseline-assets-555555555555-eu-west-1', 'seclog-baseline-assets-555555555555-eu-west-2']);
    const keys = [...new Set(fns.map((f) => f.Properties.Code.S3Key))];
    // One bundle per handler, copied once into each bucket as the zip it is, under its own key.
    expect(keys.length).toBe(fns.length);
    for (const d of deployments) {
      expect(d.Properties.Extract).toBe(false);
      expect(d.Properties.Prune).toBe(false);
      expect([...d.Properties.SourceObjectKeys].sort()).toEqual([...keys].sort());
    }
  });

  test('the StackSet depends on the copies: the code is in every region\'s bucket before a stack instance is created', () => {
    const ids = Object.keys(parent.findResources('Custom::CDKBucketDeployment'));
    const [stackSet] = Object.entries(parent.findResources('AWS::CloudFormation::StackSet'))
      .filter(([, r]) => r.Properties.StackSetName === 'seclog-workload-baseline').map(([, r]) => r);
    expect(ids).toHaveLength(2);
    expect(stackSet.DependsOn).toEqual(expect.arrayContaining(ids));
  });

  test('the management stack carries no warning (cdk-stacksets\' one about imported asset buckets is not raised)', () => {
    const stack = Stack.of(baseline);
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:warning'));
    expect(warnings.map((m) => String(m.data))).toEqual([]);
  });

  test('a second StackSet forwards console sign-ins from the sign-in regions the baseline regions leave out', () => {
    const stackSets = Object.values(parent.findResources('AWS::CloudFormation::StackSet')) as any[];
    const signIn = stackSets.find((r) => r.Properties.StackSetName === 'seclog-workload-baseline-sign-in');
    expect(signIn.Properties).toEqual(expect.objectContaining({
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true },
      StackInstancesGroup: [expect.objectContaining({
        DeploymentTargets: expect.objectContaining({ OrganizationalUnitIds: ['ou-ab12-cd34ef56'] }),
        Regions: ['us-east-1', 'us-east-2', 'eu-north-1', 'ap-southeast-2'],
      })],
    }));
    expect(stackStacksetRegions(baseline)).toEqual({ baseline: ['eu-west-2', 'eu-west-1'], signIn: ['us-east-1', 'us-east-2', 'eu-north-1', 'ap-southeast-2'] });
    // A baseline that covers every sign-in region needs no second StackSet.
    const all = build({ regions: ['us-east-1', 'us-east-2', 'eu-north-1', 'ap-southeast-2'], resolverQueryLogConfigIds: undefined });
    expect(all.signInStackSet).toBeUndefined();
    expect(build({ signInForwarding: false }).signInStackSet).toBeUndefined();
  });

  test('delegated administrator and the organisation centralization rule', () => {
    const b = build({ callAs: StackSetCaller.DELEGATED_ADMIN, logsCentralization: LogsCentralization.ORGANIZATION_CENTRALIZATION_RULE,
      regionConcurrency: RegionConcurrency.SEQUENTIAL, retainStacksOnAccountRemoval: false });
    expect(b.cfnStackSet.callAs).toBe('DELEGATED_ADMIN');
    expect(b.template.subscriptionPolicy).toBeUndefined();
    const rule = Stack.of(b).resolve(b.centralization!.rule.rule);
    expect(rule).toEqual({
      source: {
        regions: ['eu-west-2', 'eu-west-1'],
        scope: "OrganizationId = 'o-exampleorg1'",
        sourceLogsConfiguration: { encryptedLogGroupStrategy: 'ALLOW', logGroupSelectionCriteria: '*' },
      },
      destination: {
        account: '111111111111',
        region: 'eu-west-2',
        destinationLogsConfiguration: { logsEncryptionConfiguration: { encryptionStrategy: 'CUSTOMER_MANAGED', kmsKeyArn: central.archiveKeyArn } },
      },
    });
    expect(Stack.of(b).resolve(b.cfnStackSet.autoDeployment)).toEqual({ enabled: true, retainStacksOnAccountRemoval: false });
  });
});

/** The warnings left on the constructs under `scope` (StackSet templates are not stack artifacts, so read the tree). */
function warningsUnder(scope: IConstruct): string[] {
  return scope.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data)));
}

/** The template of a StackSetStack, as synthesised. */
function templateOf(b: WorkloadBaselineStackSet, which: 'template' | 'signInTemplate'): any {
  const outdir = (Stack.of(b).node.root as App).synth().directory;
  return JSON.parse(fs.readFileSync(path.join(outdir, b[which]!.templateFile), 'utf8'));
}

describe('global-service events (IAM API calls, root activity), which EventBridge receives in us-east-1 only', () => {
  test.each([
    ['no feature flags', {}],
    ['a new project\'s feature flags', cx_api.CURRENTLY_RECOMMENDED_FLAGS],
  ])('regions without us-east-1: the sign-in template forwards them, its resources conditioned to us-east-1 (%s)', (_name, context) => {
    const b = build({}, context);
    const t = templateOf(b, 'signInTemplate');
    expect(t.Conditions.InUsEast1).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] });
    const rules = Object.values(t.Resources).filter((r: any) => r.Type === 'AWS::Events::Rule') as any[];
    const iamRule = rules.find((r) => JSON.stringify(r.Properties.EventPattern).includes('iam.amazonaws.com'));
    expect(iamRule.Condition).toBe('InUsEast1');
    expect(iamRule.Properties.EventPattern.detail.eventSource).toEqual(['iam.amazonaws.com']);
    const rootRule = rules.find((r) => JSON.stringify(r.Properties.EventPattern).includes('"Root"'));
    expect(rootRule.Condition).toBe('InUsEast1');
    // Sign-in forwarding stays in every sign-in region; nothing unconditioned refers to a conditioned resource.
    const conditioned = new Set(Object.keys(t.Resources).filter((id) => t.Resources[id].Condition === 'InUsEast1'));
    expect(conditioned.size).toBeGreaterThan(6);
    const signInRule = rules.find((r) => JSON.stringify(r.Properties.EventPattern).includes('signin.amazonaws.com'));
    expect(signInRule.Condition).toBeUndefined();
    const unconditioned = { ...t, Resources: Object.fromEntries(Object.entries(t.Resources).filter(([id]) => !conditioned.has(id))) };
    expect([...referencedIds(unconditioned)].filter((id) => conditioned.has(id))).toEqual([]);
    expect(b.signInTemplate!.iamForwarding).toBeDefined();
    expect(b.signInTemplate!.tamperForwarding).toBeDefined();
    // The templates' region warnings are acknowledged: the StackSets' regions cover us-east-1 and every sign-in region.
    expect(warningsUnder(b)).toEqual([]);
  });

  test('a resource added later under the forwarding is conditioned too', () => {
    const b = build();
    new CfnResource(b.signInTemplate!.iamForwarding!, 'Extra', { type: 'AWS::SQS::Queue' });
    const t = templateOf(b, 'signInTemplate');
    const [extra] = Object.entries(t.Resources).filter(([id]) => id.startsWith('IamEventsExtra')) as Array<[string, any]>;
    expect(extra[1].Condition).toBe('InUsEast1');
  });

  test('regions with us-east-1: the baseline template forwards them there, the sign-in template does not', () => {
    const b = build({ regions: ['eu-west-2', 'us-east-1'], resolverQueryLogConfigIds: undefined });
    expect(b.signInTemplate!.iamForwarding).toBeUndefined();
    expect(b.signInTemplate!.tamperForwarding).toBeUndefined();
    expect(templateOf(b, 'signInTemplate').Conditions?.InUsEast1).toBeUndefined();
    expect(warningsUnder(b)).toEqual([]);
  });

  test('forwardGlobalServiceEvents: false (the accounts forward them already): the sign-in template leaves them out, with no warning', () => {
    const b = build({ forwardGlobalServiceEvents: false });
    expect(b.signInTemplate!.iamForwarding).toBeUndefined();
    expect(b.signInTemplate!.tamperForwarding).toBeUndefined();
    expect(warningsUnder(b)).toEqual([]);
    expect(warningsUnder(build({ forwardGlobalServiceEvents: false, signInForwarding: false }))).toEqual([]);
  });

  test('regions without us-east-1 and signInForwarding off: one warning on the StackSet says what is lost and the fixes', () => {
    const b = build({ signInForwarding: false });
    expect(warningsUnder(b)).toEqual([
      expect.stringMatching(/^regions \(eu-west-2, eu-west-1\) leave out us-east-1, .* IAM user, group, policy and MFA changes and the root user's calls to IAM are not forwarded .* Add us-east-1 to regions, leave signInForwarding on, or, .* set forwardGlobalServiceEvents: false\. \[ack: cdk-security-log-collection:baselineIamEventsNotForwarded\]$/),
    ]);
  });

  test('the sign-in template needs the member accounts\' exposure to forward them', () => {
    expect(() => new SignInForwardingTemplate(management(), 'SignIn', { central, forwardGlobalServiceEvents: true }))
      .toThrow("SignInForwardingTemplate: forwardGlobalServiceEvents needs exposure, the member accounts' ServiceExposure.");
  });
});

describe('bad input', () => {
  test('an OU id that is not ou-..., a root that is not r-...', () => {
    expect(() => build({ organizationalUnitIds: ['sales'] })).toThrow(/organizationalUnitIds contains 'sales', which is not an organizational unit id/);
    expect(() => build({ organizationalUnitIds: ['ou-12'] })).toThrow(/'ou-12', which is not an organizational unit id/);
    expect(() => build({ organizationalUnitIds: ['r-'] })).toThrow(/organizationalUnitIds contains 'r-', which is not an organisation root id/);
    expect(() => build({ organizationalUnitIds: [] })).toThrow(/organizationalUnitIds is an empty list/);
  });

  test('an empty region list, or a region that is not one', () => {
    expect(() => build({ regions: [], resolverQueryLogConfigIds: undefined })).toThrow(/regions is an empty list, so the StackSet would deploy nowhere/);
    expect(() => build({ regions: ['europe'], resolverQueryLogConfigIds: undefined })).toThrow(/regions 'europe' is not an AWS region name/);
  });

  test('a failure tolerance over the concurrency', () => {
    expect(() => build({ failureToleranceCount: 5, maxConcurrentCount: 2 })).toThrow(/failureToleranceCount 5 is over maxConcurrentCount 2/);
    expect(() => build({ failureTolerancePercentage: 50, maxConcurrentPercentage: 25 })).toThrow(/failureTolerancePercentage 50 is over maxConcurrentPercentage 25/);
    expect(() => build({ failureToleranceCount: 1, failureTolerancePercentage: 10 })).toThrow(/both set/);
    expect(() => build({ maxConcurrentCount: 0 })).toThrow(/maxConcurrentCount 0 is not a whole number from 1/);
  });

  test('query log config ids missing a region or malformed; unknown parameter overrides', () => {
    expect(() => build({ resolverQueryLogConfigIds: { 'eu-west-2': 'rqlc-1111222233334444' } })).toThrow(/resolverQueryLogConfigIds has no id for eu-west-1/);
    expect(() => build({ resolverQueryLogConfigIds: { 'eu-west-2': 'abc', 'eu-west-1': 'rqlc-1' } })).toThrow(/resolverQueryLogConfigIds\['eu-west-2'\] 'abc'/);
    expect(() => build({ parameterOverrides: { Tier: 'x' } })).toThrow(/parameterOverrides names 'Tier', which is not a parameter of the baseline/);
    expect(() => build({ parameterOverrides: { FlowLogTrafficType: 'ACCEPT' } })).toThrow(/'ACCEPT' is not REJECT or ALL/);
    expect(() => build({ assetBucketPrefix: 'Bad_Prefix' })).toThrow(/assetBucketPrefix 'Bad_Prefix'/);
  });
});

describe('StackSetAssetBucket', () => {
  test('one bucket per region, named <prefix>-<region>, readable by the organisation only', () => {
    const stack = new Stack(new App(), 'Assets', { env: { account: '555555555555', region: 'eu-west-1' } });
    new StackSetAssetBucket(stack, 'Assets', { assetBucketPrefix: 'seclog-baseline-assets-555555555555', organizationId: 'o-exampleorg1' });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::S3::Bucket', { BucketName: 'seclog-baseline-assets-555555555555-eu-west-1' });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorg1' } },
      })]) },
    });
    expect(() => new StackSetAssetBucket(new Stack(new App(), 'X'), 'A', { assetBucketPrefix: 'p-x', organizationId: 'o-exampleorg1' }))
      .toThrow(/has no concrete region/);
  });
});
