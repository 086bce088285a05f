import {
  absoluteName,
  compareNames,
  encodeCharacterString,
  keySafeName,
  parseRoute53Name,
  relativeName,
  tokenizeRdata,
} from '../../../lib/handlers/network-inventory-export/dns-text';

const text = (octets: number[]) => Buffer.from(octets).toString('latin1');

describe('Route 53 names to master-file names', () => {
  test('octal escapes are decoded, and written back as RFC 1035 decimal escapes or backslash-quoted specials', () => {
    // GIVEN names as Route 53 returns them: * as \052, a space as \040, a dot inside a label as \056
    const wildcard = parseRoute53Name('\\052.apps.example.internal.');
    const spaced = parseRoute53Name('my\\040host.example.internal.');
    const dotted = parseRoute53Name('a\\056b.example.internal.');

    // THEN the octets are the characters themselves
    expect(text(wildcard[0])).toBe('*');
    expect(text(spaced[0])).toBe('my host');
    expect(dotted).toHaveLength(3);
    expect(text(dotted[0])).toBe('a.b');

    // AND the master-file text uses decimal \DDD (\032 is a space; octal \040 would read as '(' in decimal) and \.
    expect(absoluteName(wildcard)).toBe('*.apps.example.internal.');
    expect(absoluteName(spaced)).toBe('my\\032host.example.internal.');
    expect(absoluteName(dotted)).toBe('a\\.b.example.internal.');
  });

  test('owner names are relative to the origin, @ at the apex, absolute outside the zone', () => {
    const origin = parseRoute53Name('example.internal.');

    expect(relativeName(parseRoute53Name('example.internal.'), origin)).toBe('@');
    expect(relativeName(parseRoute53Name('www.Example.Internal.'), origin)).toBe('www');
    expect(relativeName(parseRoute53Name('a.b.example.internal'), origin)).toBe('a.b');
    expect(relativeName(parseRoute53Name('other.internal.'), origin)).toBe('other.internal.');
    expect(relativeName(parseRoute53Name('notexample.internal.'), origin)).toBe('notexample.internal.');
  });

  test('names sort in DNSSEC canonical order: by label from the root, parents first, case-insensitive', () => {
    const names = ['z.example.', 'example.', 'a.z.example.', 'B.example.', '_tcp.example.', 'a\\056b.example.']
      .map(parseRoute53Name);

    const sorted = [...names].sort(compareNames).map(absoluteName);

    expect(sorted).toEqual(['example.', '_tcp.example.', 'a\\.b.example.', 'B.example.', 'z.example.', 'a.z.example.']);
  });

  test('a lone backslash or an empty label is refused with the name', () => {
    expect(() => parseRoute53Name('bad\\')).toThrow(/'bad\\' ends with a lone backslash/);
    expect(() => parseRoute53Name('a..example.')).toThrow(/'a\.\.example\.' has an empty label/);
  });

  test('zone names become key-safe file names', () => {
    expect(keySafeName(parseRoute53Name('Corp.Example.internal.'))).toBe('corp.example.internal');
    expect(keySafeName(parseRoute53Name('odd\\040name.internal.'))).toBe('odd_name.internal');
  });
});

describe('record values', () => {
  test('quoted strings keep their boundaries and decode \\" and octal escapes', () => {
    // GIVEN a TXT value with two strings, an escaped quote and an octal e-acute (\351)
    const tokens = tokenizeRdata('"say \\"hi\\"" "caf\\351"  bare');

    expect(tokens.map((t) => t.quoted)).toEqual([true, true, false]);
    expect(text(tokens[0].octets)).toBe('say "hi"');
    expect(tokens[1].octets).toEqual([...Buffer.from('caf'), 0o351]);
    expect(tokens[2].raw).toBe('bare');
  });

  test('an unterminated quoted string is refused', () => {
    expect(() => tokenizeRdata('"open')).toThrow(/no closing quote/);
  });

  test('character-strings escape quote and backslash, and write other non-printing octets as decimal', () => {
    expect(encodeCharacterString([...Buffer.from('a"b\\c'), 0x09, 0xe9])).toBe('"a\\"b\\\\c\\009\\233"');
  });
});
