// Public API of lib/workload: the WorkloadLogCollection facade and its props.
export * from './workload-log-collection';
export * from './workload-log-collection-props';
export * from './source-names';
export * from './baseline/options';
export * from './baseline/baseline-template';
export * from './baseline/workload-baseline-stack-set';
export * from './baseline/organization-log-centralization';
export * from './baseline/asset-bucket';
export * from './baseline/sign-in-template';
