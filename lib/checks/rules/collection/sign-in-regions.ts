import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { ResourceType } from '../../app-index';
import { CheckSeverity } from '../../check-result';
import { fixedRequirements, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { asArray, field, listText } from '../../../core/l1';
import { CORRELATOR_ENV } from '../../../handlers/auth-correlator/contract';
import { CENTRAL_CORRELATOR_ENV } from '../../../handlers/sign-in-correlator/contract';
import { SignInCorrelation } from '../../../central/sign-in-correlation';
import { USER_DIRECTORY_EVENTS } from '../../../requirements/catalogue';
import { SignInEventForwarding } from '../../../sources';
import { stackSetRegionsOf } from '../../../core/stack-set-regions';

const LAMBDA_FUNCTION = 'AWS::Lambda::Function';
/** The sign-in event that every sign-in region records (root and IAM users). */
const CONSOLE_LOGIN = 'ConsoleLogin';
const UNKNOWN = 'an account unknown at synth';

/** The CloudTrail event sources of user-directory events (from the catalogue). */
const DIRECTORY_EVENT_SOURCES = [...new Set(USER_DIRECTORY_EVENTS.flatMap((m) => m.cloudTrailEvents.map((e) => e.eventSource)))];
/** The user-directory event names (from the catalogue): a rule on a directory's event source forwards identity events only if it matches one. */
const DIRECTORY_EVENT_NAMES = new Set(USER_DIRECTORY_EVENTS.flatMap((m) => m.cloudTrailEvents.flatMap((e) => e.eventNames)));

interface ForwardingRule {
  readonly rule: CfnResource;
  readonly account: string;
  /** The regions it runs in: its stack's, or a StackSet template's target regions; empty when unknown at synth. */
  readonly regions: string[];
  /** Whether it forwards console sign-ins (ConsoleLogin). */
  readonly signIn: boolean;
}

/**
 * HP-B1 / CA-B1 (user directory services), where sign-ins are forwarded and
 * correlated, judged once per checked scope:
 *
 * - an account whose user-directory events are forwarded to an event bus
 *   (an `AWS::Events::Rule` on the default bus matching a user-directory
 *   CloudTrail event source, with an event-bus target) must forward console
 *   sign-ins (`signin.amazonaws.com` ConsoleLogin) from every region AWS
 *   records them in without a regional endpoint: us-east-1, us-east-2,
 *   eu-north-1 and ap-southeast-2 (`SignInEventForwarding.DEFAULT_REGIONS`).
 *   A miss is a warning naming the missing regions (the trail still records
 *   the sign-ins; the correlation misses them);
 * - a success-after-failure correlator (a Lambda function with this library's
 *   correlator environment) must run in the account of the event bus it
 *   reports to, the central account; one elsewhere sees one account only and
 *   is an error.
 *
 * A scope with neither says nothing. The compliant result names the regions
 * whose sign-ins are forwarded, per account.
 */
export const signInRegions: LogCollectionRule = {
  name: 'sign-in-regions',
  requirementIds: fixedRequirements('HP-B1', 'CA-B1'),
  idSuffix: 'SignInRegions',
  resourceTypes: [],
  fixedBy: [SignInEventForwarding.IMPLEMENTS.construct, SignInCorrelation.IMPLEMENTS.construct],
  summary:
    'An account whose user-directory events are forwarded forwards console sign-ins from us-east-1, us-east-2, eu-north-1 and ' +
    'ap-southeast-2 (a warning names the missing regions), and a success-after-failure correlator runs in the central account.',
  check(): RuleOutcome {
    return outcome.notApplicable('This rule judges the scope as a whole.');
  },
  checkScope(context: RuleContext): RuleOutcome | undefined {
    const inScope = (r: CfnResource) => context.scope.node.path === '' || `${r.node.path}/`.startsWith(`${context.scope.node.path}/`);
    const forwarding = context.index.ofType(ResourceType.EVENTS_RULE).filter(inScope)
      .map((r) => readForwardingRule(r, context)).filter((r): r is ForwardingRule => r !== undefined);
    const correlators = context.index.ofType(LAMBDA_FUNCTION).filter(inScope)
      .map((f) => readCorrelator(f, context)).filter((c): c is Correlator => c !== undefined);
    if (forwarding.length === 0 && correlators.length === 0) {
      return undefined;
    }

    const errors: string[] = [];
    const warnings: string[] = [];
    const forwarded: string[] = [];
    for (const account of [...new Set(forwarding.map((r) => r.account))]) {
      const rules = forwarding.filter((r) => r.account === account);
      const regions = [...new Set(rules.filter((r) => r.signIn).flatMap((r) => r.regions))];
      const unresolved = rules.filter((r) => r.signIn && r.regions.length === 0);
      const missing = SignInEventForwarding.DEFAULT_REGIONS.filter((r) => !regions.includes(r));
      forwarded.push(`account ${account}: ${regions.length > 0 ? regions.join(', ') : 'no region'}` +
        (unresolved.length > 0 ? ` (and ${unresolved.length} rule(s) in a region unknown at synth)` : ''));
      if (missing.length > 0) {
        warnings.push(`${account === UNKNOWN ? 'An account unknown at synth' : `Account ${account}`} forwards user-directory events ` +
          `but not the console sign-ins recorded in ${listText(missing)} (sign-ins are forwarded from ` +
          `${regions.length > 0 ? listText(regions) : 'no region'}); AWS records root sign-ins in us-east-1 and global-endpoint ` +
          'sign-ins in us-east-1, us-east-2, eu-north-1 or ap-southeast-2, so add a SignInEventForwarding in each ' +
          '(SignInForwardingStacks makes one stack per region)');
      }
    }
    for (const c of correlators) {
      if (c.account !== undefined && c.busAccount !== undefined && c.account !== c.busAccount) {
        errors.push(`The sign-in correlator ${c.fn.node.path} runs in account ${c.account}, not in the central account ${c.busAccount} of ` +
          'the event bus it reports to, so it sees one account\'s sign-ins only; use SignInCorrelation in the central account and ' +
          'IdentityEventForwarding with correlation SignInCorrelationMode.CENTRAL');
      }
    }
    const central = correlators.filter((c) => c.account !== undefined && c.account === c.busAccount).map((c) => c.fn.node.path);
    if (errors.length > 0) {
      return outcome.nonCompliant(`${[...errors, ...warnings].join('. ')}.`);
    }
    if (warnings.length > 0) {
      return outcome.nonCompliant(`${warnings.join('. ')}.`, { severity: CheckSeverity.WARNING });
    }
    return outcome.compliant(
      (forwarded.length > 0 ? `Console sign-ins are forwarded from ${forwarded.join('; ')}.` : '') +
      (central.length > 0 ? `${forwarded.length > 0 ? ' ' : ''}The sign-in correlator runs in the central account (${central.join(', ')}).` : ''),
    );
  },
};

/** An events rule that forwards user-directory events to an event bus, or undefined. */
function readForwardingRule(rule: CfnResource, context: RuleContext): ForwardingRule | undefined {
  const props = rule as unknown as Record<string, unknown>;
  const state = context.index.resolve(rule, props.state);
  if (typeof state === 'string' && state !== 'ENABLED') {
    return undefined;
  }
  const bus = context.index.resolve(rule, props.eventBusName);
  if (bus !== undefined) {
    const text = context.index.resolver.textOf(bus);
    if (text === undefined || !(text === 'default' || text.endsWith(':event-bus/default'))) {
      return undefined; // CloudTrail events arrive on the default bus only
    }
  }
  let pattern = context.index.resolve(rule, props.eventPattern);
  if (typeof pattern === 'string') {
    try {
      pattern = JSON.parse(pattern);
    } catch {
      return undefined;
    }
  }
  const detail = field(pattern, 'detail');
  const sources = asArray(field(detail, 'eventSource')).filter((s): s is string => typeof s === 'string');
  if (!sources.some((s) => DIRECTORY_EVENT_SOURCES.includes(s))) {
    return undefined;
  }
  // A rule on a directory's source that names only other events (a tamper rule on cognito-idp's
  // SetLogDeliveryConfiguration, say) forwards no identity events.
  const eventNames = asArray(field(detail, 'eventName')).filter((n): n is string => typeof n === 'string');
  if (eventNames.length > 0 && !eventNames.some((n) => DIRECTORY_EVENT_NAMES.has(n))) {
    return undefined;
  }
  const targets = asArray(context.index.resolve(rule, props.targets));
  const toBus = targets.some((t) => {
    const arn = field(t, 'arn');
    const ref = context.index.resolver.referenceOf(arn);
    if (ref) {
      return ref.cfnResourceType === ResourceType.EVENT_BUS;
    }
    return /:events:[^:]*:[^:]*:event-bus\//.test(context.index.resolver.textOf(arn) ?? '');
  });
  if (!toBus) {
    return undefined;
  }
  const names = field(detail, 'eventName');
  const signIn = sources.includes(SignInEventForwarding.EVENT_SOURCE)
    && (names === undefined || asArray(names).includes(CONSOLE_LOGIN));
  const stack = Stack.of(rule);
  return {
    rule,
    account: Token.isUnresolved(stack.account) ? UNKNOWN : stack.account,
    regions: Token.isUnresolved(stack.region) ? stackSetRegionsOf(stack) ?? [] : [stack.region],
    signIn,
  };
}

interface Correlator {
  readonly fn: CfnResource;
  readonly account?: string;
  readonly busAccount?: string;
}

/** A Lambda function with a correlator's environment (per-account or central), or undefined. */
function readCorrelator(fn: CfnResource, context: RuleContext): Correlator | undefined {
  const env = field(context.index.resolve(fn, (fn as unknown as Record<string, unknown>).environment), 'variables');
  if (!env || typeof env !== 'object') {
    return undefined;
  }
  const vars = env as Record<string, unknown>;
  const busArn = vars[CORRELATOR_ENV.rules] === undefined ? undefined
    : vars[CENTRAL_CORRELATOR_ENV.eventBusArn] ?? vars[CORRELATOR_ENV.eventBusArn];
  if (busArn === undefined) {
    return undefined;
  }
  const stack = Stack.of(fn);
  const account = Token.isUnresolved(stack.account) ? undefined : stack.account;
  const ref = context.index.resolver.referenceOf(busArn);
  let busAccount: string | undefined;
  if (ref) {
    const busStack = Stack.of(ref);
    busAccount = Token.isUnresolved(busStack.account) ? undefined : busStack.account;
  } else {
    const match = /^arn:[^:]+:events:[^:]*:(\d{12}):event-bus\//.exec(context.index.resolver.textOf(busArn) ?? '');
    busAccount = match ? match[1] : undefined;
  }
  return { fn, account, busAccount };
}
