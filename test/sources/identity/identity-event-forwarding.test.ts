import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CentralLogTargets } from '../../../lib/central/targets';
import { CORRELATOR_ENV, CorrelationRule } from '../../../lib/handlers/auth-correlator/contract';
import {
  buildEventPatterns,
  CLOUDTRAIL_DETAIL_TYPE,
  EVENT_PATTERN_MAX_LENGTH,
  patternLength,
} from '../../../lib/core/events/cloudtrail-patterns';
import { IdentityEventForwarding, IdentityEventForwardingProps, SignInCorrelationMode } from '../../../lib/sources/identity/identity-event-forwarding';
import { userDirectoryEvents } from '../../../lib/requirements/catalogue';
import { mergeCloudTrailEventSets } from '../../../lib/requirements/event-sets';
import { ServiceExposure, UserDirectory } from '../../../lib/requirements/types';

const central = CentralLogTargets.fromAttributes({ accountId: '999988887777', region: 'eu-west-2' });
const BUS_ARN = 'arn:aws:events:eu-west-2:999988887777:event-bus/seclog-security-events';
const ALL = [UserDirectory.IAM, UserDirectory.IAM_IDENTITY_CENTER, UserDirectory.COGNITO_USER_POOL];

function stackIn(region?: string): Stack {
  const app = new App();
  return new Stack(app, 'Workload', region ? { env: { account: '111122223333', region } } : {});
}

function forwarding(stack: Stack, props: Partial<IdentityEventForwardingProps> = {}): IdentityEventForwarding {
  return new IdentityEventForwarding(stack, 'Identity', { central, exposure: ServiceExposure.INTERNAL, ...props });
}

/** The per-account correlator of single-account users (before issue 14, the default). */
function inAccount(stack: Stack, props: Partial<IdentityEventForwardingProps> = {}): IdentityEventForwarding {
  return forwarding(stack, { correlation: SignInCorrelationMode.IN_ACCOUNT, ...props });
}

interface RenderedRule {
  readonly pattern: { 'detail-type': string[]; detail: { eventSource: string[]; eventName: string[] } };
  readonly targets: any[];
}

/** The rules of the template whose first target is the central bus (forwarding) or not (correlation). */
function rules(template: Template, toBus: boolean): RenderedRule[] {
  return Object.values(template.findResources('AWS::Events::Rule'))
    .map((r: any) => ({ pattern: r.Properties.EventPattern, targets: r.Properties.Targets }))
    .filter((r) => (r.targets[0].Arn === BUS_ARN) === toBus);
}

/** Every (eventSource, eventName) the rules match, sorted. */
function matched(ruleList: RenderedRule[]): string[] {
  return ruleList.flatMap((r) => r.pattern.detail.eventName.map((n) => `${r.pattern.detail.eventSource[0]} ${n}`)).sort();
}

