import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CentralLogTargets } from '../../lib/central';
import { evidenceOf } from '../../lib/core/evidence';
import { LogProtectionGuardrail, LogProtectionGuardrailProps } from '../../lib/guardrails';

const KEY_ARN = 'arn:aws:kms:eu-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const targets = CentralLogTargets.fromAttributes({ accountId: '111111111111', region: 'eu-west-2', archiveKeyArn: KEY_ARN });
const EXEMPT = ['arn:aws:iam::*:role/LogBreakGlass', 'arn:aws:iam::*:role/cdk-*-cfn-exec-role-*'];

function guardrail(props: Partial<LogProtectionGuardrailProps> = {}): { guardrail: LogProtectionGuardrail; template: Template } {
  const stack = new Stack(new App(), 'Management', { env: { account: '999999999999', region: 'us-east-1' } });
  const made = new LogProtectionGuardrail(stack, 'LogProtection', {
    targetIds: ['r-ab12'],
    exemptRoleArnPatterns: EXEMPT,
    targets,
    ...props,
  });
  return { guardrail: made, template: Template.fromStack(stack) };
}

function statement(made: LogProtectionGuardrail, sid: string): any {
  const found = made.documents.flatMap((d) => d.Statement as any[]).find((s) => s.Sid === sid);
  if (!found) {
    throw new Error(`no statement ${sid}`);
  }
  return found;
}

