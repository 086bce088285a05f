import { CfnResource } from 'aws-cdk-lib';
import { ResourceType } from '../../app-index';
import { fixedRequirements, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { DnsQueryLogging } from '../../../sources';

/**
 * HP-B3 (domain name service query logs): every VPC of the app is associated
 * with a Route 53 Resolver query logging configuration
 * (`AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation` whose
 * ResourceId is the VPC), in any stack of the app. The configuration itself
 * may be shared from the central account (RAM), so only the association is
 * required here. An imported VPC has no `AWS::EC2::VPC` in the app, so the
 * rule does not run on it; the coverage report judges it the same way by its
 * VPC id (`judgeResolverAssociations`).
 */
export const vpcDnsQueryLogging: LogCollectionRule = {
  name: 'vpc-dns-query-logging',
  requirementIds: fixedRequirements('HP-B3'),
  resourceTypes: [ResourceType.VPC],
  fixedBy: [DnsQueryLogging.IMPLEMENTS.construct],
  summary: 'Every VPC is associated with a Route 53 Resolver query logging configuration.',
  check(vpc: CfnResource, context: RuleContext): RuleOutcome {
    return judgeResolverAssociations(`VPC ${vpc.node.path}`, context.index.resolverAssociationsOf(vpc));
  },
};

/**
 * What the vpc-dns-query-logging rule says of a VPC (`vpcText`) given its
 * query logging associations: also used for an imported VPC, whose
 * associations are found by its VPC id.
 */
export function judgeResolverAssociations(vpcText: string, associations: CfnResource[]): RuleOutcome {
  if (associations.length > 0) {
    return outcome.compliant(`DNS queries are logged by ${associations.map((a) => a.node.path).join(', ')}.`);
  }
  return outcome.nonCompliant(
    `${vpcText} has no Route 53 Resolver query logging association ` +
    '(AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation with this VPC as ResourceId), so its DNS queries are not logged.',
  );
}
