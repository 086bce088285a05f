import { CfnResource, Resource, Stack, Stage, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { AppIndex, ResourceType } from './app-index';
import { CheckCompliance } from './check-result';
import { LogCollectionChecks } from './log-collection-checks';
import { RuleOutcome } from './private/rule';
import { judgeResolverAssociations } from './rules/collection/vpc-dns-query-logging';
import { judgeVpcFlowLogs } from './rules/collection/vpc-flow-logs';

/**
 * Imported VPCs (`ec2.Vpc.fromVpcAttributes`, `fromLookup`): they have no
 * `AWS::EC2::VPC` in the app, so no rule runs on them. The coverage report
 * still lists each one in scope and judges it as the VPC rules would, with
 * the flow logs and Resolver query logging associations that name its VPC
 * id. Not exported from the package.
 */

/** What one active VPC rule finds for an imported VPC. */
export interface ImportedVpcRuleResult {
  readonly ruleId: string;
  readonly outcome: RuleOutcome;
}

/** An imported VPC in scope and what the pack's VPC rules find for it. */
export interface ImportedVpcJudgement {
  /** The imported VPC construct. */
  readonly vpc: ec2.IVpc;
  /** The name of the stack it was imported into (a nested stack's construct path). */
  readonly stackName: string;
  /** One result per VPC rule the pack runs (none when the pack runs no VPC rule). */
  readonly results: ImportedVpcRuleResult[];
}

/**
 * Whether a construct is an imported VPC: an `ec2.IVpc` that is not an
 * `ec2.Vpc` and holds no `AWS::EC2::VPC`.
 */
export function isImportedVpc(node: IConstruct): node is ec2.IVpc {
  if (node instanceof ec2.Vpc || !(node instanceof Resource) || node.node.defaultChild !== undefined) {
    return false;
  }
  const vpc = node as unknown as Partial<ec2.IVpc>;
  return typeof vpc.vpcId === 'string' && typeof vpc.selectSubnets === 'function' && typeof vpc.addFlowLog === 'function';
}

/** The imported VPCs under `scope` and what `pack`'s VPC rules find for each, in construct path order. */
export function judgeImportedVpcs(pack: LogCollectionChecks, scope: IConstruct): ImportedVpcJudgement[] {
  const vpcs = scope.node.findAll().filter(isImportedVpc).sort((a, b) => compare(a.node.path, b.node.path));
  if (vpcs.length === 0) {
    return [];
  }
  const vpcRules = LogCollectionChecks.describeRules(pack.tier, pack.profile, pack.exposure).filter((r) => r.resourceTypes.includes(ResourceType.VPC));
  const root = Stage.isStage(scope) ? scope : Stage.of(scope) ?? scope.node.root;
  const index = AppIndex.build(root);
  return vpcs.map((vpc) => {
    const text = `imported VPC ${vpc.node.path} (${Token.isUnresolved(vpc.vpcId) ? 'its id known at deploy time' : vpc.vpcId})`;
    const results: ImportedVpcRuleResult[] = [];
    for (const rule of vpcRules) {
      if (rule.requirementIds.includes('HP-E1')) {
        const flowLogs = byVpcId(index, vpc, ResourceType.FLOW_LOG, 'resourceId', (r) => index.resolve(r, read(r, 'resourceType')) === 'VPC');
        results.push({ ruleId: rule.ruleId, outcome: judgeVpcFlowLogs(text, flowLogs, index) });
      } else if (rule.requirementIds.includes('HP-B3')) {
        results.push({ ruleId: rule.ruleId, outcome: judgeResolverAssociations(text, byVpcId(index, vpc, RESOLVER_ASSOCIATION, 'resourceId')) });
      }
    }
    const stack = Stack.of(vpc);
    return { vpc, stackName: Token.isUnresolved(stack.stackName) ? stack.node.path : stack.stackName, results };
  });
}

/** Whether a result leaves the VPC uncovered. */
export function isOpen(result: ImportedVpcRuleResult): boolean {
  return result.outcome.compliance !== CheckCompliance.COMPLIANT && result.outcome.compliance !== CheckCompliance.NOT_APPLICABLE;
}

const RESOLVER_ASSOCIATION = 'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation';

/**
 * The resources of `type` whose `property` names the imported VPC's id: the
 * same literal id, or the same token resolved in the resource's stack.
 */
function byVpcId(index: AppIndex, vpc: ec2.IVpc, type: string, property: string, accept: (r: CfnResource) => boolean = () => true): CfnResource[] {
  return index.ofType(type).filter((r) => {
    if (!accept(r)) {
      return false;
    }
    const stack = Stack.of(r);
    if (Token.isUnresolved(vpc.vpcId) && stack !== Stack.of(vpc)) {
      return false; // a deploy-time id means the same only in the stack that imported it
    }
    return key(stack, read(r, property)) === key(stack, vpc.vpcId);
  });
}

function read(r: CfnResource, property: string): unknown {
  return (r as unknown as Record<string, unknown>)[property];
}

function key(stack: Stack, value: unknown): string | undefined {
  try {
    return JSON.stringify(stack.resolve(value));
  } catch {
    return undefined;
  }
}

function compare(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}
