import { IConstruct } from 'constructs';
import { CfnResource } from 'aws-cdk-lib';
import type { AppIndex } from '../app-index';
import { CheckCompliance, CheckSeverity } from '../check-result';
import { LogArchive } from '../../central/log-archive';
import { LoggingProfile, MaturityTier, ServiceExposure } from '../../requirements/types';

/** The tier, profile and exposure a pack runs with. */
export interface PackSettings {
  readonly tier: MaturityTier;
  readonly profile: LoggingProfile;
  readonly exposure?: ServiceExposure;
}

/** What a rule says about one resource. */
export interface RuleOutcome {
  readonly compliance: CheckCompliance;
  /** What was found and what is missing; the pack appends which construct fixes it. */
  readonly message: string;
  /** @default - by compliance: ERROR, WARNING for UNKNOWN, INFO otherwise */
  readonly severity?: CheckSeverity;
  /** @default - none */
  readonly retentionDays?: number;
  /** Location in the template for the report, for example `Properties/LogFormat`. @default 'Properties' */
  readonly location?: string;
}

/** What a rule sees besides the resource. */
export interface RuleContext {
  readonly index: AppIndex;
  /** The construct being judged (the app, a stage, or the stack or group a pack was declared on). */
  readonly scope: IConstruct;
  readonly settings: PackSettings;
  /** The requirement ids the rule asserts with these settings. */
  readonly requirementIds: string[];
}

/**
 * One rule of the pack. Each lives in its own file under `lib/checks/rules/`
 * and is named after it. Its tier and profiles are those of its catalogue
 * requirements; the rule does not restate them.
 */
export interface LogCollectionRule {
  /** The rule's file name without extension. */
  readonly name: string;
  /**
   * The catalogue requirements the rule asserts. The rule runs when one of them
   * applies to the pack's tier and profile; its id is `LogCollection-<first
   * applicable id>[-<idSuffix>]`.
   */
  readonly requirementIds: (settings: PackSettings) => string[];
  /** Appended to the rule id when several rules assert the same requirement. */
  readonly idSuffix?: string;
  /** The CloudFormation resource types the rule judges. */
  readonly resourceTypes: string[];
  /** The constructs of this library that meet the rule. */
  readonly fixedBy: string[];
  /** What the rule checks, in one sentence (README table, verbose messages). */
  readonly summary: string;
  /** Judge one resource of one of `resourceTypes`. */
  check(resource: CfnResource, context: RuleContext): RuleOutcome;
  /**
   * Judge the validated scope as a whole, once (for example "there is no trail
   * at all").
   *
   * @returns undefined when there is nothing to say
   */
  checkScope?(context: RuleContext): RuleOutcome | undefined;
}

/**
 * The facade that switches on a workload's log sources and keeps its log
 * groups as the policy wants. It sits in the layer above checks, so the
 * rules name it rather than import it.
 */
export const WORKLOAD_LOG_COLLECTION = 'WorkloadLogCollection';

/** Constructs that keep log stores as the retention and protection rules want. */
export const LOG_STORE_CONSTRUCTS: string[] = [LogArchive.IMPLEMENTS.construct, WORKLOAD_LOG_COLLECTION];

/** The same requirement ids whatever the settings. */
export function fixedRequirements(...ids: string[]): (settings: PackSettings) => string[] {
  return () => ids;
}

/** Shorthands for outcomes. */
export const outcome = {
  compliant(message: string, extra: Partial<RuleOutcome> = {}): RuleOutcome {
    return { compliance: CheckCompliance.COMPLIANT, message, ...extra };
  },
  nonCompliant(message: string, extra: Partial<RuleOutcome> = {}): RuleOutcome {
    return { compliance: CheckCompliance.NON_COMPLIANT, message, ...extra };
  },
  notApplicable(message: string): RuleOutcome {
    return { compliance: CheckCompliance.NOT_APPLICABLE, message };
  },
  unknown(message: string, extra: Partial<RuleOutcome> = {}): RuleOutcome {
    return { compliance: CheckCompliance.UNKNOWN, message, ...extra };
  },
};

/** The default severity of an outcome. */
export function severityOf(o: RuleOutcome): CheckSeverity {
  if (o.severity) {
    return o.severity;
  }
  switch (o.compliance) {
    case CheckCompliance.NON_COMPLIANT:
      return CheckSeverity.ERROR;
    case CheckCompliance.UNKNOWN:
      return CheckSeverity.WARNING;
    default:
      return CheckSeverity.INFO;
  }
}
