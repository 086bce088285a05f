import { requirement } from '../requirements/catalogue';

/**
 * What one construct class of this library implements of the standard,
 * declared once, in the construct's own file, as its static `IMPLEMENTS`:
 *
 * ```ts
 * export class VpcFlowLogging extends Construct {
 *   public static readonly IMPLEMENTS = implementsRequirements('VpcFlowLogging', ['HP-E1']);
 * }
 * ```
 *
 * Everything else derives from these declarations and the catalogue: the
 * evidence a construct records, the constructs the rule pack names as the fix,
 * what `WorkloadLogCollection` switches on for a tier and profile, and the
 * report's "implemented by" column.
 */
export interface RequirementImplementation {
  /** The construct's class name, as users see it. */
  readonly construct: string;
  /** The catalogue requirement ids it implements (fully, or as far as the requirement's verdict allows), in catalogue order. */
  readonly requirementIds: string[];
}

/**
 * Declare the requirements a construct class implements. Every id must be in
 * the catalogue; the list may not be empty or repeat an id.
 */
export function implementsRequirements(construct: string, requirementIds: string[]): RequirementImplementation {
  if (requirementIds.length === 0) {
    throw new Error(`${construct} declares no requirement ids; a construct of this library implements at least one.`);
  }
  const seen = new Set<string>();
  for (const id of requirementIds) {
    requirement(id); // throws, naming the id, when it is not in the catalogue
    if (seen.has(id)) {
      throw new Error(`${construct} declares requirement ${id} twice.`);
    }
    seen.add(id);
  }
  return Object.freeze({ construct, requirementIds: Object.freeze([...requirementIds]) as string[] });
}

/** A value that carries an `IMPLEMENTS` declaration (a construct class of this library). */
export function implementationOf(value: unknown): RequirementImplementation | undefined {
  if (typeof value !== 'function') {
    return undefined;
  }
  const declared = (value as { IMPLEMENTS?: Partial<RequirementImplementation> }).IMPLEMENTS;
  return declared && typeof declared.construct === 'string' && Array.isArray(declared.requirementIds)
    ? declared as RequirementImplementation
    : undefined;
}
