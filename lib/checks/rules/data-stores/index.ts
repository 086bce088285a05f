// Every rule file of this folder (CA-E2, data store activity); the pack's rule list is derived from these exports (see ../index.ts).
export * from './data-events-all-buckets';
export * from './data-store-data-events';
export * from './database-audit-log';
export * from './database-audit-log-forwarded';
