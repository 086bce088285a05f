import { IConstruct } from 'constructs';

/**
 * Called for every `LogCollectionChecks` pack created with `coverageReport`
 * left on, with the scope it was created on. The pack's type is a parameter
 * so that this file imports nothing of the pack's (no cycle).
 */
export type PackCreatedListener<P> = (pack: P, scope: IConstruct) => void;

const LISTENERS: Array<PackCreatedListener<any>> = [];

/**
 * Layers above checks (the coverage report) hear of each new pack here, so
 * the pack never imports them: dependencies point from report to checks
 * only. Not exported from the package's API; the report module registers
 * itself when it is loaded, which the package's entry point always does.
 */
export function onPackCreated<P>(listener: PackCreatedListener<P>): void {
  if (!LISTENERS.includes(listener)) {
    LISTENERS.push(listener);
  }
}

/** Tell every listener of a new pack. */
export function notifyPackCreated<P>(pack: P, scope: IConstruct): void {
  for (const listener of LISTENERS) {
    listener(pack, scope);
  }
}
