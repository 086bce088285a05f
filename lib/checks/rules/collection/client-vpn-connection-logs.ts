import { CfnResource } from 'aws-cdk-lib';
import { ResourceType } from '../../app-index';
import { fixedRequirements, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { asBoolean, field } from '../../../core/l1';
import { ClientVpnConnectionLogging } from '../../../sources';

/**
 * HP-E7 (VPN concentrator activity data): every Client VPN endpoint
 * (`AWS::EC2::ClientVpnEndpoint`) logs connections: ConnectionLogOptions
 * Enabled is `true` and CloudwatchLogGroup names the log group. The
 * connection log record has a fixed format (status, failure reason, common
 * name or user name, client address, endpoint id); AWS documents that it
 * does not record failed mutual (certificate) authentication attempts.
 *
 * An app without Client VPN endpoints gets no result, so the report marks
 * HP-E7 not applicable ("where VPN services are in use").
 */
export const clientVpnConnectionLogs: LogCollectionRule = {
  name: 'client-vpn-connection-logs',
  requirementIds: fixedRequirements('HP-E7'),
  resourceTypes: [ResourceType.CLIENT_VPN_ENDPOINT],
  fixedBy: [ClientVpnConnectionLogging.IMPLEMENTS.construct],
  summary: 'Every Client VPN endpoint logs connections to a CloudWatch Logs log group (ConnectionLogOptions Enabled with CloudwatchLogGroup).',
  check(endpoint: CfnResource, context: RuleContext): RuleOutcome {
    const path = endpoint.node.path;
    const options = context.index.resolve(endpoint, (endpoint as unknown as Record<string, unknown>).connectionLogOptions);
    const location = 'Properties/ConnectionLogOptions';
    const enabled = field(options, 'enabled');
    const group = field(options, 'cloudwatchLogGroup');
    if (context.index.resolver.hasDeployTimeValue(enabled)) {
      return outcome.unknown(`Client VPN endpoint ${path} has ConnectionLogOptions.Enabled known only at deploy time.`, { location });
    }
    if (asBoolean(enabled) !== true) {
      return outcome.nonCompliant(
        `Client VPN endpoint ${path} does not log connections (ConnectionLogOptions.Enabled is ` +
        `${enabled === undefined ? 'not set' : context.index.resolver.describe(enabled)}), so VPN connection attempts are not recorded.`,
        { location },
      );
    }
    if (group === undefined || group === '') {
      return outcome.nonCompliant(
        `Client VPN endpoint ${path} enables connection logging without a CloudwatchLogGroup, so its connection logs have nowhere to go.`,
        { location },
      );
    }
    return outcome.compliant(`Client VPN endpoint ${path} logs connections to log group ${context.index.resolver.describe(group)}.`);
  },
};
