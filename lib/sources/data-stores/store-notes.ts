import { DataStoreAuditItem } from './audit-items';
import { ALL_AUDIT_ITEMS } from './engines';

// The evidence sentences of DataStoreAuditLogging: what each store's log carries of CA-E2. Not public API.

/** What the summary reads of an audited store. */
interface StoreSummary {
  readonly logSource: string;
  readonly missingItems: readonly DataStoreAuditItem[];
  readonly logGroupNames: readonly string[];
}

/** One sentence over every store: how many carry all five items, and which item each of the others lacks. */
export function summaryNote(stores: StoreSummary[]): string {
  const complete = stores.filter((s) => s.missingItems.length === 0);
  const owned = stores.filter((s) => s.logGroupNames.length > 0).length;
  const accessLogged = stores.filter((s) => s.logSource.includes('S3 server access logs')).length;
  const lacking = ALL_AUDIT_ITEMS
    .map((item) => ({ item, count: stores.filter((s) => s.missingItems.includes(item)).length }))
    .filter((x) => x.count > 0)
    .map((x) => `${itemText(x.item)} (${x.count} of ${stores.length})`);
  return `${stores.length} data store(s) audited, ${owned} by their own audit log` +
    (accessLogged > 0 ? `, ${accessLogged} by S3 server access logs` : '') +
    ` and ${stores.length - owned - accessLogged} by CloudTrail data events${accessLogged > 0 ? ' only' : ''}; ` +
    (complete.length === stores.length
      ? 'every one carries all five CA-E2 items.'
      : `${complete.length} carr${complete.length === 1 ? 'ies' : 'y'} all five CA-E2 items; missing: ${lacking.join(', ')}.`);
}

/** The item as the evidence sentences name it. */
export function itemText(item: DataStoreAuditItem): string {
  switch (item) {
    case DataStoreAuditItem.STORE: return 'store';
    case DataStoreAuditItem.CREDENTIAL: return 'credential';
    case DataStoreAuditItem.QUERY: return 'query';
    case DataStoreAuditItem.RESPONSE_SIZE: return 'response size';
    default: return 'response time';
  }
}
