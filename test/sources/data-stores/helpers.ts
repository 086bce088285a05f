import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { CentralLogTargets } from '../../../lib/central/targets';

export const central = CentralLogTargets.fromAttributes({
  accountId: '999999999999',
  region: 'eu-west-2',
  archiveKeyArn: 'arn:aws:kms:eu-west-2:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab',
});

export const DESTINATION = 'arn:aws:logs:eu-west-1:999999999999:destination:seclog-cloudwatch-destination';

export function workloadStack(app = new App(), id = 'Workload'): Stack {
  return new Stack(app, id, { env: { account: '111111111111', region: 'eu-west-1' } });
}

export function vpc(scope: Construct): ec2.Vpc {
  return new ec2.Vpc(scope, 'Vpc', {
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    natGateways: 0,
    subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
}

export function auroraPostgres(scope: Construct, props: Partial<rds.DatabaseClusterProps> = {}, id = 'Db'): rds.DatabaseCluster {
  return new rds.DatabaseCluster(scope, id, {
    engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
    writer: rds.ClusterInstance.serverlessV2('Writer'),
    vpc: vpc(scope),
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    clusterIdentifier: 'app-db',
    ...props,
  });
}

export function auroraMysql(scope: Construct): rds.DatabaseCluster {
  return new rds.DatabaseCluster(scope, 'Db', {
    engine: rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 }),
    writer: rds.ClusterInstance.serverlessV2('Writer'),
    vpc: vpc(scope),
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    clusterIdentifier: 'App-MySQL',
  });
}

export function instance(scope: Construct, engine: rds.IInstanceEngine, props: Partial<rds.DatabaseInstanceProps> = {}): rds.DatabaseInstance {
  return new rds.DatabaseInstance(scope, 'Db', {
    engine,
    vpc: vpc(scope),
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    instanceIdentifier: 'app-instance',
    ...props,
  });
}
