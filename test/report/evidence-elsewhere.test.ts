import { App, Stack } from 'aws-cdk-lib';
import { CentralLogTargets } from '../../lib/central/targets';
import { LogCollectionChecks } from '../../lib/checks';
import { buildCoverageReport, CoverageStatus } from '../../lib/report';
import { LoggingProfile, MaturityTier, ServiceExposure } from '../../lib/requirements/types';
import { DataEventResourceType } from '../../lib/sources/services/audit-trail';
import { WorkloadLogCollection } from '../../lib/workload/workload-log-collection';
import { entry } from './helpers';

/** Evidence across stacks and apps: reused pieces count where they are; the central account's requirements are met elsewhere. */

const CENTRAL_ACCOUNT = '999999999999';
const central = CentralLogTargets.fromAttributes({
  accountId: CENTRAL_ACCOUNT,
  region: 'eu-west-2',
  archiveKeyArn: `arn:aws:kms:eu-west-2:${CENTRAL_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
});
const SETTINGS = { tier: MaturityTier.ENHANCED, profile: LoggingProfile.CUSTOM_APPLICATION, exposure: ServiceExposure.EXTERNAL };

function workload(app: App, id: string): Stack {
  const stack = new Stack(app, id, { env: { account: '111111111111', region: 'eu-west-2' } });
  new WorkloadLogCollection(stack, 'SecurityLogs', { central, ...SETTINGS });
  return stack;
}

function collectionOf(stack: Stack): WorkloadLogCollection {
  return stack.node.findChild('SecurityLogs') as WorkloadLogCollection;
}

describe('evidence across stacks and apps', () => {
  test('a workload-only app shows the central account requirements as MET_ELSEWHERE, naming the account', () => {
    // GIVEN a workload app that reaches the central account through fromAttributes
    const app = new App();
    const stack = workload(app, 'Workload');
    // WHEN
    const report = buildCoverageReport(app, [{ pack: new LogCollectionChecks(stack, SETTINGS), scope: stack }]);
    // THEN
    for (const id of ['LM-6', 'PU-1', 'PU-4']) {
      const e = entry(report, id);
      expect(e.status).toBe(CoverageStatus.MET_ELSEWHERE);
      expect(e.reason).toMatch(new RegExp(`^Met outside this app, in account ${CENTRAL_ACCOUNT}, which Workload/SecurityLogs relies on`));
      expect(e.metElsewhere).toEqual(expect.objectContaining({ account: CENTRAL_ACCOUNT, reliedOnBy: ['Workload/SecurityLogs'] }));
    }
    expect(report.summary.total.metElsewhere).toBeGreaterThanOrEqual(3);
  });

  test('without a collection that names the central account, those requirements stay NOT_MET', () => {
    // GIVEN an app with nothing of this library
    const app = new App();
    const stack = new Stack(app, 'Plain');
    // WHEN
    const report = buildCoverageReport(app, [{ pack: new LogCollectionChecks(stack, SETTINGS), scope: stack }]);
    // THEN
    expect(entry(report, 'PU-1').status).toBe(CoverageStatus.NOT_MET);
    expect(entry(report, 'PU-1').metElsewhere).toBeUndefined();
  });

  test("a trail reused from another stack's collection counts as evidence in the stack that reuses it", () => {
    // GIVEN two stacks of one account and region; the second reuses the first one's trail
    const app = new App();
    const first = workload(app, 'First');
    collectionOf(first).auditTrail!.addDataEvents({ resourceType: DataEventResourceType.DYNAMODB_TABLE });
    const second = workload(app, 'Second');
    expect(collectionOf(second).auditTrail).toBe(collectionOf(first).auditTrail);
    // WHEN the second stack alone is declared
    const report = buildCoverageReport(app, [{ pack: new LogCollectionChecks(second, SETTINGS), scope: second }]);
    // THEN the data-store requirement shows the first stack's trail, and the note says it is reused
    const caE2 = entry(report, 'CA-E2');
    expect(caE2.status).not.toBe(CoverageStatus.NOT_MET);
    expect(caE2.resources.map((r) => r.constructPath)).toContain('First/SecurityLogs/AuditTrail/Resource');
    expect(caE2.evidence.map((e) => e.note).join(' ')).toContain("(Reused by Second/SecurityLogs from 'First/SecurityLogs/AuditTrail'.)");
  });
});
