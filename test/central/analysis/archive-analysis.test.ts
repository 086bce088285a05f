import { Size } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ArchiveAnalysis, CloudTrailLayout, LogArchive, VaultStorageClass } from '../../../lib/central';
import { ArchiveAnalysisProps } from '../../../lib/central/analysis/archive-analysis-props';
import { ServiceExposure } from '../../../lib/requirements/types';
import { evidenceOf } from '../../../lib/core/evidence';
import { CENTRAL_ACCOUNT, centralStack, ORG_ID, READER, resourcesOfType } from '../helpers';

const REVIEW_ROLE = ArchiveAnalysis.reviewRoleArn(CENTRAL_ACCOUNT);

function build(overrides: Partial<ArchiveAnalysisProps> = {}, readers = [READER, REVIEW_ROLE], organizationId: string | null = ORG_ID) {
  const stack = centralStack();
  const archive = new LogArchive(stack, 'Archive', {
    exposure: ServiceExposure.INTERNAL,
    organizationId: organizationId ?? undefined,
    sourceAccounts: organizationId ? undefined : ['222222222222'],
    readerRoleArns: readers,
  });
  const topic = new sns.Topic(stack, 'Reviewers');
  const analysis = new ArchiveAnalysis(stack, 'Analysis', {
    archive,
    analystRoleArns: [READER],
    sourceAccounts: ['222222222222', '333333333333'],
    reviewTopic: topic,
    ...overrides,
  });
  return { stack, archive, analysis, template: Template.fromStack(stack) };
}

