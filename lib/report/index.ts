// Public API of lib/report: one export line per construct file.
export {};
