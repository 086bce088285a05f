// Public API of lib/workload: the WorkloadLogCollection facade.
export * from './workload-log-collection';
