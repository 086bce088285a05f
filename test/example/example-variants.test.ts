import { example, report, requirementOf } from './example-helpers';

// The example app with the hosting platform's flow log removed: a file of its own so that jest synthesises it on
// another worker than example-app.test.ts.

// The framework prints the validation report on failure; keep test output readable.
beforeEach(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

describe('the example app without the hosting platform flow log', () => {
  test('fails synth with a finding that names HP-E1 and the VPC, and the report says NOT_MET naming the VPC', () => {
    // GIVEN the flow log removed (npx cdk synth -c hostingFlowLogs=false)
    const { app, outdir } = example({ hostingFlowLogs: 'false' });
    // WHEN / THEN
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/ERROR VPC HostingPlatform\/Regional\/Vpc\/Resource has no VPC flow log/);
    expect(message).toContain("Acknowledge with 'LogCollection::LogCollection-HP-E1'");
    const hpE1 = requirementOf(report(outdir), 'HostingPlatform', 'HP-E1');
    expect(hpE1.status).toBe('NOT_MET');
    expect(hpE1.reason).toContain('HostingPlatform/Regional/Vpc/Resource');
    expect(hpE1.findings[0]).toEqual(expect.objectContaining({ ruleId: 'LogCollection-HP-E1', compliance: 'NON_COMPLIANT' }));
  });
});