describe('ArchiveAnalysis', () => {
  test('the workgroup encrypts results with the archive key, enforces its configuration and limits each scan', () => {
    const { template, stack } = build();
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'seclog-archive-analysis',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        ResultConfiguration: {
          OutputLocation: `s3://seclog-exports-${CENTRAL_ACCOUNT}-eu-west-2/athena-results/`,
          EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: { 'Fn::GetAtt': [Match.stringLikeRegexp('ArchiveKey'), 'Arn'] } },
        },
      },
    });
    expect(stack).toBeDefined();
  });

  test('projected tables over the vault, one per source, with the archive\'s key layouts', () => {
    const { template } = build({ cloudWatchLogGroups: ['/aws/clientvpn/remote'], eksAuditLogGroups: ['/aws/eks/platform/cluster'] });
    const tables = resourcesOfType(template, 'AWS::Glue::Table').map(([, r]) => r.Properties.TableInput);
    expect(tables.map((t) => t.Name).sort()).toEqual(['cloudtrail', 'cloudwatch_logs', 'cognito_user_activity', 'dns_query', 'eks_audit',
      'identity_events', 'security_events', 'vpc_flow']);
    for (const t of tables) {
      expect(t.Parameters['projection.enabled']).toBe('true');
      expect(t.Parameters['storage.location.template']).toMatch(new RegExp(`^s3://seclog-vault-${CENTRAL_ACCOUNT}-eu-west-2/`));
    }
    const byName = Object.fromEntries(tables.map((t) => [t.Name, t]));
    expect(byName.cloudtrail.Parameters['storage.location.template'])
      .toBe(`s3://seclog-vault-${CENTRAL_ACCOUNT}-eu-west-2/AWSLogs/${ORG_ID}/\${account}/CloudTrail/\${region}/\${year}/\${month}/\${day}/`);
    expect(byName.cloudtrail.Parameters['projection.account.values']).toBe('222222222222,333333333333');
    expect(byName.cloudtrail.Parameters['projection.month.digits']).toBe('2');
    expect(byName.security_events.Parameters['storage.location.template']).toContain('/events/${account}/${year}/${month}/${day}/');
    expect(byName.cloudwatch_logs.Parameters['projection.log_group.values']).toBe('aws/clientvpn/remote');
    expect(byName.eks_audit.Parameters['projection.log_group.values']).toBe('aws/eks/platform/cluster');
    expect(byName.dns_query.Parameters['projection.vpc_id.type']).toBe('injected');
  });

  test('without log groups there is no CloudWatch table; account trails use the account layout', () => {
    const { template } = build({ cloudTrailLayout: CloudTrailLayout.ACCOUNT });
    template.resourceCountIs('AWS::Glue::Table', 6);
    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({ Name: 'cloudtrail', Parameters: Match.objectLike({
        'storage.location.template': Match.stringLikeRegexp('/AWSLogs/\\$\\{account\\}/CloudTrail/'),
      }) }),
    });
  });

  test('one named query per detection, each naming its requirement ids, in the workgroup', () => {
    const { template, analysis } = build();
    const queries = resourcesOfType(template, 'AWS::Athena::NamedQuery').map(([, r]) => r.Properties);
    expect(queries.length).toBe(analysis.detections.length);
    expect(queries.length).toBeGreaterThanOrEqual(6);
    for (const q of queries) {
      expect(q.WorkGroup).toBe('seclog-archive-analysis');
      expect(q.Description).toMatch(/^(HP|CA|PU|LM)-[BE0-9]/);
    }
  });

  test('monthly review, weekly detections and quarterly reminder are scheduled on a fixed day', () => {
    const { template } = build({ reviewDayOfMonth: 5 });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 5 * ? *)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({ Input: '{"kind":"monthly-review"}' }),
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', { Target: Match.objectLike({ Input: '{"kind":"weekly-detections"}' }) });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 9 5 1,4,7,10 ? *)',
      Target: Match.objectLike({ Input: '{"kind":"quarterly-reminder"}' }),
    });
  });

  test('the review function writes only under the reports prefix, publishes to the topic, and its failures alarm with an action', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'seclog-archive-review' });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Sid: 'WriteReports', Action: 's3:PutObject', Resource: `arn:aws:s3:::seclog-exports-${CENTRAL_ACCOUNT}-eu-west-2/reports/*`,
      }), Match.objectLike({ Action: 'sns:Publish' })]) },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ REPORT_PREFIX: 'reports/', ANALYSIS_WORKGROUP: 'seclog-archive-analysis' }) },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors', AlarmActions: Match.anyValue(),
    });
  });

  test('a run the scheduler cannot start goes to an encrypted dead-letter queue, which alarms with an action', () => {
    const { template } = build();
    const schedules = resourcesOfType(template, 'AWS::Scheduler::Schedule').map(([, r]) => r.Properties.Target);
    expect(schedules).toHaveLength(3);
    for (const target of schedules) {
      expect(target.DeadLetterConfig.Arn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/ScheduleDeadLetterQueue/), 'Arn'] });
      expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 });
    }
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue(), MessageRetentionPeriod: 1209600 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('ScheduleDeadLetterQueue'), 'QueueName'] } }],
      AlarmActions: Match.anyValue(),
    });
  });

  test('reads of the tables\' data (vault) and of the query results (EXPORTS bucket) are recorded by the read-audit trail (LM-5)', () => {
    const { template } = build();
    const [[, trail]] = resourcesOfType(template, 'AWS::CloudTrail::Trail');
    const watched: string[] = trail.Properties.AdvancedEventSelectors[0].FieldSelectors
      .find((f: any) => f.Field === 'resources.ARN').StartsWith;
    expect(watched).toEqual(expect.arrayContaining([
      `arn:aws:s3:::seclog-vault-${CENTRAL_ACCOUNT}-eu-west-2/`,
      `arn:aws:s3:::seclog-exports-${CENTRAL_ACCOUNT}-eu-west-2/`,
    ]));
    const tables = resourcesOfType(template, 'AWS::Glue::Table').map(([, r]) => r.Properties.TableInput.StorageDescriptor.Location);
    expect(tables.every((l: string) => l.startsWith(`s3://seclog-vault-${CENTRAL_ACCOUNT}-eu-west-2/`))).toBe(true);
  });

  test('the analyst roles get the query policy', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', { Roles: Match.arrayWith(['SecurityAnalyst']) });
  });

  test('LM-6, PU-1 and PU-3 evidence names the workgroup, tables, schedules and queries', () => {
    const { analysis } = build({ eksAuditLogGroups: ['/aws/eks/platform/cluster'], apiAccessLogGroups: ['/aws/apigateway/access-logs/a'] });
    const evidence = evidenceOf(analysis);
    const of = (id: string) => evidence.find((e) => e.requirementIds.includes(id))!;
    expect(of('LM-6').note).toContain('seclog-archive-analysis');
    expect(of('LM-6').note).toContain('(cloudtrail, vpc_flow, dns_query, security_events, identity_events, cognito_user_activity, eks_audit, api_access)');
    expect(of('LM-6').note).toContain('analystRoleArnPatterns');
    expect(of('PU-1').note).toContain('api-requests-refused-by-source (CA-B3, CA-B2)');
    expect(of('PU-1').note).toContain('cognito-sign-in-failures (HP-B1, CA-B1)');
    expect(of('LM-6').resources).toEqual(expect.arrayContaining([analysis.workgroup, ...analysis.tables]));
    expect(of('PU-1').note).toContain('seclog-archive-analysis-weekly-detections');
    expect(of('PU-1').note).toContain('flow-rejects-to-sensitive-ports (HP-E1)');
    expect(of('PU-3').note).toContain('seclog-archive-analysis-monthly-review');
    expect(of('PU-3').note).toContain('root-and-break-glass-use (PU-3)');
    expect(of('PU-3').resources).toContain(analysis.schedules[0]);
  });

  describe('bad input', () => {
    test.each([0, 29, 2.5])('reviewDayOfMonth %p', (day) => {
      expect(() => build({ reviewDayOfMonth: day })).toThrow(new RegExp(`reviewDayOfMonth of ${day} .*1 to 28`));
    });
    test('a scan limit under 10 MB', () => {
      expect(() => build({ scanLimit: Size.mebibytes(5) })).toThrow(/scanLimit of 5242880 bytes is under .*10 MB/);
    });
    test('an analyst role ARN that is not a role', () => {
      expect(() => build({ analystRoleArns: ['arn:aws:iam::111111111111:user/alice'] }))
        .toThrow(/analystRoleArns\[0\] 'arn:aws:iam::111111111111:user\/alice' is not an IAM role ARN/);
    });
    test('an analyst role the archive does not let read', () => {
      expect(() => build({ analystRoleArns: ['arn:aws:iam::111111111111:role/Other'] }))
        .toThrow(/analystRoleArns\[0\] 'arn:aws:iam::111111111111:role\/Other' is not one of the archive's readerRoleArns/);
    });
    test('an analyst role of another account', () => {
      expect(() => build({ analystRoleArns: ['arn:aws:iam::999999999999:role/SecurityAnalyst'] }))
        .toThrow(/analystRoleArns\[0\] 'arn:aws:iam::999999999999:role\/SecurityAnalyst' is in account 999999999999, not the central log account/);
    });
    test('a reader given with a wildcard admits the analyst and the review role', () => {
      expect(() => build({ analystRoleArns: ['arn:aws:iam::111111111111:role/SecurityAnalyst'] },
        ['arn:aws:iam::111111111111:role/Security*', 'arn:aws:iam::111111111111:role/seclog-*'])).not.toThrow();
    });
    test('an empty analyst list', () => {
      expect(() => build({ analystRoleArns: [] })).toThrow(/analystRoleArns is empty/);
    });
    test('a vault Athena cannot read in place', () => {
      const stack = centralStack();
      const archive = new LogArchive(stack, 'Archive', {
        exposure: ServiceExposure.INTERNAL, organizationId: ORG_ID, readerRoleArns: [READER, REVIEW_ROLE],
        vaultStorageClass: VaultStorageClass.GLACIER,
      });
      expect(() => new ArchiveAnalysis(stack, 'Analysis', {
        archive, analystRoleArns: [READER], sourceAccounts: ['222222222222'], reviewTopic: new sns.Topic(stack, 'T'),
      })).toThrow(/vaultStorageClass GLACIER cannot be read by Athena in place/);
    });
    test('the review role missing from the readers', () => {
      expect(() => build({}, [READER])).toThrow(/'arn:aws:iam::111111111111:role\/seclog-archive-review' is not one of the archive's readerRoleArns/);
    });
    test('a prefix layout the archive does not write', () => {
      expect(() => build({ cloudTrailLayout: CloudTrailLayout.ORGANIZATION }, undefined, null))
        .toThrow(/cloudTrailLayout ORGANIZATION reads AWSLogs\/<organization id>.*no organizationId/);
      expect(() => build({ reportPrefix: 'AWSLogs/reports/' })).toThrow(/reportPrefix 'AWSLogs\/reports\/' is not a prefix of its own/);
      expect(() => build({ cloudWatchLogGroups: ['bad,group'] })).toThrow(/cloudWatchLogGroups\[0\] 'bad,group'/);
    });
  });
});
