// Public API of lib/checks: one export line per construct file.
export {};
