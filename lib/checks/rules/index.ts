import * as analysis from './analysis';
import * as collection from './collection';
import * as guest from './guest';
import * as dataStores from './data-stores';
import * as logStores from './log-stores';
import { REQUIREMENTS } from '../../requirements/catalogue';
import { LoggingProfile, MaturityTier, RequirementKind } from '../../requirements/types';
import { LogCollectionRule } from '../private/rule';

/** Every requirement id a rule can assert, under any tier and profile. */
function everyRequirementId(rule: LogCollectionRule): string[] {
  const ids = new Set<string>();
  for (const tier of Object.values(MaturityTier)) {
    for (const profile of Object.values(LoggingProfile)) {
      rule.requirementIds({ tier, profile }).forEach((id) => ids.add(id));
    }
  }
  return [...ids];
}

/**
 * Where a rule sorts: collection rules before policy rules, Baseline before
 * Enhanced, then the catalogue's order of the rule's first requirement, then
 * the rule's name.
 */
function sortKey(rule: LogCollectionRule): [number, number, string] {
  const positions = everyRequirementId(rule).map((id) => REQUIREMENTS.findIndex((r) => r.id === id));
  if (positions.length === 0 || positions.some((p) => p < 0)) {
    throw new Error(`Rule '${rule.name}' asserts a requirement id that is not in the catalogue.`);
  }
  const first = REQUIREMENTS[Math.min(...positions)];
  const group = first.kind !== RequirementKind.COLLECTION ? 2 : first.tier === MaturityTier.BASELINE ? 0 : 1;
  return [group, Math.min(...positions), rule.name];
}

function isRule(value: unknown): value is LogCollectionRule {
  const v = value as Partial<LogCollectionRule> | undefined;
  return typeof v === 'object' && v !== null && typeof v.name === 'string' && typeof v.check === 'function'
    && typeof v.requirementIds === 'function';
}

/**
 * The rules of the LogCollection pack, in the order results are reported.
 *
 * Derived, not hand-kept: every rule exported by a rule file under
 * `collection/` (rules that a log source is switched on and forwarded),
 * `log-stores/` (retention, encryption and protection of the stores) or
 * `analysis/` (analysis of the archive in place), sorted
 * by {@link sortKey}. Which of them run is decided by their catalogue
 * requirements (`requirementIds`), never here; the README's rule table is
 * tested against this list.
 */
export const LOG_COLLECTION_RULES: readonly LogCollectionRule[] = [
  ...Object.values(collection), ...Object.values(guest), ...Object.values(dataStores), ...Object.values(logStores),
  ...Object.values(analysis)]
  .filter(isRule)
  .map((rule) => ({ rule, key: sortKey(rule) }))
  .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2].localeCompare(b.key[2]))
  .map((entry) => entry.rule);
