import { rdataText, renderZoneFile, ZoneFileInput } from '../../../lib/handlers/network-inventory-export/zone-file';
import { ELB_ZONE_ID, ZONE_ID, ZONE_NAME, zoneRecordSets } from './fixtures';

function input(changes: Partial<ZoneFileInput> = {}): ZoneFileInput {
  return {
    zoneId: ZONE_ID,
    zoneName: ZONE_NAME,
    comment: 'Corporate internal zone',
    reportedRecordSetCount: 15,
    vpcs: [{ region: 'eu-west-2', vpcId: 'vpc-0b' }, { region: 'eu-west-1', vpcId: 'vpc-0a' }],
    recordSets: zoneRecordSets(),
    ...changes,
  };
}

/** The resource record lines (no comments, directives or blank lines). */
function records(text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !l.startsWith(';') && !l.startsWith('$'));
}

describe('zone file', () => {
  test('starts with the header, then $ORIGIN and $TTL, then SOA first and the apex NS', () => {
    // WHEN the zone is rendered
    const file = renderZoneFile(input());
    const lines = file.text.split('\n');

    // THEN the header names the zone, its VPCs (sorted) and says what differs from AXFR
    expect(lines[0]).toBe(`; Route 53 private hosted zone ${ZONE_NAME} (${ZONE_ID})`);
    expect(file.text).toContain('; Hosted zone comment: Corporate internal zone');
    expect(file.text).toContain('; Associated VPCs: eu-west-1/vpc-0a, eu-west-2/vpc-0b');
    expect(file.text).toContain('; Record sets: 15 (Route 53 reports 15)');
    expect(file.text).toMatch(/Route 53 does\n; not serve zone transfers \(AXFR, RFC 5936\)/);
    expect(file.text).toContain('Alias records are a Route 53 extension');
    // AND the directives come before every record
    const origin = lines.indexOf(`$ORIGIN ${ZONE_NAME}`);
    const ttl = lines.indexOf('$TTL 900');
    const firstRecord = lines.findIndex((l) => l.startsWith('@\t'));
    expect(origin).toBeGreaterThan(0);
    expect(ttl).toBe(origin + 1);
    expect(firstRecord).toBeGreaterThan(ttl);
    // AND SOA is the first record, the apex NS follow
    const rr = records(file.text);
    expect(rr[0]).toBe('@\t900\tIN\tSOA\tns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400');
    expect(rr.slice(1, 3)).toEqual(['@\t172800\tIN\tNS\tns-0.awsdns-00.com.', '@\t172800\tIN\tNS\tns-512.awsdns-00.net.']);
    expect(file.text.endsWith('\n')).toBe(true);
  });

  test('writes every type with its TTL, owners relative to the origin and rdata names absolute', () => {
    const rr = records(renderZoneFile(input()).text);

    expect(rr).toEqual(expect.arrayContaining([
      '@\t3600\tIN\tMX\t10 mail.corp.example.internal.',
      '@\t300\tIN\tTXT\t"v=spf1 -all"',
      'db\t300\tIN\tA\t10.0.1.10',
      'db\t300\tIN\tA\t10.0.1.11',
      'db\t300\tIN\tAAAA\t2001:db8::10',
      'www\t60\tIN\tCNAME\tapp.corp.example.internal.',
      '_ldap._tcp\t600\tIN\tSRV\t0 5 389 dc1.corp.example.internal.',
      '*.apps\t120\tIN\tA\t10.0.2.2',
    ]));
  });

  test('TXT strings stay separate, quotes are escaped and Route 53 octal escapes become decimal', () => {
    const rr = records(renderZoneFile(input()).text);

    expect(rr).toContain('txt\t300\tIN\tTXT\t"say \\"hello\\"" "second string"');
    // \351 octal (e-acute) is 233 decimal
    expect(rr).toContain('txt\t300\tIN\tTXT\t"caf\\233"');
    // a dot inside a label is escaped in the owner name
    expect(rr).toContain('a\\.b\t300\tIN\tTXT\t"x"');
  });

  test('record sets are in canonical order: apex first, then names from the root down, SOA and NS first at a name', () => {
    const owners = records(renderZoneFile(input()).text).map((l) => l.split('\t').slice(0, 4).filter((_, i) => i !== 1 && i !== 2).join(' '));

    expect([...new Set(owners)]).toEqual([
      '@ SOA', '@ NS', '@ MX', '@ TXT',
      '_ldap._tcp SRV', 'a\\.b TXT', 'api A', '*.apps A', 'blue CNAME', 'db A', 'db AAAA', 'txt TXT', 'www CNAME',
    ]);
  });

  test('is the same text whatever order Route 53 returned the record sets in', () => {
    const forward = renderZoneFile(input()).text;
    const reversed = renderZoneFile(input({ recordSets: zoneRecordSets().reverse() })).text;

    expect(reversed).toBe(forward);
  });

  test('an alias to a record in the zone is a comment plus the target\'s records; an alias to an AWS resource only a comment', () => {
    const file = renderZoneFile(input());
    const lines = file.text.split('\n');

    // THEN the in-zone alias names its target and is written with the target's data and TTL
    const api = lines.findIndex((l) => l.startsWith('; alias: api A -> db.corp.example.internal.'));
    expect(lines[api]).toBe(`; alias: api A -> db.corp.example.internal. (alias hosted zone ${ZONE_ID}, evaluate target health: no): ` +
      'resolved in this zone to the records below');
    expect(lines.slice(api + 1, api + 3)).toEqual(['api\t300\tIN\tA\t10.0.1.10', 'api\t300\tIN\tA\t10.0.1.11']);
    // AND the load balancer alias is only a comment, with nothing resolved
    expect(file.text).toContain(`; alias: lb A -> internal-app-123.eu-west-2.elb.amazonaws.com. (alias hosted zone ${ELB_ZONE_ID}, ` +
      'evaluate target health: yes): not resolved (an AWS resource or another hosted zone)');
    expect(records(file.text).some((l) => l.startsWith('lb\t'))).toBe(false);
    expect(file.aliasCount).toBe(2);
    expect(file.resolvedAliasCount).toBe(1);
  });

  test('an in-zone alias whose target has no record of that type is a comment saying so', () => {
    const sets = [...zoneRecordSets(), {
      Name: `missing.${ZONE_NAME}`, Type: 'AAAA' as const,
      AliasTarget: { HostedZoneId: `/hostedzone/${ZONE_ID}`, DNSName: `nothing.${ZONE_NAME}`, EvaluateTargetHealth: false },
    }];

    const file = renderZoneFile(input({ recordSets: sets }));

    expect(file.text).toContain('; alias: missing AAAA -> nothing.corp.example.internal.');
    expect(file.text).toContain('not resolved (no AAAA record at the target in this zone)');
    expect(records(file.text).some((l) => l.startsWith('missing\t'))).toBe(false);
  });

  test('alias loops are not followed forever', () => {
    const loop = (from: string, to: string) => ({
      Name: `${from}.${ZONE_NAME}`, Type: 'A' as const,
      AliasTarget: { HostedZoneId: ZONE_ID, DNSName: `${to}.${ZONE_NAME}`, EvaluateTargetHealth: false },
    });
    const file = renderZoneFile(input({ recordSets: [...zoneRecordSets(), loop('x', 'y'), loop('y', 'x')] }));

    expect(file.text).toContain('; alias: x A -> y.corp.example.internal.');
    expect(records(file.text).some((l) => l.startsWith('x\t') || l.startsWith('y\t'))).toBe(false);
  });

  test('each record set with a routing policy follows a comment giving the policy and set identifier', () => {
    const lines = renderZoneFile(input()).text.split('\n');

    const blue = lines.indexOf('; routing: weighted (weight 10); set identifier "blue"');
    const green = lines.indexOf('; routing: weighted (weight 90); set identifier "green"');
    expect(blue).toBeGreaterThan(0);
    expect(lines[blue + 1]).toBe('blue\t60\tIN\tCNAME\tblue-v1.corp.example.internal.');
    expect(green).toBe(blue + 2);
    expect(lines[green + 1]).toBe('blue\t60\tIN\tCNAME\tgreen.corp.example.internal.');
  });

  test('a zone without an SOA record cannot be written and says why', () => {
    const sets = zoneRecordSets().filter((s) => s.Type !== 'SOA');

    expect(() => renderZoneFile(input({ recordSets: sets }))).toThrow(
      /Zone corp\.example\.internal\. \(Z0EXAMPLE123\) has 0 SOA record sets at its apex/,
    );
  });

  test('names in rdata are converted by position, other quoted fields re-escaped', () => {
    expect(rdataText('CAA', '0 issue "amazon.com"')).toBe('0 issue "amazon.com"');
    expect(rdataText('NAPTR', '100 50 "s" "SIP+D2U" "" _sip._udp.example.internal.')).toBe('100 50 "s" "SIP+D2U" "" _sip._udp.example.internal.');
    expect(rdataText('PTR', 'host\\040one.example.internal.')).toBe('host\\032one.example.internal.');
    expect(rdataText('MX', '0 .')).toBe('0 .');
  });
});
