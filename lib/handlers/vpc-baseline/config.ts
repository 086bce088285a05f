import { VPC_BASELINE_ENV } from './contract';

/** The handler's configuration, read from its environment. */
export interface BaselineConfig {
  readonly accountId: string;
  readonly region: string;
  readonly flowLogDestinationArn: string;
  readonly flowLogFormat: string;
  readonly trafficType: 'REJECT' | 'ALL';
  readonly maxAggregationInterval: number;
  readonly destinationOptions: { FileFormat: string; HiveCompatiblePartitions: boolean; PerHourPartition: boolean };
  /** Undefined when no shared configuration was given. */
  readonly queryLogConfigId?: string;
  readonly tags: Record<string, string>;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new Error(`vpc-baseline: environment variable ${name} is not set; the VpcBaseline construct sets it.`);
  }
  return value;
}

/** Read and check the environment the construct set. */
export function readConfig(env: NodeJS.ProcessEnv): BaselineConfig {
  const trafficType = required(env, VPC_BASELINE_ENV.trafficType);
  if (trafficType !== 'REJECT' && trafficType !== 'ALL') {
    throw new Error(`vpc-baseline: ${VPC_BASELINE_ENV.trafficType} '${trafficType}' is not REJECT or ALL.`);
  }
  const configId = env[VPC_BASELINE_ENV.queryLogConfigId];
  return {
    accountId: required(env, VPC_BASELINE_ENV.accountId),
    region: required(env, 'AWS_REGION'),
    flowLogDestinationArn: required(env, VPC_BASELINE_ENV.flowLogDestinationArn),
    flowLogFormat: required(env, VPC_BASELINE_ENV.flowLogFormat),
    trafficType,
    maxAggregationInterval: Number(required(env, VPC_BASELINE_ENV.maxAggregationInterval)),
    destinationOptions: JSON.parse(required(env, VPC_BASELINE_ENV.destinationOptions)),
    queryLogConfigId: configId === undefined || configId === '' ? undefined : configId,
    tags: JSON.parse(env[VPC_BASELINE_ENV.tags] || '{}'),
  };
}
