// Public API of lib/checks: one export line per construct file.
export * from './check-result';
export * from './log-collection-checks';
export * from '../core/log-store-tags';
