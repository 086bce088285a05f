import { dhcpObjectKey, zoneObjectKey } from '../../../lib/handlers/network-inventory-export/contract';

describe('export object keys', () => {
  test('carry the run date, so each day\'s export is a new object the archive keeps for its full retention', () => {
    const monday = new Date('2026-11-23T02:00:00Z');
    const tuesday = new Date('2026-11-24T02:00:00Z');
    expect(zoneObjectKey('exports/222222222222/', 'Z0EXAMPLE', 'corp.example.internal', monday))
      .toBe('exports/222222222222/route53/Z0EXAMPLE/2026-11-23/corp.example.internal.zone');
    expect(dhcpObjectKey('exports/222222222222/', 'vpc-0a', tuesday)).toBe('exports/222222222222/dhcp/vpc-0a/2026-11-24.json');
    expect(zoneObjectKey('p/', 'Z', 'z', monday)).not.toBe(zoneObjectKey('p/', 'Z', 'z', tuesday));
  });
});
