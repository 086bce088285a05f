import { CfnResource } from 'aws-cdk-lib';
import { ResourceType } from '../../app-index';
import { fixedRequirements, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { asArray, field, listText } from '../../../core/l1';
import { awsSource } from '../../../requirements/catalogue';
import { EksAuditLogging } from '../../../sources';
import { LogSourceName } from '../../../requirements/types';

/**
 * HP-B6 (orchestrator events): every EKS cluster enables the control plane
 * log types the catalogue names for HP-B6 (`api`, `audit`, `authenticator`).
 * Judges `AWS::EKS::Cluster` (the L1, and the `aws-eks-v2` cluster) through
 * Logging.ClusterLogging.EnabledTypes, and the `aws-eks` (v1) cluster's
 * custom resource `Custom::AWSCDK-EKS-Cluster` through
 * Config.logging.clusterLogging.
 */
export const eksControlPlaneLogging: LogCollectionRule = {
  name: 'eks-control-plane-logging',
  requirementIds: fixedRequirements('HP-B6'),
  resourceTypes: [ResourceType.EKS_CLUSTER, ResourceType.EKS_CLUSTER_CUSTOM],
  fixedBy: [EksAuditLogging.IMPLEMENTS.construct],
  summary: 'Every EKS cluster sends the api, audit and authenticator control plane logs.',
  check(cluster: CfnResource, context: RuleContext): RuleOutcome {
    const required = awsSource('HP-B6', LogSourceName.EKS_CONTROL_PLANE_LOGS).fields ?? [];
    let enabled: unknown[];
    if (cluster.cfnResourceType === ResourceType.EKS_CLUSTER) {
      const logging = context.index.resolve(cluster, (cluster as unknown as Record<string, unknown>).logging);
      enabled = asArray(field(field(logging, 'clusterLogging'), 'enabledTypes')).map((t) => field(t, 'type'));
    } else {
      // aws-eks (v1): a custom resource whose Config is the EKS CreateCluster request.
      const raw = (cluster as unknown as { cfnProperties: Record<string, unknown> }).cfnProperties ?? {};
      const logging = field(context.index.resolve(cluster, raw.Config), 'logging');
      enabled = asArray(field(logging, 'clusterLogging'))
        .filter((setup) => field(setup, 'enabled') === true)
        .flatMap((setup) => asArray(field(setup, 'types')));
    }
    if (context.index.resolver.hasDeployTimeValue(enabled)) {
      return outcome.unknown(`EKS cluster ${cluster.node.path} has logging settings known only at deploy time.`, { location: 'Properties/Logging' });
    }
    const missing = required.filter((t) => !enabled.includes(t));
    if (missing.length === 0) {
      return outcome.compliant(`EKS cluster ${cluster.node.path} sends the ${listText(required)} logs.`);
    }
    return outcome.nonCompliant(
      `EKS cluster ${cluster.node.path} does not send the ${listText(missing)} control plane log${missing.length > 1 ? 's' : ''} ` +
      `(Logging.ClusterLogging.EnabledTypes must include ${listText(required)}).`,
      { location: 'Properties/Logging' },
    );
  },
};
