export * from './requirements';
export * from './central';
export * from './sources';
export * from './guardrails';
export * from './checks';
export * from './report';
