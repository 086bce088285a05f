import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, LegacyStackSynthesizer, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Template } from 'aws-cdk-lib/assertions';
import { CentralLogTargets } from '../../../lib/central/targets';
import { ServiceExposure } from '../../../lib/requirements/types';
import { WorkloadBaselineStackSet, WorkloadBaselineStackSetProps } from '../../../lib/workload';

// HandlerCodeCopies (lib/workload/baseline/asset-copies.ts): the template's handler bundles, copied by the parent
// stack into each region's asset bucket. The synthesised layout is checked in workload-baseline-stack-set.test.ts.

const PROPS: WorkloadBaselineStackSetProps = {
  central: CentralLogTargets.fromAttributes({ accountId: '111111111111', region: 'eu-west-2', organizationId: 'o-exampleorg1' }),
  exposure: ServiceExposure.INTERNAL,
  organizationalUnitIds: ['ou-ab12-cd34ef56'],
  regions: ['eu-west-2'],
  assetBucketPrefix: 'seclog-baseline-assets-555555555555',
};

function management(synthesizer?: LegacyStackSynthesizer): Stack {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'asset-copies-')) });
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
