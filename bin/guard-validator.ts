import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  IPolicyValidationContextBeta1, IPolicyValidationPluginBeta1, PolicyValidationPluginReportBeta1, PolicyViolationBeta1,
} from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';

// The Control Tower proactive controls of @cdklabs/cdk-validator-cfnguard, run the same way but only where they can
// match, on only what they can read. The stock plugin runs its bundled cfn-guard binary once with every rule (237 rule
// files) over every template of the app. cfn-guard's time grows with rules x template size (measured here: about
// 0.26 us per rule and template byte, plus about 25 ms to start the binary): 59 s on this example's 18 templates,
// against 5 to 6 s for this plugin.
//
// What a rule can read: each rule file selects the resources it judges by CloudFormation type
// (`Resources.*[ Type == ... ]`, with the type written in the file), reads the template's top-level keys
// (`Resources exists`), and looks resources up by logical id from a Ref or Fn::GetAtt it finds in them
// (`%doc.Resources[ keys == ... ]`). So a rule none of whose types is in a template finds nothing there, and a rule
// that runs over a copy of the template holding only the resources of its types, and every resource those refer to
// (Ref, Fn::GetAtt, Fn::Sub, DependsOn, followed to the end), finds exactly what it finds over the whole template.
//
// This plugin runs cfn-guard per template, with the stock plugin's own `disabledRules` switching off the rules that
// name none of the template's types. It splits the other rules by the types they name, runs each part over such a
// copy, and merges parts where one run costs less than two (starting the binary again against reading more): a small
// template gets one run, a large one a few. A rule file that names no type at all runs over the whole template. The
// findings are the same (test/example/guard-validator.test.ts compares both plugins on templates with findings and
// references); only the time differs.

/** The rule files of the stock plugin's Control Tower rule set, with the CloudFormation types each names. */
interface GuardRule {
  /** The file's name without `.guard`: what the stock plugin's `disabledRules` takes. */
  readonly name: string;
  /** Every `AWS::Service::Resource` string in the file. */
  readonly types: ReadonlySet<string>;
}

const RESOURCE_TYPE = /["'](AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)["']/g;

/** The directory the stock plugin reads its Control Tower rules from (`rules/control-tower/cfn-guard` of its package). */
export function controlTowerRulesDirectory(): string {
  return path.join(path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower', 'cfn-guard');
}

/** Every `.guard` file under `directory`, with the resource types it names. */
export function readGuardRules(directory: string = controlTowerRulesDirectory()): GuardRule[] {
  const rules: GuardRule[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(file);
      } else if (entry.name.endsWith('.guard')) {
        const text = fs.readFileSync(file, 'utf8');
        rules.push({ name: path.parse(file).name, types: new Set([...text.matchAll(RESOURCE_TYPE)].map((m) => m[1])) });
      }
    }
  };
  walk(directory);
  return rules;
}

/** The parts of a CloudFormation template this plugin reads. */
export interface TemplateDocument {
  readonly Resources?: Record<string, { readonly Type?: string }>;
  readonly [section: string]: unknown;
}

function readTemplate(templatePath: string): TemplateDocument {
  return JSON.parse(fs.readFileSync(templatePath, 'utf8')) as TemplateDocument;
}

function resourceTypes(template: TemplateDocument): Set<string> {
  return new Set(Object.values(template.Resources ?? {}).map((resource) => resource.Type ?? ''));
}

/**
 * The names a template value refers to: Ref, Fn::GetAtt (both forms), the `${Name}` and `${Name.Attr}` of Fn::Sub,
 * and DependsOn. Names that are not resources (parameters, pseudo parameters, Fn::Sub's own variables) are in it too.
 */
export function referencedIds(value: unknown, names: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((item) => referencedIds(item, names));
    return names;
  }
  if (value === null || typeof value !== 'object') {
    return names;
  }
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'Ref' && typeof inner === 'string') {
      names.add(inner);
    } else if (key === 'Fn::GetAtt') {
      const target = Array.isArray(inner) ? inner[0] : typeof inner === 'string' ? inner.split('.')[0] : undefined;
      if (typeof target === 'string') {
        names.add(target);
      }
    } else if (key === 'Fn::Sub') {
      const text = Array.isArray(inner) ? inner[0] : inner;
      if (typeof text === 'string') {
        // `${!Literal}` is text, not a reference.
        for (const match of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
          names.add(match[1].split('.')[0]);
        }
      }
    } else if (key === 'DependsOn') {
      (Array.isArray(inner) ? inner : [inner]).filter((name) => typeof name === 'string').forEach((name) => names.add(name));
    }
    referencedIds(inner, names);
  }
  return names;
}

/**
 * The logical ids of `ids` and of every resource they refer to, directly or through others (`referencedIds`). Names
 * that are not resources of the template (parameters, pseudo parameters) are left out.
 */
export function withReferencedResources(template: TemplateDocument, ids: Iterable<string>): Set<string> {
  const resources = template.Resources ?? {};
  const kept = new Set<string>();
  const pending = [...ids];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (kept.has(id) || !(id in resources)) {
      continue;
    }
    kept.add(id);
    pending.push(...referencedIds(resources[id]));
  }
  return kept;
}

