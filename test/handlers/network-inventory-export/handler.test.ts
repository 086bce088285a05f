import { createHash } from 'crypto';
import { DescribeDhcpOptionsCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client, Vpc } from '@aws-sdk/client-ec2';
import {
  GetHostedZoneCommand,
  HostedZoneSummary,
  ListHostedZonesByVPCCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { PutObjectCommand, PutObjectCommandInput, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../lib/handlers/network-inventory-export';
import { ExportSummary } from '../../../lib/handlers/network-inventory-export/run';
import { DEFAULT_PURPOSE_TAG_KEYS, DHCP_SCOPES_FORMAT, INVENTORY_ENV, ZONE_FILE_FORMAT } from '../../../lib/handlers/network-inventory-export/contract';
import { OPTIONS, SUBNETS, VPC, ZONE_ID, ZONE_NAME, zoneRecordSets } from './fixtures';

// Keys carry the run's date: pin the clock (only Date; timers stay real for the SDK mocks).
const DAY = '2026-11-23';
beforeAll(() => jest.useFakeTimers({
  now: new Date(`${DAY}T02:00:00Z`),
  doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame',
    'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval',
    'setTimeout', 'clearTimeout'],
}));
afterAll(() => jest.useRealTimers());

const ACCOUNT = '111122223333';
const CENTRAL = '999988887777';
const ROLE_ARN = `arn:aws:iam::${CENTRAL}:role/seclog-exports-writer`;
const BUCKET = `seclog-exports-${CENTRAL}-eu-west-2`;
const PREFIX = `exports/${ACCOUNT}/`;
const KEY_ARN = `arn:aws:kms:eu-west-2:${CENTRAL}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const VPC_B: Vpc = { VpcId: 'vpc-0b', CidrBlock: '10.2.0.0/16', DhcpOptionsId: 'default', State: 'available' };
const SHARED_ZONE: HostedZoneSummary = { HostedZoneId: 'ZSHARED1', Name: 'shared.internal.', Owner: { OwningAccount: '444455556666' } };
const SERVICE_ZONE: HostedZoneSummary = { HostedZoneId: 'ZEFS1', Name: 'efs.internal.', Owner: { OwningService: 'efs.amazonaws.com' } };
const OWN_ZONE: HostedZoneSummary = { HostedZoneId: ZONE_ID, Name: ZONE_NAME, Owner: { OwningAccount: ACCOUNT } };
const SECOND_ZONE: HostedZoneSummary = { HostedZoneId: 'ZSECOND1', Name: 'second.internal.', Owner: { OwningAccount: ACCOUNT } };

const route53 = mockClient(Route53Client);
const ec2 = mockClient(EC2Client);
const sts = mockClient(STSClient);
const s3 = mockClient(S3Client);
let logged: string[];

function minimalZone(name: string) {
  return [
    { Name: name, Type: 'SOA' as const, TTL: 900, ResourceRecords: [{ Value: 'ns-1.awsdns-00.com. hostmaster.amazon.com. 1 7200 900 1209600 86400' }] },
    { Name: name, Type: 'NS' as const, TTL: 172800, ResourceRecords: [{ Value: 'ns-1.awsdns-00.com.' }] },
    { Name: `host.${name}`, Type: 'A' as const, TTL: 60, ResourceRecords: [{ Value: '10.2.0.5' }] },
  ];
}

function puts(): PutObjectCommandInput[] {
  return s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
}

function put(key: string): PutObjectCommandInput {
  const found = puts().find((p) => p.Key === key);
  if (!found) {
    throw new Error(`no PutObject for ${key}; written: ${puts().map((p) => p.Key).join(', ')}`);
  }
  return found;
}

function bodyOf(input: PutObjectCommandInput): string {
  return Buffer.from(input.Body as Buffer).toString('utf8');
}

function summary(): ExportSummary {
  return JSON.parse(logged[logged.length - 1]);
}

beforeEach(() => {
  route53.reset();
  ec2.reset();
  sts.reset();
  s3.reset();
  Object.assign(process.env, {
    [INVENTORY_ENV.writerRoleArn]: ROLE_ARN,
    [INVENTORY_ENV.bucketName]: BUCKET,
    [INVENTORY_ENV.objectPrefix]: PREFIX,
    [INVENTORY_ENV.centralAccountId]: CENTRAL,
    [INVENTORY_ENV.centralRegion]: 'eu-west-2',
    [INVENTORY_ENV.archiveKeyArn]: KEY_ARN,
    [INVENTORY_ENV.sourceAccountId]: ACCOUNT,
    [INVENTORY_ENV.purposeTagKeys]: JSON.stringify(DEFAULT_PURPOSE_TAG_KEYS),
    [INVENTORY_ENV.zoneIds]: '[]',
    AWS_REGION: 'eu-west-2',
  });

  sts.on(AssumeRoleCommand).resolves({
    Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + 900_000) },
  });
  // Two pages of VPCs and of subnets.
  ec2.on(DescribeVpcsCommand).callsFake((input) => (input.NextToken ? { Vpcs: [VPC_B] } : { Vpcs: [VPC], NextToken: 'vpcs-2' }));
  ec2.on(DescribeSubnetsCommand).callsFake((input) => (input.NextToken
    ? { Subnets: [SUBNETS[2], { SubnetId: 'subnet-0z', VpcId: 'vpc-0b', CidrBlock: '10.2.0.0/24' }] }
    : { Subnets: [SUBNETS[0], SUBNETS[1]], NextToken: 'subnets-2' }));
  ec2.on(DescribeDhcpOptionsCommand).resolves({ DhcpOptions: [OPTIONS] });

  // vpc-0a sees two pages of zones, vpc-0b sees the own zone again and a service's zone.
  route53.on(ListHostedZonesByVPCCommand).callsFake((input) => {
    if (input.VPCId === 'vpc-0b') {
      return { HostedZoneSummaries: [OWN_ZONE, SERVICE_ZONE], MaxItems: 100 };
    }
    return input.NextToken
      ? { HostedZoneSummaries: [SECOND_ZONE], MaxItems: 100 }
      : { HostedZoneSummaries: [OWN_ZONE, SHARED_ZONE], MaxItems: 100, NextToken: 'zones-2' };
  });
  route53.on(GetHostedZoneCommand).callsFake((input) => {
    const name = input.Id === ZONE_ID ? ZONE_NAME : 'second.internal.';
    return {
      HostedZone: { Id: `/hostedzone/${input.Id}`, Name: name, CallerReference: 'ref', Config: { PrivateZone: true, Comment: 'internal' }, ResourceRecordSetCount: 15 },
      VPCs: [{ VPCRegion: 'eu-west-2', VPCId: 'vpc-0a' }, { VPCRegion: 'eu-west-2', VPCId: 'vpc-0b' }],
    };
  });
  // The own zone comes in two pages; the second zone in one.
  const sets = zoneRecordSets();
  route53.on(ListResourceRecordSetsCommand).callsFake((input) => {
    if (input.HostedZoneId === 'ZSECOND1') {
      return { ResourceRecordSets: minimalZone('second.internal.'), IsTruncated: false, MaxItems: 300 };
    }
    if (!input.StartRecordName) {
      return { ResourceRecordSets: sets.slice(0, 8), IsTruncated: true, NextRecordName: sets[8].Name, NextRecordType: sets[8].Type, MaxItems: 300 };
    }
    return { ResourceRecordSets: sets.slice(8), IsTruncated: false, MaxItems: 300 };
  });
  s3.on(PutObjectCommand).resolves({ VersionId: 'v1' });

  logged = [];
  jest.spyOn(console, 'log').mockImplementation((line: string) => {
    logged.push(line);
  });
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('a run', () => {
  test('assumes the central export writer role with a session naming the account and tagged with it, and writes with it in the central region', async () => {
    await handler();

    const assume = sts.commandCalls(AssumeRoleCommand);
    expect(assume).toHaveLength(1);
    expect(assume[0].args[0].input).toMatchObject({ RoleArn: ROLE_ARN, RoleSessionName: `network-inventory-${ACCOUNT}` });
    // The writer role's trust requires the source-account tag to be the caller's own account (its write prefix).
    expect(assume[0].args[0].input.Tags).toEqual([{ Key: 'source-account', Value: ACCOUNT }]);
    // The S3 client that wrote is in the central region and uses the assumed credentials.
    const client = s3.call(0).thisValue as S3Client;
    expect(await client.config.region()).toBe('eu-west-2');
    expect(await client.config.credentials()).toMatchObject({ accessKeyId: 'ASIAEXAMPLE', sessionToken: 'token' });
  });

  test('writes a DHCP document per VPC and a zone file per own private zone, under the account prefix', async () => {
    const result = await handler();

    expect(puts().map((p) => p.Key).sort()).toEqual([
      `${PREFIX}dhcp/vpc-0a/${DAY}.json`,
      `${PREFIX}dhcp/vpc-0b/${DAY}.json`,
      `${PREFIX}route53/${ZONE_ID}/${DAY}/corp.example.internal.zone`,
      `${PREFIX}route53/ZSECOND1/${DAY}/second.internal.zone`,
    ]);
    expect(result).toMatchObject({ account: ACCOUNT, region: 'eu-west-2', vpcCount: 2, zoneCount: 2, failures: [] });
    // Zones another account or an AWS service owns are skipped, with the reason.
    expect(result.skipped).toEqual([
      { scope: 'zone ZEFS1 (efs.internal.)', reason: expect.stringMatching(/owned by the AWS service efs\.amazonaws\.com/) },
      { scope: 'zone ZSHARED1 (shared.internal.)', reason: expect.stringMatching(/owned by account 444455556666/) },
    ]);
    expect(route53.commandCalls(ListResourceRecordSetsCommand).map((c) => c.args[0].input.HostedZoneId)).not.toContain('ZSHARED1');
    // Each own VPC's zones are listed in this region, following NextToken.
    expect(route53.commandCalls(ListHostedZonesByVPCCommand).map((c) => c.args[0].input)).toEqual([
      expect.objectContaining({ VPCId: 'vpc-0a', VPCRegion: 'eu-west-2' }),
      expect.objectContaining({ VPCId: 'vpc-0a', NextToken: 'zones-2' }),
      expect.objectContaining({ VPCId: 'vpc-0b', VPCRegion: 'eu-west-2' }),
    ]);
    // Only VPCs and subnets this account owns are listed.
    expect(ec2.commandCalls(DescribeVpcsCommand)[0].args[0].input.Filters).toEqual([{ Name: 'owner-id', Values: [ACCOUNT] }]);
    expect(ec2.commandCalls(DescribeSubnetsCommand)[0].args[0].input.Filters).toEqual([{ Name: 'owner-id', Values: [ACCOUNT] }]);
  });

  test('every object carries the archive key, the bucket owner, Content-MD5, a SHA-256 checksum and its hash in metadata', async () => {
    await handler();

    expect(puts()).toHaveLength(4);
    for (const input of puts()) {
      const body = Buffer.from(input.Body as Buffer);
      expect(input).toMatchObject({
        Bucket: BUCKET,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: KEY_ARN,
        BucketKeyEnabled: true,
        ExpectedBucketOwner: CENTRAL,
        ContentMD5: createHash('md5').update(body).digest('base64'),
        ChecksumSHA256: createHash('sha256').update(body).digest('base64'),
      });
      expect(input.ACL).toBeUndefined();
      expect(input.Metadata).toMatchObject({
        'content-sha256': createHash('sha256').update(body).digest('hex'),
        'source-account': ACCOUNT,
        'source-region': 'eu-west-2',
        'exporter': 'cdk-security-log-collection/NetworkInventoryExport',
      });
      expect(input.Metadata!['exported-at']).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    expect(put(`${PREFIX}dhcp/vpc-0a/${DAY}.json`)).toMatchObject({ ContentType: 'application/json', Metadata: expect.objectContaining({ format: DHCP_SCOPES_FORMAT }) });
    expect(put(`${PREFIX}route53/${ZONE_ID}/${DAY}/corp.example.internal.zone`)).toMatchObject({
      ContentType: 'text/dns',
      Metadata: expect.objectContaining({ 'format': ZONE_FILE_FORMAT, 'zone-id': ZONE_ID, 'record-set-count': '15' }),
    });
  });

  test('follows ListResourceRecordSets pagination, so the zone file holds the record sets of every page', async () => {
    await handler();

    const calls = route53.commandCalls(ListResourceRecordSetsCommand).filter((c) => c.args[0].input.HostedZoneId === ZONE_ID);
    expect(calls).toHaveLength(2);
    const sets = zoneRecordSets();
    expect(calls[1].args[0].input).toMatchObject({ StartRecordName: sets[8].Name, StartRecordType: sets[8].Type });
    const text = bodyOf(put(`${PREFIX}route53/${ZONE_ID}/${DAY}/corp.example.internal.zone`));
    expect(text).toContain('www\t60\tIN\tCNAME\tapp.corp.example.internal.'); // page 1
    expect(text).toContain('a\\.b\t300\tIN\tTXT\t"x"'); // page 2
    expect(text).toContain('; Associated VPCs: eu-west-2/vpc-0a, eu-west-2/vpc-0b');
  });

  test('the DHCP documents hold the subnets of every page, each in its own VPC\'s document', async () => {
    await handler();

    const a = JSON.parse(bodyOf(put(`${PREFIX}dhcp/vpc-0a/${DAY}.json`)));
    const b = JSON.parse(bodyOf(put(`${PREFIX}dhcp/vpc-0b/${DAY}.json`)));
    expect(a.scopes.map((s: { subnetId: string }) => s.subnetId)).toEqual(['subnet-0a', 'subnet-0b', 'subnet-0c']);
    expect(a.dhcpOptions.options['domain-name']).toEqual(['corp.example.internal']);
    expect(b.scopes.map((s: { subnetId: string }) => s.subnetId)).toEqual(['subnet-0z']);
    expect(b.dhcpOptions).toMatchObject({ dhcpOptionsId: 'default', options: null });
    expect(ec2.commandCalls(DescribeDhcpOptionsCommand)[0].args[0].input.Filters).toEqual([{ Name: 'dhcp-options-id', Values: ['dopt-0a'] }]);
  });

  test('two runs over the same inventory write identical bodies', async () => {
    await handler();
    const first = puts().map((p) => [p.Key, p.Metadata!['content-sha256']]);
    s3.resetHistory();

    await handler();

    expect(puts().map((p) => [p.Key, p.Metadata!['content-sha256']])).toEqual(first);
  });
});

describe('failures', () => {
  test('a zone that fails does not stop the others, and the run then fails naming it', async () => {
    // GIVEN listing the second zone's records is denied
    route53.on(ListResourceRecordSetsCommand, { HostedZoneId: 'ZSECOND1' })
      .rejects(Object.assign(new Error('User is not authorized to perform route53:ListResourceRecordSets'), { name: 'AccessDenied' }));

    // WHEN the export runs THEN it fails, naming the zone and the error
    await expect(handler()).rejects.toThrow(/1 export\(s\) failed \(3 written\): zone ZSECOND1 \(second\.internal\.\): AccessDenied: User is not authorized/);

    // AND the other zone and both DHCP documents were written
    expect(puts().map((p) => p.Key).sort()).toEqual([
      `${PREFIX}dhcp/vpc-0a/${DAY}.json`,
      `${PREFIX}dhcp/vpc-0b/${DAY}.json`,
      `${PREFIX}route53/${ZONE_ID}/${DAY}/corp.example.internal.zone`,
    ]);
    expect(summary().failures).toEqual([{ scope: 'zone ZSECOND1 (second.internal.)', reason: expect.stringMatching(/AccessDenied/) }]);
  });

  test('a DHCP document that cannot be written does not stop the rest', async () => {
    s3.on(PutObjectCommand, { Key: `${PREFIX}dhcp/vpc-0a/${DAY}.json` }).rejects(new Error('Access Denied'));

    await expect(handler()).rejects.toThrow(/dhcp vpc-0a: Access Denied/);

    expect(puts().map((p) => p.Key)).toEqual(expect.arrayContaining([
      `${PREFIX}dhcp/vpc-0b/${DAY}.json`,
      `${PREFIX}route53/${ZONE_ID}/${DAY}/corp.example.internal.zone`,
      `${PREFIX}route53/ZSECOND1/${DAY}/second.internal.zone`,
    ]));
  });

  test('a zone restriction exports only the listed zones and fails for a listed zone no VPC here is associated with', async () => {
    process.env[INVENTORY_ENV.zoneIds] = JSON.stringify([ZONE_ID, 'ZMISSING1']);

    await expect(handler()).rejects.toThrow(/zone ZMISSING1: not associated with any VPC of account 111122223333 in eu-west-2/);

    expect(puts().map((p) => p.Key).filter((k) => k!.includes('/route53/'))).toEqual([`${PREFIX}route53/${ZONE_ID}/${DAY}/corp.example.internal.zone`]);
    expect(route53.commandCalls(ListResourceRecordSetsCommand).map((c) => c.args[0].input.HostedZoneId)).not.toContain('ZSECOND1');
  });

  test('when the writer role cannot be assumed nothing is read or written and the run fails', async () => {
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('not authorized to perform sts:AssumeRole'), { name: 'AccessDenied' }));

    await expect(handler()).rejects.toThrow(/sts:AssumeRole/);

    expect(puts()).toHaveLength(0);
    expect(ec2.commandCalls(DescribeVpcsCommand)).toHaveLength(0);
  });

  test('a missing setting is named', async () => {
    delete process.env[INVENTORY_ENV.archiveKeyArn];

    await expect(handler()).rejects.toThrow(/Environment variable ARCHIVE_KEY_ARN is not set/);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });
});
