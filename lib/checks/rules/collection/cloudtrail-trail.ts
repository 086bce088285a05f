import { CfnResource } from 'aws-cdk-lib';
import { ResourceType } from '../../app-index';
import { fixedRequirements, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { asArray, asBoolean, field } from '../../../core/l1';
import { CheckSeverity } from '../../check-result';
import { AuditTrail } from '../../../sources';

/**
 * Event sources a trail may leave out of its management events
 * (ExcludeManagementEventSources, or an advanced selector's eventSource
 * NotEquals) without losing a user directory event: high-volume KMS data-key
 * calls and RDS Data API calls. These are the only two values CloudTrail accepts.
 */
const HARMLESS_EXCLUSIONS = ['kms.amazonaws.com', 'rdsdata.amazonaws.com'];

/**
 * HP-B1 / CA-B1 (user directory services), CloudTrail part: every CloudTrail
 * trail of the app records the management events that carry IAM, IAM Identity
 * Center, sign-in, STS and Cognito events, from every region, tamper-evident
 * and encrypted:
 *
 * - IsLogging true, IsMultiRegionTrail true, IncludeGlobalServiceEvents not
 *   false (IAM and sign-in events are global);
 * - EnableLogFileValidation true and KMSKeyId set;
 * - management events not excluded: with no selectors at all, CloudTrail
 *   records every management event; with EventSelectors, one with
 *   IncludeManagementEvents not false and ReadWriteType All (or selectors
 *   covering ReadOnly and WriteOnly between them); with
 *   AdvancedEventSelectors, a selector on eventCategory Management whose
 *   readOnly field is unrestricted (or selectors covering both values).
 *   Excluding `kms.amazonaws.com` or `rdsdata.amazonaws.com` is fine: no user
 *   directory event comes from them.
 *
 * When the checked scope (the app, or the stack or group the pack was
 * declared on) has no management-event trail, the rule adds one note (not an
 * error): an organisation trail in the management account usually covers
 * workload accounts. Acknowledge the note when it does, or add AuditTrail.
 */
export const cloudTrailTrail: LogCollectionRule = {
  name: 'cloudtrail-trail',
  requirementIds: fixedRequirements('HP-B1', 'CA-B1'),
  idSuffix: 'Trail',
  resourceTypes: [ResourceType.TRAIL],
  fixedBy: [AuditTrail.IMPLEMENTS.construct],
  summary:
    'Every CloudTrail trail logs management events from all regions (global service events included), ' +
    'validates log files and encrypts with KMS; an app without a trail gets a note.',
  check(trail: CfnResource, context: RuleContext): RuleOutcome {
    const props = trail as unknown as Record<string, unknown>;
    const read = (name: string): unknown => context.index.resolve(trail, props[name]);
    if (isDataEventsOnly(read('advancedEventSelectors'))) {
      return outcome.notApplicable(
        `Trail ${trail.node.path} records data events only (no eventCategory Management selector): it is not a management-event trail.`);
    }
    const problems: string[] = [];
    if (asBoolean(read('isLogging')) !== true) {
      problems.push('IsLogging is not true');
    }
    if (asBoolean(read('isMultiRegionTrail')) !== true) {
      problems.push('IsMultiRegionTrail is not true, so events of other regions are missed');
    }
    if (asBoolean(read('includeGlobalServiceEvents')) === false) {
      problems.push('IncludeGlobalServiceEvents is false, so IAM, STS and sign-in events are missed');
    }
    if (asBoolean(read('enableLogFileValidation')) !== true) {
      problems.push('EnableLogFileValidation is not true, so tampering with log files cannot be detected');
    }
    const key = read('kmsKeyId');
    if (key === undefined || key === '') {
      problems.push('KMSKeyId is not set, so the logs are not encrypted with a customer managed key');
    }
    const management = managementEventsProblem(read('eventSelectors'), read('advancedEventSelectors'));
    if (management) {
      problems.push(management);
    }
    if (problems.length === 0) {
      return outcome.compliant(`Trail ${trail.node.path} records management events from every region, validated and encrypted.`);
    }
    return outcome.nonCompliant(`CloudTrail trail ${trail.node.path} does not meet the user directory requirement: ${problems.join('; ')}.`);
  },
  checkScope(context: RuleContext): RuleOutcome | undefined {
    const prefix = `${context.scope.node.path}/`;
    const managementTrails = context.index.ofType(ResourceType.TRAIL)
      .filter((t) => context.scope.node.path === '' || `${t.node.path}/`.startsWith(prefix))
      .filter((t) => !isDataEventsOnly(context.index.resolve(t, (t as unknown as Record<string, unknown>).advancedEventSelectors)));
    if (managementTrails.length > 0) {
      return undefined;
    }
    return outcome.unknown(
      'There is no management-event CloudTrail trail (AWS::CloudTrail::Trail) in the checked scope, so the pack cannot see that IAM, sign-in, STS and ' +
      'Cognito management events are recorded. An organisation trail may already cover this account: if so, acknowledge ' +
      'this note on the app with the trail\'s name; if not, add AuditTrail.',
      { severity: CheckSeverity.INFO },
    );
  },
};

/**
 * Whether a trail's advanced selectors select data (or network activity)
 * events only, as a trail built to record reads of one bucket does. Such a
 * trail is judged by what it is for, not as the account's management trail.
 */
function isDataEventsOnly(advancedSelectors: unknown): boolean {
  const selectors = asArray(advancedSelectors);
  if (selectors.length === 0) {
    return false;
  }
  return selectors.every((selector) => {
    const category = asArray(field(selector, 'fieldSelectors')).find((f) => field(f, 'field') === 'eventCategory');
    const values = asArray(field(category, 'equalTo') ?? field(category, 'equals')).map(String);
    return values.length > 0 && !values.includes('Management');
  });
}

/** Why the selectors leave out management events; undefined when they keep them all. */
function managementEventsProblem(eventSelectors: unknown, advancedSelectors: unknown): string | undefined {
  const basic = asArray(eventSelectors);
  const advanced = asArray(advancedSelectors);
  if (basic.length === 0 && advanced.length === 0) {
    return undefined;
  }
  const covered = new Set<string>();
  if (advanced.length > 0) {
    for (const selector of advanced) {
      const fields = asArray(field(selector, 'fieldSelectors'));
      const byName = (name: string) => fields.find((f) => field(f, 'field') === name);
      // The L1 calls the CloudFormation `Equals` operator `equalTo`.
      const equals = (f: unknown) => asArray(field(f, 'equalTo') ?? field(f, 'equals'));
      const category = byName('eventCategory');
      if (!category || !equals(category).includes('Management')) {
        continue;
      }
      const source = byName('eventSource');
      if (source && (equals(source).length > 0
        || !asArray(field(source, 'notEquals')).every((s) => HARMLESS_EXCLUSIONS.includes(String(s))))) {
        continue;
      }
      const readOnly = byName('readOnly');
      const values = readOnly ? equals(readOnly).map(String) : ['true', 'false'];
      values.forEach((v) => covered.add(v === 'true' ? 'ReadOnly' : 'WriteOnly'));
    }
    return covered.size === 2
      ? undefined
      : 'its AdvancedEventSelectors do not select every management event (eventCategory Management, both read and write)';
  }
  for (const selector of basic) {
    if (asBoolean(field(selector, 'includeManagementEvents')) === false) {
      continue;
    }
    const excluded = asArray(field(selector, 'excludeManagementEventSources')).map(String);
    if (!excluded.every((s) => HARMLESS_EXCLUSIONS.includes(s))) {
      continue;
    }
    const readWrite = field(selector, 'readWriteType') ?? 'All';
    if (readWrite === 'All') {
      return undefined;
    }
    covered.add(String(readWrite));
  }
  return covered.has('ReadOnly') && covered.has('WriteOnly')
    ? undefined
    : 'its EventSelectors exclude management events (IncludeManagementEvents false, or ReadWriteType not All)';
}
