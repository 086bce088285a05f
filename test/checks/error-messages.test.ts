import { App, IPolicyValidationContext, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { LogCollectionChecks } from '../../lib/checks';
import { LoggingProfile, MaturityTier } from '../../lib/requirements/types';

/** Misuse of the pack's API: each message names what is missing and what to call instead. */
describe('LogCollectionChecks messages', () => {
  const props = { tier: MaturityTier.BASELINE, profile: LoggingProfile.HOSTING_PLATFORM, coverageReport: false };

  test('validate() without the construct tree on the context names the fix, validateScope(app)', () => {
    const pack = new LogCollectionChecks(new App(), props);
    expect(() => pack.validate({ templatePaths: [] } as unknown as IPolicyValidationContext)).toThrow(
      'LogCollection needs the construct tree on the validation context (appConstruct), which this aws-cdk-lib does not provide; ' +
      'call validateScope(app) instead.');
  });

  test('checkResource outside a run names the methods that index the app first', () => {
    const app = new App();
    const vpc = new ec2.CfnVPC(new Stack(app, 'Workload'), 'Vpc', { cidrBlock: '10.0.0.0/16' });
    const pack = new LogCollectionChecks(app, props);
    expect(() => (pack as unknown as { checkResource(r: ec2.CfnVPC): void }).checkResource(vpc)).toThrow(
      'LogCollection.checkResource runs inside evaluate(), validate() or validateScope(), which index the app first.');
  });

  test('a rule id the pack does not have is named, with what rule ids look like', () => {
    expect(() => LogCollectionChecks.requirementIdsOfRule('LogCollection-XX-9')).toThrow(
      "'LogCollection-XX-9' is not a rule of the LogCollection pack; rule ids look like LogCollection-HP-E1.");
  });
});
