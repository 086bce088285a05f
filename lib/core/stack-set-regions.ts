import { Stack } from 'aws-cdk-lib';

/**
 * The regions a region-agnostic stack is deployed to when it is a StackSet's
 * template: written by the rollout (workload layer), read by the rules that
 * judge where something runs (checks layer), which may not import the
 * rollout. A template stack's own region is `AWS::Region`, unknown at synth.
 */
const REGIONS = new WeakMap<Stack, readonly string[]>();

/** Record that `stack` is deployed, as a StackSet template, to `regions`. */
export function recordStackSetRegions(stack: Stack, regions: readonly string[]): void {
  REGIONS.set(stack, Object.freeze([...regions]));
}

/** The regions `stack` is deployed to as a StackSet template, or undefined when it is not one. */
export function stackSetRegionsOf(stack: Stack): string[] | undefined {
  const regions = REGIONS.get(stack);
  return regions === undefined ? undefined : [...regions];
}
