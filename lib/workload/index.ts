// Public API of lib/workload: the WorkloadLogCollection facade and its props.
export * from './workload-log-collection';
export * from './workload-log-collection-props';
export * from './source-names';
