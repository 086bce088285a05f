/**
 * Hosting platform requirements (seed 002): HP-B1..HP-B7 (hosting-platform-baseline.ts)
 * and HP-E1..HP-E8 (hosting-platform-enhanced.ts).
 */
import { HOSTING_PLATFORM_BASELINE } from './hosting-platform-baseline';
import { HOSTING_PLATFORM_ENHANCED } from './hosting-platform-enhanced';
import { Requirement } from './types';

/** The hosting platform records, in id order. */
export const HOSTING_PLATFORM_REQUIREMENTS: readonly Requirement[] = [...HOSTING_PLATFORM_BASELINE, ...HOSTING_PLATFORM_ENHANCED];