describe('forwarding rules', () => {
  test('match every catalogue event of every directory exactly once, within the pattern size quota', () => {
    // GIVEN a us-east-1 stack WHEN the construct is added with the defaults
    const stack = stackIn('us-east-1');
    const construct = forwarding(stack);

    // THEN the rules match the catalogue's events for IAM, Identity Center and Cognito, once each
    const forward = rules(Template.fromStack(stack), true);
    const expected = mergeCloudTrailEventSets(ALL.flatMap((d) => userDirectoryEvents(d)))
      .flatMap((s) => s.eventNames.map((n) => `${s.eventSource} ${n}`)).sort();
    expect(matched(forward)).toEqual(expected);
    expect(new Set(matched(forward)).size).toBe(matched(forward).length);
    expect(construct.directories).toEqual(ALL);
    for (const rule of forward) {
      expect(patternLength(rule.pattern)).toBeLessThanOrEqual(EVENT_PATTERN_MAX_LENGTH);
    }
  });

  test('match sign-in events as console sign-ins or service events, and API events as API calls or service events', () => {
    const stack = stackIn('us-east-1');
    forwarding(stack);

    const forward = rules(Template.fromStack(stack), true);
    const signIn = forward.filter((r) => r.pattern.detail.eventSource[0] === 'signin.amazonaws.com');
    const iam = forward.filter((r) => r.pattern.detail.eventSource[0] === 'iam.amazonaws.com');
    expect(signIn.length).toBeGreaterThan(0);
    expect(iam.length).toBeGreaterThan(0);
    for (const rule of signIn) {
      expect(rule.pattern['detail-type']).toEqual(['AWS Console Sign In via CloudTrail', 'AWS Service Event via CloudTrail']);
    }
    for (const rule of iam) {
      expect(rule.pattern['detail-type']).toEqual(['AWS API Call via CloudTrail', 'AWS Service Event via CloudTrail']);
    }
  });

  test('target the central bus with a role, a KMS-encrypted dead-letter queue and a 24-hour retry policy', () => {
    const stack = stackIn('us-east-1');
    const construct = forwarding(stack);
    const template = Template.fromStack(stack);

    const dlq = stack.resolve(construct.deadLetterQueue.queueArn);
    for (const rule of rules(template, true)) {
      expect(rule.targets).toEqual([expect.objectContaining({
        Arn: BUS_ARN,
        RoleArn: expect.anything(),
        DeadLetterConfig: { Arn: dlq },
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
      })]);
    }
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: stack.resolve(construct.deadLetterQueue.encryptionMasterKey!.keyArn),
      MessageRetentionPeriod: 1209600,
    });
    template.hasResource('AWS::SQS::Queue', { DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sqs:SendMessage', Principal: { Service: 'events.amazonaws.com' } })]) },
    });
  });

  test('the bus role may only put events on the central bus', () => {
    const stack = stackIn('us-east-1');
    forwarding(stack);
    const template = Template.fromStack(stack);

    const roles = template.findResources('AWS::IAM::Role', {
      Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'events.amazonaws.com' } })] } },
    });
    expect(Object.keys(roles)).toHaveLength(1);
    const [roleId] = Object.keys(roles);
    const policies = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p: any) => JSON.stringify(p.Properties.Roles).includes(roleId));
    const statements = policies.flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([{ Action: 'events:PutEvents', Effect: 'Allow', Resource: BUS_ARN }]);
  });

  test('an undelivered-events alarm watches the dead-letter queue', () => {
    const stack = stackIn('us-east-1');
    const construct = forwarding(stack);

    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: stack.resolve(construct.deadLetterQueue.queueName) }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  test('Identity Center and Cognito alone need no IAM events and deploy outside us-east-1', () => {
    const stack = stackIn('eu-west-2');
    forwarding(stack, { directories: [UserDirectory.IAM_IDENTITY_CENTER, UserDirectory.COGNITO_USER_POOL] });

    const sources = matched(rules(Template.fromStack(stack), true)).map((m) => m.split(' ')[0]);
    expect(sources).toContain('cognito-idp.amazonaws.com');
    expect(sources).toContain('sso.amazonaws.com');
    expect(sources).not.toContain('iam.amazonaws.com');
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toHaveLength(0);
  });
});

describe('event patterns', () => {
  test('are split when the names of one event source exceed the size quota, keeping every name once', () => {
    const names = Array.from({ length: 120 }, (_, i) => `SomeRatherLongEventName${i}`);

    const patterns = buildEventPatterns([{ eventSource: 'iam.amazonaws.com', eventNames: names }]);

    expect(patterns.length).toBeGreaterThan(1);
    for (const p of patterns) {
      expect(patternLength(p)).toBeLessThanOrEqual(EVENT_PATTERN_MAX_LENGTH);
      expect(p['detail-type']).toEqual([CLOUDTRAIL_DETAIL_TYPE.API_CALL, CLOUDTRAIL_DETAIL_TYPE.SERVICE_EVENT]);
    }
    expect(patterns.flatMap((p) => p.detail.eventName).sort()).toEqual([...names].sort());
  });

  test('merge an event named under two directories into one match', () => {
    const patterns = buildEventPatterns([
      { eventSource: 'signin.amazonaws.com', eventNames: ['ConsoleLogin'] },
      { eventSource: 'signin.amazonaws.com', eventNames: ['CredentialVerification', 'ConsoleLogin'] },
    ]);

    expect(patterns).toEqual([{
      'detail-type': [CLOUDTRAIL_DETAIL_TYPE.CONSOLE_SIGN_IN, CLOUDTRAIL_DETAIL_TYPE.SERVICE_EVENT],
      'detail': { eventSource: ['signin.amazonaws.com'], eventName: ['ConsoleLogin', 'CredentialVerification'] },
    }]);
  });

  test('refuse an event name that alone is longer than the quota', () => {
    expect(() => buildEventPatterns([{ eventSource: 'iam.amazonaws.com', eventNames: ['X'.repeat(200)] }], 150))
      .toThrow(/Event name 'X+' of iam\.amazonaws\.com alone makes an event pattern longer than 150/);
  });
});

