import { CfnResource, IPolicyValidationContext, PolicyValidationPluginReport, PolicyViolation, Stage } from 'aws-cdk-lib';
// NagPack from its own module: cdk-nag's index loads every rule of every pack (270 modules, a quarter of a second in
// each jest suite that loads the library), and this pack uses none of them. cdk-nag 3 has no `exports` map, so the path
// is reachable; it is the module cdk-nag's index re-exports NagPack from (the same class), and jsii maps it to
// `cdk-nag.NagPack`. A cdk-nag release that adds an `exports` map or moves the file breaks this import: the test in
// test/architecture.test.ts fails when the dev dependency is raised to it.
import { NagPack, NagPackProps } from 'cdk-nag/lib/nag-pack';
import { IConstruct } from 'constructs';
import { CheckCompliance, CheckResult, CheckRuleInfo, CheckSeverity } from './check-result';
import { LOG_COLLECTION_RULES } from './rules';
import { LOG_COLLECTION_PACK } from '../core/acknowledge';
import { notifyPackCreated } from './pack-hooks';
import { findAcknowledgement } from './private/ack';
import { AppIndex } from './app-index';
import { LogCollectionRule, PackSettings, RuleContext, RuleOutcome, severityOf } from './private/rule';
import { listText } from '../core/l1';
import { requirement } from '../requirements/catalogue';
import { LoggingProfile, MaturityTier, ServiceExposure } from '../requirements/types';
import { validateEnumValue } from '../core/validate';
import { validateAcceptedGaps } from './private/accepted-gaps';

/** Props of {@link LogCollectionChecks}. */
export interface LogCollectionChecksProps extends NagPackProps {
  /**
   * The maturity tier to check. Enhanced runs the Baseline rules too;
   * Enhanced-only rules do not run at Baseline.
   */
  readonly tier: MaturityTier;
  /** The collection profile to check: rules of the other profile do not run. */
  readonly profile: LoggingProfile;
  /**
   * Who can reach the service: decides the minimum retention checked (LM-1,
   * 90 days, for EXTERNAL; LM-2, 400 days, for INTERNAL).
   *
   * @default - the 90-day floor every service must meet is checked, under LM-1
   */
  readonly exposure?: ServiceExposure;
  /**
   * Include this pack's tier, profile and exposure, applied to the scope it is
   * created on, in the coverage report written at synth
   * (`log-collection-report.json` and `.md` in the cloud assembly directory).
   * The app context `cdk-security-log-collection:coverageReport: false` turns
   * the report off for every pack.
   *
   * @default true
   */
  readonly coverageReport?: boolean;
  /**
   * The report-level gate. The rules fail synthesis for what a template
   * shows (an unacknowledged NON_COMPLIANT result); requirements no rule can
   * judge from a template (HP-B4 web proxy logs, PU-2 clock synchronisation,
   * ...) are only NOT_MET in the coverage report. With this on, the coverage
   * report fails synthesis when any requirement of this pack's declaration is
   * NOT_MET, unless it is in `acceptedGaps`. Needs the coverage report on.
   *
   * @default - by profile: on for `LoggingProfile.HOSTING_PLATFORM` (the
   *   platform team meets or accepts every requirement of its estate, HP-B4,
   *   HP-E5 and PU-2 included); off for `LoggingProfile.CUSTOM_APPLICATION`
   *   (its only requirement no library construct meets, PU-2 clock
   *   synchronisation, is the hosting platform's); off whenever
   *   `coverageReport` is false
   */
  readonly failOnNotMet?: boolean;
  /**
   * Requirements the report-level gate (`failOnNotMet`) lets be NOT_MET, each
   * with the reason, for example `{ 'HP-B4': 'no web proxy: egress is through
   * the Network Firewall' }`.
   *
   * @default - none
   */
  readonly acceptedGaps?: { readonly [requirementId: string]: string };
}

/** A rule as it runs in one pack: its id and the requirements it asserts. */
interface ActiveRule {
  readonly rule: LogCollectionRule;
  readonly order: number;
  readonly ruleId: string;
  readonly requirementIds: string[];
}

/** One validation run: the index and the results gathered so far. */
interface Run {
  readonly scope: IConstruct;
  readonly index: AppIndex;
  readonly byType: Map<string, ActiveRule[]>;
  readonly results: Array<{ active: ActiveRule; construct: IConstruct; resource?: CfnResource; outcome: RuleOutcome }>;
}

