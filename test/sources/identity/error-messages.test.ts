import { App, Stack } from 'aws-cdk-lib';
import { CentralLogTargets } from '../../../lib/central/targets';
import { SignInEventForwarding } from '../../../lib/sources/identity/sign-in-event-forwarding';

/** Bad input to the identity sources: each message names the value as written, the prop and the fix. */
describe('SignInEventForwarding messages', () => {
  test("a stack region that is not a region name is named as the stack's env.region", () => {
    const central = CentralLogTargets.fromAttributes({ accountId: '999988887777', region: 'eu-west-2' });
    const stack = new Stack(new App(), 'SignIn', { env: { account: '111122223333', region: 'eu-nowhere' } });
    expect(() => new SignInEventForwarding(stack, 'SignIn', { central })).toThrow(
      "env.region of stack 'SignIn': 'eu-nowhere' is not an AWS region name; use a region such as 'eu-west-2'.");
  });
});
