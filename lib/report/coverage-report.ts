import * as fs from 'fs';
import * as path from 'path';
import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, Stage, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CoverageReportDocument } from './coverage-report-document';
import type { LogCollectionChecks } from '../checks/log-collection-checks';
import { onPackCreated } from '../checks/pack-hooks';
import { buildReport, REPORT_SCHEMA_VERSION } from './private/build';
import { gateViolations } from './private/gate';
import { renderReportMarkdown } from './private/markdown';
import { renderSummaryMarkdown, SUMMARY_MAX_CHARS } from './private/summary-markdown';

/** A `LogCollectionChecks` pack's tier, profile and exposure, declared for a scope. */
export interface CoverageDeclaration {
  /** The pack: its tier, profile and exposure are what the scope is reported against. */
  readonly pack: LogCollectionChecks;
  /** The scope: the whole app, a stage or a stack. Resources outside it are not counted for this declaration. */
  readonly scope: IConstruct;
}

/** The reports made so far, one per app (keyed by the root construct). */
const REPORTS = new WeakMap<IConstruct, CoverageReport>();

/**
 * The coverage report a security reviewer reads: at `cdk synth` it writes
 * `log-collection-report.json`, `log-collection-report.md` and the short
 * `log-collection-report-summary.md` (for a pull-request comment) into the cloud
 * assembly directory (`cdk.out` by default), listing for every requirement of
 * the catalogue its status under each declared tier and profile, the
 * resources that meet it, the `LogCollectionChecks` findings, the
 * acknowledgements with their reasons, the retention of each log store and
 * the catalogue's nearest-equivalent text; a summary on top and a Mermaid
 * diagram of the synthesised data flow.
 *
 * It is a CDK policy-validation plugin, so it runs after the templates are
 * written and alongside the rule pack: the report is written even when the
 * pack's findings fail synthesis. It fails synthesis itself only for a pack
 * with `failOnNotMet` (the report-level gate), and it only adds files to the
 * assembly. `cdk synth` of the same app writes
 * byte-identical reports (no timestamps, absolute paths or stack traces), so
 * rewriting an earlier report of an unchanged app changes nothing; with the
 * App prop `confirmValidationPluginsDoNotMutate`, synthesise into a clean
 * directory, since a changed report overwrites the earlier one.
 *
 * Opt-in and opt-out:
 * - every `LogCollectionChecks` pack includes itself (its tier, profile and
 *   exposure, applied to the scope it was created with) unless it is created
 *   with `coverageReport: false`;
 * - `CoverageReport.of(app).include(pack, scope)` includes a pack by hand,
 *   for example to report one stack against another tier;
 * - the context key `cdk-security-log-collection:coverageReport` set to
 *   `false` (in cdk.json, or `cdk synth -c cdk-security-log-collection:coverageReport=false`)
 *   writes no report at all.
 *
 * Each declaration is judged on its scope, as the pack judges it at synth
 * (`pack.evaluate(scope)`): resources under the scope, with references to
 * other stacks resolved (a flow log in another stack counts for a VPC in
 * scope). Evidence recorded by this library's constructs counts in scope for
 * collection requirements and app-wide for policy rules (LM, PU), whose
 * archive usually lives in another stack.
 *
 * @example
 * const app = new App();
 * const pack = new LogCollectionChecks(app, { tier: MaturityTier.ENHANCED, profile: LoggingProfile.HOSTING_PLATFORM });
 * Validations.of(app).addPlugins(pack);
 * CoverageReport.of(app).include(pack, app); // done by the pack itself unless coverageReport: false
 */
