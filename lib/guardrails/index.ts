// Public API of lib/guardrails: one export line per construct file.
export * from './log-protection-guardrail';
