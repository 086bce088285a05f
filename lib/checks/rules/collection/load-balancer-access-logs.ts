import { CfnResource } from 'aws-cdk-lib';
import { ResourceType } from '../../app-index';
import { fixedRequirements, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { asArray, asBoolean, field } from '../../../core/l1';

/** The load balancer attributes that switch access logs on and name their bucket. */
const ENABLED = 'access_logs.s3.enabled';
const BUCKET = 'access_logs.s3.bucket';

/**
 * What turns the logs on, for messages: the switch is aws-cdk-lib's; the bucket is this library's region-local
 * `LoadBalancerLogLanding` (ELB writes only to a bucket of the load balancer's region).
 */
const FIX =
  `call logAccessLogs(bucket) on the elbv2.ApplicationLoadBalancer with the bucket of a LoadBalancerLogLanding of its region, ` +
  `or set the LoadBalancerAttributes ${ENABLED}=true and ${BUCKET} on the L1`;

/**
 * CA-B3 (unauthenticated user activity events), load balancer part: every
 * internet-facing Application Load Balancer
 * (`AWS::ElasticLoadBalancingV2::LoadBalancer` with Type `application`, the
 * default, and Scheme `internet-facing`, the default) writes access logs:
 * LoadBalancerAttributes `access_logs.s3.enabled` is `true` and
 * `access_logs.s3.bucket` names a bucket. The ALB access log record has a
 * fixed format that carries every CA-B3 item (client, request line, sizes
 * and processing times).
 *
 * Internal load balancers and network or gateway load balancers are not
 * applicable. The switch is on the load balancer (aws-cdk-lib's
 * `logAccessLogs`), so no construct of this library fixes it; the message
 * names that setting and the `LoadBalancerLogLanding` bucket to log to.
 */
export const loadBalancerAccessLogs: LogCollectionRule = {
  name: 'load-balancer-access-logs',
  requirementIds: fixedRequirements('CA-B3'),
  idSuffix: 'LoadBalancer',
  resourceTypes: [ResourceType.LOAD_BALANCER_V2],
  fixedBy: [],
  summary: `Every internet-facing Application Load Balancer writes access logs to S3 (${ENABLED}=true with ${BUCKET}).`,
  check(lb: CfnResource, context: RuleContext): RuleOutcome {
    const props = lb as unknown as Record<string, unknown>;
    const path = lb.node.path;
    const type = context.index.resolve(lb, props.type) ?? 'application';
    if (typeof type === 'string' && type !== 'application') {
      return outcome.notApplicable(`Load balancer ${path} is a ${type} load balancer; CA-B3 judges Application Load Balancers.`);
    }
    const scheme = context.index.resolve(lb, props.scheme) ?? 'internet-facing';
    if (scheme === 'internal') {
      return outcome.notApplicable(`Load balancer ${path} is internal (Scheme internal), not an internet-facing entry point.`);
    }
    const attributes = new Map<string, unknown>();
    for (const attribute of asArray(context.index.resolve(lb, props.loadBalancerAttributes))) {
      const key = field(attribute, 'key');
      if (typeof key === 'string') {
        attributes.set(key, field(attribute, 'value'));
      }
    }
    const enabled = attributes.get(ENABLED);
    const bucket = attributes.get(BUCKET);
    const location = 'Properties/LoadBalancerAttributes';
    if (context.index.resolver.hasDeployTimeValue(enabled)) {
      return outcome.unknown(`Load balancer ${path} has ${ENABLED} known only at deploy time.`, { location });
    }
    const problems: string[] = [];
    if (asBoolean(enabled) !== true) {
      problems.push(enabled === undefined ? `${ENABLED} is not set (access logs are off by default)` : `${ENABLED} is ${context.index.resolver.describe(enabled)}`);
    }
    if (bucket === undefined || bucket === '') {
      problems.push(`no ${BUCKET} names a bucket`);
    }
    const facing = typeof type === 'string' && typeof scheme === 'string'
      ? 'internet-facing Application Load Balancer'
      : 'Application Load Balancer (Type or Scheme known only at deploy time)';
    if (problems.length === 0) {
      return outcome.compliant(`Load balancer ${path} writes access logs to ${context.index.resolver.describe(bucket)}.`);
    }
    const message = `The ${facing} ${path} does not write access logs: ${problems.join('; ')}. To fix, ${FIX}.`;
    return typeof type === 'string' && typeof scheme === 'string'
      ? outcome.nonCompliant(message, { location })
      : outcome.unknown(message, { location });
  },
};
