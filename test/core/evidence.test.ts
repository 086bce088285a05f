import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AuditTrail, CentralLogTargets, ComputeEventForwarding, DataEventResourceType, SecurityFindingForwarding } from '../../lib';
import { addEvidence, evidenceOf, findEvidence, recordEvidence } from '../../lib/core/evidence';

const central = CentralLogTargets.fromAttributes({
  accountId: '111111111111',
  region: 'eu-west-2',
  archiveKeyArn: 'arn:aws:kms:eu-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
});

function stack(): Stack {
  return new Stack(new App(), 'Workload', { env: { account: '222222222222', region: 'eu-west-2' } });
}

function ids(construct: Construct): string[] {
  return evidenceOf(construct).flatMap((e) => e.requirementIds).sort();
}

describe('recording evidence', () => {
  test("takes the requirement ids from the construct class's declaration", () => {
    // GIVEN a construct standing in for ComputeEventForwarding
    const s = stack();
    const c = new Construct(s, 'C');
    // WHEN
    recordEvidence(c, ComputeEventForwarding.IMPLEMENTS, [], 'note');
    // THEN HP-B5 is the only requirement it declares
    expect(ids(c)).toEqual(['HP-B5']);
  });

  test('only and except narrow the ids; naming a requirement the construct does not implement throws', () => {
    const s = stack();
    const only = new Construct(s, 'Only');
    recordEvidence(only, AuditTrail.IMPLEMENTS, [], 'note', { only: ['CA-E2'] });
    expect(ids(only)).toEqual(['CA-E2']);
    expect(() => recordEvidence(new Construct(s, 'Bad'), AuditTrail.IMPLEMENTS, [], 'note', { only: ['HP-B3'] }))
      .toThrow(/AuditTrail does not declare requirement HP-B3/);
  });

  test('findEvidence returns the constructs under a scope in tree order', () => {
    const s = stack();
    const a = new Construct(s, 'A');
    const b = new Construct(a, 'B');
    addEvidence(b, { requirementIds: ['HP-E4'], resources: [], note: 'b' });
    addEvidence(a, { requirementIds: ['HP-B5'], resources: [], note: 'a' });
    expect(findEvidence(s).map((f) => f.construct.node.path)).toEqual(['Workload/A', 'Workload/A/B']);
    expect(findEvidence(b).map((f) => f.evidence[0].note)).toEqual(['b']);
  });
});

describe('constructs record what they meet', () => {
  test('AuditTrail meets the management-event requirements, and CA-E2 only once it records data events', () => {
    const s = stack();
    const trail = new AuditTrail(s, 'Trail', { central });
    expect(ids(trail)).toEqual(['CA-B1', 'CA-E1', 'HP-B1', 'HP-B2', 'HP-B5', 'HP-E2', 'HP-E8']);
    trail.addDataEvents({ resourceType: DataEventResourceType.DYNAMODB_TABLE });
    trail.addDataEvents({ resourceType: DataEventResourceType.LAMBDA_FUNCTION });
    expect(ids(trail).filter((id) => id === 'CA-E2')).toEqual(['CA-E2']);
    expect(evidenceOf(trail).flatMap((e) => e.resources)).toContain(trail.trail);
  });

  test('the finding and compute forwarders name their rules as the resources', () => {
    const s = stack();
    const findings = new SecurityFindingForwarding(s, 'Findings', { central });
    const compute = new ComputeEventForwarding(s, 'Compute', { central });
    expect(ids(findings)).toEqual(['HP-E4']);
    expect(evidenceOf(findings)[0].resources).toEqual(findings.rules);
    expect(ids(compute)).toEqual(['HP-B5']);
  });
});
