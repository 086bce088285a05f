import { validateEnumValue } from '../../lib/core/validate';
import { toCfnTags, toOptionalCfnTags } from '../../lib/core/tags';

enum Colour {
  RED = 'RED',
  GREEN = 'GREEN',
  BLUE = 'BLUE',
}

describe('validateEnumValue', () => {
  test('returns a value of the enum', () => {
    expect(validateEnumValue('colour', Colour.GREEN, Colour, 'Colour', 'a colour')).toBe(Colour.GREEN);
  });

  test('names the prop, the value and every choice as the user writes it', () => {
    expect(() => validateEnumValue('colour', 'PINK' as Colour, Colour, 'Colour', 'a colour'))
      .toThrow("colour 'PINK' is not a colour; use Colour.RED, Colour.GREEN or Colour.BLUE.");
  });
});

describe('toCfnTags', () => {
  test('turns a map into CloudFormation tags, and no tags into [] or undefined', () => {
    expect(toCfnTags('tags', { team: 'soc' })).toEqual([{ key: 'team', value: 'soc' }]);
    expect(toCfnTags('tags')).toEqual([]);
    expect(toOptionalCfnTags('tags', {})).toBeUndefined();
  });

  test.each(['', 'aws:owner', 'k'.repeat(129)])("refuses the key '%s', naming the prop", (key) => {
    expect(() => toCfnTags('configTags', { [key]: 'v' })).toThrow(/configTags key '.*' is not allowed; use 1 to 128 characters/);
  });
});