/** One cfn-guard run: these rules over the template, or over a copy that holds only these resources. */
export interface GuardRun {
  /** The names of the rule files to run. */
  readonly rules: string[];
  /** The logical ids of the resources the copy keeps (with every other part of the template); undefined: the whole template. */
  readonly resources?: ReadonlySet<string>;
}

/**
 * What starting cfn-guard once costs, in the unit of the estimate below (one rule reading one byte of template):
 * about 25 ms against about 0.26 us, as measured on this repository's 2-core machine.
 */
export const START_COST = 100_000;

/**
 * The cfn-guard runs that judge a template with every rule that can match it, at a low estimated cost. It starts
 * from one run per set of types the rules name, each over the resources of its types and what they refer to, and
 * merges two runs while one run costs less than the two (it starts cfn-guard once, but reads both runs' resources
 * with both runs' rules); on a small template that ends in one run. A rule file that names no type runs over the
 * whole template.
 */
export function planGuardRuns(rules: readonly GuardRule[], template: TemplateDocument, startCost: number = START_COST): GuardRun[] {
  const resources = template.Resources ?? {};
  const present = resourceTypes(template);
  const untyped = rules.filter((rule) => rule.types.size === 0).map((rule) => rule.name);
  const byTypes = new Map<string, string[]>();
  for (const rule of rules) {
    const types = [...rule.types].filter((type) => present.has(type)).sort();
    if (types.length > 0) {
      const key = types.join(' ');
      byTypes.set(key, [...byTypes.get(key) ?? [], rule.name]);
    }
  }
  const bytes = new Map(Object.entries(resources).map(([id, resource]) => [id, JSON.stringify(resource).length]));
  const size = (ids: ReadonlySet<string>) => [...ids].reduce((total, id) => total + (bytes.get(id) ?? 0), 0);
  const cost = (run: GuardRun) => startCost + run.rules.length * size(run.resources!);
  const ofTypes = (types: string[]) => Object.keys(resources).filter((id) => types.includes(resources[id].Type ?? ''));
  const runs: GuardRun[] = [...byTypes].map(([key, names]) => ({ rules: names, resources: withReferencedResources(template, ofTypes(key.split(' '))) }));
  for (;;) {
    let best: { saving: number; i: number; j: number; merged: GuardRun } | undefined;
    for (let i = 0; i < runs.length; i++) {
      for (let j = i + 1; j < runs.length; j++) {
        const merged = { rules: [...runs[i].rules, ...runs[j].rules], resources: new Set([...runs[i].resources!, ...runs[j].resources!]) };
        const saving = cost(runs[i]) + cost(runs[j]) - cost(merged);
        if (saving > 0 && (!best || saving > best.saving)) {
          best = { saving, i, j, merged };
        }
      }
    }
    if (!best) {
      break;
    }
    runs.splice(best.j, 1);
    runs.splice(best.i, 1, best.merged);
  }
  return [...(untyped.length > 0 ? [{ rules: untyped }] : []), ...runs];
}

/**
 * `CfnGuardValidator` with the Control Tower rules, run per template with only the rules that can match it, each over
 * only what it can read (see `planGuardRuns`). Its name, version and rule ids are the stock plugin's, so
 * acknowledgements (`cdk-validator-cfnguard::<rule>`) and reports read the same; findings name the synthesised template.
 */
export class TemplateScopedGuardValidator implements IPolicyValidationPluginBeta1 {
  public readonly name: string;
  public readonly version?: string;
  public readonly ruleIds?: string[];
  private readonly rules: GuardRule[];
  private readonly startCost: number;

  /**
   * @param startCost what one start of cfn-guard costs in `planGuardRuns`' estimate (default `START_COST`); 0 splits
   * every template by the types its rules name.
   */
  constructor(startCost: number = START_COST) {
    this.startCost = startCost;
    const stock = new CfnGuardValidator();
    this.name = stock.name;
    this.version = stock.version;
    this.ruleIds = stock.ruleIds;
    this.rules = readGuardRules();
  }

  public validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const violations: PolicyViolationBeta1[] = [];
    let success = true;
    // The copies cfn-guard reads, removed before this returns.
    const copies = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-'));
    try {
      for (const templatePath of context.templatePaths) {
        const template = readTemplate(templatePath);
        const runs = planGuardRuns(this.rules, template, this.startCost);
        runs.forEach((run, index) => {
          let dataPath = templatePath;
          if (run.resources && run.resources.size < Object.keys(template.Resources ?? {}).length) {
            dataPath = path.join(copies, `${index}-${path.basename(templatePath)}`);
            const kept = Object.entries(template.Resources ?? {}).filter(([id]) => run.resources!.has(id));
            fs.writeFileSync(dataPath, JSON.stringify({ ...template, Resources: Object.fromEntries(kept) }));
          }
          const enabled = new Set(run.rules);
          const disabledRules = this.rules.filter((rule) => !enabled.has(rule.name)).map((rule) => rule.name);
          const report = new CfnGuardValidator({ disabledRules }).validate({ ...context, templatePaths: [dataPath] });
          success = success && report.success;
          violations.push(...report.violations.map((violation) => ({
            ...violation,
            violatingResources: violation.violatingResources.map((resource) => ({ ...resource, templatePath })),
          })));
        });
      }
    } finally {
      fs.rmSync(copies, { recursive: true, force: true });
    }
    return { success, violations };
  }
}
