// Public API of lib/report: one export line per construct file.
export * from './coverage-report-document';
export * from './coverage-report';
