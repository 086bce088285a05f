import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CentralLogTargets } from '../targets';

/**
 * Throw unless the construct's stack is in the central log account (and, when
 * `sameRegion`, the archive's region): workload accounts compute the
 * destination and bus ARNs from the targets, so anything else would be
 * unreachable.
 */
export function requireCentralPlacement(scope: IConstruct, construct: string, targets: CentralLogTargets, sameRegion: boolean): void {
  const stack = Stack.of(scope);
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
    throw new Error(
      `${construct} is in stack '${stack.stackName}', which has no concrete account and region, so workload accounts could not ` +
      'name it; set env: { account, region } on the stack.',
    );
  }
  if (stack.account !== targets.accountId) {
    throw new Error(
      `${construct} is in account ${stack.account} but the archive is in ${targets.accountId}: workload accounts address it ` +
      'by the central account id, so deploy it in the central log account.',
    );
  }
  if (sameRegion && stack.region !== targets.region) {
    throw new Error(
      `${construct} is in region ${stack.region} but the archive is in ${targets.region}: workload accounts address it in the ` +
      'archive region, so deploy it there.',
    );
  }
}
