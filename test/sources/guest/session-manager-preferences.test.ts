import { Template } from 'aws-cdk-lib/assertions';
import { central, workloadStack } from './helpers';
import { ServiceExposure } from '../../../lib/requirements/types';
import { SessionManagerPreferences } from '../../../lib/sources/guest/session-manager-preferences';

describe('SessionManagerPreferences', () => {
  test('the document names the log group and its idle timeout; the group is subscribed', () => {
    const stack = workloadStack();
    new SessionManagerPreferences(stack, 'Sessions', { central, exposure: ServiceExposure.EXTERNAL, logGroupName: '/x/sessions', idleSessionTimeoutMinutes: 15 });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SSM::Document', {
      Name: 'SSM-SessionManagerRunShell', UpdateMethod: 'NewVersion',
      Content: { inputs: { cloudWatchLogGroupName: '/x/sessions', idleSessionTimeout: '15', s3EncryptionEnabled: true } },
    });
    t.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/x/sessions', RetentionInDays: 90 });
    t.resourceCountIs('AWS::Logs::SubscriptionFilter', 1);
  });

  test('two in one stack, and a timeout out of range, are errors', () => {
    const stack = workloadStack();
    new SessionManagerPreferences(stack, 'A', { central, exposure: ServiceExposure.EXTERNAL });
    expect(() => new SessionManagerPreferences(stack, 'B', { central, exposure: ServiceExposure.EXTERNAL, logGroupName: '/b' }))
      .toThrow(/already has SessionManagerPreferences 'Workload\/A'/);
    expect(() => new SessionManagerPreferences(workloadStack(), 'C', { central, exposure: ServiceExposure.EXTERNAL, idleSessionTimeoutMinutes: 90 }))
      .toThrow('idleSessionTimeoutMinutes is 90; use a whole number of minutes from 1 to 60.');
  });
});
