import { runSimulation } from '@cloud-copilot/iam-simulate';
import { Template } from 'aws-cdk-lib/assertions';
import { CentralLogTargets, LogArchive } from '../../lib/central';
import { ServiceExposure } from '../../lib/requirements/types';
import { bucketPolicy } from '../guardrails/template-policies';
import { CENTRAL_ACCOUNT, CENTRAL_REGION, ORG_ID, centralStack } from './helpers';

// The vault statement that admits workload S3 server access logs (DataStoreAuditLogging serverAccessLogBuckets),
// evaluated request by request with an IAM policy simulator rather than by reading its JSON.

const WORKLOAD = '222222222222';
const targets = CentralLogTargets.fromAttributes({ accountId: CENTRAL_ACCOUNT, region: CENTRAL_REGION });
const VAULT = targets.vaultBucketName;
const ROLE = `arn:aws:iam::${WORKLOAD}:role/seclog-access-log-replication-eu-west-1-0a1b2c3d`;
const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

let policy: any;

beforeAll(() => {
  const stack = centralStack();
  new LogArchive(stack, 'Archive', { exposure: ServiceExposure.INTERNAL, organizationId: ORG_ID });
  policy = bucketPolicy(Template.fromStack(stack).toJSON(), { account: CENTRAL_ACCOUNT, region: CENTRAL_REGION }, VAULT);
});

async function decide(principal: string, action: string, key: string | undefined, orgId: string | undefined): Promise<string> {
  const account = principal.split(':')[4];
  const response = await runSimulation({
    request: {
      principal,
      action,
      resource: { resource: key === undefined ? `arn:aws:s3:::${VAULT}` : `arn:aws:s3:::${VAULT}/${key}`, accountId: CENTRAL_ACCOUNT },
      contextVariables: {
        'aws:PrincipalArn': principal,
        'aws:PrincipalAccount': account,
        ...(orgId ? { 'aws:PrincipalOrgID': orgId } : {}),
      },
    },
    identityPolicies: [{ name: 'all', policy: ALLOW_ALL }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: policy,
  }, {});
  if (response.resultType === 'error') {
    throw new Error(`the simulator refused the request: ${JSON.stringify(response.errors)}`);
  }
  return response.overallResult;
}

describe('the vault admits workload access-log replicas, and nothing more', () => {
  const own = `server-access-logs/${WORKLOAD}/eu-west-1/app-uploads/2026/12/07/2026-12-07-00-00-00-ABCDEF`;

  test.each([
    ['a workload replication role replicates into its own account prefix', ROLE, 's3:ReplicateObject', own, ORG_ID, 'Allowed'],
    ['a workload replication role replicates the tags of its own replicas', ROLE, 's3:ReplicateTags', own, ORG_ID, 'Allowed'],
    ['a workload replication role reads the vault versioning state', ROLE, 's3:GetBucketVersioning', undefined, ORG_ID, 'Allowed'],
    ['a workload replication role cannot write under another account prefix', ROLE, 's3:ReplicateObject',
      'server-access-logs/333333333333/eu-west-1/other/log', ORG_ID, 'Denied'],
    ['a workload replication role cannot write outside the access-log prefix', ROLE, 's3:ReplicateObject', 'AWSLogs/planted', ORG_ID, 'Denied'],
    ['a workload replication role cannot PutObject into the vault', ROLE, 's3:PutObject', own, ORG_ID, 'Denied'],
    ['a workload replication role cannot delete a replica', ROLE, 's3:DeleteObjectVersion', own, ORG_ID, 'Denied'],
    ['another role of the workload account cannot replicate', `arn:aws:iam::${WORKLOAD}:role/Administrator`, 's3:ReplicateObject', own,
      ORG_ID, 'Denied'],
    ['a role so named outside the organisation cannot replicate', ROLE, 's3:ReplicateObject', own, 'o-otherorg123', 'Denied'],
  ])('%s', async (_name, principal, action, key, orgId, expected) => {
    const result = await decide(principal, action, key, orgId);
    expect(result === 'Allowed' ? 'Allowed' : 'Denied').toBe(expected);
  });

  test('a replication role is exempt from the write deny but granted no PutObject; any other role is denied explicitly', async () => {
    const key = `server-access-logs/${WORKLOAD}/eu-west-1/b/x`;
    expect(await decide(ROLE, 's3:PutObject', key, ORG_ID)).toBe('ImplicitlyDenied');
    expect(await decide(`arn:aws:iam::${WORKLOAD}:role/Administrator`, 's3:PutObject', key, ORG_ID)).toBe('ExplicitlyDenied');
  });
});
