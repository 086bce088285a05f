import { CfnResource } from 'aws-cdk-lib';
import { LogFormat } from 'aws-cdk-lib/aws-ec2';
import { AppIndex, ResourceType } from '../../app-index';
import { fixedRequirements, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { listText } from '../../../core/l1';
import { awsSource, recommendedFields, requiredFields } from '../../../requirements/catalogue';
import { VpcFlowLogging } from '../../../sources';
import { LogSourceName } from '../../../requirements/types';

/** Traffic types that keep the REJECT records HP-E1 asks for. */
const REJECT_TRAFFIC_TYPES = ['REJECT', 'ALL'];

/**
 * HP-E1 (firewall log data for denied network traffic): every VPC of the app
 * has a VPC-level flow log (`AWS::EC2::FlowLog`, ResourceType `VPC`,
 * ResourceId the VPC, in any stack of the app) that keeps rejected traffic
 * (TrafficType `REJECT` or `ALL`) in a format holding every field the
 * catalogue requires for HP-E1 (`requiredFields`: the items the standard
 * names). No LogFormat means AWS's default format, which carries them. A
 * flow log that lacks only fields the library recommends is compliant, with
 * an info message naming them. One flow log meeting all of this is enough.
 * An imported VPC has no `AWS::EC2::VPC` in the app, so the rule does not run
 * on it; the coverage report judges it the same way by its VPC id
 * (`judgeVpcFlowLogs`), and the facade covers or refuses it.
 */
export const vpcFlowLogs: LogCollectionRule = {
  name: 'vpc-flow-logs',
  requirementIds: fixedRequirements('HP-E1'),
  resourceTypes: [ResourceType.VPC],
  fixedBy: [VpcFlowLogging.IMPLEMENTS.construct],
  summary:
    'Every VPC has a VPC flow log that keeps REJECT traffic (REJECT or ALL) in a format with every field HP-E1 requires ' +
    '(the default format has them); missing recommended fields are an info finding.',
  check(vpc: CfnResource, context: RuleContext): RuleOutcome {
    return judgeVpcFlowLogs(`VPC ${vpc.node.path}`, context.index.flowLogsOf(vpc), context.index);
  },
};

/**
 * What the vpc-flow-logs rule says of a VPC (`vpcText`, for example `VPC
 * Workload/Vpc`) given its VPC-level flow logs: also used for an imported VPC,
 * whose flow logs are found by its VPC id.
 */
export function judgeVpcFlowLogs(vpcText: string, flowLogs: CfnResource[], index: AppIndex): RuleOutcome {
  const source = awsSource('HP-E1', LogSourceName.VPC_FLOW_LOGS);
  const required = requiredFields(source);
  const recommended = recommendedFields(source);
  if (flowLogs.length === 0) {
    return outcome.nonCompliant(
      `${vpcText} has no VPC flow log (AWS::EC2::FlowLog with ResourceType VPC and this VPC as ResourceId), ` +
      'so denied traffic is not logged.',
    );
  }
  let meets: RuleOutcome | undefined;
  const problems: string[] = [];
  const unknowns: string[] = [];
  for (const flowLog of flowLogs) {
    const props = flowLog as unknown as Record<string, unknown>;
    const issues: string[] = [];
    const trafficType = index.resolve(flowLog, props.trafficType);
    if (typeof trafficType !== 'string') {
      unknowns.push(`${flowLog.node.path}: TrafficType is known only at deploy time`);
      continue;
    }
    if (!REJECT_TRAFFIC_TYPES.includes(trafficType)) {
      issues.push(`TrafficType is ${trafficType}, so rejected traffic is not kept (use REJECT or ALL)`);
    }
    const format = index.resolve(flowLog, props.logFormat);
    const text = format === undefined ? LogFormat.ALL_DEFAULT_FIELDS.value : index.resolver.textOf(format);
    if (text === undefined || index.resolver.hasDeployTimeValue(format)) {
      unknowns.push(`${flowLog.node.path}: LogFormat is known only at deploy time`);
      continue;
    }
    const present = new Set([...text.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]));
    const missing = required.filter((f) => !present.has(f));
    if (missing.length > 0) {
      issues.push(
        `${format === undefined ? 'it has no LogFormat, so it uses the default format, which' : 'its LogFormat'} lacks ` +
        `${listText(missing.map(placeholder))}, which HP-E1 requires`,
      );
    }
    if (issues.length === 0) {
      const lacking = recommended.filter((f) => !present.has(f));
      if (lacking.length === 0) {
        return outcome.compliant(
          `Flow log ${flowLog.node.path} keeps ${trafficType} traffic with every field HP-E1 requires and every field the library recommends.`,
          { location: 'Properties' },
        );
      }
      meets ??= outcome.compliant(
        `Flow log ${flowLog.node.path} keeps ${trafficType} traffic with every field HP-E1 requires ` +
        `(${listText(required.map(placeholder))}). Recommended, not required: ${listText(lacking.map(placeholder))} ` +
        '(VpcFlowLogging writes them).',
        { location: 'Properties' },
      );
      continue;
    }
    problems.push(`${flowLog.node.path}: ${issues.join('; ')}`);
  }
  if (meets) {
    return meets;
  }
  if (problems.length === 0 && unknowns.length > 0) {
    return outcome.unknown(`${vpcText} has flow logs this check cannot read: ${unknowns.join('; ')}.`);
  }
  return outcome.nonCompliant(
    `${vpcText} has no flow log that meets HP-E1: ${[...problems, ...unknowns].join('; ')}. ` +
    `Use TrafficType REJECT or ALL and the default format, or a custom LogFormat that holds ${required.map(placeholder).join(' ')}.`,
  );
}

/** A flow log field as written in a LogFormat: `${dstport}`. */
function placeholder(field: string): string {
  return `\${${field}}`;
}
