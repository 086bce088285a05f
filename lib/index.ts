// The package's public API, one barrel per layer (see docs/ARCHITECTURE.md).
export * from './requirements';
export * from './core';
export * from './central';
export * from './sources';
export * from './guardrails';
export * from './checks';
export * from './workload';
export * from './report';
