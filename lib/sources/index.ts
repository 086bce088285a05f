// Public API of lib/sources: one export line per construct file.
export {};