describe('LogProtectionGuardrail', () => {
  test('is a service control policy attached to the given targets, with the policy as a JSON object', () => {
    // GIVEN / WHEN
    const { template } = guardrail({ targetIds: ['r-ab12', 'ou-ab12-cdefgh34', '222222222222'] });

    // THEN
    template.hasResourceProperties('AWS::Organizations::Policy', {
      Type: 'SERVICE_CONTROL_POLICY',
      Name: 'seclog-log-protection',
      TargetIds: ['r-ab12', 'ou-ab12-cdefgh34', '222222222222'],
      Content: { Version: '2012-10-17', Statement: Match.anyValue() },
    });
  });

  test('every statement denies, and only principals outside the exempt role patterns', () => {
    // GIVEN / WHEN
    const { guardrail: made } = guardrail();

    // THEN
    for (const s of made.documents.flatMap((d) => d.Statement as any[])) {
      expect(s.Effect).toBe('Deny');
      // Every statement spares the exempt roles (PassRole also spares the named passers; the central bus's
      // permissions are denied in the central account only).
      expect(s.Condition.ArnNotLike['aws:PrincipalArn']).toEqual(expect.arrayContaining(EXEMPT));
      const extra = Object.keys(s.Condition).filter((k) => k !== 'ArnNotLike');
      expect(extra).toEqual(s.Sid === 'ProtectCentralBusPermissions' ? ['StringEquals'] : []);
    }
  });

  test('denies switching off or erasing trails, log groups, subscriptions, flow logs and DNS query logs', () => {
    // GIVEN / WHEN
    const { guardrail: made } = guardrail();

    // THEN
    expect(statement(made, 'ProtectCloudTrail').Action).toEqual(expect.arrayContaining([
      'cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors',
    ]));
    expect(statement(made, 'ProtectCloudWatchLogs').Action).toEqual(expect.arrayContaining([
      'logs:DeleteLogGroup', 'logs:DeleteLogStream', 'logs:DeleteSubscriptionFilter', 'logs:DeleteDestination',
      'logs:PutRetentionPolicy', 'logs:DisassociateKmsKey',
    ]));
    expect(statement(made, 'ProtectNetworkLogs').Action).toEqual(expect.arrayContaining([
      'ec2:DeleteFlowLogs', 'route53resolver:DisassociateResolverQueryLogConfig', 'route53resolver:DeleteResolverQueryLogConfig',
    ]));
    expect(statement(made, 'ProtectServiceLogSettings').Action).toEqual(['eks:UpdateClusterConfig', 'cognito-idp:SetLogDeliveryConfiguration']);
  });

  test('denies deleting or reconfiguring the central buckets of every region (landing, vault, region-local landing), named by the central targets', () => {
    // GIVEN / WHEN
    const { guardrail: made } = guardrail();

    // THEN
    const archive = statement(made, 'ProtectArchive');
    expect(archive.Resource).toEqual([
      'arn:aws:s3:::seclog-*-111111111111-*',
      'arn:aws:s3:::seclog-*-111111111111-*/*',
    ]);
    expect(archive.Action).toEqual(expect.arrayContaining([
      's3:DeleteObject', 's3:DeleteObjectVersion', 's3:DeleteBucket', 's3:PutBucketPolicy', 's3:PutLifecycleConfiguration',
      's3:BypassGovernanceRetention', 's3:PutReplicationConfiguration',
    ]));
  });

  test("denies deleting or disabling the library's rules, bus, Firehose streams and schedules", () => {
    // GIVEN / WHEN
    const { guardrail: made } = guardrail();

    // THEN
    const forwarding = statement(made, 'ProtectForwarding');
    expect(forwarding.Action).toEqual(expect.arrayContaining([
      'events:DeleteRule', 'events:DisableRule', 'events:RemoveTargets', 'firehose:DeleteDeliveryStream',
      'scheduler:DeleteSchedule', 'scheduler:UpdateSchedule',
    ]));
    expect(forwarding.Resource).toEqual([
      'arn:aws:events:*:*:rule/seclog-*',
      'arn:aws:events:*:*:rule/*/seclog-*',
      `arn:aws:events:*:*:event-bus/${targets.eventBusName}`,
      'arn:aws:firehose:*:*:deliverystream/seclog-*',
      'arn:aws:scheduler:*:*:schedule/*/seclog-*',
    ]);
  });

  test('protects the archive key when its ARN is known, and the exempt roles themselves', () => {
    // GIVEN / WHEN
    const { guardrail: made } = guardrail();

    // THEN
    expect(statement(made, 'ProtectArchiveKey')).toEqual(expect.objectContaining({
      Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy'],
      Resource: KEY_ARN,
    }));
    expect(statement(made, 'ProtectExemptRoles')).toEqual(expect.objectContaining({
      Action: expect.arrayContaining(['iam:UpdateAssumeRolePolicy', 'iam:AttachRolePolicy']),
      Resource: EXEMPT,
    }));
  });

  test('without the archive key ARN there is no key statement', () => {
    // GIVEN / WHEN
    const { guardrail: made } = guardrail({ targets: CentralLogTargets.fromAttributes({ accountId: '111111111111', region: 'eu-west-2' }) });

    // THEN
    expect((made.document.Statement as any[]).map((s) => s.Sid)).not.toContain('ProtectArchiveKey');
  });

  test('EKS cluster config changes can be left out of the policy', () => {
    // GIVEN / WHEN
    const { guardrail: made } = guardrail({ denyEksClusterConfigChanges: false });

    // THEN
    expect(statement(made, 'ProtectServiceLogSettings').Action).toEqual(['cognito-idp:SetLogDeliveryConfiguration']);
  });

  test('the policy fits the SCP quota and its size is measured on the minified JSON', () => {
    // GIVEN / WHEN
    const { guardrail: made } = guardrail();

    // THEN
    expect(made.policySize).toBe(JSON.stringify(made.document).length);
    expect(LogProtectionGuardrail.MAX_POLICY_CHARACTERS).toBe(5120);
    expect(made.policySize).toBeLessThanOrEqual(LogProtectionGuardrail.MAX_POLICY_CHARACTERS);
  });
});

