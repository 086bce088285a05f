import { Annotations, Aws, CfnCondition, CfnResource, Fn } from 'aws-cdk-lib';
import { StackSetStack } from 'cdk-stacksets';
import { Construct } from 'constructs';
import { CentralLogTargets } from '../../central/targets';
import { ServiceExposure, UserDirectory } from '../../requirements/types';
import { IdentityEventForwarding } from '../../sources/identity/identity-event-forwarding';
import { SignInEventForwarding } from '../../sources/identity/sign-in-event-forwarding';
import { GLOBAL_EVENTS_REGION } from '../../core/events/global-events';

/** Props for {@link SignInForwardingTemplate}. */
export interface SignInForwardingTemplateProps {
  /** The central log account (its security event bus receives the sign-in events). */
  readonly central: CentralLogTargets;

  /**
   * Also forward the IAM API calls of the IAM directory (user, group, policy and MFA changes) from us-east-1, the only
   * region where EventBridge receives them: an `IdentityEventForwarding` of `UserDirectory.IAM` whose resources a
   * CloudFormation condition keeps to the template's us-east-1 stack instances. `WorkloadBaselineStackSet` turns it on
   * when its `regions` leave out us-east-1 (the baseline template then never runs there).
   *
   * @default false
   */
  readonly forwardIamEvents?: boolean;

  /**
   * The exposure of the member accounts, which the IAM API call forwarding is declared with. Required with
   * `forwardIamEvents`.
   *
   * @default - none
   */
  readonly exposure?: ServiceExposure;
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
  /** The IAM API call forwarding, in us-east-1 only (`forwardIamEvents`). */
  public readonly iamForwarding?: IdentityEventForwarding;

  constructor(scope: Construct, id: string, props: SignInForwardingTemplateProps) {
    super(scope, id);
    this.forwarding = new SignInEventForwarding(this, 'SignIn', { central: props.central });
    if (props.forwardIamEvents) {
      if (props.exposure === undefined) {
        throw new Error('SignInForwardingTemplate: forwardIamEvents needs exposure, the member accounts\' ServiceExposure.');
      }
      this.iamForwarding = new IdentityEventForwarding(this, 'IamEvents', {
        central: props.central, exposure: props.exposure, directories: [UserDirectory.IAM], forwardSignInEvents: false,
      });
      const inUsEast1 = new CfnCondition(this, 'InUsEast1', { expression: Fn.conditionEquals(Aws.REGION, GLOBAL_EVENTS_REGION) });
      for (const resource of this.iamForwarding.node.findAll().filter(CfnResource.isCfnResource)) {
        resource.cfnOptions.condition = inUsEast1;
      }
      const reason = `Its resources exist only in the template's ${GLOBAL_EVENTS_REGION} stack instances (condition InUsEast1).`;
      Annotations.of(this.iamForwarding).acknowledgeWarning('cdk-security-log-collection:identityRegionUnresolved', reason);
      Annotations.of(this.iamForwarding).acknowledgeWarning('cdk-security-log-collection:global-events', reason);
    }
  }
}
