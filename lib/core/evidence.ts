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

/** Constructs that reuse another construct's work (a trail, a bus, a destination made in another stack). */
const REUSED = new WeakMap<IConstruct, Array<{ from: IConstruct; note: string }>>();

/**
 * Record that `construct` reuses `from` (for example a trail another stack's
 * collection made for the same account): whatever evidence `from` records,
 * or its children record, now or later, also counts where `construct` is,
 * with `note` appended.
 */
export function addReusedEvidence(construct: IConstruct, from: IConstruct, note: string): void {
  REUSED.set(construct, [...(REUSED.get(construct) ?? []), { from, note }]);
}

/**
 * Every construct under `scope` (itself included) with its evidence, in
 * construct-tree order; a construct that reuses another carries that one's
 * evidence too.
 */
export function findEvidence(scope: IConstruct): Array<{ construct: IConstruct; evidence: RequirementEvidence[] }> {
  const found: Array<{ construct: IConstruct; evidence: RequirementEvidence[] }> = [];
  for (const c of scope.node.findAll()) {
    const reused = (REUSED.get(c) ?? []).flatMap((r) => r.from.node.findAll()
      .flatMap((x) => EVIDENCE.get(x) ?? [])
      .map((e) => ({ ...e, note: `${e.note} ${r.note}` })));
    const e = [...(EVIDENCE.get(c) ?? []), ...reused];
    if (e.length > 0) {
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

/**
 * What a construct of this library says is met outside the app by design:
 * requirements the central log account meets, for a workload app that
 * reaches that account through `CentralLogTargets.fromAttributes`. The
 * coverage report gives such a requirement the status MET_ELSEWHERE, naming
 * the account, when nothing in the app meets it and no finding is open.
 */
export interface ElsewhereEvidence {
  /** Catalogue requirement ids. */
  readonly requirementIds: string[];
  /** The account that meets them, for example the central log account id. */
  readonly account: string;
  /** One sentence on what meets them there. */
  readonly note: string;
}

const ELSEWHERE = new WeakMap<IConstruct, ElsewhereEvidence[]>();

/** Record that `construct` relies on another account to meet some requirements. */
export function addElsewhereEvidence(construct: IConstruct, evidence: ElsewhereEvidence): void {
  const list = ELSEWHERE.get(construct) ?? [];
  list.push({ ...evidence, requirementIds: [...evidence.requirementIds] });
  ELSEWHERE.set(construct, list);
}

/** Every construct under `scope` (itself included) with its elsewhere-evidence, in construct-tree order. */
export function findElsewhereEvidence(scope: IConstruct): Array<{ construct: IConstruct; evidence: ElsewhereEvidence[] }> {
  const found: Array<{ construct: IConstruct; evidence: ElsewhereEvidence[] }> = [];
  for (const c of scope.node.findAll()) {
    const e = ELSEWHERE.get(c);
    if (e && e.length > 0) {
      found.push({ construct: c, evidence: e });
    }
  }
  return found;
}
