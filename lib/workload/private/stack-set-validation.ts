import { Token } from 'aws-cdk-lib';
import { validateRegion } from '../../core/validate';

/**
 * Checks of the organisation-wide rollout's props (WorkloadBaselineStackSet).
 * Not public API. Formats from the AWS Organizations API reference
 * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_OrganizationalUnit.html,
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_Root.html).
 */
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;

/** Every target is an OU id (`ou-…`) or the root (`r-…`); at least one; none twice. */
export function validateOrganizationalTargets(prop: string, ids: string[]): string[] {
  if (ids.length === 0) {
    throw new Error(`${prop} is an empty list, so the StackSet would reach no account; list the organisation root ('r-…') or OU ids ('ou-…').`);
  }
  for (const id of ids) {
    if (Token.isUnresolved(id)) {
      continue;
    }
    if (id.startsWith('r-') && !ROOT_ID.test(id)) {
      throw new Error(`${prop} contains '${id}', which is not an organisation root id; a root id is 'r-' followed by 4 to 32 letters or digits, for example 'r-ab12'.`);
    }
    if (!id.startsWith('r-') && !OU_ID.test(id)) {
      throw new Error(
        `${prop} contains '${id}', which is not an organizational unit id; use 'ou-' followed by the root's 4 to 32 characters, ` +
        "a hyphen and 8 to 32 more (for example 'ou-ab12-cd34ef56'), or the root id ('r-ab12') for every account.",
      );
    }
  }
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length > 0) {
    throw new Error(`${prop} lists ${[...new Set(twice)].join(', ')} more than once; list each target once.`);
  }
  return [...ids];
}

/** At least one region, each a region name, none twice; no tokens (asset buckets are named per region at synth). */
export function validateTargetRegions(prop: string, regions: string[]): string[] {
  if (regions.length === 0) {
    throw new Error(`${prop} is an empty list, so the StackSet would deploy nowhere; list the regions the accounts use, for example ['eu-west-2', 'eu-west-1'].`);
  }
  for (const region of regions) {
    if (Token.isUnresolved(region)) {
      throw new Error(`${prop} contains an unresolved token; list the regions as plain strings (each gets its own asset bucket).`);
    }
    validateRegion(prop, region);
  }
  const twice = regions.filter((r, i) => regions.indexOf(r) !== i);
  if (twice.length > 0) {
    throw new Error(`${prop} lists ${[...new Set(twice)].join(', ')} more than once; list each region once.`);
  }
  return [...regions];
}

/** The operation preferences as the issue and the StackSets API allow them. */
export interface OperationPreferenceValues {
  readonly failureToleranceCount?: number;
  readonly failureTolerancePercentage?: number;
  readonly maxConcurrentCount?: number;
  readonly maxConcurrentPercentage?: number;
}

/**
 * Counts are whole numbers from 0 (tolerance) or 1 (concurrency); percentages
 * 0 to 100; count and percentage of the same setting not both (the API takes
 * one: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperationPreferences.html);
 * and the failure tolerance not over the concurrency.
 */
export function validateOperationPreferences(p: OperationPreferenceValues): void {
  const whole = (name: string, value: number | undefined, min: number, max?: number) => {
    if (value !== undefined && (!Number.isInteger(value) || value < min || (max !== undefined && value > max))) {
      throw new Error(`${name} ${value} is not a whole number from ${min}${max !== undefined ? ` to ${max}` : ''}; give one.`);
    }
  };
  whole('failureToleranceCount', p.failureToleranceCount, 0);
  whole('failureTolerancePercentage', p.failureTolerancePercentage, 0, 100);
  whole('maxConcurrentCount', p.maxConcurrentCount, 1);
  whole('maxConcurrentPercentage', p.maxConcurrentPercentage, 1, 100);
  if (p.failureToleranceCount !== undefined && p.failureTolerancePercentage !== undefined) {
    throw new Error('failureToleranceCount and failureTolerancePercentage are both set; StackSets take one of them, remove the other.');
  }
  if (p.maxConcurrentCount !== undefined && p.maxConcurrentPercentage !== undefined) {
    throw new Error('maxConcurrentCount and maxConcurrentPercentage are both set; StackSets take one of them, remove the other.');
  }
  if (p.failureToleranceCount !== undefined && p.maxConcurrentCount !== undefined && p.failureToleranceCount > p.maxConcurrentCount) {
    throw new Error(
      `failureToleranceCount ${p.failureToleranceCount} is over maxConcurrentCount ${p.maxConcurrentCount}: at most ` +
      `${p.maxConcurrentCount} accounts per region are deployed at once, and StackSets lower the concurrency to the tolerance + 1; ` +
      `set failureToleranceCount to at most ${p.maxConcurrentCount}, or raise maxConcurrentCount.`,
    );
  }
  if (p.failureTolerancePercentage !== undefined && p.maxConcurrentPercentage !== undefined && p.failureTolerancePercentage > p.maxConcurrentPercentage) {
    throw new Error(
      `failureTolerancePercentage ${p.failureTolerancePercentage} is over maxConcurrentPercentage ${p.maxConcurrentPercentage}; ` +
      `set failureTolerancePercentage to at most ${p.maxConcurrentPercentage}, or raise maxConcurrentPercentage.`,
    );
  }
}
