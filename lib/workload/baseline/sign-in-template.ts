import { Annotations, AspectPriority, Aspects, Aws, CfnCondition, CfnResource, Fn, IAspect } from 'aws-cdk-lib';
import { StackSetStack } from 'cdk-stacksets';
import { Construct, IConstruct } from 'constructs';
import { CentralLogTargets } from '../../central/targets';
import { ServiceExposure, UserDirectory } from '../../requirements/types';
import { TamperEventForwarding } from '../../sources/events/tamper-event-forwarding';
import { IdentityEventForwarding } from '../../sources/identity/identity-event-forwarding';
import { SignInEventForwarding } from '../../sources/identity/sign-in-event-forwarding';
import { GLOBAL_EVENTS_REGION } from '../../core/events/global-events';

/** Props for {@link SignInForwardingTemplate}. */
export interface SignInForwardingTemplateProps {
  /** The central log account (its security event bus receives the sign-in events). */
  readonly central: CentralLogTargets;

  /**
   * Also forward, from us-east-1, the events EventBridge receives there only: IAM API calls (user, group, policy and
   * MFA changes: an `IdentityEventForwarding` of `UserDirectory.IAM`) and the tamper events of that region, among them
   * the root user's calls to IAM (a `TamperEventForwarding`). A CloudFormation condition (`InUsEast1`) keeps their
   * resources to the template's us-east-1 stack instances. `WorkloadBaselineStackSet` turns it on when its `regions`
   * leave out us-east-1 (the baseline template then never runs there).
   *
   * @default false
   */
  readonly forwardGlobalServiceEvents?: boolean;

  /**
   * The exposure of the member accounts, which the IAM API call forwarding is declared with. Required with
   * `forwardGlobalServiceEvents`.
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
  /** The IAM API call forwarding, in us-east-1 only (`forwardGlobalServiceEvents`). */
  public readonly iamForwarding?: IdentityEventForwarding;
  /** The tamper event forwarding, in us-east-1 only (`forwardGlobalServiceEvents`). */
  public readonly tamperForwarding?: TamperEventForwarding;

  constructor(scope: Construct, id: string, props: SignInForwardingTemplateProps) {
    super(scope, id);
    this.forwarding = new SignInEventForwarding(this, 'SignIn', { central: props.central });
    if (props.forwardGlobalServiceEvents) {
      if (props.exposure === undefined) {
        throw new Error('SignInForwardingTemplate: forwardGlobalServiceEvents needs exposure, the member accounts\' ServiceExposure.');
      }
      this.iamForwarding = new IdentityEventForwarding(this, 'IamEvents', {
        central: props.central, exposure: props.exposure, directories: [UserDirectory.IAM], forwardSignInEvents: false,
      });
      this.tamperForwarding = new TamperEventForwarding(this, 'TamperEvents', { central: props.central });
      const inUsEast1 = new CfnCondition(this, 'InUsEast1', { expression: Fn.conditionEquals(Aws.REGION, GLOBAL_EVENTS_REGION) });
      const reason = `Its resources exist only in the template's ${GLOBAL_EVENTS_REGION} stack instances (condition InUsEast1).`;
      for (const forwarding of [this.iamForwarding, this.tamperForwarding]) {
        // An Aspect, so that resources added under these constructs later are conditioned too.
        Aspects.of(forwarding).add(new ConditionAll(inUsEast1), { priority: AspectPriority.MUTATING });
        Annotations.of(forwarding).acknowledgeWarning('cdk-security-log-collection:identityRegionUnresolved', reason);
        Annotations.of(forwarding).acknowledgeWarning('cdk-security-log-collection:global-events', reason);
      }
    }
  }
}

/** Puts every CloudFormation resource it visits under one condition. */
class ConditionAll implements IAspect {
  constructor(private readonly condition: CfnCondition) {}

  public visit(node: IConstruct): void {
    if (CfnResource.isCfnResource(node)) {
      node.cfnOptions.condition = this.condition;
    }
  }
}