/** How the validation report marks acknowledged findings. */
enum ReportMode {
  /** `validate()`: the CDK framework suppresses namespaced acknowledgements itself. */
  FRAMEWORK = 'FRAMEWORK',
  /** `validateScope()`: the pack marks every acknowledged finding. */
  DIRECT = 'DIRECT',
}

/**
 * A cdk-nag v3 rule pack for the security log collection standard: it fails
 * `cdk synth` when the app does not collect, keep and protect the logs the
 * standard asks for at a tier, for a profile.
 *
 * Rules judge plain aws-cdk-lib L1 resources, so the pack checks any app,
 * whether or not it uses this library's constructs, and resolves references
 * across stacks and nested stacks of the app (a VPC in one stack whose flow
 * log is in another is compliant). Each rule asserts catalogue requirements;
 * its id contains the requirement id (`LogCollection-HP-E1`).
 *
 * Unmet requirements are errors and fail synthesis; values known only at
 * deploy time are warnings and notes (such as "no trail in this app") are
 * info: neither fails synthesis.
 *
 * Acknowledge a finding on the resource or any ancestor with the namespaced
 * id: `Validations.of(vpc).acknowledge({ id: 'LogCollection::LogCollection-HP-E1', reason: '...' })`.
 * The validation report then lists it under suppressed violations with its
 * reason. The un-namespaced form (`id: 'LogCollection-HP-E1'`, as cdk-nag
 * documents) is honoured too, but the CDK records it under the annotation
 * namespace and cannot match it to this pack, so the pack reports such a
 * finding itself, as `info`, with `[acknowledged: <reason>]` in front of the
 * description and `acknowledged`, `reason`, `acknowledgedId`,
 * `acknowledgedAt` and `originalSeverity` in its rule metadata. Direct
 * `validateScope()` reports every acknowledged finding that way. Either way
 * the finding stays visible and does not fail synthesis.
 *
 * @example
 * const app = new App();
 * Validations.of(app).addPlugins(new LogCollectionChecks(app, {
 *   tier: MaturityTier.ENHANCED,
 *   profile: LoggingProfile.HOSTING_PLATFORM,
 *   exposure: ServiceExposure.INTERNAL,
 * }));
 */
export class LogCollectionChecks extends NagPack {
  /** The pack's name, the prefix of its rule ids and the namespace of its acknowledgements. */
  public static readonly PACK_NAME = LOG_COLLECTION_PACK;

  /**
   * The exact rule ids the pack runs for a tier, profile and exposure, in
   * report order.
   */
  public static ruleIdsFor(tier: MaturityTier, profile: LoggingProfile, exposure?: ServiceExposure): string[] {
    return activeRules({ tier, profile, exposure }).map((a) => a.ruleId);
  }

  /** The rules the pack runs for a tier, profile and exposure: id, requirements, resource types, summary and fixing constructs. */
  public static describeRules(tier: MaturityTier, profile: LoggingProfile, exposure?: ServiceExposure): CheckRuleInfo[] {
    return activeRules({ tier, profile, exposure }).map((a) => ({
      ruleId: a.ruleId,
      requirementIds: [...a.requirementIds],
      resourceTypes: [...a.rule.resourceTypes],
      summary: a.rule.summary,
      fixedBy: [...a.rule.fixedBy],
    }));
  }

  /**
   * The catalogue requirement ids a rule id asserts, whatever the tier,
   * profile and exposure it runs with. Throws for an id the pack does not have.
   */
  public static requirementIdsOfRule(ruleId: string): string[] {
    for (const tier of Object.values(MaturityTier)) {
      for (const profile of Object.values(LoggingProfile)) {
        for (const exposure of [...Object.values(ServiceExposure), undefined]) {
          const found = activeRules({ tier, profile, exposure }).find((a) => a.ruleId === ruleId);
          if (found) {
            return [...found.requirementIds];
          }
        }
      }
    }
    throw new Error(`'${ruleId}' is not a rule of the ${LogCollectionChecks.PACK_NAME} pack; rule ids look like ${LogCollectionChecks.PACK_NAME}-HP-E1.`);
  }

