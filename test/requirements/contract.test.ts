/**
 * The parts of the catalogue other constructs already read. Each test pins
 * one promise; a failure here breaks a source or a rule elsewhere.
 */
import { LogFormat } from 'aws-cdk-lib/aws-ec2';
import { awsSource, LogSourceName, recommendedFields, requiredFields, requirement, REQUIREMENTS, Verdict } from '../../lib/requirements';
import { implementersOf } from '../../lib/checks/implementations';

describe('HP-E1: VPC flow log fields', () => {
  const fields = () => awsSource('HP-E1', LogSourceName.VPC_FLOW_LOGS).fields ?? [];

  test('lists every field the custom format needs for denied traffic, in the documented order', () => {
    // GIVEN the flow log fields the standard's items map to, in the order of the VPC documentation's table
    const expected = [
      'version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes',
      'start', 'end', 'action', 'log-status', 'vpc-id', 'subnet-id', 'instance-id', 'tcp-flags', 'type', 'pkt-srcaddr',
      'pkt-dstaddr', 'region', 'flow-direction', 'traffic-path',
    ];
    // WHEN the catalogue is read
    // THEN the fields are those, in that order
    expect(fields()).toEqual(expected);
  });

  test('uses AWS field names without ${} so a format can be built from them', () => {
    fields().forEach((f) => expect(f).toMatch(/^[a-z]+(-[a-z]+)*$/));
  });
});

describe('required and recommended fields', () => {
  test('HP-E1 requires the flow log fields that carry the items the standard names', () => {
    // GIVEN the catalogue's flow log source for HP-E1
    const source = awsSource('HP-E1', LogSourceName.VPC_FLOW_LOGS);
    // WHEN its fields are split
    // THEN the standard's items are required and the rest recommended
    expect(requiredFields(source)).toEqual(['interface-id', 'srcaddr', 'dstaddr', 'dstport', 'protocol', 'action']);
    expect(recommendedFields(source)).toEqual(expect.arrayContaining(['pkt-srcaddr', 'type', 'region']));
    expect(recommendedFields(source)).not.toContain('dstport');
  });

  test("AWS's default flow log format carries every field HP-E1 requires", () => {
    const defaults = LogFormat.ALL_DEFAULT_FIELDS.value;
    requiredFields(awsSource('HP-E1', LogSourceName.VPC_FLOW_LOGS)).forEach((f) => expect(defaults).toContain(`\${${f}}`));
  });

  test.each(REQUIREMENTS.flatMap((r) => r.awsSources.filter((s) => s.requiredFields).map((s) => [r.id, s.name, s] as const)))(
    '%s / %s: required fields are some of its fields', (_id, _name, source) => {
      expect(source.fields).toEqual(expect.arrayContaining(requiredFields(source)));
    });
});

describe('HP-B3: Route 53 Resolver query logs', () => {
  test('the source lists the query log JSON keys', () => {
    expect(awsSource('HP-B3', LogSourceName.RESOLVER_QUERY_LOGS).fields).toEqual(expect.arrayContaining([
      'query_timestamp', 'srcaddr', 'query_name', 'query_type', 'rcode', 'answers', 'srcids', 'vpc_id',
    ]));
  });

  test('is PARTIAL and says what is missing: nameserver, zone or view, bypassing queries', () => {
    const r = requirement('HP-B3');
    expect(r.verdict).toBe(Verdict.PARTIAL);
    expect(r.nearestEquivalent).toMatch(/authoritative/);
    expect(r.nearestEquivalent).toMatch(/zone or view/);
    expect(r.nearestEquivalent).toMatch(/bypass/);
    expect(implementersOf('HP-B3')).toEqual(['DnsQueryLogging', 'VpcBaseline']);
  });
});

describe('HP-B6: EKS control plane logs', () => {
  test('fields are exactly the required log types', () => {
    expect(awsSource('HP-B6', LogSourceName.EKS_CONTROL_PLANE_LOGS).fields).toEqual(['api', 'audit', 'authenticator']);
  });

  test('the notes name the optional log types', () => {
    const notes = awsSource('HP-B6', LogSourceName.EKS_CONTROL_PLANE_LOGS).notes ?? '';
    expect(notes).toMatch(/controllerManager/);
    expect(notes).toMatch(/scheduler/);
    expect(notes).toMatch(/optional/);
  });
});

