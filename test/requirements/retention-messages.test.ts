import { App, CfnParameter, Stack, Token } from 'aws-cdk-lib';
import { CentralLogTargets } from '../../lib/central/targets';
import { cloudWatchRetention } from '../../lib/core/log-group';
import { validateRetentionDays } from '../../lib/requirements/retention';
import { LoggingProfile, MaturityTier, ServiceExposure } from '../../lib/requirements/types';
import { WorkloadLogCollection } from '../../lib/workload/workload-log-collection';

/** Retention errors name the value as written, the prop as the user wrote it, and the fix; never a token's placeholder. */

describe('retention messages', () => {
  test('a retention known only at deploy time is refused without printing the token', () => {
    // GIVEN a retention from a CloudFormation parameter
    const stack = new Stack(new App(), 'Workload');
    const days = new CfnParameter(stack, 'Days', { type: 'Number' }).valueAsNumber;
    // WHEN / THEN
    const check = () => validateRetentionDays({ exposure: ServiceExposure.INTERNAL, retentionDays: days });
    expect(check).toThrow(
      'retentionDays is a value known only at deploy time (a CloudFormation parameter, reference or import), but the retention ' +
      'policy (LM-1 to LM-3) is checked at synth; pass a number of days: at least 400 for INTERNAL services and at most 731 without retentionApproval.');
    expect(check).toThrow(expect.objectContaining({ message: expect.not.stringMatching(/e\+\d+|\$\{Token/) }));
  });

  test('the facade names retentionDays as the user wrote it, for a token too', () => {
    const stack = new Stack(new App(), 'Workload', { env: { account: '111111111111', region: 'eu-west-2' } });
    expect(() => new WorkloadLogCollection(stack, 'SecurityLogs', {
      central: CentralLogTargets.fromAttributes({
        accountId: '999999999999',
        region: 'eu-west-2',
        archiveKeyArn: 'arn:aws:kms:eu-west-2:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      }),
      tier: MaturityTier.BASELINE,
      profile: LoggingProfile.HOSTING_PLATFORM,
      exposure: ServiceExposure.EXTERNAL,
      retentionDays: Token.asNumber({ Ref: 'Days' }),
    })).toThrow(/^retentionDays is a value known only at deploy time .* at least 90 for EXTERNAL services/);
  });

  test('a value CloudWatch Logs does not accept names the value, the prop and the allowed values', () => {
    expect(() => cloudWatchRetention({ exposure: ServiceExposure.EXTERNAL, retentionDays: 100 }, 'logRetentionDays'))
      .toThrow(/^logRetentionDays of 100 days is not a value CloudWatch Logs accepts; use one of 90, 120, 150, 180, 365, 400, 545, 731\.$/);
  });

  test('below the minimum and above the maximum name the value, the requirement and the fix', () => {
    expect(() => validateRetentionDays({ exposure: ServiceExposure.INTERNAL, retentionDays: 90 }))
      .toThrow('retentionDays of 90 days is below the 400-day minimum for INTERNAL services (LM-2); use at least 400.');
    expect(() => validateRetentionDays({ exposure: ServiceExposure.EXTERNAL, retentionDays: 3653 }))
      .toThrow('retentionDays of 3653 days exceeds the 2-year maximum (731 days, LM-3); use at most 731, or pass retentionApproval with the CISO approval reference to exceed it.');
  });
});
