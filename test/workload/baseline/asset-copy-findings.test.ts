import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import { NIST80053R5Checks } from 'cdk-nag';
import { CentralLogTargets } from '../../../lib/central/targets';
import { LogCollectionChecks } from '../../../lib/checks';
import { LoggingProfile, MaturityTier, ServiceExposure } from '../../../lib/requirements/types';
import { WorkloadBaselineStackSet } from '../../../lib/workload';
import { wildcardFindingIds } from '../../../lib/workload/baseline/asset-copy-findings';

describe('wildcardFindingIds', () => {
  test('names wildcard actions and resources as cdk-nag does, with intrinsics as <Ref> and <Logical.Attr>', () => {
    const ids = wildcardFindingIds({
      Statement: [
        { Action: ['s3:GetObject*', 's3:PutObject'], Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::assets-bucket/*']] } },
        { Action: 'lambda:InvokeFunction', Resource: [{ 'Fn::GetAtt': ['Fn123', 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Fn123', 'Arn'] }, ':*']] }] },
      ],
    });
    expect(ids).toEqual([
      'Action::s3:GetObject*',
      'Resource::arn:<AWS::Partition>:s3:::assets-bucket/*',
      'Resource::<Fn123.Arn>:*',
    ]);
  });

  test('a policy without wildcards has no finding ids', () => {
    expect(wildcardFindingIds({ Statement: [{ Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/key' }] })).toEqual([]);
    expect(wildcardFindingIds({})).toEqual([]);
  });
});

describe('the asset copy function\'s log group (feature flag @aws-cdk/aws-lambda:useCdkManagedLogGroup)', () => {
  test('NIST 800-53 R5 and our pack find it unencrypted by a KMS key, and the findings are acknowledged with the reason', () => {
    // GIVEN a management stack under a new project's flag, where aws-cdk-lib makes the copy function's log group itself
    const app = new App({
      outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'asset-copy-')), context: { '@aws-cdk/aws-lambda:useCdkManagedLogGroup': true },
    });
    const stack = new Stack(app, 'Management', { env: { account: '555555555555', region: 'eu-west-2' } });
    new WorkloadBaselineStackSet(stack, 'Baseline', {
      central: CentralLogTargets.fromAttributes({ accountId: '111111111111', region: 'eu-west-2', organizationId: 'o-exampleorg1' }),
      exposure: ServiceExposure.INTERNAL, organizationalUnitIds: ['ou-ab12-cd34ef56'], regions: ['eu-west-2'],
      assetBucketPrefix: 'seclog-baseline-assets-555555555555',
    });
    Validations.of(app).addPlugins(new NIST80053R5Checks(app),
      new LogCollectionChecks(app, { tier: MaturityTier.ENHANCED, profile: LoggingProfile.HOSTING_PLATFORM }));

    // WHEN it is synthesised (the framework prints the report; it is read from the file instead)
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const report = JSON.parse(fs.readFileSync(path.join(app.synth().directory, VALIDATION_REPORT_FILE), 'utf8'));

    // THEN the log group's encryption findings of both packs are suppressed, with the reason, and none is left open
    const logGroup = stack.node.findAll().find((c) => c instanceof logs.CfnLogGroup && c.node.path.includes('/Custom::CDKBucketDeployment'));
    expect(logGroup).toBeDefined();
    expect(Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(logGroup as logs.CfnLogGroup)].DeletionPolicy).toBe('Retain');
    const logGroupPath = logGroup!.node.path;
    const onLogGroup = (v: any) => (v.violatingConstructs as any[]).some((c) => c.constructPath === logGroupPath);
    const suppressed = report.pluginReports.flatMap((p: any) => p.suppressedViolations ?? []).filter(onLogGroup);
    expect(suppressed.map((v: any) => v.ruleName).sort()).toEqual(['LogCollection-LM-4-Encryption', 'NIST.800.53.R5-CloudWatchLogGroupEncrypted']);
    for (const v of suppressed) {
      expect(v.reason).toContain('no security log data');
    }
    expect(report.pluginReports.flatMap((p: any) => p.violations).filter(onLogGroup)).toEqual([]);
    jest.restoreAllMocks();
  });
});
