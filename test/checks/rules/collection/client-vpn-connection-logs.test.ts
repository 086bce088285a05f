import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CheckCompliance } from '../../../../lib/checks';
import { LoggingProfile, MaturityTier } from '../../../../lib/requirements/types';
import { appWithStack, evaluate, resultOf } from '../../helpers';

const RULE = 'LogCollection-HP-E7';

function endpoint(stack: Stack, connectionLogOptions: ec2.CfnClientVpnEndpoint.ConnectionLogOptionsProperty): ec2.CfnClientVpnEndpoint {
  return new ec2.CfnClientVpnEndpoint(stack, 'Vpn', {
    clientCidrBlock: '10.100.0.0/16',
    serverCertificateArn: 'arn:aws:acm:eu-west-2:111111111111:certificate/server',
    authenticationOptions: [{ type: 'certificate-authentication', mutualAuthentication: { clientRootCertificateChainArn: 'arn:aws:acm:eu-west-2:111111111111:certificate/client' } }],
    connectionLogOptions,
  });
}

describe(RULE, () => {
  test('an endpoint that logs connections to a log group is compliant', () => {
    const { app, stack } = appWithStack();
    endpoint(stack, { enabled: true, cloudwatchLogGroup: '/aws/clientvpn/vpn' });
    expect(resultOf(evaluate(app), RULE, 'Workload/Vpn').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('an endpoint with connection logging off is an error naming ClientVpnConnectionLogging', () => {
    // GIVEN
    const { app, stack } = appWithStack();
    endpoint(stack, { enabled: false });
    // WHEN
    const result = resultOf(evaluate(app), RULE, 'Workload/Vpn');
    // THEN
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(/does not log connections \(ConnectionLogOptions\.Enabled is false\)/);
    expect(result.message).toContain('ClientVpnConnectionLogging');
    expect(result.location).toBe('Properties/ConnectionLogOptions');
  });

  test('logging enabled without a log group is an error', () => {
    const { app, stack } = appWithStack();
    endpoint(stack, { enabled: true });
    expect(resultOf(evaluate(app), RULE, 'Workload/Vpn').message).toMatch(/without a CloudwatchLogGroup/);
  });

  test('an app without Client VPN endpoints has no HP-E7 results, so the requirement is not applicable', () => {
    const { app } = appWithStack();
    expect(evaluate(app).filter((r) => r.ruleId === RULE)).toEqual([]);
  });

  test('the rule runs at Enhanced only', () => {
    const { app, stack } = appWithStack();
    endpoint(stack, { enabled: false });
    const baseline = evaluate(app, { tier: MaturityTier.BASELINE, profile: LoggingProfile.HOSTING_PLATFORM });
    expect(baseline.filter((r) => r.ruleId === RULE)).toEqual([]);
  });
});
