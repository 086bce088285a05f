import { implementationOf, implementsRequirements } from '../../lib/core/implementation';

describe('implementsRequirements', () => {
  test('a declaration keeps the construct name and the ids, frozen', () => {
    // WHEN
    const declared = implementsRequirements('SomeLogging', ['HP-B3', 'HP-E1']);
    // THEN
    expect(declared).toEqual({ construct: 'SomeLogging', requirementIds: ['HP-B3', 'HP-E1'] });
    expect(Object.isFrozen(declared)).toBe(true);
    expect(Object.isFrozen(declared.requirementIds)).toBe(true);
  });

  test('an id that is not in the catalogue is an error naming it', () => {
    expect(() => implementsRequirements('SomeLogging', ['HP-B3', 'HP-X9'])).toThrow(/HP-X9/);
  });

  test('an empty declaration is an error naming the construct', () => {
    expect(() => implementsRequirements('SomeLogging', [])).toThrow(/SomeLogging declares no requirement ids/);
  });

  test('an id declared twice is an error naming it', () => {
    expect(() => implementsRequirements('SomeLogging', ['HP-B3', 'HP-B3'])).toThrow(/SomeLogging declares requirement HP-B3 twice/);
  });
});

describe('implementationOf', () => {
  test('finds the static IMPLEMENTS of a class and nothing on other values', () => {
    class Declared {
      public static readonly IMPLEMENTS = implementsRequirements('Declared', ['HP-B3']);
    }
    class Plain {}
    expect(implementationOf(Declared)).toBe(Declared.IMPLEMENTS);
    expect(implementationOf(Plain)).toBeUndefined();
    expect(implementationOf({ IMPLEMENTS: Declared.IMPLEMENTS })).toBeUndefined();
    expect(implementationOf('Declared')).toBeUndefined();
  });
});
