import {
  awsSource,
  LoggingProfile,
  LogSourceName,
  MaturityTier,
  REQUIREMENTS,
  requirement,
  RequirementKind,
  requirementsFor,
  RETENTION_POLICY,
  SeedFile,
  Verdict,
} from '../../lib/requirements';
import { implementersOf } from '../../lib/checks/implementations';

const COLLECTION_IDS = [
  'HP-B1', 'HP-B2', 'HP-B3', 'HP-B4', 'HP-B5', 'HP-B6', 'HP-B7',
  'HP-E1', 'HP-E2', 'HP-E3', 'HP-E4', 'HP-E5', 'HP-E6', 'HP-E7', 'HP-E8',
  'CA-B1', 'CA-B2', 'CA-B3', 'CA-E1', 'CA-E2',
];
const POLICY_IDS = ['LM-1', 'LM-2', 'LM-3', 'LM-4', 'LM-5', 'LM-6', 'PU-1', 'PU-2', 'PU-3', 'PU-4'];

describe('requirement catalogue: completeness and shape', () => {
  test('holds every requirement id of the four seeds, in the documented order', () => {
    // GIVEN the ids the standard numbers
    // WHEN the catalogue is listed
    const ids = REQUIREMENTS.map((r) => r.id);
    // THEN it holds exactly those ids, hosting platform first, then custom application, then policy
    expect(ids).toEqual([...COLLECTION_IDS, ...POLICY_IDS]);
  });

  test('has no duplicate ids', () => {
    const ids = REQUIREMENTS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('titles are distinct, so a summary line names one requirement', () => {
    // GIVEN every record
    const titles = REQUIREMENTS.map((r) => r.title);
    // THEN no two share a title; those that share a heading of the standard keep it as their section
    expect(new Set(titles).size).toBe(titles.length);
    expect(REQUIREMENTS.filter((r) => r.section === 'Protecting log files and log data').map((r) => r.id)).toEqual(['LM-4', 'LM-5', 'LM-6']);
  });

  test.each(REQUIREMENTS.map((r) => [r.id, r] as const))('%s has a tier, profiles, a title, a seed, fields and a verdict', (_id, r) => {
    expect(Object.values(MaturityTier)).toContain(r.tier);
    expect(r.profiles.length).toBeGreaterThan(0);
    r.profiles.forEach((p) => expect(Object.values(LoggingProfile)).toContain(p));
    expect(r.title.trim()).not.toBe('');
    expect(Object.values(SeedFile)).toContain(r.seed);
    expect(r.fields.length).toBeGreaterThan(0);
    expect(Object.values(Verdict)).toContain(r.verdict);
  });

  test.each(REQUIREMENTS.map((r) => [r.id, r] as const))('%s has a nearestEquivalent exactly when its verdict is not FULL', (_id, r) => {
    if (r.verdict === Verdict.FULL) {
      expect(r.nearestEquivalent).toBeUndefined();
    } else {
      expect(r.nearestEquivalent?.trim().length ?? 0).toBeGreaterThan(40);
    }
  });

  test.each(COLLECTION_IDS)('%s takes its kind, profile, tier and seed from its id', (id) => {
    // GIVEN an id such as HP-B3 (hosting platform, Baseline) or CA-E2 (custom application, Enhanced)
    const [profileCode, tierCode] = [id.slice(0, 2), id[3]];
    // WHEN the record is read
    const r = requirement(id);
    // THEN the record agrees with the id
    expect(r.kind).toBe(RequirementKind.COLLECTION);
    expect(r.profiles).toEqual([profileCode === 'HP' ? LoggingProfile.HOSTING_PLATFORM : LoggingProfile.CUSTOM_APPLICATION]);
    expect(r.tier).toBe(tierCode === 'B' ? MaturityTier.BASELINE : MaturityTier.ENHANCED);
    expect(r.seed).toBe(profileCode === 'HP' ? SeedFile.HOSTING_PLATFORMS : SeedFile.CUSTOM_APPLICATIONS);
  });

  test.each(POLICY_IDS)('%s is a Baseline policy rule for both profiles', (id) => {
    const r = requirement(id);
    expect(r.kind).toBe(RequirementKind.POLICY);
    expect(r.tier).toBe(MaturityTier.BASELINE);
    expect([...r.profiles].sort()).toEqual([LoggingProfile.CUSTOM_APPLICATION, LoggingProfile.HOSTING_PLATFORM]);
    expect(r.seed).toBe(id.startsWith('LM') ? SeedFile.LOGGING_AND_MONITORING : SeedFile.PRIVILEGED_USER_LOGGING);
  });

  test('every CloudTrail event source ends in .amazonaws.com and no name carries whitespace', () => {
    const sets = REQUIREMENTS.flatMap((r) => r.cloudTrailEvents);
    expect(sets.length).toBeGreaterThan(20);
    for (const set of sets) {
      expect(set.eventSource).toMatch(/^[a-z0-9-]+\.amazonaws\.com$/);
      expect(set.eventNames.length).toBeGreaterThan(0);
      for (const name of set.eventNames) {
        expect(name).toMatch(/^[A-Za-z0-9_]+$/);
      }
    }
  });

  test('every EventBridge source is aws.<service> and no detail-type has surrounding whitespace', () => {
    const sets = REQUIREMENTS.flatMap((r) => r.eventBridgeDetailTypes);
    expect(sets.length).toBeGreaterThan(5);
    for (const set of sets) {
      expect(set.source).toMatch(/^aws\.[a-z0-9-]+$/);
      for (const detailType of set.detailTypes) {
        expect(detailType).toBe(detailType.trim());
        expect(detailType).not.toMatch(/\s{2}/);
      }
    }
  });

  test('no record lists the same event source twice or an event name twice within a source', () => {
    for (const r of REQUIREMENTS) {
      const keys = r.cloudTrailEvents.map((s) => `${s.eventSource}|${s.dataEventResourceType ?? ''}`);
      expect({ id: r.id, keys }).toEqual({ id: r.id, keys: [...new Set(keys)] });
      for (const set of r.cloudTrailEvents) {
        expect({ id: r.id, names: set.eventNames }).toEqual({ id: r.id, names: [...new Set(set.eventNames)] });
      }
    }
  });

  test('data events name the advanced event selector resource type they need', () => {
    const dataSets = REQUIREMENTS.flatMap((r) => r.cloudTrailEvents).filter((s) => s.dataEventResourceType !== undefined);
    expect(dataSets.map((s) => s.dataEventResourceType)).toEqual(expect.arrayContaining(['AWS::DynamoDB::Table', 'AWS::S3::Object', 'AWS::SQS::Queue']));
    dataSets.forEach((s) => expect(s.dataEventResourceType).toMatch(/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/));
  });

  test('HP-E5 is the Windows / NCSC Logging Made Easy item of the Enhanced tier', () => {
    const r = requirement('HP-E5');
    expect(r.title).toMatch(/Logging Made Easy/);
    expect(r.tier).toBe(MaturityTier.ENHANCED);
  });

  test('records are frozen so no consumer can change the single source of truth', () => {
    const r = requirement('HP-E1');
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(awsSource('HP-E1', LogSourceName.VPC_FLOW_LOGS).fields)).toBe(true);
    expect(() => (r.fields as string[]).push('extra')).toThrow(TypeError);
  });
});

describe('requirement()', () => {
  test('returns the record with the id', () => {
    expect(requirement('HP-B3').title).toBe('Domain name service query logs');
  });

  test('throws naming the unknown id and the known ids', () => {
    expect(() => requirement('NOPE')).toThrow(/Unknown requirement id 'NOPE'; known ids are HP-B1, HP-B2, .*PU-4/);
  });
});

describe('awsSource()', () => {
  test('throws naming both the requirement and the missing source', () => {
    expect(() => awsSource('HP-B3', 'Carrier pigeon')).toThrow(/'HP-B3'.*'Carrier pigeon'/);
  });

  test('throws for an unknown requirement id', () => {
    expect(() => awsSource('XX-9', LogSourceName.CLOUDTRAIL)).toThrow(/Unknown requirement id 'XX-9'/);
  });
});

describe('requirementsFor()', () => {
  const ids = (tier: MaturityTier, profile: LoggingProfile) => requirementsFor(tier, profile).map((r) => r.id);

  test.each([LoggingProfile.HOSTING_PLATFORM, LoggingProfile.CUSTOM_APPLICATION])('Enhanced is a strict superset of Baseline for %s', (profile) => {
    const baseline = ids(MaturityTier.BASELINE, profile);
    const enhanced = ids(MaturityTier.ENHANCED, profile);
    expect(enhanced).toEqual(expect.arrayContaining(baseline));
    expect(enhanced.length).toBeGreaterThan(baseline.length);
  });

  test('Baseline hosting platform is HP-B1..HP-B7 and every policy rule, nothing else', () => {
    expect(ids(MaturityTier.BASELINE, LoggingProfile.HOSTING_PLATFORM)).toEqual([
      'HP-B1', 'HP-B2', 'HP-B3', 'HP-B4', 'HP-B5', 'HP-B6', 'HP-B7', ...POLICY_IDS,
    ]);
  });

  test('Enhanced custom application holds CA-B*, CA-E* and the policy rules, and no hosting platform item', () => {
    const got = ids(MaturityTier.ENHANCED, LoggingProfile.CUSTOM_APPLICATION);
    expect(got).toEqual(['CA-B1', 'CA-B2', 'CA-B3', 'CA-E1', 'CA-E2', ...POLICY_IDS]);
    expect(got.some((id) => id.startsWith('HP-'))).toBe(false);
  });

  test('rejects a tier or profile that is not one of the enums, naming it', () => {
    expect(() => requirementsFor('GOLD' as MaturityTier, LoggingProfile.HOSTING_PLATFORM)).toThrow(/'GOLD'/);
    expect(() => requirementsFor(MaturityTier.BASELINE, 'MOBILE' as LoggingProfile)).toThrow(/'MOBILE'/);
  });
});

describe('policy records', () => {
  test.each([
    ['LM-1', RETENTION_POLICY.externalMinimumDays],
    ['LM-2', RETENTION_POLICY.internalMinimumDays],
    ['LM-3', RETENTION_POLICY.maximumDaysWithoutApproval],
  ])('%s carries the retention figure of RETENTION_POLICY, in its number and its words', (id, days) => {
    const r = requirement(id);
    expect(r.retentionDays).toBe(days);
    expect(r.fields.join(' ')).toContain(`${days} days`);
  });

  test('only the retention rules carry a retention figure', () => {
    expect(REQUIREMENTS.filter((r) => r.retentionDays !== undefined).map((r) => r.id)).toEqual(['LM-1', 'LM-2', 'LM-3']);
  });

  test('PU-3 is met by the archive, the tamper events and alerts and the organisation guardrail, and lists the calls that switch logging off', () => {
    const r = requirement('PU-3');
    expect(implementersOf('PU-3')).toEqual(['LogArchive', 'TamperAlerts', 'ArchiveAnalysis', 'TamperEventForwarding', 'LogProtectionGuardrail']);
    expect(r.cloudTrailEvents).toEqual(expect.arrayContaining([
      { eventSource: 'cloudtrail.amazonaws.com', eventNames: expect.arrayContaining(['StopLogging', 'DeleteTrail']) },
      { eventSource: 'logs.amazonaws.com', eventNames: expect.arrayContaining(['DeleteLogGroup']) },
      { eventSource: 'ec2.amazonaws.com', eventNames: ['DeleteFlowLogs'] },
    ]));
  });

  test('PU-2 (time synchronisation) names the Amazon Time Sync Service and says what the library cannot assert', () => {
    const r = requirement('PU-2');
    expect(r.verdict).toBe(Verdict.PARTIAL);
    expect(r.nearestEquivalent).toMatch(/169\.254\.169\.123/);
    expect(r.nearestEquivalent).toMatch(/cannot/);
    expect(implementersOf('PU-2')).toEqual(['TimeSyncConfiguration']);
    expect(r.implementedBy).toBeUndefined();
  });

  test.each(['LM-1', 'LM-2', 'LM-3', 'LM-4', 'LM-5', 'LM-6', 'PU-4'])('%s is met by LogArchive', (id) => {
    expect(implementersOf(id)).toContain('LogArchive');
    expect(requirement(id).implementedBy).toBeUndefined();
  });
});
