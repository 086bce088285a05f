import * as fs from 'fs';
import * as path from 'path';
import {
  IPolicyValidationContextBeta1, IPolicyValidationPluginBeta1, PolicyValidationPluginReportBeta1, PolicyViolationBeta1,
} from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';

// The Control Tower proactive controls of @cdklabs/cdk-validator-cfnguard, run the same way but only where they can
// match. The stock plugin runs its bundled cfn-guard binary once with every rule (237 rule files) over every template
// of the app; cfn-guard's time grows with rules × templates, so on this example (18 templates) it was about 40 s of a
// 54 s synth. Each rule file selects the resources it judges by their CloudFormation type (`Resources.*[ Type == ... ]`),
// so a rule none of whose resource types is in a template cannot find anything there. This plugin runs cfn-guard once
// per template, with the stock plugin's own `disabledRules` switching off the rules that name none of the template's
// types; a rule file that names no type at all is always run. The findings are the same (test/example/guard-validator.test.ts
// compares both on templates with findings); only the time differs.

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

/** The resource types of one synthesised template. */
export function templateResourceTypes(templatePath: string): Set<string> {
  const template = JSON.parse(fs.readFileSync(templatePath, 'utf8')) as { Resources?: Record<string, { Type?: string }> };
  return new Set(Object.values(template.Resources ?? {}).map((resource) => resource.Type ?? ''));
}

/** The rules that cannot match a template with these resource types: each names types, none of them present. */
export function rulesThatCannotMatch(rules: readonly GuardRule[], types: ReadonlySet<string>): string[] {
  return rules.filter((rule) => rule.types.size > 0 && ![...rule.types].some((type) => types.has(type))).map((rule) => rule.name);
}

/**
 * `CfnGuardValidator` with the Control Tower rules, run per template with only the rules that can match it.
 * Its name, version and rule ids are the stock plugin's, so acknowledgements (`cdk-validator-cfnguard::<rule>`)
 * and reports read the same.
 */
export class TemplateScopedGuardValidator implements IPolicyValidationPluginBeta1 {
  public readonly name: string;
  public readonly version?: string;
  public readonly ruleIds?: string[];
  private readonly rules: GuardRule[];

  constructor() {
    const stock = new CfnGuardValidator();
    this.name = stock.name;
    this.version = stock.version;
    this.ruleIds = stock.ruleIds;
    this.rules = readGuardRules();
  }

  public validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const violations: PolicyViolationBeta1[] = [];
    let success = true;
    for (const templatePath of context.templatePaths) {
      const disabledRules = rulesThatCannotMatch(this.rules, templateResourceTypes(templatePath));
      if (disabledRules.length === this.rules.length) {
        continue;
      }
      const report = new CfnGuardValidator({ disabledRules }).validate({ ...context, templatePaths: [templatePath] });
      success = success && report.success;
      violations.push(...report.violations);
    }
    return { success, violations };
  }
}
