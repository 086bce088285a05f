import { Token } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { KNOWN_WINDOWS_CHANNELS } from '../../../requirements/guest-logs';
import { AgentLogFile, ManagedNodeTag, WindowsEventChannel } from '../guest-types';

/**
 * The CloudWatch agent configuration file, as far as this library writes it:
 * the `logs` section with `files` and `windows_events` collect lists
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Agent-Configuration-File-Details.html),
 * State Manager targets, and the checks of the props that feed them. Not public API.
 */

/** What {@link renderAgentConfig} needs. */
export interface AgentConfigInput {
  readonly logGroupName: string;
  readonly files: AgentLogFile[];
  readonly windowsEvents: WindowsEventChannel[];
}

/** Every level the agent reads, so that an event id filter is the only filter. */
const ALL_LEVELS = ['VERBOSE', 'INFORMATION', 'WARNING', 'ERROR', 'CRITICAL'];

/** The base name of a path, for stream names. */
function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || 'log';
}

/**
 * A channel name as a stream name part, without the common `Microsoft-Windows-`
 * prefix (the configuration must fit a standard 4 KB parameter) and with
 * anything but letters, digits and `-_.` as `-` (CloudWatch Logs refuses ':' and '*').
 */
function streamPart(channel: string): string {
  return channel.replace(/^Microsoft-Windows-/, '').replace(/[^A-Za-z0-9\-_.]+/g, '-');
}

/** Throw unless `path` is an absolute Linux or Windows path, naming the prop and the value. */
export function validateAbsolutePath(prop: string, path: string): string {
  if (Token.isUnresolved(path)) {
    throw new Error(`${prop} is a token; the agent configuration is written at synth, so give the path as text.`);
  }
  if (!/^\/[^\0]*$/.test(path) && !/^[A-Za-z]:\\/.test(path)) {
    throw new Error(`${prop} '${path}' is not an absolute path; give the full path, for example '/var/log/squid/access.log' or 'C:\\\\logs\\\\proxy.log'.`);
  }
  return path;
}

/** Throw unless every id is a whole number from 0 to 65535, naming the prop, the index and the value. */
export function validateEventIds(prop: string, ids: unknown[]): number[] {
  ids.forEach((id, i) => {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > 65535) {
      throw new Error(`${prop}[${i}] is ${JSON.stringify(id)}, which is not a Windows event id; use a whole number from 0 to 65535, for example 4624.`);
    }
  });
  return ids as number[];
}

/** Throw unless the channel is one the library knows, naming the prop, the value and the choices. */
export function validateChannel(prop: string, channel: string): string {
  if (!KNOWN_WINDOWS_CHANNELS.includes(channel)) {
    const near = KNOWN_WINDOWS_CHANNELS.find((c) => c.toLowerCase() === String(channel).toLowerCase());
    throw new Error(
      `${prop} '${channel}' is not a Windows event log channel the library knows` +
      (near ? ` (did you mean '${near}'? channel names are case-sensitive)` : '') +
      `; use one of ${KNOWN_WINDOWS_CHANNELS.map((c) => `'${c}'`).join(', ')}.`,
    );
  }
  return channel;
}

/**
 * Merge channel selections: one entry per channel, ids sorted and unique; a
 * selection without ids (the whole channel) wins over any id list.
 */
export function mergeChannels(selections: WindowsEventChannel[]): WindowsEventChannel[] {
  const merged = new Map<string, Set<number> | undefined>();
  for (const s of selections) {
    const had = merged.has(s.channel) ? merged.get(s.channel) : new Set<number>();
    if (had === undefined || s.eventIds === undefined || s.eventIds.length === 0) {
      merged.set(s.channel, undefined);
    } else {
      s.eventIds.forEach((id) => had.add(id));
      merged.set(s.channel, had);
    }
  }
  return [...merged.entries()].map(([channel, ids]) => (ids === undefined
    ? { channel }
    : { channel, eventIds: [...ids].sort((a, b) => a - b) }));
}

/** The agent configuration as an object (stringify it for the SSM parameter). */
export function renderAgentConfig(input: AgentConfigInput): Record<string, unknown> {
  const collected: Record<string, unknown> = {};
  if (input.files.length > 0) {
    collected.files = {
      collect_list: input.files.map((f) => ({
        file_path: f.filePath,
        log_group_name: input.logGroupName,
        log_stream_name: f.logStreamName ?? `{instance_id}/${baseName(f.filePath)}`,
      })),
    };
  }
  if (input.windowsEvents.length > 0) {
    collected.windows_events = {
      collect_list: input.windowsEvents.map((w) => ({
        event_name: w.channel,
        event_levels: ALL_LEVELS,
        ...(w.eventIds && w.eventIds.length > 0 ? { event_ids: w.eventIds } : {}),
        event_format: 'xml',
        log_group_name: input.logGroupName,
        log_stream_name: `{instance_id}/${streamPart(w.channel)}`,
      })),
    };
  }
  return { logs: { logs_collected: collected } };
}

/** Throw unless there is at least one tag selector, each with a key and at least one value. */
export function validateNodeTags(prop: string, tags: ManagedNodeTag[] | undefined): ManagedNodeTag[] {
  if (!tags || tags.length === 0) {
    throw new Error(`${prop} is empty; give at least one tag that selects the managed nodes, for example { key: 'SecurityLogRole', values: ['bastion'] }.`);
  }
  if (tags.length > 5) {
    throw new Error(`${prop} has ${tags.length} tag selectors; State Manager takes at most 5 targets on an association.`);
  }
  tags.forEach((t, i) => {
    const key = t?.key;
    if (key === undefined || key === null || (!Token.isUnresolved(key) && String(key).trim() === '')) {
      throw new Error(`${prop}[${i}] has no key (got ${JSON.stringify(key)}); give the tag key, for example { key: 'SecurityLogRole', values: ['bastion'] }.`);
    }
    if (!Token.isUnresolved(key) && (key.length > 128 || key.toLowerCase().startsWith('aws:'))) {
      throw new Error(`${prop}[${i}].key '${key}' is not a tag key you can set; use 1 to 128 characters not starting with 'aws:'.`);
    }
    if (!t.values || t.values.length === 0 || t.values.some((v) => typeof v !== 'string' || v === '')) {
      throw new Error(`${prop}[${i}] (key '${key}') has values ${JSON.stringify(t.values)}; give at least one non-empty tag value.`);
    }
  });
  return tags;
}

/** The association targets for tag selectors. */
export function associationTargets(tags: ManagedNodeTag[]): ssm.CfnAssociation.TargetProperty[] {
  return tags.map((t) => ({ key: `tag:${t.key}`, values: [...t.values] }));
}
