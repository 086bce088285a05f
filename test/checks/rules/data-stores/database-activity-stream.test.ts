import { App } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { CheckCompliance } from '../../../../lib/checks';
import { LoggingProfile, MaturityTier, ServiceExposure } from '../../../../lib/requirements/types';
import { DatabaseActivityStream } from '../../../../lib/sources/data-stores/activity-stream';
import { evaluate, resultOf } from '../../helpers';
import { central, vpc, workloadStack } from '../../../sources/data-stores/helpers';

const CA_ENHANCED = { tier: MaturityTier.ENHANCED, profile: LoggingProfile.CUSTOM_APPLICATION };
const AUDIT = 'LogCollection-CA-E2-DatabaseAudit';

function cluster(app: App, id: string): rds.DatabaseCluster {
  const stack = workloadStack(app, id);
  return new rds.DatabaseCluster(stack, 'Db', {
    engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
    writer: rds.ClusterInstance.provisioned('Writer', { instanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.LARGE) }),
    vpc: vpc(stack),
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  });
}

describe(`${AUDIT} with Database Activity Streams`, () => {
  test('a cluster with a DatabaseActivityStream is compliant through it; one without any audit is not, and names both fixes', () => {
    const app = new App();
    const streamed = cluster(app, 'Streamed');
    new DatabaseActivityStream(streamed.stack, 'Das', { central, exposure: ServiceExposure.EXTERNAL, cluster: streamed });
    cluster(app, 'Bare');
    const results = evaluate(app, CA_ENHANCED);
    const ok = resultOf(results, AUDIT, 'Streamed/Db/Resource');
    expect(ok.compliance).toBe(CheckCompliance.COMPLIANT);
    expect(ok.message).toMatch(/runs a Database Activity Stream \(Streamed\/Das\/Start\/Default\)/);
    const bare = resultOf(results, AUDIT, 'Bare/Db/Resource');
    expect(bare.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(bare.message).toMatch(/DataStoreAuditLogging.*DatabaseActivityStream|DatabaseActivityStream.*DataStoreAuditLogging/);
  });
});
