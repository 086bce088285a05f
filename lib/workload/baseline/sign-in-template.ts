import { StackSetStack } from 'cdk-stacksets';
import { Construct } from 'constructs';
import { CentralLogTargets } from '../../central/targets';
import { SignInEventForwarding } from '../../sources/identity/sign-in-event-forwarding';

/** Props for {@link SignInForwardingTemplate}. */
export interface SignInForwardingTemplateProps {
  /** The central log account (its security event bus receives the sign-in events). */
  readonly central: CentralLogTargets;
}

/**
 * The StackSet template of the sign-in regions the baseline's regions do not
 * cover: AWS records global-endpoint console sign-ins in us-east-1,
 * us-east-2, eu-north-1 or ap-southeast-2, whatever regions the accounts
 * otherwise use, so every account forwards them from each
 * (`SignInEventForwarding`; README, "Where identity events are recorded").
 * No Lambda code, so no asset buckets.
 */
export class SignInForwardingTemplate extends StackSetStack {
  /** The forwarding. */
  public readonly forwarding: SignInEventForwarding;

  constructor(scope: Construct, id: string, props: SignInForwardingTemplateProps) {
    super(scope, id);
    this.forwarding = new SignInEventForwarding(this, 'SignIn', { central: props.central });
  }
}