  /** The plugin name shown in the validation report; also the acknowledgement namespace. */
  public readonly name = LogCollectionChecks.PACK_NAME;
  /**
   * The rule ids this pack runs, in report order. Always set; optional in its
   * type only because `NagPack` declares it so (jsii keeps an override's
   * optionality). `LogCollectionChecks.ruleIdsFor` returns the same list.
   */
  public readonly ruleIds?: string[];
  /** The rule ids this pack runs, in report order (the same list as `ruleIds`, typed as always present). */
  public readonly activeRuleIds: string[];
  /** The tier checked. */
  public readonly tier: MaturityTier;
  /** The profile checked. */
  public readonly profile: LoggingProfile;
  /**
   * The exposure checked.
   *
   * @default - none: the 90-day retention floor is checked
   */
  public readonly exposure?: ServiceExposure;

  /** Whether the coverage report fails synthesis on a NOT_MET requirement of this pack's declaration. */
  public readonly failOnNotMet: boolean;
  /** The requirements the report-level gate accepts as NOT_MET, with the reasons. */
  public readonly acceptedGaps: { readonly [requirementId: string]: string };

  private readonly rules: ActiveRule[];
  /**
   * The stack (or other construct) the pack was created on, when it is not an
   * app or stage: the framework then judges only the resources under it, so
   * each stack of an app can declare its own tier and profile.
   */
  private readonly declaredScope?: IConstruct;
  private readonly verboseMessages: boolean;
  private run?: Run;

  /**
   * @param scope the app (used only to register cdk-nag's CloudFormation
   *   metadata aspect when `writeSuppressionsToCloudFormation` is set)
   * @param props tier, profile and exposure to check
   */
  constructor(scope: IConstruct, props: LogCollectionChecksProps) {
    super(scope, props);
    validateEnumValue('LogCollectionChecks tier', props.tier, MaturityTier, 'MaturityTier', 'a maturity tier');
    validateEnumValue('LogCollectionChecks profile', props.profile, LoggingProfile, 'LoggingProfile', 'a logging profile');
    if (props.exposure !== undefined) {
      validateEnumValue('LogCollectionChecks exposure', props.exposure, ServiceExposure, 'ServiceExposure', 'a service exposure (or leave it out)');
    }
    this.packName = LogCollectionChecks.PACK_NAME;
    this.tier = props.tier;
    this.profile = props.profile;
    this.exposure = props.exposure;
    this.verboseMessages = props.verbose ?? false;
    this.rules = activeRules({ tier: this.tier, profile: this.profile, exposure: this.exposure });
    this.activeRuleIds = this.rules.map((a) => a.ruleId);
    this.ruleIds = this.activeRuleIds;
    this.declaredScope = Stage.isStage(scope) ? undefined : scope;
    this.failOnNotMet = props.failOnNotMet ?? (props.coverageReport !== false && LogCollectionChecks.gatesByDefault(props.profile));
    this.acceptedGaps = validateAcceptedGaps(props, this.failOnNotMet);
    if (props.failOnNotMet === true && props.coverageReport === false) {
      throw new Error(
        'LogCollectionChecks failOnNotMet is true but coverageReport is false: the gate judges the coverage report; ' +
        'remove coverageReport: false, or failOnNotMet.',
      );
    }
    if (props.coverageReport ?? true) {
      notifyPackCreated(this, scope);
    }
  }

  /**
   * Whether the report-level gate (`failOnNotMet`) is on by default for a
   * profile: true for the hosting platform, false for a custom application.
   */
  public static gatesByDefault(profile: LoggingProfile): boolean {
    return profile === LoggingProfile.HOSTING_PLATFORM;
  }

  /** The catalogue requirement ids one of this pack's rule ids asserts. Throws for an id this pack does not run. */
  public requirementIdsOf(ruleId: string): string[] {
    const found = this.rules.find((a) => a.ruleId === ruleId);
    if (!found) {
      throw new Error(`'${ruleId}' is not run by this ${this.name} pack (${this.tier}, ${this.profile}); it runs ${this.activeRuleIds.join(', ')}.`);
    }
    return [...found.requirementIds];
  }

