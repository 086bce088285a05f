import * as central from '../central';
import { implementationOf, RequirementImplementation } from '../core/implementation';
import * as guardrails from '../guardrails';
import * as sources from '../sources';

/**
 * Every construct class of this library that declares what it implements
 * (its static `IMPLEMENTS`), found in the public barrels of the layers that
 * make resources: central, then sources, then guardrails, each in export order.
 * Derived, never hand-kept: a new construct file exported from its barrel is
 * in this list with nothing else to edit.
 */
export const IMPLEMENTATIONS: readonly RequirementImplementation[] = [central, sources, guardrails]
  .flatMap((barrel) => Object.values(barrel))
  .map(implementationOf)
  .filter((declared): declared is RequirementImplementation => declared !== undefined)
  .filter((declared, i, all) => all.findIndex((d) => d.construct === declared.construct) === i);

/** The constructs that declare `requirementId`, in {@link IMPLEMENTATIONS} order (empty when none does). */
export function implementersOf(requirementId: string): string[] {
  return IMPLEMENTATIONS.filter((d) => d.requirementIds.includes(requirementId)).map((d) => d.construct);
}
