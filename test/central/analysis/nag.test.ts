import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ArchiveAnalysis, LogArchive } from '../../../lib/central';
import { ServiceExposure } from '../../../lib/requirements/types';
import { CENTRAL_ACCOUNT, CENTRAL_REGION, READER } from '../helpers';

// AwsSolutions findings on ArchiveAnalysis are either fixed or acknowledged with a reason.
test('ArchiveAnalysis has no unacknowledged AwsSolutions finding', () => {
  const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'analysis-nag-')) });
  const stack = new Stack(app, 'Central', { env: { account: CENTRAL_ACCOUNT, region: CENTRAL_REGION } });
  const archive = new LogArchive(stack, 'Archive', {
    exposure: ServiceExposure.INTERNAL,
    sourceAccounts: ['222222222222'],
    readerRoleArns: [READER, ArchiveAnalysis.reviewRoleArn(CENTRAL_ACCOUNT)],
  });
  new ArchiveAnalysis(stack, 'Analysis', {
    archive,
    analystRoleArns: [READER],
    sourceAccounts: ['222222222222'],
    reviewTopic: new sns.Topic(stack, 'Reviewers', { enforceSSL: true, masterKey: archive.key }),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  let violations: any[];
  try {
    const assembly = app.synth();
    const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, VALIDATION_REPORT_FILE), 'utf8'));
    violations = report.pluginReports.find((r: any) => r.pluginName === 'AwsSolutions').violations;
  } catch (e) {
    violations = [String(e)];
  }
  spy.mockRestore();
  const ours = violations.filter((v: any) => typeof v === 'string' || v.violatingConstructs.some((c: any) => c.constructPath.includes('/Analysis/')));
  expect(ours.map((v: any) => (typeof v === 'string' ? v.slice(0, 3000) : `${v.ruleName}: ${v.violatingConstructs.map((c: any) => c.constructPath).join(', ')}`))).toEqual([]);
});
