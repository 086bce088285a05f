import { buildDhcpDocument, dhcpDocumentText, formatIpv4, parseIpv4Cidr } from '../../../lib/handlers/network-inventory-export/dhcp';
import { DEFAULT_PURPOSE_TAG_KEYS, DHCP_SCOPES_FORMAT } from '../../../lib/handlers/network-inventory-export/contract';
import { OPTIONS, SUBNETS, VPC } from './fixtures';

function doc(changes: Partial<Parameters<typeof buildDhcpDocument>[0]> = {}) {
  return buildDhcpDocument({
    account: '111122223333',
    region: 'eu-west-2',
    vpc: VPC,
    dhcpOptions: OPTIONS,
    subnets: SUBNETS,
    purposeTagKeys: [...DEFAULT_PURPOSE_TAG_KEYS],
    ...changes,
  });
}

describe('DHCP scope document', () => {
  test('describes the VPC: associated CIDRs only, the Amazon-provided resolver address and purpose tags', () => {
    const d = doc();

    expect(d.format).toBe(DHCP_SCOPES_FORMAT);
    expect(d.account).toBe('111122223333');
    expect(d.region).toBe('eu-west-2');
    expect(d.vpc).toEqual({
      vpcId: 'vpc-0a',
      state: 'available',
      isDefault: false,
      cidrBlocks: ['10.0.0.0/16', '10.1.0.0/16'],
      ipv6CidrBlocks: ['2001:db8:1234:1a00::/56'],
      amazonProvidedDnsAddress: '10.0.0.2',
      purpose: { Name: 'platform' },
    });
  });

  test('lists the DHCP options set: the standard options always, server order kept, option names sorted', () => {
    const d = doc();

    expect(d.dhcpOptions.dhcpOptionsId).toBe('dopt-0a');
    expect(d.dhcpOptions.purpose).toEqual({ Purpose: 'corporate resolvers' });
    expect(Object.keys(d.dhcpOptions.options!)).toEqual([
      'domain-name', 'domain-name-servers', 'ipv6-address-preferred-lease-time', 'netbios-name-servers', 'netbios-node-type', 'ntp-servers',
    ]);
    expect(d.dhcpOptions.options!['domain-name-servers']).toEqual(['10.0.0.53', 'AmazonProvidedDNS']);
    expect(d.dhcpOptions.options!['domain-name']).toEqual(['corp.example.internal']);
    expect(d.dhcpOptions.options!['netbios-name-servers']).toEqual([]);
  });

  test('a VPC without a DHCP options set says so rather than listing options', () => {
    const d = doc({ vpc: { ...VPC, DhcpOptionsId: 'default' }, dhcpOptions: undefined });

    expect(d.dhcpOptions).toMatchObject({ dhcpOptionsId: 'default', options: null });
    expect(d.dhcpOptions.note).toMatch(/AmazonProvidedDNS/);
  });

  test('lists every subnet as a scope, sorted by address, with its range, counts, flags and purpose', () => {
    const d = doc();

    expect(d.scopes.map((s) => s.subnetId)).toEqual(['subnet-0a', 'subnet-0b', 'subnet-0c']);
    expect(d.scopes[1]).toEqual({
      subnetId: 'subnet-0b',
      subnetArn: 'arn:aws:ec2:eu-west-2:111122223333:subnet/subnet-0b',
      cidrBlock: '10.0.16.0/20',
      ipv6CidrBlocks: ['2001:db8:1234:1a01::/64'],
      availabilityZone: 'eu-west-2a',
      availabilityZoneId: 'euw2-az2',
      state: 'available',
      addressCount: 4096,
      reservedAddressCount: 5,
      availableIpAddressCount: 4000,
      router: '10.0.16.1',
      leaseRange: { first: '10.0.16.4', last: '10.0.31.254' },
      mapPublicIpOnLaunch: true,
      assignIpv6AddressOnCreation: false,
      ipv6Native: false,
      defaultForAz: false,
      // in the configured key order, whatever order the tags came in
      purpose: { 'Name': 'ingress-a', 'aws-cdk:subnet-type': 'Public' },
      purposeDocumented: true,
    });
    expect(Object.keys(d.scopes[1].purpose)).toEqual(['Name', 'aws-cdk:subnet-type']);
    expect(d.scopes[2].purpose).toEqual({ Name: 'data-b', Purpose: 'databases' });
    expect(d.scopes[0]).toMatchObject({ purpose: {}, purposeDocumented: false });
  });

  test('only the configured purpose tag keys are copied', () => {
    const d = doc({ purposeTagKeys: ['Purpose'] });

    expect(d.vpc.purpose).toEqual({});
    expect(d.scopes.map((s) => s.purpose)).toEqual([{}, {}, { Purpose: 'databases' }]);
  });

  test('is the same text whatever order the subnets were listed in', () => {
    const a = dhcpDocumentText(doc());
    const b = dhcpDocumentText(doc({ subnets: [...SUBNETS].reverse() }));

    expect(b).toBe(a);
    expect(JSON.parse(a).scopes).toHaveLength(3);
    expect(a.endsWith('}\n')).toBe(true);
  });

  test('IPv4 helpers', () => {
    expect(parseIpv4Cidr('10.0.16.7/20')).toEqual({ base: parseIpv4Cidr('10.0.16.0/20')!.base, prefix: 20 });
    expect(formatIpv4(parseIpv4Cidr('192.168.255.0/24')!.base + 255)).toBe('192.168.255.255');
    expect(parseIpv4Cidr('2001:db8::/64')).toBeUndefined();
    expect(parseIpv4Cidr('300.0.0.0/8')).toBeUndefined();
  });
});