describe('user directory sources (HP-B1, CA-B1)', () => {
  test.each(['HP-B1', 'CA-B1'])('%s has a Cognito user auth events source that names the Plus plan and threat protection', (id) => {
    const notes = awsSource(id, LogSourceName.COGNITO_USER_AUTH_EVENTS).notes ?? '';
    expect(notes).toMatch(/Plus feature plan/);
    expect(notes).toMatch(/threat protection/);
  });

  test.each(['HP-B1', 'CA-B1'])('%s has a CloudTrail source', (id) => {
    expect(awsSource(id, LogSourceName.CLOUDTRAIL).name).toBe('CloudTrail');
  });

  test.each(['HP-B1', 'CA-B1'])('%s is met by the central sign-in correlator, the trail, the identity forwarders and the Cognito logging construct', (id) => {
    expect(implementersOf(id)).toEqual(['SignInCorrelation', 'AuditTrail', 'IdentityEventForwarding', 'CognitoUserPoolLogging', 'SignInEventForwarding']);
  });
});

describe('pipeline events (HP-E8, CA-E1)', () => {
  test.each(['HP-E8', 'CA-E1'])('%s lists the CodePipeline, CodeBuild and CloudFormation detail-types exactly', (id) => {
    expect(requirement(id).eventBridgeDetailTypes).toEqual([
      {
        source: 'aws.codepipeline',
        detailTypes: [
          'CodePipeline Pipeline Execution State Change',
          'CodePipeline Stage Execution State Change',
          'CodePipeline Action Execution State Change',
        ],
      },
      { source: 'aws.codebuild', detailTypes: ['CodeBuild Build State Change'] },
      { source: 'aws.cloudformation', detailTypes: ['CloudFormation Stack Status Change', 'CloudFormation Resource Status Change'] },
    ]);
  });

  test('CA-E1 also asks for the target environment, HP-E8 does not', () => {
    expect(requirement('CA-E1').fields).toContain('Activity events: target environment');
    expect(requirement('HP-E8').fields.some((f) => /target environment/.test(f))).toBe(false);
  });

  test.each(['HP-E8', 'CA-E1'])('%s is met by the trail and the pipeline forwarder', (id) => {
    expect(implementersOf(id)).toEqual(['AuditTrail', 'PipelineEventForwarding']);
  });
});

describe('EventBridge sources', () => {
  test('HP-E4 has an EventBridge source and the GuardDuty, Inspector and Security Hub finding detail-types', () => {
    expect(awsSource('HP-E4', LogSourceName.EVENTBRIDGE).name).toBe('EventBridge events');
    expect(requirement('HP-E4').eventBridgeDetailTypes).toEqual(expect.arrayContaining([
      { source: 'aws.guardduty', detailTypes: ['GuardDuty Finding'] },
      { source: 'aws.inspector2', detailTypes: ['Inspector2 Finding'] },
      { source: 'aws.securityhub', detailTypes: expect.arrayContaining(['Security Hub Findings - Imported']) },
    ]));
  });

  test('HP-B5 has an EventBridge source and the EC2 instance state-change detail-type', () => {
    expect(awsSource('HP-B5', LogSourceName.EVENTBRIDGE).name).toBe('EventBridge events');
    expect(requirement('HP-B5').eventBridgeDetailTypes).toEqual(expect.arrayContaining([
      { source: 'aws.ec2', detailTypes: expect.arrayContaining(['EC2 Instance State-change Notification']) },
    ]));
  });
});

describe('verdicts the reference notes call out', () => {
  test.each([
    ['HP-B7', Verdict.NOT_POSSIBLE_ON_AWS, /ENI|network interface/],
    ['HP-E6', Verdict.NOT_POSSIBLE_ON_AWS, /MDM|mobile device management/],
    ['HP-B4', Verdict.PARTIAL, /proxy/],
    ['HP-E2', Verdict.PARTIAL, /AXFR/],
  ])('%s is %s with a specific nearest equivalent', (id, verdict, pattern) => {
    const r = requirement(id);
    expect(r.verdict).toBe(verdict);
    expect(r.nearestEquivalent).toMatch(pattern);
  });

  test('HP-B7 names IPAM address history as part of the substitute', () => {
    expect(requirement('HP-B7').nearestEquivalent).toMatch(/GetIpamAddressHistory/);
  });
});
