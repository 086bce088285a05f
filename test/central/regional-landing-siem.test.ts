import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import {
  CentralLogTargets, LoadBalancerKind, LoadBalancerLogLanding, LogArchive, RegionalLogKind, VendedLogLanding,
} from '../../lib/central';
import { TemplateScopedGuardValidator } from '../../bin/guard-validator';
import { ServiceExposure } from '../../lib/requirements/types';
import { bucketPolicy, keyPolicy, queuePolicy, TemplateEnv } from '../guardrails/template-policies';
import { BREAK_GLASS, CENTRAL_ACCOUNT, CENTRAL_REGION, ORG_ID, SIEM_ACCOUNT, statementsOf } from './helpers';

// The SIEM hand-off of the region-local landing buckets: a queue of the bucket's region, and resource policies that
// let the archive's SIEM role (same account) read it, proven by evaluating the synthesised policies.

const REGION = 'eu-west-1';
const ENV: TemplateEnv = { account: CENTRAL_ACCOUNT, region: REGION };
const SIEM_ROLE = `arn:aws:iam::${CENTRAL_ACCOUNT}:role/seclog-siem-reader`;
const OTHER_ROLE = `arn:aws:iam::${CENTRAL_ACCOUNT}:role/SomeOtherRole`;
const ADMIN_ROLE = `arn:aws:iam::${CENTRAL_ACCOUNT}:role/Administrator`;
const SIEM_ACCOUNT_ROLE = `arn:aws:iam::${SIEM_ACCOUNT}:role/SiemCollector`;
const ELB_BUCKET = `seclog-elb-landing-${CENTRAL_ACCOUNT}-${REGION}`;
const DNS_BUCKET = `seclog-dns-query-landing-${CENTRAL_ACCOUNT}-${REGION}`;
const ELB_QUEUE = 'seclog-elb-landing-objects';
const DNS_QUEUE = 'seclog-dns-query-landing-objects';
const ADMIN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

