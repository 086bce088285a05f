import * as path from 'path';

/**
 * The sources read field lists, log types and event names from the requirement
 * catalogue, and refuse a catalogue they cannot use, naming the requirement and
 * what to add. Each test loads the library with one catalogue entry changed.
 */

const CATALOGUE = path.join(__dirname, '..', '..', 'lib', 'requirements', 'catalogue');

/** Load `modulePath` (relative to lib/) against a catalogue whose `awsSource` or `requirement` results are changed by `change`. */
function withCatalogue<T>(change: { awsSource?: (s: any) => any; requirement?: (r: any) => any }, load: (lib: (p: string) => any) => T): T {
  let result: T | undefined;
  jest.isolateModules(() => {
    jest.doMock(CATALOGUE, () => {
      const actual = jest.requireActual(CATALOGUE);
      return {
        ...actual,
        awsSource: (id: string, name: string) => (change.awsSource ?? ((s: any) => s))(actual.awsSource(id, name)),
        requirement: (id: string) => (change.requirement ?? ((r: any) => r))(actual.requirement(id)),
      };
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    result = load((p) => require(path.join(__dirname, '..', '..', 'lib', p)));
  });
  jest.dontMock(CATALOGUE);
  return result!;
}

function stack(lib: (p: string) => any): any {
  const { App, Stack } = lib('../node_modules/aws-cdk-lib');
  return new Stack(new App(), 'Workload', { env: { account: '111111111111', region: 'eu-west-2' } });
}

function central(lib: (p: string) => any): any {
  return lib('central/targets').CentralLogTargets.fromAttributes({ accountId: '999999999999', region: 'eu-west-2' });
}

describe('catalogue the sources cannot use', () => {
  test('VpcFlowLogging: no flow log fields for HP-E1', () => {
    expect(() => withCatalogue({ awsSource: (s) => ({ ...s, fields: [] }) }, (lib) => {
      new (lib('sources/network/vpc-flow-logging').VpcFlowLogging)(stack(lib), 'Flow', { central: central(lib) });
    })).toThrow('The requirement catalogue lists no VPC flow log fields for HP-E1; add them to its VPC flow logs source so the custom format can be built.');
  });

  test('VpcFlowLogging: a flow log field AWS does not have', () => {
    expect(() => withCatalogue({ awsSource: (s) => ({ ...s, fields: [...s.fields, 'dst-port'] }) }, (lib) => {
      new (lib('sources/network/vpc-flow-logging').VpcFlowLogging)(stack(lib), 'Flow', { central: central(lib) });
    })).toThrow("The requirement catalogue lists unknown VPC flow log fields for HP-E1: dst-port; correct them to names from the Amazon VPC 'Flow log records' table.");
  });

  test('VpcFlowLogging: no field a transit gateway flow log has', () => {
    expect(() => withCatalogue({ awsSource: (s) => ({ ...s, fields: ['instance-id'] }) }, (lib) => {
      new (lib('sources/network/vpc-flow-logging').VpcFlowLogging)(stack(lib), 'Flow', { central: central(lib), transitGatewayIds: ['tgw-0123456789abcdef0'] });
    })).toThrow("None of the flow log fields (instance-id) exists for transit gateways; add transit gateway fields with extraFields, for example 'tgw-attachment-id'.");
  });

  test('EksAuditLogging: no control-plane log types for HP-B6', () => {
    expect(() => withCatalogue({ awsSource: (s) => ({ ...s, fields: [] }) }, (lib) => {
      const s = stack(lib);
      const { CfnCluster } = lib('../node_modules/aws-cdk-lib/aws-eks');
      const cluster = new CfnCluster(s, 'Cluster', { name: 'platform', roleArn: 'arn:aws:iam::111111111111:role/eks', resourcesVpcConfig: { subnetIds: ['subnet-1'] } });
      new (lib('sources/services/eks-audit-logging').EksAuditLogging)(s, 'Eks', { cluster, central: central(lib), exposure: 'INTERNAL' });
    })).toThrow("The requirement catalogue names no EKS control-plane log types for HP-B6; add them as the fields of its 'EKS control plane logs' source.");
  });

  test('EksAuditLogging: a log type EKS does not have', () => {
    expect(() => withCatalogue({ awsSource: (s) => ({ ...s, fields: ['audit', 'kubelet'] }) }, (lib) => {
      const s = stack(lib);
      const { CfnCluster } = lib('../node_modules/aws-cdk-lib/aws-eks');
      const cluster = new CfnCluster(s, 'Cluster', { name: 'platform', roleArn: 'arn:aws:iam::111111111111:role/eks', resourcesVpcConfig: { subnetIds: ['subnet-1'] } });
      new (lib('sources/services/eks-audit-logging').EksAuditLogging)(s, 'Eks', { cluster, central: central(lib), exposure: 'INTERNAL' });
    })).toThrow(/^The requirement catalogue names EKS log type 'kubelet' for HP-B6, which EKS does not have; use one of api, audit, authenticator, .+\.$/);
  });

  test('DnsQueryLogging: no nearest equivalent for HP-B3', () => {
    expect(() => withCatalogue({ requirement: (r) => (r.id === 'HP-B3' ? { ...r, nearestEquivalent: undefined } : r) }, (lib) => {
      lib('sources/network/dns-query-logging');
    })).toThrow(/^The requirement catalogue has no nearestEquivalent for HP-B3 \(verdict \w+\); add what resolver query logs lack and what stands in for it\.$/);
  });

  test('PipelineEventForwarding: no state-change detail-types', () => {
    expect(() => withCatalogue({ requirement: (r) => ({ ...r, eventBridgeDetailTypes: [] }) }, (lib) => {
      new (lib('sources/events/pipeline-event-forwarding').PipelineEventForwarding)(stack(lib), 'Pipelines', { central: central(lib) });
    })).toThrow(/^The requirement catalogue lists no EventBridge detail-types for .+; add the CodePipeline, CodeBuild and CloudFormation state-change detail-types to their eventBridgeDetailTypes\.$/);
  });

  test('access log formats: no variables, or a variable that is not a $context variable', () => {
    expect(() => withCatalogue({ awsSource: (s) => ({ ...s, fields: [] }) }, (lib) => lib('core/api-access-log-format').accessLogVariables('CA-B2', 'REST')))
      .toThrow(/^The requirement catalogue names no access log variables for CA-B2; add them as the fields of its '.+' source\.$/);
    expect(() => withCatalogue({ awsSource: (s) => ({ ...s, fields: ['requestId'] }) }, (lib) => lib('core/api-access-log-format').accessLogVariables('CA-B2', 'REST')))
      .toThrow("The requirement catalogue names 'requestId' as an access log variable of CA-B2; use a $context variable such as $context.requestId.");
  });
});
