import { Names, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { CentralLogTargets } from '../../central/targets';
import { acknowledgeInlineRolePolicies } from '../../core/acknowledge';
import { validateStackEnv } from '../../core/validate';

/**
 * The checks and the subscription `ApiAccessLogging` and
 * `ClientVpnConnectionLogging` share: the construct lives in its resource's
 * stack, the stack has a concrete region, and the log group is subscribed to
 * the central CloudWatch Logs destination of that region with a sender role.
 * Not public API. `EksAuditLogging` uses the subscription too.
 */

/** Throw unless `construct` is in the same stack as `resource`, naming both stacks and the fix. */
export function requireSameStack(construct: IConstruct, constructName: string, resource: IConstruct, what: string): Stack {
  const stack = Stack.of(construct);
  if (Stack.of(resource) !== stack) {
    throw new Error(
      `${constructName} '${construct.node.path}' is in stack '${stack.stackName}' but the ${what} ${resource.node.path} is in ` +
      `stack '${Stack.of(resource).stackName}'; create it in the ${what}'s stack so the log group is in its account and region.`,
    );
  }
  return stack;
}

/** The stack's region; throws, naming the stack and the fix, when it is not concrete. */
export function requireRegion(stack: Stack, constructName: string, what: string): string {
  if (Token.isUnresolved(stack.region)) {
    throw new Error(
      `Stack '${stack.stackName}' has no concrete region, so ${constructName} cannot name the central CloudWatch Logs ` +
      `destination in the ${what}'s region; set env: { account, region } on the stack.`,
    );
  }
  return validateStackEnv(stack).region;
}

/** A stable log group name under a prefix, made from a construct's path (letters, digits and hyphens). */
export function defaultLogGroupName(prefix: string, resource: IConstruct): string {
  return `${prefix}/${Names.uniqueResourceName(resource, { maxLength: 200, separator: '-' })}`;
}

/** The subscription that sends a log group to the central destination, and its sender role. */
export interface CentralSubscription {
  readonly filter: logs.CfnSubscriptionFilter;
  readonly role: iam.Role;
}

/**
 * Subscribe a log group to the central CloudWatch Logs destination of
 * `region`. The destination's policy admits the whole organisation; with such
 * a policy CloudWatch Logs needs a role in the sending account that may put
 * log events on the destination.
 */
export function subscribeToCentralDestination(scope: Construct, logGroup: logs.ILogGroup, central: CentralLogTargets,
  region: string, description: string): CentralSubscription {
  const stack = Stack.of(scope);
  const destinationArn = central.logDestinationArn(region);
  const role = new iam.Role(scope, 'SubscriptionRole', {
    description,
    assumedBy: new iam.ServicePrincipal('logs.amazonaws.com', {
      conditions: { ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:logs:${region}:${stack.account}:*` } },
    }),
  });
  acknowledgeInlineRolePolicies(role);
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['logs:PutLogEvents'],
    resources: [destinationArn],
  }));
  const filter = new logs.CfnSubscriptionFilter(scope, 'CentralSubscription', {
    logGroupName: logGroup.logGroupName,
    destinationArn,
    filterPattern: '',
    roleArn: role.roleArn,
  });
  filter.node.addDependency(role);
  return { filter, role };
}