export class CoverageReport implements IPolicyValidationPlugin {
  /** The context key that turns the report off for the whole app when `false`. */
  public static readonly CONTEXT_KEY = 'cdk-security-log-collection:coverageReport';
  /** Name of the JSON report in the cloud assembly directory. */
  public static readonly JSON_FILE_NAME = 'log-collection-report.json';
  /** Name of the Markdown report in the cloud assembly directory. */
  public static readonly MARKDOWN_FILE_NAME = 'log-collection-report.md';
  /**
   * The short Markdown report, beside the detailed one: the counts and one line per
   * requirement (id, title, status, resource count, link to the detail). It
   * stays within `SUMMARY_MAX_CHARS`, so it can be posted as a pull-request comment.
   */
  public static readonly SUMMARY_FILE_NAME = 'log-collection-report-summary.md';
  /** The most characters the summary holds: what a GitHub pull-request comment takes. */
  public static readonly SUMMARY_MAX_CHARS = SUMMARY_MAX_CHARS;
  /** Version of the JSON shape (`schemaVersion` in the report). */
  public static readonly SCHEMA_VERSION = REPORT_SCHEMA_VERSION;

  /**
   * The report of the app `scope` belongs to. The first call creates it and
   * registers it as a validation plugin of the app; later calls return the
   * same report.
   */
  public static of(scope: IConstruct): CoverageReport {
    const root = scope.node.root;
    let report = REPORTS.get(root);
    if (!report) {
      report = new CoverageReport(root);
      REPORTS.set(root, report);
      Validations.of(root).addPlugins(report);
    }
    return report;
  }

  /**
   * Whether the app `scope` belongs to writes the report: false when the
   * context key `cdk-security-log-collection:coverageReport` is `false` (or
   * the string `'false'`, as `cdk -c` passes it), true when it is absent or
   * `true`. Throws for any other value.
   */
  public static isEnabled(scope: IConstruct): boolean {
    const value: unknown = scope.node.tryGetContext(CoverageReport.CONTEXT_KEY);
    if (value === undefined || value === true || value === 'true') {
      return true;
    }
    if (value === false || value === 'false') {
      return false;
    }
    throw new Error(
      `Context '${CoverageReport.CONTEXT_KEY}' is ${JSON.stringify(value)}; set it to true or false (false writes no coverage report).`,
    );
  }

  /**
   * Build the report of an app for some declarations, without writing
   * anything (tests and CI scripts). The app's construct tree is read as it
   * is; call it after synthesis to see what `cdk synth` writes.
   */
  public static buildReport(app: IConstruct, declarations: CoverageDeclaration[]): CoverageReportDocument {
    return buildReport(app, declarations);
  }

  /** Render a report as Markdown (what `log-collection-report.md` holds). */
  public static renderMarkdown(report: CoverageReportDocument): string {
    return renderReportMarkdown(report);
  }

  /** Render a report as the short Markdown summary (what `log-collection-report-summary.md` holds). */
  public static renderSummaryMarkdown(report: CoverageReportDocument): string {
    return renderSummaryMarkdown(report, CoverageReport.MARKDOWN_FILE_NAME);
  }

  /** The JSON text of a report as written to `log-collection-report.json`. */
  public static renderJson(report: CoverageReportDocument): string {
    return `${JSON.stringify(report, undefined, 2)}\n`;
  }

  /** The plugin name shown in the CDK validation report. */
  public readonly name = 'LogCollectionCoverageReport';

  private readonly declared: CoverageDeclaration[] = [];

  private constructor(private readonly root: IConstruct) {}

  /** The declarations included so far, in the order they were included. */
  public get declarations(): CoverageDeclaration[] {
    return [...this.declared];
  }

  /**
   * Report a scope against a pack's tier, profile and exposure. Including
   * the same pack for the same scope twice has no further effect.
   *
   * @param pack the pack whose settings and rules are used
   * @param scope the whole app (the default), a stage or a stack of this app
   */
  public include(pack: LogCollectionChecks, scope?: IConstruct): void {
    const target = scope ?? this.root;
    if (target.node.root !== this.root) {
      throw new Error(
        `CoverageReport.include: scope '${target.node.path}' is not in the app this report belongs to; ` +
        'call CoverageReport.of(scope).include(pack, scope) on the scope\'s own app.',
      );
    }
    if (!this.declared.some((d) => d.pack === pack && d.scope === target)) {
      this.declared.push({ pack, scope: target });
    }
  }

