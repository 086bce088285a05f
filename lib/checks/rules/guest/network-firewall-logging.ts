import { CfnResource } from 'aws-cdk-lib';
import { GuestResourceType } from '../../private/guest-resources';
import { fixedRequirements, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { asArray, field, listText } from '../../../core/l1';
import { NetworkFirewallLogging } from '../../../sources';

/** The log types every firewall must deliver. */
const REQUIRED_LOG_TYPES = ['ALERT', 'FLOW'];

/**
 * HP-B4 (web proxy access logs, as far as Network Firewall carries them):
 * every `AWS::NetworkFirewall::Firewall` has an
 * `AWS::NetworkFirewall::LoggingConfiguration` (in any stack of the app, by
 * FirewallArn reference or FirewallName) that delivers both ALERT logs (drop
 * and alert decisions, with HTTP host, URL or TLS SNI) and FLOW logs.
 * An app without firewalls gets no result.
 */
export const networkFirewallLogging: LogCollectionRule = {
  name: 'network-firewall-logging',
  requirementIds: fixedRequirements('HP-B4'),
  idSuffix: 'NetworkFirewall',
  resourceTypes: [GuestResourceType.FIREWALL],
  fixedBy: [NetworkFirewallLogging.IMPLEMENTS.construct],
  summary: 'Every Network Firewall has a logging configuration that delivers both ALERT and FLOW logs.',
  check(firewall: CfnResource, context: RuleContext): RuleOutcome {
    const path = firewall.node.path;
    const name = context.index.resolve(firewall, (firewall as unknown as Record<string, unknown>).firewallName);
    const configs = context.index.ofType(GuestResourceType.FIREWALL_LOGGING).filter((c) => {
      const props = c as unknown as Record<string, unknown>;
      return context.index.resolver.referencedBy(c, props.firewallArn).includes(firewall)
        || (typeof name === 'string' && context.index.resolve(c, props.firewallName) === name);
    });
    if (configs.length === 0) {
      return outcome.nonCompliant(
        `Network Firewall ${path} has no logging configuration (AWS::NetworkFirewall::LoggingConfiguration), so its ` +
        'alert (DENY) and flow records are not kept.',
      );
    }
    const types = new Set<string>();
    const destinations: string[] = [];
    for (const c of configs) {
      const logging = context.index.resolve(c, (c as unknown as Record<string, unknown>).loggingConfiguration);
      for (const d of asArray(field(logging, 'logDestinationConfigs'))) {
        const type = field(d, 'logType');
        if (typeof type === 'string') {
          types.add(type);
          destinations.push(`${type} to ${String(field(d, 'logDestinationType'))} ${context.index.resolver.describe(field(d, 'logDestination'))}`);
        }
      }
    }
    const missing = REQUIRED_LOG_TYPES.filter((t) => !types.has(t));
    if (missing.length > 0) {
      return outcome.nonCompliant(
        `Network Firewall ${path} does not log ${listText(missing)} (it logs ${types.size > 0 ? listText([...types]) : 'nothing'}); ` +
        'ALERT keeps the denied and alerted requests with host, URL or SNI, FLOW every flow.',
        { location: 'Properties/LoggingConfiguration' },
      );
    }
    return outcome.compliant(`Network Firewall ${path} logs ${destinations.join('; ')}.`);
  },
};
