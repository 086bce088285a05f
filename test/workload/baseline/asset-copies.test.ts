import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, LegacyStackSynthesizer, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Capability, DeploymentType, StackSet, StackSetTarget, StackSetTemplate } from 'cdk-stacksets';
import { CentralLogTargets } from '../../../lib/central/targets';
import { handlerCode } from '../../../lib/core/handler-asset';
import { ServiceExposure } from '../../../lib/requirements/types';
import { WorkloadBaselineStackSet, WorkloadBaselineStackSetProps, WorkloadBaselineTemplate } from '../../../lib/workload';

// HandlerCodeCopies (lib/workload/baseline/asset-copies.ts): the template's handler bundles, copied by the parent
// stack into each region's asset bucket. The synthesised layout is checked in workload-baseline-stack-set.test.ts.

const PROPS: WorkloadBaselineStackSetProps = {
  central: CentralLogTargets.fromAttributes({ accountId: '111111111111', region: 'eu-west-2', organizationId: 'o-exampleorg1' }),
  exposure: ServiceExposure.INTERNAL,
  organizationalUnitIds: ['ou-ab12-cd34ef56'],
  regions: ['eu-west-2'],
  assetBucketPrefix: 'seclog-baseline-assets-555555555555',
};

function management(synthesizer?: LegacyStackSynthesizer, context: Record<string, unknown> = {}): Stack {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'asset-copies-')), context });
  return new Stack(app, 'Management', { env: { account: '555555555555', region: 'eu-west-2' }, synthesizer });
}

test('a parent stack whose synthesizer names asset keys only at deployment fails, naming the stack and the fix', () => {
  expect(() => new WorkloadBaselineStackSet(management(new LegacyStackSynthesizer()), 'Baseline', PROPS))
    .toThrow(/Stack 'Management' gives file assets an object key known only at deployment.*Management\/Baseline\/Template.*use the DefaultStackSynthesizer/);
});

test('a file asset added to the template by hand is still copied (by cdk-stacksets), beside the library\'s bundles', () => {
  const stack = management();
  const baseline = new WorkloadBaselineStackSet(stack, 'Baseline', PROPS);
  new lambda.Function(baseline.template, 'Own', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(path.join(__dirname, '..', '..', '..', 'dist', 'handlers', 'vpc-baseline')),
  });
  const deployments = Object.keys(Template.fromStack(stack).findResources('Custom::CDKBucketDeployment'));
  expect(deployments.some((id) => id.includes('AssetBucketDeployment'))).toBe(true);
  expect(deployments.some((id) => id.includes('CodeCopies'))).toBe(true);
});

describe('a WorkloadBaselineTemplate used with a StackSet of one\'s own', () => {
  const warnings = (stack: Stack) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('cdk-security-log-collection:stackSetCodeCopies'));

  function own(dependOnCopies: boolean): Stack {
    const stack = management();
    const template = new WorkloadBaselineTemplate(stack, 'Template', {
      central: PROPS.central, exposure: PROPS.exposure, regions: ['eu-west-2'], assetBucketPrefix: PROPS.assetBucketPrefix,
    });
    const stackSet = new StackSet(stack, 'StackSet', {
      template: StackSetTemplate.fromStackSetStack(template),
      target: StackSetTarget.fromOrganizationalUnits({ organizationalUnits: ['ou-ab12-cd34ef56'], regions: ['eu-west-2'] }),
      deploymentType: DeploymentType.serviceManaged(),
      capabilities: [Capability.IAM],
    });
    if (dependOnCopies) {
      stackSet.node.addDependency(template.codeCopies);
    }
    return stack;
  }

  test('warns, naming the copies and the fix, when the StackSet does not depend on the copies', () => {
    const found = warnings(own(false));
    expect(found).toHaveLength(1);
    expect(found[0].entry.data).toMatch(/Nothing depends on 'Management\/TemplateCodeCopies'.*stackSet\.node\.addDependency\(template\.codeCopies\)/);
  });

  test('is quiet when it does', () => {
    expect(warnings(own(true))).toEqual([]);
  });
});

test('one handler code bound in a stack and then in a template: only the stack\'s function carries asset metadata', () => {
  const stack = management(undefined, { 'aws:cdk:enable-asset-metadata': true });
  const baseline = new WorkloadBaselineStackSet(stack, 'Baseline', PROPS);
  const code = handlerCode('vpc-baseline');
  const props = { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code };
  const inStack = new lambda.Function(stack, 'InStack', props);
  const inTemplate = new lambda.Function(baseline.template, 'InTemplate', props);
  const assetPath = (fn: lambda.Function) => (fn.node.defaultChild as lambda.CfnFunction).getMetadata('aws:asset:path');
  expect(assetPath(inStack)).toMatch(/^asset\./);
  expect(assetPath(inTemplate)).toBeUndefined();
});