describe('success-after-failure correlation', () => {
  test('keeps failures in a retained, KMS-encrypted table with TTL and point-in-time recovery', () => {
    const stack = stackIn('us-east-1');
    const construct = inAccount(stack);
    const template = Template.fromStack(stack);

    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: stack.resolve(construct.encryptionKey!.keyArn) },
        DeletionProtectionEnabled: true,
      }),
    });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
  });

  test('runs a nodejs22.x function with modest reserved concurrency, a dead-letter queue and the catalogue rules', () => {
    const stack = stackIn('us-east-1');
    const construct = inAccount(stack);
    const template = Template.fromStack(stack);

    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      ReservedConcurrentExecutions: 5,
      DeadLetterConfig: { TargetArn: stack.resolve(construct.correlatorDeadLetterQueue!.queueArn) },
      LoggingConfig: { LogGroup: stack.resolve(construct.correlator!.logGroup.logGroupName) },
      Environment: {
        Variables: Match.objectLike({
          [CORRELATOR_ENV.eventBusArn]: BUS_ARN,
          [CORRELATOR_ENV.windowSeconds]: '900',
          [CORRELATOR_ENV.tableName]: stack.resolve(construct.failureTable!.tableName),
        }),
      },
    });
    const fn = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler' } }))[0] as any;
    const correlation: CorrelationRule[] = JSON.parse(fn.Properties.Environment.Variables[CORRELATOR_ENV.rules]);
    const byDirectory = (d: UserDirectory) => correlation.filter((r) => r.directory === d);
    expect(byDirectory(UserDirectory.IAM).flatMap((r) => r.successEventNames)).toEqual(['ConsoleLogin']);
    // Identity Center: a CredentialVerification success is one step; only UserAuthentication completes a sign-in.
    expect(byDirectory(UserDirectory.IAM_IDENTITY_CENTER)).toEqual([expect.objectContaining({
      eventSource: 'signin.amazonaws.com', failureEventNames: ['CredentialVerification'], successEventNames: ['UserAuthentication'],
    })]);
    expect(byDirectory(UserDirectory.COGNITO_USER_POOL)[0].failureErrorCodes).toContain('NotAuthorizedException');
  });

  test('keeps its own log group encrypted, retained and for the exposure class minimum', () => {
    const stack = stackIn('us-east-1');
    inAccount(stack, { exposure: ServiceExposure.EXTERNAL });

    Template.fromStack(stack).hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ RetentionInDays: 90, KmsKeyId: Match.anyValue() }),
    });
  });

  test('sends the sign-in events to the function with a dead-letter queue and retry policy', () => {
    const stack = stackIn('us-east-1');
    const construct = inAccount(stack);

    const correlate = rules(Template.fromStack(stack), false);
    expect(matched(correlate)).toEqual(expect.arrayContaining([
      'signin.amazonaws.com ConsoleLogin',
      'signin.amazonaws.com CredentialVerification',
      'signin.amazonaws.com UserAuthentication',
      'cognito-idp.amazonaws.com InitiateAuth',
    ]));
    for (const rule of correlate) {
      expect(rule.targets).toEqual([expect.objectContaining({
        Arn: stack.resolve(construct.correlator!.functionArn),
        DeadLetterConfig: { Arn: stack.resolve(construct.correlatorDeadLetterQueue!.queueArn) },
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
      })]);
    }
  });

  test('lets the function use the table and key and put events on the central bus only', () => {
    const stack = stackIn('us-east-1');
    const construct = inAccount(stack);

    const role = stack.resolve((construct.correlator!.role!.node.defaultChild as any).logicalId);
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .filter((p: any) => JSON.stringify(p.Properties.Roles).includes(role))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: 'events:PutEvents', Resource: BUS_ARN }),
      expect.objectContaining({ Action: ['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:BatchWriteItem'] }),
    ]));
    expect(JSON.stringify(statements)).not.toMatch(/"Resource":"\*"/);
  });

  test('alarms on function errors and on its dead letters', () => {
    const stack = stackIn('us-east-1');
    const construct = inAccount(stack);
    const template = Template.fromStack(stack);

    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: stack.resolve(construct.correlator!.functionName) }],
      Threshold: 1,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: stack.resolve(construct.correlatorDeadLetterQueue!.queueName) }],
    });
    expect(construct.alarms).toHaveLength(3);
  });

  test('takes the correlation window from the prop', () => {
    const stack = stackIn('us-east-1');
    inAccount(stack, { correlationWindow: Duration.hours(2) });

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ [CORRELATOR_ENV.windowSeconds]: '7200' }) },
    });
  });
});