const KEY_ARN = `arn:aws:kms:${CENTRAL_REGION}:${CENTRAL_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** `archive.targets` of a LogArchive, with or without SIEM hand-off. */
function archiveOwnTargets(siem = true): CentralLogTargets {
  const stack = new Stack(new App(), 'Central', { env: { account: CENTRAL_ACCOUNT, region: CENTRAL_REGION } });
  return new LogArchive(stack, 'Archive', {
    exposure: ServiceExposure.INTERNAL, organizationId: ORG_ID, breakGlassRoleArn: BREAK_GLASS,
    siem: siem ? { account: SIEM_ACCOUNT, externalId: 'soc-siem-ingest' } : undefined,
  }).targets;
}

/** The archive's targets as a regional stack of another app gets them: the key ARN and the SIEM role name of `archive.targets`. */
function archiveTargets(siem = true): CentralLogTargets {
  return CentralLogTargets.fromAttributes({
    accountId: CENTRAL_ACCOUNT, region: CENTRAL_REGION, archiveKeyArn: KEY_ARN, siemRoleName: archiveOwnTargets(siem).siemRoleName,
  });
}

function regional(central: CentralLogTargets, extra: Record<string, unknown> = {}) {
  const stack = new Stack(new App(), 'Regional', { env: { account: CENTRAL_ACCOUNT, region: REGION } });
  const common = { central, exposure: ServiceExposure.EXTERNAL, organizationId: ORG_ID, breakGlassRoleArn: BREAK_GLASS, ...extra };
  const elb = new LoadBalancerLogLanding(stack, 'ElbLogs', common);
  const dns = new VendedLogLanding(stack, 'DnsLanding', { ...common, kind: RegionalLogKind.DNS_QUERY });
  return { stack, elb, dns, template: Template.fromStack(stack) };
}

const withSiem = regional(archiveTargets());

describe('the SIEM hand-off of the region-local landing buckets', () => {
  test('the queue key alias of a landing stack is qualified with its stack name, so it can share a region with the archive\'s stack', () => {
    const app = new App();
    const env = { account: CENTRAL_ACCOUNT, region: CENTRAL_REGION };
    const archive = new LogArchive(new Stack(app, 'Central', { env }), 'Archive', {
      exposure: ServiceExposure.INTERNAL, organizationId: ORG_ID, breakGlassRoleArn: BREAK_GLASS,
      siem: { account: SIEM_ACCOUNT, externalId: 'soc-siem-ingest' },
    });
    const landing = new Stack(app, 'CentralRegionLanding', { env });
    new LoadBalancerLogLanding(landing, 'ElbLogs', { central: archive.targets, exposure: ServiceExposure.EXTERNAL, sourceAccounts: ['222222222222'] });
    const aliases = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::KMS::Alias')).map((a: any) => a.Properties.AliasName);
    expect(aliases(Stack.of(archive))).toContain('alias/seclog-queues');
    expect(aliases(landing)).toEqual(['alias/seclog-queues-CentralRegionLanding']);
  });

  test("the archive's targets carry the SIEM role name, and the landings follow them by default", () => {
    expect(archiveOwnTargets().siemRoleName).toBe('seclog-siem-reader');
    expect(archiveOwnTargets().siemRoleArn).toBe(SIEM_ROLE);
    expect(archiveOwnTargets(false).siemRoleArn).toBeUndefined();
    const custom = new LogArchive(new Stack(new App(), 'C', { env: { account: CENTRAL_ACCOUNT, region: CENTRAL_REGION } }), 'Archive', {
      exposure: ServiceExposure.INTERNAL, organizationId: ORG_ID, siem: { account: SIEM_ACCOUNT, externalId: 'soc-siem-ingest', roleName: 'soc-reader' },
    });
    expect(custom.targets.siemRoleArn).toBe(`arn:aws:iam::${CENTRAL_ACCOUNT}:role/soc-reader`);
    // archive.targets itself, handed to an ELB landing (which needs no archive key ARN)
    const stack = new Stack(new App(), 'Elb', { env: { account: CENTRAL_ACCOUNT, region: REGION } });
    const elb = new LoadBalancerLogLanding(stack, 'ElbLogs', { central: archiveOwnTargets(), exposure: ServiceExposure.EXTERNAL, sourceAccounts: ['222222222222'] });
    expect(elb.siemQueue).toBeDefined();
    expect(withSiem.elb.siemQueue).toBeDefined();
    expect(withSiem.elb.siemDeadLetterQueue).toBeDefined();
    expect(withSiem.elb.siemAlarms).toHaveLength(2);
    expect(withSiem.dns.siemQueue).toBeDefined();
    expect(withSiem.dns.siemAlarms).toHaveLength(2);
  });

  test.each([[ELB_BUCKET, ELB_QUEUE], [DNS_BUCKET, DNS_QUEUE]])('%s notifies %s of its region: KMS, TLS only, dead-letter queue', (bucketName, queueName) => {
    const t = withSiem.template;
    const queues = t.findResources('AWS::SQS::Queue', { Properties: { QueueName: queueName } });
    expect(Object.keys(queues)).toHaveLength(1);
    const [queueId, queue] = Object.entries(queues)[0] as [string, any];
    expect(queue.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^SecurityLogQueueKey/), 'Arn'] });
    expect(queue.Properties.MessageRetentionPeriod).toBe(1_209_600);
    expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBe(10);
    const dlqs = t.findResources('AWS::SQS::Queue', { Properties: { QueueName: `${queueName}-dlq` } });
    const [dlqId, dlq] = Object.entries(dlqs)[0] as [string, any];
    expect(queue.Properties.RedrivePolicy.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': [dlqId, 'Arn'] });
    expect(dlq.Properties.KmsMasterKeyId).toEqual(queue.Properties.KmsMasterKeyId);
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: bucketName,
      NotificationConfiguration: { QueueConfigurations: [{ Event: 's3:ObjectCreated:*', Queue: { 'Fn::GetAtt': [queueId, 'Arn'] } }] },
    });
    const policy = queuePolicy(t.toJSON(), ENV, queueName).policy;
    expect(policy.Statement).toEqual(expect.arrayContaining([
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      expect.objectContaining({
        Sid: 'AllowArchiveBucketNotifications', Principal: { Service: 's3.amazonaws.com' }, Action: 'sqs:SendMessage',
        Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${bucketName}` }, StringEquals: { 'aws:SourceAccount': CENTRAL_ACCOUNT } },
      }),
    ]));
  });

  test('each queue has an age-of-oldest-message alarm and a dead-letter alarm, both with an action', () => {
    const alarms = Object.values(withSiem.template.findResources('AWS::CloudWatch::Alarm')) as any[];
    for (const queue of [ELB_QUEUE, DNS_QUEUE]) {
      const age = alarms.find((a) => a.Properties.MetricName === 'ApproximateAgeOfOldestMessage' && a.Properties.AlarmDescription.includes(`queue ${queue})`));
      expect(age?.Properties).toMatchObject({ Threshold: 900, ComparisonOperator: 'GreaterThanThreshold' });
      expect(age.Properties.AlarmActions).toHaveLength(1);
      const dead = alarms.find((a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' && a.Properties.AlarmDescription.includes(`${queue}-dlq`));
      expect(dead?.Properties.AlarmActions).toHaveLength(1);
    }
  });

  test('the stack has one queue key of its region, which S3 may use once and the SIEM role may decrypt with through SQS only', () => {
    const keys = withSiem.template.findResources('AWS::KMS::Key', { Properties: { Description: Match.stringLikeRegexp('SIEM notification') } });
    expect(Object.keys(keys)).toHaveLength(1);
    const statements = statementsOf(Object.values(keys)[0], ['Properties', 'KeyPolicy']);
    expect(statements.filter((s: any) => s.Sid === 'AllowS3ToSendEncryptedNotifications')).toHaveLength(1);
    expect(statements.filter((s: any) => s.Sid === 'AllowSiemRoleToDecryptNotifications')).toEqual([expect.objectContaining({
      Action: 'kms:Decrypt',
      Condition: {
        StringEquals: { 'kms:ViaService': `sqs.${REGION}.amazonaws.com`, 'kms:CallerAccount': CENTRAL_ACCOUNT },
        ArnEquals: { 'aws:PrincipalArn': SIEM_ROLE },
      },
    })]);
  });

  test('the landing buckets spare the SIEM role from the read deny and grant it GetObject, not ListBucket', () => {
    for (const name of [ELB_BUCKET, DNS_BUCKET]) {
      const statements = bucketPolicy(withSiem.template.toJSON(), ENV, name).Statement;
      const deny = statements.find((s: any) => s.Sid === 'DenyReadsExceptNamedReaders');
      expect(deny.Condition.ArnNotLike['aws:PrincipalArn']).toEqual(expect.arrayContaining([SIEM_ROLE]));
      const grant = statements.find((s: any) => s.Sid === 'AllowSiemRoleToReadNotifiedObjects');
      expect(grant.Action).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
      expect(grant.Resource).toBe(`arn:aws:s3:::${name}/*`);
    }
  });

  test('the landings record PU-1 evidence for the hand-off', () => {
    expect(LoadBalancerLogLanding.IMPLEMENTS.requirementIds).toEqual(['PU-1']);
    expect(VendedLogLanding.IMPLEMENTS.requirementIds).toEqual(['PU-1']);
  });
});

