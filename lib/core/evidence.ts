import { IConstruct } from 'constructs';
import { RequirementImplementation } from './implementation';

/**
 * What a construct of this library says it does for the standard: the
 * requirement ids it meets (fully or as far as its catalogue verdict allows)
 * and the CloudFormation resources that do it. The coverage report reads
 * these alongside the rule pack's results, so requirements no rule can judge
 * from a template (for example HP-E4 finding forwarding, or LM-5 read logging
 * on the archive) still show the resources that meet them.
 */
export interface RequirementEvidence {
  /** Catalogue requirement ids. */
  readonly requirementIds: string[];
  /** The resources (L1 constructs, or constructs whose default child is one) that meet them. */
  readonly resources: IConstruct[];
  /** One sentence on how they meet them. */
  readonly note: string;
}

const EVIDENCE = new WeakMap<IConstruct, RequirementEvidence[]>();

/** Record that `construct` meets `requirementIds` with `resources`. */
export function addEvidence(construct: IConstruct, evidence: RequirementEvidence): void {
  const list = EVIDENCE.get(construct) ?? [];
  list.push({ ...evidence, requirementIds: [...evidence.requirementIds], resources: [...evidence.resources] });
  EVIDENCE.set(construct, list);
}

/** Evidence recorded on `construct` itself (not its children). */
export function evidenceOf(construct: IConstruct): RequirementEvidence[] {
  return EVIDENCE.get(construct) ?? [];
}

/** Every construct under `scope` (itself included) with its evidence, in construct-tree order. */
export function findEvidence(scope: IConstruct): Array<{ construct: IConstruct; evidence: RequirementEvidence[] }> {
  const found: Array<{ construct: IConstruct; evidence: RequirementEvidence[] }> = [];
  for (const c of scope.node.findAll()) {
    const e = EVIDENCE.get(c);
    if (e && e.length > 0) {
      found.push({ construct: c, evidence: e });
    }
  }
  return found;
}

/** Narrows {@link recordEvidence} to some of a construct's requirements. */
export interface EvidenceFilter {
  /** Only these requirement ids (each must be in the construct's declaration). */
  readonly only?: string[];
  /** All the construct's requirements but these. */
  readonly except?: string[];
}

/**
 * Record that a construct of this library meets the requirements its class
 * declares (its static `IMPLEMENTS`), so the ids are never restated.
 */
export function recordEvidence(construct: IConstruct, implementation: RequirementImplementation, resources: IConstruct[],
  note: string, filter: EvidenceFilter = {}): void {
  const own = implementation.requirementIds;
  for (const id of [...(filter.only ?? []), ...(filter.except ?? [])]) {
    if (!own.includes(id)) {
      throw new Error(`${implementation.construct} does not declare requirement ${id} (it implements ${own.join(', ')}).`);
    }
  }
  const requirementIds = own.filter((id) => (filter.only ?? own).includes(id) && !(filter.except ?? []).includes(id));
  if (requirementIds.length > 0) {
    addEvidence(construct, { requirementIds, resources, note });
  }
}
