import { CfnResource } from 'aws-cdk-lib';
import { collectList, GuestResourceType, parseConfig } from '../../private/guest-resources';
import { fixedRequirements, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { LOGGING_MADE_EASY_EVENTS } from '../../../requirements/guest-logs';
import { WindowsSecurityLogging } from '../../../sources';

/** The prefix of CloudWatch agent configuration parameters. */
const AGENT_PARAMETER_PREFIX = 'AmazonCloudWatch-';

/**
 * HP-E5 (Windows security logs per NCSC Logging Made Easy): every CloudWatch
 * agent configuration (`AWS::SSM::Parameter` named `AmazonCloudWatch-…`) that
 * collects Windows event logs (`windows_events`) collects every channel of the
 * catalogue's Logging Made Easy set (Sysmon excepted: it needs Sysmon) with
 * every event id the set names for it (an entry without `event_ids` takes the
 * whole channel). Configurations without `windows_events` are not judged.
 */
export const agentWindowsEventIds: LogCollectionRule = {
  name: 'agent-windows-event-ids',
  requirementIds: fixedRequirements('HP-E5'),
  resourceTypes: [GuestResourceType.PARAMETER],
  fixedBy: [WindowsSecurityLogging.IMPLEMENTS.construct],
  summary:
    'Every CloudWatch agent configuration (AmazonCloudWatch- parameter) that collects Windows event logs collects each Logging Made Easy ' +
    'channel with every event id the catalogue names for it.',
  check(parameter: CfnResource, context: RuleContext): RuleOutcome {
    const path = parameter.node.path;
    const props = parameter as unknown as Record<string, unknown>;
    const name = context.index.resolve(parameter, props.name);
    if (typeof name !== 'string' || !name.startsWith(AGENT_PARAMETER_PREFIX)) {
      return outcome.notApplicable(`${path} is not a CloudWatch agent configuration (${AGENT_PARAMETER_PREFIX}… parameter).`);
    }
    const value = context.index.resolve(parameter, props.value);
    const config = parseConfig(value);
    if (config === undefined) {
      return context.index.resolver.hasDeployTimeValue(value) || typeof value !== 'string'
        ? outcome.unknown(`Agent configuration ${name} (${path}) is known only at deploy time.`)
        : outcome.notApplicable(`${path} does not hold JSON.`);
    }
    const entries = collectList(config, 'windows_events');
    if (entries.length === 0) {
      return outcome.notApplicable(`Agent configuration ${name} collects no Windows event logs.`);
    }
    const gaps: string[] = [];
    for (const want of LOGGING_MADE_EASY_EVENTS.filter((c) => !c.optional)) {
      const mine = entries.filter((e) => e.event_name === want.channel);
      if (mine.length === 0) {
        gaps.push(`channel ${want.channel} is not collected`);
        continue;
      }
      if (mine.some((e) => !Array.isArray(e.event_ids) || e.event_ids.length === 0)) {
        continue;
      }
      const have = new Set(mine.flatMap((e) => e.event_ids as unknown[]));
      const missing = want.eventIds.filter((id) => !have.has(id));
      if (missing.length > 0) {
        gaps.push(`${want.channel} misses event id${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`);
      } else if (want.eventIds.length === 0) {
        gaps.push(`${want.channel} is filtered by event id, but Logging Made Easy takes the whole channel`);
      }
    }
    if (gaps.length > 0) {
      return outcome.nonCompliant(
        `Agent configuration ${name} (${path}) collects Windows event logs without the whole Logging Made Easy set: ${gaps.join('; ')}.`,
        { location: 'Properties/Value' },
      );
    }
    return outcome.compliant(`Agent configuration ${name} collects every Logging Made Easy channel and event id.`);
  },
};