describe('LogProtectionGuardrail input checks', () => {
  test('statements that outgrow one SCP are split over several, each within the 5,120-character quota', () => {
    // GIVEN exempt patterns long enough to push the statements past one policy
    const some = Array.from({ length: 8 }, (_, i) => `arn:aws:iam::*:role/platform-team-${i}-deployment-pipeline-role`);

    // WHEN
    const { guardrail: made, template } = guardrail({ exemptRoleArnPatterns: some });

    // THEN
    expect(made.documents.length).toBeGreaterThan(1);
    for (const document of made.documents) {
      expect(JSON.stringify(document).length).toBeLessThanOrEqual(LogProtectionGuardrail.MAX_POLICY_CHARACTERS);
    }
    const sids = made.documents.flatMap((d) => d.Statement.map((st: any) => st.Sid));
    expect(new Set(sids).size).toBe(sids.length);
    expect(sids).toEqual(expect.arrayContaining(['ProtectCloudTrail', 'ProtectArchive', 'LimitPassingExemptRoles']));
    const policies = template.findResources('AWS::Organizations::Policy');
    expect(Object.values(policies).map((p: any) => p.Properties.Name).sort())
      .toEqual(made.documents.map((_, i) => (i === 0 ? 'seclog-log-protection' : `seclog-log-protection-${i + 1}`)).sort());
  });

  test('statements that need more SCPs than attach to one target are rejected, naming the count', () => {
    // GIVEN
    const many = Array.from({ length: 20 }, (_, i) => `arn:aws:iam::*:role/platform-team-${i}-deployment-pipeline-role`);

    // THEN
    expect(() => guardrail({ exemptRoleArnPatterns: many })).toThrow(/need \d SCPs; with FullAWSAccess that is over the 5 SCPs that attach to one target/);
  });

  test('an exempt role passer that matches every role is rejected, naming it', () => {
    expect(() => guardrail({ exemptRolePassers: ['arn:aws:iam::*:role/*'] }))
      .toThrow(/exemptRolePassers\[0\] 'arn:aws:iam::\*:role\/\*' matches every role/);
  });

  test('with passer assumers, assuming a passer is denied to all but the exempt roles, the passers and the assumers', () => {
    // GIVEN / WHEN
    const passer = 'arn:aws:iam::*:role/cdk-hnb659fds-deploy-role-*';
    const pipeline = 'arn:aws:iam::*:role/deployment-pipeline-*';
    const { guardrail: made, template } = guardrail({ exemptRolePassers: [passer], exemptRolePasserAssumers: [pipeline] });

    // THEN
    expect(statement(made, 'LimitAssumingExemptRolePassers')).toEqual({
      Sid: 'LimitAssumingExemptRolePassers', Effect: 'Deny', Action: ['sts:AssumeRole'], Resource: [passer],
      Condition: { ArnNotLike: { 'aws:PrincipalArn': [...EXEMPT, passer, pipeline] } },
    });
    expect(template).toBeDefined();
    Annotations.fromStack(Stack.of(made)).hasNoWarning('*', Match.stringLikeRegexp('exemptRolePasserAssumers'));
  });

  test('passers without assumers: no assume statement, and a warning names the passers and the prop to set', () => {
    // GIVEN / WHEN
    const { guardrail: made } = guardrail({ exemptRolePassers: ['arn:aws:iam::*:role/cdk-hnb659fds-deploy-role-*'] });

    // THEN
    expect(made.documents.flatMap((d) => d.Statement as any[]).map((s) => s.Sid)).not.toContain('LimitAssumingExemptRolePassers');
    Annotations.fromStack(Stack.of(made)).hasWarning('/Management/LogProtection',
      Match.stringLikeRegexp("cdk-hnb659fds-deploy-role-\\*.*Set exemptRolePasserAssumers"));
  });

  test('passer assumers without passers are rejected, naming them', () => {
    expect(() => guardrail({ exemptRolePasserAssumers: ['arn:aws:iam::*:role/deployment-pipeline-*'] }))
      .toThrow(/exemptRolePasserAssumers \(arn:aws:iam::\*:role\/deployment-pipeline-\*\) is set but exemptRolePassers is empty/);
  });

  test('a passer assumer that matches every role is rejected, naming it', () => {
    expect(() => guardrail({ exemptRolePassers: ['arn:aws:iam::*:role/cdk-x'], exemptRolePasserAssumers: ['arn:aws:iam::*:role/*'] }))
      .toThrow(/exemptRolePasserAssumers\[0\] 'arn:aws:iam::\*:role\/\*' matches every role/);
  });

  test('with analyst roles, queries in the archive workgroup are denied to all but the exempt roles, the analysts and the review role', () => {
    const { guardrail: made } = guardrail({ analystRoleArnPatterns: ['arn:aws:iam::111111111111:role/SecurityAnalyst'] });
    const queries = statement(made, 'LimitArchiveQueries');
    expect(queries.Resource).toBe('arn:aws:athena:*:111111111111:workgroup/seclog-archive-analysis');
    expect(queries.Action).toEqual(expect.arrayContaining(['athena:StartQueryExecution', 'athena:GetQueryResults']));
    expect(queries.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': [...EXEMPT, 'arn:aws:iam::111111111111:role/SecurityAnalyst',
      'arn:aws:iam::111111111111:role/seclog-archive-review'] } });
    const workgroup = statement(made, 'ProtectArchiveWorkgroup');
    expect(workgroup.Action).toEqual(expect.arrayContaining(['athena:UpdateWorkGroup', 'athena:DeleteWorkGroup', 'athena:DeleteNamedQuery']));
    expect(workgroup.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': EXEMPT } });
    expect(evidenceOf(made)[0].note).toContain('limits queries in the archive\'s Athena workgroup seclog-archive-analysis to ' +
      'arn:aws:iam::111111111111:role/SecurityAnalyst and the review function.');
  });

  test('without analyst roles the workgroup is not in the policy', () => {
    const { guardrail: made } = guardrail();
    expect(() => statement(made, 'LimitArchiveQueries')).toThrow('no statement LimitArchiveQueries');
    expect(() => statement(made, 'ProtectArchiveWorkgroup')).toThrow('no statement ProtectArchiveWorkgroup');
  });

  test('an analyst pattern that is not a role ARN, or matches every role, is rejected, naming it', () => {
    expect(() => guardrail({ analystRoleArnPatterns: ['arn:aws:iam::111111111111:user/alice'] }))
      .toThrow("analystRoleArnPatterns[0] 'arn:aws:iam::111111111111:user/alice' is not an IAM role ARN pattern");
    expect(() => guardrail({ analystRoleArnPatterns: ['arn:aws:iam::*:role/*'] }))
      .toThrow("analystRoleArnPatterns[0] 'arn:aws:iam::*:role/*' matches every role");
  });

  test('a target that is not a root, OU or account id is rejected, naming it', () => {
    expect(() => guardrail({ targetIds: ['o-exampleorg1'] })).toThrow(/targetIds\[0\] 'o-exampleorg1' is not an Organizations root, OU or account id/);
  });

  test('an 11-digit account target is rejected', () => {
    expect(() => guardrail({ targetIds: ['22222222222'] })).toThrow(/targetIds\[0\] '22222222222'/);
  });

  test('no targets is rejected', () => {
    expect(() => guardrail({ targetIds: [] })).toThrow(/targetIds is empty/);
  });

  test('no exempt role is rejected: nobody could maintain logging', () => {
    expect(() => guardrail({ exemptRoleArnPatterns: [] })).toThrow(/exemptRoleArnPatterns is empty/);
  });

  test('an exempt pattern that is not a role ARN is rejected, naming it', () => {
    expect(() => guardrail({ exemptRoleArnPatterns: ['arn:aws:iam::*:user/admin'] }))
      .toThrow(/exemptRoleArnPatterns\[0\] 'arn:aws:iam::\*:user\/admin' is not an IAM role ARN pattern/);
  });

  test('an exempt pattern that matches every role is rejected', () => {
    expect(() => guardrail({ exemptRoleArnPatterns: ['arn:aws:iam::*:role/*'] })).toThrow(/matches every role, so the SCP would protect nothing/);
  });
});
