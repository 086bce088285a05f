import * as fs from 'fs';
import * as path from 'path';
import { runSimulation, Simulation } from '@cloud-copilot/iam-simulate';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { StackSetStack } from 'cdk-stacksets';
import { buildExampleApp } from '../../bin/example-app';
import { LogProtectionGuardrail } from '../../lib';
import { CASE_ENV, PolicyOf, RESOURCE_CASES, ResourceCase } from './resource-cases';
import { ACCOUNTS, resourceOf, TAMPER_CASES, TamperCase, Who } from './tamper-cases';
import { bucketPolicy, keyPolicy, rolePolicies, roleTrusts, TemplateEnv } from './template-policies';

// The guardrail proven by evaluating requests, not by reading its JSON: each case of tamper-cases.ts runs
// through an IAM policy simulator with the example app's SCPs (FullAWSAccess plus every policy of the
// LogProtectionGuardrail) and the principal's identity policy (AdministratorAccess).

const FULL_AWS_ACCESS = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

const CONTEXT = {
  organizationId: 'o-exampleorg1', managementAccount: '555555555555', centralAccount: ACCOUNTS.central,
  centralRegion: ACCOUNTS.region, hostingAccount: ACCOUNTS.workload, applicationAccount: '333333333333',
  siemAccount: '444444444444', siemExternalId: 'soc-siem-ingest-example', breakGlassRoleName: ACCOUNTS.breakGlass,
  centralArchiveKeyArn: `arn:aws:kms:${ACCOUNTS.region}:${ACCOUNTS.central}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  baselineOrganizationalUnitIds: 'ou-ex12-workload1', baselineRegions: 'eu-west-2,eu-west-1',
  baselineResolverQueryLogConfigIds: 'eu-west-2=rqlc-1111222233334444,eu-west-1=rqlc-5555666677778888',
};

/** The account a case's request is made in: the resource's, or the central account for S3 (bucket ARNs carry none). */
function accountOf(c: TamperCase, resource: string): string {
  const fromArn = resource === '*' ? undefined : resource.split(':')[4];
  if (fromArn && /^\d{12}$/.test(fromArn)) {
    return fromArn;
  }
  return c.who === Who.MEMBER_ADMIN ? ACCOUNTS.workload : ACCOUNTS.central;
}

function principalArn(who: Who, account: string): string {
  switch (who) {
    case Who.BREAK_GLASS:
      return `arn:aws:iam::${account}:role/${ACCOUNTS.breakGlass}`;
    case Who.CFN_EXEC:
      return `arn:aws:iam::${account}:role/cdk-hnb659fds-cfn-exec-role-${account}-${ACCOUNTS.region}`;
    case Who.CDK_DEPLOY:
      return `arn:aws:iam::${account}:role/cdk-hnb659fds-deploy-role-${account}-${ACCOUNTS.region}`;
    case Who.PIPELINE:
      return `arn:aws:iam::${account}:role/deployment-pipeline-release`;
    case Who.ANALYST:
      return `arn:aws:iam::${account}:role/SecurityAnalyst`;
    case Who.REVIEW:
      return `arn:aws:iam::${account}:role/${ACCOUNTS.prefix}-archive-review`;
    default:
      return `arn:aws:iam::${account}:role/Administrator`;
  }
}

let guardrail: LogProtectionGuardrail;
let centralTemplate: any;
let everyRule: Array<{ stack: string; id: string; name: unknown }>;
const CENTRAL_ENV: TemplateEnv = { account: CASE_ENV.central, region: CASE_ENV.region };

beforeAll(() => {
  const example = buildExampleApp(new App({ context: CONTEXT }), { commonRulePacks: false });
  guardrail = example.organization.guardrail;
  centralTemplate = Template.fromStack(example.central as Stack).toJSON();
  const outdir = example.app.synth().directory;
  // A StackSet's template (the organisation-wide baseline) is a file asset of its parent, not a stack artifact.
  const templateOf = (stack: Stack) => stack instanceof StackSetStack
    ? Template.fromJSON(JSON.parse(fs.readFileSync(path.join(outdir, stack.templateFile), 'utf8')))
    : Template.fromStack(stack);
  everyRule = example.app.node.findAll().filter((c): c is Stack => Stack.isStack(c)).flatMap((stack) =>
    Object.entries(templateOf(stack).findResources('AWS::Events::Rule'))
      .map(([id, rule]: [string, any]) => ({ stack: stack.stackName, id, name: rule.Properties.Name })));
});

test('every EventBridge rule of the example app has a name the guardrail protects', () => {
  expect(everyRule.length).toBeGreaterThan(10);
  const unprotected = everyRule.filter((r) => typeof r.name !== 'string' || !/^seclog-[.\-_A-Za-z0-9]{1,57}$/.test(r.name));
  expect(unprotected).toEqual([]);
  const forwarding = guardrail.documents.flatMap((d) => d.Statement).find((st: any) => st.Sid === 'ProtectForwarding');
  expect(forwarding.Resource).toEqual(expect.arrayContaining(['arn:aws:events:*:*:rule/seclog-*', 'arn:aws:events:*:*:rule/*/seclog-*']));
});

async function decide(simulation: Simulation): Promise<string> {
  const response = await runSimulation(simulation, {});
  if (response.resultType === 'error') {
    throw new Error(`the simulator refused the request: ${JSON.stringify(response.errors)}`);
  }
  return response.overallResult;
}

describe('the log protection guardrail, evaluated request by request', () => {

  test('there are at least 40 cases, each with a distinct name', () => {
    expect(TAMPER_CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(TAMPER_CASES.map((c) => c.proves)).size).toBe(TAMPER_CASES.length);
  });

  test('every SCP of the guardrail fits the 5,120-character quota', () => {
    for (const document of guardrail.documents) {
      expect(JSON.stringify(document).length).toBeLessThanOrEqual(LogProtectionGuardrail.MAX_POLICY_CHARACTERS);
    }
  });

  test.each(TAMPER_CASES.map((c) => [c.proves, c] as const))('%s', async (_name, c) => {
    const resource = resourceOf(c);
    const account = accountOf(c, resource);
    const principal = principalArn(c.who, account);
    const simulation: Simulation = {
      request: {
        principal,
        action: c.action,
        resource: { resource, accountId: account },
        contextVariables: { 'aws:PrincipalArn': principal, 'aws:PrincipalAccount': account },
      },
      identityPolicies: [{ name: 'AdministratorAccess', policy: FULL_AWS_ACCESS }],
      serviceControlPolicies: [
        {
          orgIdentifier: 'r-ex12',
          policies: [
            { name: 'FullAWSAccess', policy: FULL_AWS_ACCESS },
            ...guardrail.documents.map((policy, i) => ({ name: `log-protection-${i + 1}`, policy })),
          ],
        },
        { orgIdentifier: account, policies: [{ name: 'FullAWSAccess', policy: FULL_AWS_ACCESS }] },
      ],
      resourceControlPolicies: [],
    };
    const result = await decide(simulation);
    expect({ case: c.proves, outcome: result === 'Allowed' ? 'Allowed' : 'Denied' }).toEqual({ case: c.proves, outcome: c.expect });
    if (c.expect === 'Denied') {
      // Denied by the guardrail itself, not merely not allowed.
      expect(result).toBe('ExplicitlyDenied');
    }
  });
});

/** The resource policies a resource case is evaluated against, each with the resource ARN it guards. */
function targetsOf(c: ResourceCase): Array<{ resource: string; policy: any }> {
  const bucket = (family: string) => {
    const name = `seclog-${family}-${CASE_ENV.central}-${CASE_ENV.region}`;
    return [{ resource: c.key ? `arn:aws:s3:::${name}/${c.key}` : `arn:aws:s3:::${name}`, policy: bucketPolicy(centralTemplate, CENTRAL_ENV, name) }];
  };
  const key = (word: RegExp) => {
    const found = keyPolicy(centralTemplate, CENTRAL_ENV, word);
    return [{ resource: found.arn, policy: found.policy }];
  };
  const roles = (id: RegExp) => roleTrusts(centralTemplate, CENTRAL_ENV, id).map((r) => ({ resource: r.arn, policy: r.policy }));
  switch (c.policy) {
    case PolicyOf.CLOUDTRAIL_LANDING: return bucket('cloudtrail');
    case PolicyOf.FLOW_LOG_LANDING: return bucket('vpc-flow');
    case PolicyOf.VAULT: return bucket('vault');
    case PolicyOf.QUEUE_KEY: return key(/SIEM notification/);
    case PolicyOf.ARCHIVE_KEY: return key(/central security log archive/);
    case PolicyOf.FIREHOSE_ROLE: return roles(/DeliveryStreamRole/);
    case PolicyOf.REPLICATION_ROLE: return roles(/ReplicationRole/);
    case PolicyOf.EXPORT_WRITER_ROLE: return roles(/ExportWriterRole/);
    case PolicyOf.EXPORTS_BUCKET: return bucket('exports');
  }
}

describe("the central account's resource policies, evaluated request by request", () => {
  test.each(RESOURCE_CASES.map((c) => [c.proves, c] as const))('%s', async (_name, c) => {
    const targets = targetsOf(c);
    expect(targets.length).toBeGreaterThan(0);
    const service = c.principal.startsWith('service:') ? c.principal.slice('service:'.length) : undefined;
    const principal = service ?? c.principal;
    const principalAccount = service ? undefined : principal.split(':')[4];
    const identityPolicies = service ? [] : c.admin
      ? [{ name: 'AdministratorAccess', policy: FULL_AWS_ACCESS }]
      : rolePolicies(centralTemplate, CENTRAL_ENV, principal.split('/').pop()!).map((policy, i) => ({ name: `inline-${i}`, policy }));
    for (const target of targets) {
      const result = await decide({
        request: {
          principal,
          action: c.action,
          resource: { resource: target.resource, accountId: CASE_ENV.central },
          contextVariables: {
            ...(principalAccount ? { 'aws:PrincipalArn': principal, 'aws:PrincipalAccount': principalAccount } : {}),
            ...(c.context ?? {}),
          },
        },
        identityPolicies,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: target.policy,
      });
      expect({ case: c.proves, resource: target.resource, outcome: result === 'Allowed' ? 'Allowed' : 'Denied' })
        .toEqual({ case: c.proves, resource: target.resource, outcome: c.expect });
    }
  });
});
