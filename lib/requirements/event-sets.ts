import { CloudTrailEventSet } from './types';

/**
 * Merges CloudTrail event sets: one set per event source (and per data event
 * resource type), event names de-duplicated and sorted, sets sorted by event
 * source. The result is new arrays, never the inputs.
 */
export function mergeCloudTrailEventSets(sets: CloudTrailEventSet[]): CloudTrailEventSet[] {
  const merged = new Map<string, { eventSource: string; dataEventResourceType?: string; names: Set<string> }>();
  for (const set of sets) {
    const key = `${set.eventSource}\u0000${set.dataEventResourceType ?? ''}`;
    let entry = merged.get(key);
    if (!entry) {
      entry = { eventSource: set.eventSource, dataEventResourceType: set.dataEventResourceType, names: new Set() };
      merged.set(key, entry);
    }
    for (const name of set.eventNames) {
      entry.names.add(name);
    }
  }
  return [...merged.values()]
    .sort((a, b) => compare(a.eventSource, b.eventSource) || compare(a.dataEventResourceType ?? '', b.dataEventResourceType ?? ''))
    .map((entry) => ({
      eventSource: entry.eventSource,
      eventNames: [...entry.names].sort(compare),
      ...(entry.dataEventResourceType ? { dataEventResourceType: entry.dataEventResourceType } : {}),
    }));
}

/** Plain code-unit order, so the result never depends on the machine's locale. */
function compare(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}