  /**
   * Apply every rule to a construct tree (usually the app) and return one
   * result per rule and judged resource, compliant ones included, plus
   * app-wide notes; ordered by rule, then construct path. Acknowledgements
   * are attached, not applied: an acknowledged NON_COMPLIANT result stays
   * NON_COMPLIANT.
   */
  public evaluate(scope: IConstruct): CheckResult[] {
    // Index the whole stage the scope is in, so references from the scope to
    // other stacks (a VPC here, its flow log there) resolve; judge only the scope.
    const root = Stage.isStage(scope) ? scope : Stage.of(scope) ?? scope.node.root;
    const index = AppIndex.build(root);
    const prefix = scope === root ? undefined : `${scope.node.path}/`;
    const byType = new Map<string, ActiveRule[]>();
    for (const active of this.rules) {
      for (const type of active.rule.resourceTypes) {
        byType.set(type, [...(byType.get(type) ?? []), active]);
      }
    }
    const run: Run = { scope, index, byType, results: [] };
    this.run = run;
    try {
      for (const resource of index.resources) {
        if (prefix === undefined || `${resource.node.path}/`.startsWith(prefix)) {
          this.checkResource(resource);
        }
      }
      for (const active of this.rules) {
        const note = active.rule.checkScope?.(this.contextOf(active, index, scope));
        if (note) {
          run.results.push({ active, construct: scope, outcome: note });
        }
      }
    } finally {
      this.run = undefined;
    }
    return run.results
      .map((r, i) => ({ r, i }))
      .sort((a, b) => a.r.active.order - b.r.active.order
        || compareText(a.r.construct.node.path, b.r.construct.node.path) || a.i - b.i)
      .map(({ r }) => this.toResult(r.active, r.construct, r.resource, r.outcome, index));
  }

  /**
   * Called by the CDK validation framework after synthesis, for the app or
   * stage the pack was added to (`Validations.of(app).addPlugins(pack)`
   * judges the whole app, stages included; a pack added to a stage judges that
   * stage; a pack created on a stack, `new LogCollectionChecks(stack, ...)`,
   * judges that stack, with references to other stacks still resolved). Returns every finding, acknowledged ones included: the framework
   * moves the ones acknowledged with the namespaced id into the report's
   * suppressed list with their reason. Succeeds unless an unacknowledged
   * error remains.
   */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    if (!context.appConstruct) {
      throw new Error(`${this.name} needs the construct tree on the validation context (appConstruct), which this aws-cdk-lib does not provide; call validateScope(app) instead.`);
    }
    return this.report(this.evaluate(this.declaredScope ?? validationRoot(context)), ReportMode.FRAMEWORK);
  }

  /**
   * Validate a construct tree directly (tests, CI scripts). Acknowledged
   * findings stay in the report as `info`, marked in their description and
   * rule metadata; succeeds unless an unacknowledged error remains.
   */
  public validateScope(scope: IConstruct): PolicyValidationPluginReport {
    return this.report(this.evaluate(scope), ReportMode.DIRECT);
  }

  /**
   * Applies the rules for the resource's type, using the index built for the
   * current run. Called by `evaluate`, `validate` and `validateScope` once per
   * resource; not meant to be called on its own.
   */
  protected checkResource(node: CfnResource): void {
    const run = this.run;
    if (!run) {
      throw new Error(`${this.name}.checkResource runs inside evaluate(), validate() or validateScope(), which index the app first.`);
    }
    for (const active of run.byType.get(node.cfnResourceType) ?? []) {
      let result: RuleOutcome;
      try {
        result = active.rule.check(node, this.contextOf(active, run.index, run.scope));
      } catch (e) {
        result = {
          compliance: CheckCompliance.UNKNOWN,
          message: `${node.node.path}: the rule could not read this resource (${(e as Error).message}).`,
        };
      }
      run.results.push({ active, construct: node, resource: node, outcome: result });
    }
  }

  private contextOf(active: ActiveRule, index: AppIndex, scope: IConstruct): RuleContext {
    return {
      index,
      scope,
      settings: { tier: this.tier, profile: this.profile, exposure: this.exposure },
      requirementIds: active.requirementIds,
    };
  }

  private toResult(active: ActiveRule, construct: IConstruct, resource: CfnResource | undefined, o: RuleOutcome, index: AppIndex): CheckResult {
    const finding = o.compliance === CheckCompliance.NON_COMPLIANT || o.compliance === CheckCompliance.UNKNOWN;
    // Rules whose fix is an aws-cdk-lib setting (ALB access logs) name it in their own message.
    const fix = active.rule.fixedBy.length > 0
      ? ` ${active.requirementIds.join(', ')} is met by ${listText(active.rule.fixedBy, 'or')} (cdk-security-log-collection).`
      : '';
    const acknowledgement = finding ? findAcknowledgement(construct, this.name, active.ruleId) : undefined;
    return {
      ruleId: active.ruleId,
      requirementIds: [...active.requirementIds],
      compliance: o.compliance,
      severity: severityOf(o),
      constructPath: construct.node.path,
      ...(resource
        ? { stackName: index.stackNameOf(resource), logicalId: index.logicalIdOf(resource), resourceType: resource.cfnResourceType }
        : {}),
      message: finding ? `${o.message}${fix}` : o.message,
      fixedBy: [...active.rule.fixedBy],
      ...(acknowledgement ? { acknowledgement } : {}),
      ...(o.retentionDays !== undefined ? { retentionDays: o.retentionDays } : {}),
      ...(o.location ? { location: o.location } : {}),
    };
  }

  private report(results: CheckResult[], mode: ReportMode): PolicyValidationPluginReport {
    const violations: PolicyViolation[] = [];
    let success = true;
    for (const r of results) {
      if (r.compliance !== CheckCompliance.NON_COMPLIANT && r.compliance !== CheckCompliance.UNKNOWN) {
        continue;
      }
      const ack = r.acknowledgement;
      if (!ack && r.severity === CheckSeverity.ERROR) {
        success = false;
      }
      // The framework suppresses namespaced acknowledgements itself and shows the reason;
      // everything else acknowledged is marked here so that it stays visible without failing.
      const markHere = ack !== undefined && !(mode === ReportMode.FRAMEWORK && ack.namespaced);
      const explanation = this.verboseMessages ? ` ${explain(r.requirementIds)}` : '';
      const description = markHere
        ? `[acknowledged: ${ack.reason}] ${r.message}${explanation}` +
          (ack.namespaced ? '' : ` (Acknowledged as '${ack.acknowledgedId}'; acknowledge '${this.name}::${r.ruleId}' to have the CDK validation report list it as suppressed.)`)
        : `${r.message}${explanation}`;
      violations.push({
        ruleName: r.ruleId,
        description,
        fix: r.fixedBy.length > 0
          ? `Use ${listText(r.fixedBy, 'or')} (cdk-security-log-collection).`
          : 'Turn on the aws-cdk-lib setting the description names.',
        severity: markHere ? CheckSeverity.INFO : r.severity,
        ruleMetadata: {
          requirementIds: r.requirementIds.join(','),
          compliance: r.compliance,
          ...(ack
            ? {
              acknowledged: 'true',
              reason: ack.reason,
              acknowledgedId: ack.acknowledgedId,
              acknowledgedAt: ack.acknowledgedAt,
              originalSeverity: r.severity,
            }
            : {}),
        },
        violatingResources: [{ constructPath: r.constructPath, locations: [r.location ?? 'Properties'] }],
      });
    }
    return { success, violations };
  }
}

