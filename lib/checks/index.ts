// Public API of lib/checks: one export line per construct file.
export * from './check-result';
export * from './log-collection-checks';
export { LOG_STORE_TAG, RETENTION_APPROVAL_TAG } from '../core/log-store-tags';