describe('regions', () => {
  test('IAM outside us-east-1 is an error that names the region and the fix', () => {
    const stack = stackIn('eu-west-2');

    expect(() => forwarding(stack)).toThrow(
      /region 'eu-west-2' selects IAM.*only in us-east-1; deploy IdentityEventForwarding with directories: \[UserDirectory\.IAM\] in a stack in us-east-1.*allowNonUsEast1/,
    );
  });

  test('IAM outside us-east-1 with allowNonUsEast1 is a warning', () => {
    const stack = stackIn('eu-west-2');

    forwarding(stack, { allowNonUsEast1: true });

    Annotations.fromStack(stack).hasWarning('/Workload/Identity', Match.stringLikeRegexp("region 'eu-west-2' selects IAM.*allowNonUsEast1 is set"));
  });

  test('IAM in a stack with an unresolved region is a warning', () => {
    const stack = stackIn(undefined);

    forwarding(stack, { directories: [UserDirectory.IAM] });

    Annotations.fromStack(stack).hasWarning('/Workload/Identity', Match.stringLikeRegexp('region is not known at synth.*us-east-1'));
  });
});

describe('bad input', () => {
  test.each([
    [[], /directories is an empty list/],
    [[UserDirectory.IAM, UserDirectory.IAM], /directories lists IAM more than once/],
    [['LDAP' as UserDirectory], /directories contains 'LDAP', which is not a UserDirectory/],
  ])('directories %j is refused', (directories, message) => {
    expect(() => forwarding(stackIn('us-east-1'), { directories })).toThrow(message);
  });

  test.each([
    [Duration.seconds(30), /correlationWindow of 30 seconds \(30 seconds\) is outside 1 minute to 24 hours/],
    [Duration.hours(25), /correlationWindow of 1 day 1 hour \(90000 seconds\) is outside 1 minute to 24 hours/],
    [Duration.millis(90500), /correlationWindow of 90\.5 seconds is not a whole number of seconds/],
  ])('correlationWindow %s is refused', (correlationWindow, message) => {
    expect(() => forwarding(stackIn('us-east-1'), { correlationWindow })).toThrow(message);
  });

  test.each([0, 101, 2.5])('correlatorReservedConcurrency %d is refused', (value) => {
    expect(() => forwarding(stackIn('us-east-1'), { correlatorReservedConcurrency: value }))
      .toThrow(new RegExp(`correlatorReservedConcurrency of ${value} is outside 1 to 100`));
  });

  test('a retention below the exposure minimum is refused', () => {
    expect(() => forwarding(stackIn('us-east-1'), { exposure: ServiceExposure.INTERNAL, retentionDays: 90 }))
      .toThrow(/retentionDays of 90 days is below the 400-day minimum/);
  });
});

describe('correlation mode (issue 14)', () => {
  test('by default no correlator runs in the account: sign-ins are correlated centrally', () => {
    const stack = stackIn('us-east-1');
    const construct = forwarding(stack);
    const template = Template.fromStack(stack);
    expect(construct.correlation).toBe(SignInCorrelationMode.CENTRAL);
    expect(construct.correlator).toBeUndefined();
    template.resourceCountIs('AWS::Lambda::Function', 0);
    template.resourceCountIs('AWS::DynamoDB::Table', 0);
    expect(rules(template, false)).toEqual([]);
    expect(matched(rules(template, true))).toContain('signin.amazonaws.com ConsoleLogin');
  });

  test('forwardSignInEvents: false leaves sign-in events to SignInEventForwarding and keeps the rest', () => {
    const stack = stackIn('us-east-1');
    forwarding(stack, { directories: [UserDirectory.IAM], forwardSignInEvents: false });
    const forwardedNames = matched(rules(Template.fromStack(stack), true));
    expect(forwardedNames.filter((n) => n.startsWith('signin.amazonaws.com'))).toEqual([]);
    expect(forwardedNames.some((n) => n.startsWith('iam.amazonaws.com'))).toBe(true);
  });

  test('an unknown correlation mode is refused naming the value', () => {
    expect(() => forwarding(stackIn('us-east-1'), { correlation: 'SOMEWHERE' as SignInCorrelationMode }))
      .toThrow(/correlation 'SOMEWHERE' is not a SignInCorrelationMode/);
  });
});