describe('defaults and opting in or out', () => {
  test('no queue when the targets name no SIEM role', () => {
    const { template, elb, dns } = regional(archiveTargets(false));
    template.resourceCountIs('AWS::SQS::Queue', 0);
    expect(elb.siemQueue).toBeUndefined();
    expect(dns.siemQueue).toBeUndefined();
    expect(elb.siemAlarms).toEqual([]);
  });

  test('siemNotifications: false turns the hand-off off even when the archive has it', () => {
    const { template } = regional(archiveTargets(), { siemNotifications: false });
    template.resourceCountIs('AWS::SQS::Queue', 0);
    const statements = bucketPolicy(template.toJSON(), ENV, ELB_BUCKET).Statement;
    expect(statements.find((s: any) => s.Sid === 'AllowSiemRoleToReadNotifiedObjects')).toBeUndefined();
  });

  test('fromAttributes with siemRoleName turns it on, with the settings given', () => {
    const central = CentralLogTargets.fromAttributes({ accountId: CENTRAL_ACCOUNT, region: CENTRAL_REGION, archiveKeyArn: KEY_ARN, siemRoleName: 'soc-reader' });
    const { template } = regional(central, { siemMaxMessageAgeSeconds: 600, siemMaxReceiveCount: 3 });
    template.resourceCountIs('AWS::SQS::Queue', 4);
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: ELB_QUEUE, RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }) });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 600 });
    const grant = bucketPolicy(template.toJSON(), ENV, ELB_BUCKET).Statement.find((s: any) => s.Sid === 'AllowSiemRoleToReadNotifiedObjects');
    expect(grant.Condition.ArnEquals['aws:PrincipalArn']).toBe(`arn:aws:iam::${CENTRAL_ACCOUNT}:role/soc-reader`);
  });

  test('an NLB landing with an imported key warns that the key policy must allow the SIEM role', () => {
    const stack = new Stack(new App(), 'Nlb', { env: { account: CENTRAL_ACCOUNT, region: REGION } });
    const key = kms.Key.fromKeyArn(stack, 'Imported', `arn:aws:kms:${REGION}:${CENTRAL_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
    new LoadBalancerLogLanding(stack, 'NlbLogs', {
      central: archiveTargets(), exposure: ServiceExposure.EXTERNAL, sourceAccounts: ['222222222222'],
      loadBalancerKind: LoadBalancerKind.NETWORK, encryptionKey: key,
    });
    Annotations.fromStack(stack).hasWarning('/Nlb/NlbLogs', Match.stringLikeRegexp('allow the SIEM role .* kms:Decrypt'));
  });
});

describe('bad input', () => {
  test('siemNotifications: true without a SIEM role in the targets names the fix', () => {
    expect(() => regional(archiveTargets(false), { siemNotifications: true }))
      .toThrow(/LoadBalancerLogLanding has siemNotifications: true, but central \(CentralLogTargets\) names no SIEM role: .*siemRoleName/);
  });

  test.each([
    [{ siemMaxMessageAgeSeconds: 2_000_000 }, /siemMaxMessageAgeSeconds of 2000000 exceeds the queue's 14-day retention/],
    [{ siemMaxMessageAgeSeconds: 0 }, /siemMaxMessageAgeSeconds/],
    [{ siemMaxReceiveCount: 1001 }, /siemMaxReceiveCount of 1001 exceeds the SQS maximum of 1000/],
    [{ siemMaxReceiveCount: 1.5 }, /siemMaxReceiveCount/],
  ])('%p is refused', (extra, message) => {
    expect(() => regional(archiveTargets(), extra)).toThrow(message);
  });

  test('an invalid siemRoleName is refused by fromAttributes', () => {
    expect(() => CentralLogTargets.fromAttributes({ accountId: CENTRAL_ACCOUNT, region: CENTRAL_REGION, siemRoleName: 'no spaces' }))
      .toThrow("siemRoleName 'no spaces' is not a valid IAM role name");
  });
});

/** One request evaluated against a resource policy, with the principal's identity policies. */
async function decide(principal: string, action: string, resource: string, policy: any, identity: any[] = [],
  context: Record<string, string> = {}): Promise<'Allowed' | 'Denied'> {
  const principalAccount = principal.split(':')[4];
  const response = await runSimulation({
    request: {
      principal, action, resource: { resource, accountId: CENTRAL_ACCOUNT },
      contextVariables: { 'aws:PrincipalArn': principal, 'aws:PrincipalAccount': principalAccount, 'aws:SecureTransport': 'true', ...context },
    },
    identityPolicies: identity.map((p, i) => ({ name: `policy-${i}`, policy: p })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: policy,
  }, {});
  if (response.resultType === 'error') {
    throw new Error(`the simulator refused the request: ${JSON.stringify(response.errors)}`);
  }
  return response.overallResult === 'Allowed' ? 'Allowed' : 'Denied';
}

describe('the policies, evaluated request by request (the SIEM role has no identity grant for these resources)', () => {
  const template = withSiem.template.toJSON();
  const queueKey = keyPolicy(template, ENV, /SIEM notification/);
  const dnsKey = keyPolicy(template, ENV, /dns-query landing bucket/);
  const viaSqs = { 'kms:ViaService': `sqs.${REGION}.amazonaws.com`, 'kms:CallerAccount': CENTRAL_ACCOUNT };
  const viaS3 = {
    'kms:ViaService': `s3.${REGION}.amazonaws.com`, 'kms:CallerAccount': CENTRAL_ACCOUNT,
    'kms:EncryptionContext:aws:s3:arn': `arn:aws:s3:::${DNS_BUCKET}`,
  };

  test.each([ELB_QUEUE, DNS_QUEUE])('the SIEM role may receive and delete from %s; another role may not', async (queueName) => {
    const { arn, policy } = queuePolicy(template, ENV, queueName);
    for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage']) {
      expect({ action, outcome: await decide(SIEM_ROLE, action, arn, policy) }).toEqual({ action, outcome: 'Allowed' });
      expect({ action, outcome: await decide(OTHER_ROLE, action, arn, policy) }).toEqual({ action, outcome: 'Denied' });
      expect({ action, outcome: await decide(SIEM_ACCOUNT_ROLE, action, arn, policy, [ADMIN]) }).toEqual({ action, outcome: 'Denied' });
    }
    expect(await decide(SIEM_ROLE, 'sqs:SendMessage', arn, policy)).toBe('Denied');
    expect(await decide(SIEM_ROLE, 'sqs:ReceiveMessage', arn, policy, [], { 'aws:SecureTransport': 'false' })).toBe('Denied');
  });

  test('the SIEM role may decrypt with the queue key through SQS of this region, not directly; another role may not', async () => {
    expect(await decide(SIEM_ROLE, 'kms:Decrypt', queueKey.arn, queueKey.policy, [], viaSqs)).toBe('Allowed');
    expect(await decide(SIEM_ROLE, 'kms:Decrypt', queueKey.arn, queueKey.policy, [], { 'kms:CallerAccount': CENTRAL_ACCOUNT })).toBe('Denied');
    expect(await decide(OTHER_ROLE, 'kms:Decrypt', queueKey.arn, queueKey.policy, [], viaSqs)).toBe('Denied');
  });

  test.each([ELB_BUCKET, DNS_BUCKET])('the SIEM role may get objects from %s but not list it; another role, even an administrator, may not read', async (name) => {
    const policy = bucketPolicy(template, ENV, name);
    const object = `arn:aws:s3:::${name}/AWSLogs/222222222222/elasticloadbalancing/${REGION}/2026/12/07/x.log.gz`;
    expect(await decide(SIEM_ROLE, 's3:GetObject', object, policy)).toBe('Allowed');
    expect(await decide(SIEM_ROLE, 's3:ListBucket', `arn:aws:s3:::${name}`, policy)).toBe('Denied');
    expect(await decide(OTHER_ROLE, 's3:GetObject', object, policy)).toBe('Denied');
    expect(await decide(ADMIN_ROLE, 's3:GetObject', object, policy, [ADMIN])).toBe('Denied');
  });

  test('the SIEM role may decrypt DNS landing objects with the landing key through S3; another role may not', async () => {
    expect(await decide(SIEM_ROLE, 'kms:Decrypt', dnsKey.arn, dnsKey.policy, [], viaS3)).toBe('Allowed');
    expect(await decide(OTHER_ROLE, 'kms:Decrypt', dnsKey.arn, dnsKey.policy, [], viaS3)).toBe('Denied');
  });
});

describe('the common rule packs', () => {
  test.each([true, false])('a regional stack with both landings (SIEM hand-off %p) synthesises with no unacknowledged finding', (siem) => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'regional-siem-')) });
    const stack = new Stack(app, 'Regional', { env: { account: CENTRAL_ACCOUNT, region: REGION } });
    const common = { central: archiveTargets(siem), exposure: ServiceExposure.EXTERNAL, organizationId: ORG_ID, breakGlassRoleArn: BREAK_GLASS };
    new LoadBalancerLogLanding(stack, 'ElbLogs', common);
    new VendedLogLanding(stack, 'DnsLanding', { ...common, kind: RegionalLogKind.DNS_QUERY });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app), new TemplateScopedGuardValidator());
    // Under jest a failing validation throws with the report text.
    expect(() => app.synth()).not.toThrow();
  });
});