/**
 * What `validate()` judges: the stage the plugin was registered on (the
 * framework passes that stage's stacks), or the whole app when the stacks
 * belong to several stages. The tree below it is judged in full, nested stages
 * included, as cdk-nag does.
 */
function validationRoot(context: IPolicyValidationContext): IConstruct {
  const app = context.appConstruct;
  const stages = new Set<IConstruct>();
  for (const template of context.stackTemplates ?? []) {
    const stack = findByPath(app, template.stackConstructPath);
    if (!stack) {
      return app;
    }
    stages.add(Stage.of(stack) ?? app);
  }
  return stages.size === 1 ? [...stages][0] : app;
}

function findByPath(root: IConstruct, constructPath: string): IConstruct | undefined {
  let current: IConstruct | undefined = root;
  for (const id of constructPath.split('/').filter((part) => part !== '')) {
    current = current?.node.tryFindChild(id);
  }
  return current;
}

/** The rules that run with these settings, with their ids. */
function activeRules(settings: PackSettings): ActiveRule[] {
  const active: ActiveRule[] = [];
  LOG_COLLECTION_RULES.forEach((rule, order) => {
    const ids = rule.requirementIds(settings).filter((id) => applies(id, settings));
    if (ids.length === 0) {
      return;
    }
    const ruleId = `${LogCollectionChecks.PACK_NAME}-${ids[0]}${rule.idSuffix ? `-${rule.idSuffix}` : ''}`;
    active.push({ rule, order, ruleId, requirementIds: ids });
  });
  return active;
}

/** Whether a requirement applies to a tier and profile (Enhanced includes Baseline). */
function applies(requirementId: string, settings: PackSettings): boolean {
  const record = requirement(requirementId);
  return record.profiles.includes(settings.profile)
    && (record.tier === MaturityTier.BASELINE || settings.tier === MaturityTier.ENHANCED);
}

/** Requirement titles for verbose messages. */
function explain(requirementIds: string[]): string {
  return `(${requirementIds.map((id) => `${id} ${requirement(id).title}`).join('; ')})`;
}

function compareText(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}
