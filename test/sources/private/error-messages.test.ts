import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CentralLogTargets } from '../../../lib/central/targets';
import { forwardRequirementEvents } from '../../../lib/sources/private/event-forwarding';

/** The requirement forwarders' checks of their own declaration against the catalogue. */
describe('requirement forwarder messages', () => {
  const central = CentralLogTargets.fromAttributes({ accountId: '999999999999', region: 'eu-west-2' });
  const spec = { purpose: 'test events', eventRuleSuffix: 'Test', evidenceNote: 'test' };

  test('a forwarder that declares more than one requirement is named with them', () => {
    const self = new Construct(new Stack(new App(), 'Workload'), 'Forwarding');
    expect(() => forwardRequirementEvents(self, { central }, { ...spec, implementation: { construct: 'TwoForwarding', requirementIds: ['HP-E4', 'HP-E8'] } }, () => false))
      .toThrow("TwoForwarding declares HP-E4, HP-E8; a requirement forwarder forwards one requirement's events.");
  });

  test('a requirement whose record lists no events is named, with where to add them', () => {
    const self = new Construct(new Stack(new App(), 'Workload'), 'Forwarding');
    expect(() => forwardRequirementEvents(self, { central }, { ...spec, implementation: { construct: 'ProxyForwarding', requirementIds: ['HP-B4'] } }, () => false))
      .toThrow('The requirement catalogue lists no EventBridge detail-types or CloudTrail events for HP-B4, so ProxyForwarding has nothing to forward; add them to its record.');
  });
});