  /** This app's report, built from its declarations as they are now (see `CoverageReport.buildReport`). */
  public toDocument(): CoverageReportDocument {
    return CoverageReport.buildReport(this.root, this.declared);
  }

  /**
   * Build the report and write its three files (JSON, detailed Markdown,
   * summary Markdown) into a directory (the cloud assembly directory at synth).
   *
   * @returns the file names written, relative to `outdir`
   */
  public writeTo(outdir: string): string[] {
    this.write(outdir);
    return [CoverageReport.JSON_FILE_NAME, CoverageReport.MARKDOWN_FILE_NAME, CoverageReport.SUMMARY_FILE_NAME];
  }

  /** Build the report, write its files and return it. */
  private write(outdir: string): CoverageReportDocument {
    const report = this.toDocument();
    fs.mkdirSync(outdir, { recursive: true });
    fs.writeFileSync(path.join(outdir, CoverageReport.JSON_FILE_NAME), CoverageReport.renderJson(report));
    fs.writeFileSync(path.join(outdir, CoverageReport.MARKDOWN_FILE_NAME), CoverageReport.renderMarkdown(report));
    fs.writeFileSync(path.join(outdir, CoverageReport.SUMMARY_FILE_NAME), CoverageReport.renderSummaryMarkdown(report));
    return report;
  }

  /**
   * Called by the CDK validation framework after the templates are written:
   * writes the files into the root cloud assembly directory. Succeeds unless
   * a pack with `failOnNotMet` has a NOT_MET requirement it does not accept
   * (one error each, naming the requirement, the reason and the fix); when
   * the report cannot be written it says why as an `info` entry of the
   * validation report, so synthesis goes on.
   */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const root = context.appConstruct ?? this.root;
    try {
      if (!CoverageReport.isEnabled(root)) {
        return { success: true, violations: [] };
      }
      const outdir = assemblyDirectory(root, context);
      if (!outdir) {
        return notWritten('the cloud assembly directory could not be found');
      }
      const report = this.write(outdir);
      const violations = gateViolations(report, this.declared.map((d) => ({ pack: d.pack, scopePath: d.scope.node.path })));
      return { success: violations.length === 0, violations };
    } catch (e) {
      // The report never fails synthesis: say what went wrong and carry on.
      return notWritten(firstLine((e as Error).message));
    }
  }
}

/** The root cloud assembly directory: the app's outdir, or the directory of a root-level template. */
function assemblyDirectory(root: IConstruct, context: IPolicyValidationContext): string | undefined {
  if (Stage.isStage(root)) {
    return root.outdir;
  }
  const first = context.templatePaths[0];
  return first ? path.dirname(first) : undefined;
}

function notWritten(why: string): PolicyValidationPluginReport {
  return {
    success: true,
    violations: [{
      ruleName: 'LogCollectionCoverageReport',
      description: `No coverage report was written: ${why}`,
      severity: 'info',
      violatingResources: [],
    }],
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

/**
 * Whether the app `scope` belongs to writes the coverage report (see
 * `CoverageReport.isEnabled`): the `LogCollectionChecks` constructor reads it
 * before including itself.
 */
export function isCoverageReportEnabled(scope: IConstruct): boolean {
  return CoverageReport.isEnabled(scope);
}

/** Build the report of an app for some declarations (see `CoverageReport.buildReport`). */
export function buildCoverageReport(app: IConstruct, declarations: CoverageDeclaration[]): CoverageReportDocument {
  return CoverageReport.buildReport(app, declarations);
}

/** Render a report as Markdown (see `CoverageReport.renderMarkdown`). */
export function renderMarkdown(report: CoverageReportDocument): string {
  return CoverageReport.renderMarkdown(report);
}

// Every pack created with `coverageReport` left on includes itself, unless the
// app turned the report off (the pack never imports the report: see pack-hooks).
onPackCreated<LogCollectionChecks>((pack, scope) => {
  if (CoverageReport.isEnabled(scope)) {
    CoverageReport.of(scope).include(pack, scope);
  }
});
