import type { DhcpOptions, Subnet, Vpc } from '@aws-sdk/client-ec2';
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';

export const ZONE_ID = 'Z0EXAMPLE123';
export const ZONE_NAME = 'corp.example.internal.';
export const ELB_ZONE_ID = 'ZHURV8PSTC4K8';

const n = (label: string) => (label === '' ? ZONE_NAME : `${label}.${ZONE_NAME}`);
const rrs = (...values: string[]) => values.map((Value) => ({ Value }));

/** A private zone's record sets, in no particular order, covering the types and cases the exporter handles. */
export function zoneRecordSets(): ResourceRecordSet[] {
  return [
    { Name: n('www'), Type: 'CNAME', TTL: 60, ResourceRecords: rrs('app.corp.example.internal.') },
    { Name: n('db'), Type: 'A', TTL: 300, ResourceRecords: rrs('10.0.1.10', '10.0.1.11') },
    { Name: n(''), Type: 'NS', TTL: 172800, ResourceRecords: rrs('ns-0.awsdns-00.com.', 'ns-512.awsdns-00.net.') },
    { Name: n('txt'), Type: 'TXT', TTL: 300, ResourceRecords: rrs('"say \\"hello\\"" "second string"', '"caf\\351"') },
    {
      Name: n(''), Type: 'SOA', TTL: 900,
      ResourceRecords: rrs('ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400'),
    },
    { Name: n('db'), Type: 'AAAA', TTL: 300, ResourceRecords: rrs('2001:db8::10') },
    { Name: n(''), Type: 'MX', TTL: 3600, ResourceRecords: rrs('10 mail.corp.example.internal.') },
    { Name: n(''), Type: 'TXT', TTL: 300, ResourceRecords: rrs('"v=spf1 -all"') },
    { Name: n('_ldap._tcp'), Type: 'SRV', TTL: 600, ResourceRecords: rrs('0 5 389 dc1.corp.example.internal.') },
    { Name: n('\\052.apps'), Type: 'A', TTL: 120, ResourceRecords: rrs('10.0.2.2') },
    { Name: n('api'), Type: 'A', AliasTarget: { HostedZoneId: ZONE_ID, DNSName: n('db'), EvaluateTargetHealth: false } },
    {
      Name: n('lb'), Type: 'A',
      AliasTarget: { HostedZoneId: ELB_ZONE_ID, DNSName: 'internal-app-123.eu-west-2.elb.amazonaws.com.', EvaluateTargetHealth: true },
    },
    { Name: n('blue'), Type: 'CNAME', TTL: 60, SetIdentifier: 'green', Weight: 90, ResourceRecords: rrs('green.corp.example.internal.') },
    { Name: n('blue'), Type: 'CNAME', TTL: 60, SetIdentifier: 'blue', Weight: 10, ResourceRecords: rrs('blue-v1.corp.example.internal.') },
    { Name: n('a\\056b'), Type: 'TXT', TTL: 300, ResourceRecords: rrs('"x"') },
  ];
}

export const VPC: Vpc = {
  VpcId: 'vpc-0a',
  State: 'available',
  IsDefault: false,
  CidrBlock: '10.0.0.0/16',
  CidrBlockAssociationSet: [
    { CidrBlock: '10.0.0.0/16', CidrBlockState: { State: 'associated' } },
    { CidrBlock: '10.1.0.0/16', CidrBlockState: { State: 'associated' } },
    { CidrBlock: '10.9.0.0/16', CidrBlockState: { State: 'disassociated' } },
  ],
  Ipv6CidrBlockAssociationSet: [{ Ipv6CidrBlock: '2001:db8:1234:1a00::/56', Ipv6CidrBlockState: { State: 'associated' } }],
  DhcpOptionsId: 'dopt-0a',
  Tags: [{ Key: 'Name', Value: 'platform' }, { Key: 'Owner', Value: 'team-x' }],
};

export const OPTIONS: DhcpOptions = {
  DhcpOptionsId: 'dopt-0a',
  DhcpConfigurations: [
    { Key: 'domain-name-servers', Values: [{ Value: '10.0.0.53' }, { Value: 'AmazonProvidedDNS' }] },
    { Key: 'domain-name', Values: [{ Value: 'corp.example.internal' }] },
    { Key: 'ntp-servers', Values: [{ Value: '169.254.169.123' }] },
    { Key: 'ipv6-address-preferred-lease-time', Values: [{ Value: '140000' }] },
  ],
  Tags: [{ Key: 'Purpose', Value: 'corporate resolvers' }],
};

export const SUBNETS: Subnet[] = [
  {
    SubnetId: 'subnet-0c', VpcId: 'vpc-0a', CidrBlock: '10.1.0.0/24', AvailabilityZone: 'eu-west-2b', AvailabilityZoneId: 'euw2-az3',
    AvailableIpAddressCount: 251, MapPublicIpOnLaunch: false, State: 'available',
    Tags: [{ Key: 'Name', Value: 'data-b' }, { Key: 'Purpose', Value: 'databases' }],
  },
  {
    SubnetId: 'subnet-0b', VpcId: 'vpc-0a', CidrBlock: '10.0.16.0/20', AvailabilityZone: 'eu-west-2a', AvailabilityZoneId: 'euw2-az2',
    AvailableIpAddressCount: 4000, MapPublicIpOnLaunch: true, State: 'available', SubnetArn: 'arn:aws:ec2:eu-west-2:111122223333:subnet/subnet-0b',
    Ipv6CidrBlockAssociationSet: [{ Ipv6CidrBlock: '2001:db8:1234:1a01::/64', Ipv6CidrBlockState: { State: 'associated' } }],
    Tags: [{ Key: 'aws-cdk:subnet-type', Value: 'Public' }, { Key: 'Name', Value: 'ingress-a' }],
  },
  {
    SubnetId: 'subnet-0a', VpcId: 'vpc-0a', CidrBlock: '10.0.0.0/24', AvailabilityZone: 'eu-west-2a', AvailabilityZoneId: 'euw2-az2',
    AvailableIpAddressCount: 250, MapPublicIpOnLaunch: false, State: 'available',
  },
];
