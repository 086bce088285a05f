import { CfnResource } from 'aws-cdk-lib';
import type { AppIndex } from '../app-index';
import { asArray, field } from '../../core/l1';
import { auditPluginOption, AuditSettingKind, EngineAudit, engineKeyOf, ENGINES, ESSENTIAL_PARAMETERS } from '../../sources/data-stores/engines';

/**
 * What the data-store rules (`rules/data-stores/`) read from a template:
 * a database's engine, its log exports, its audit settings, and a trail's
 * data event selectors. Not public API.
 */

/** The database types the data-store rules judge. */
export const DATABASE_TYPES = [
  'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::DocDB::DBCluster', 'AWS::Redshift::Cluster', 'AWS::OpenSearchService::Domain',
];

/** A database's engine entry, or why it has none. */
export function databaseEngine(db: CfnResource, index: AppIndex): { engine?: EngineAudit; memberOf?: string; problem?: string } {
  const props = db as unknown as Record<string, unknown>;
  if (db.cfnResourceType === 'AWS::RDS::DBInstance' && props.dbClusterIdentifier !== undefined) {
    return { memberOf: index.resolver.describe(index.resolve(db, props.dbClusterIdentifier)) };
  }
  const engine = index.resolver.textOf(index.resolve(db, props.engine));
  const { key, problem } = engineKeyOf(db.cfnResourceType, engine);
  return key ? { engine: ENGINES[key] } : { problem };
}

/** The log types a database exports to CloudWatch Logs; undefined when known only at deploy time. */
export function exportedLogTypes(db: CfnResource, index: AppIndex): string[] | undefined {
  const props = db as unknown as Record<string, unknown>;
  if (db.cfnResourceType === 'AWS::Redshift::Cluster') {
    const logging = index.resolve(db, props.loggingProperties);
    if (index.resolver.hasDeployTimeValue(logging)) {
      return undefined;
    }
    return field(logging, 'logDestinationType') === 'cloudwatch' ? asArray(field(logging, 'logExports')).map(String) : [];
  }
  if (db.cfnResourceType === 'AWS::OpenSearchService::Domain') {
    const audit = field(index.resolve(db, props.logPublishingOptions), 'AUDIT_LOGS');
    if (index.resolver.hasDeployTimeValue(audit)) {
      return undefined;
    }
    return String(field(audit, 'enabled')) === 'true' && field(audit, 'cloudWatchLogsLogGroupArn') !== undefined ? ['audit'] : [];
  }
  const exports = index.resolve(db, props.enableCloudwatchLogsExports);
  return index.resolver.hasDeployTimeValue(exports) ? undefined : asArray(exports).map(String);
}

/**
 * The name of the log group a database's audit log goes to: the one its
 * log publishing options refer to (OpenSearch), otherwise the name the
 * service gives it; undefined when not known at synth.
 */
export function auditLogGroupName(db: CfnResource, engine: EngineAudit, index: AppIndex): string | undefined {
  if (db.cfnResourceType === 'AWS::OpenSearchService::Domain') {
    const audit = field(index.resolve(db, (db as unknown as Record<string, unknown>).logPublishingOptions), 'AUDIT_LOGS');
    const arn = field(audit, 'cloudWatchLogsLogGroupArn');
    const group = index.resolver.referencesIn(arn).find((r) => r.cfnResourceType === 'AWS::Logs::LogGroup');
    const name = group ? index.resolver.textOf(index.resolve(group, (group as unknown as Record<string, unknown>).logGroupName)) : undefined;
    return name === undefined || index.resolver.hasDeployTimeValue(name) ? undefined : name;
  }
  const id = identifierOf(db, index);
  return id === undefined ? undefined : engine.logGroupName(id, engine.auditExport);
}

/** The database's literal identifier; undefined when it has none (CloudFormation names it). */
export function identifierOf(db: CfnResource, index: AppIndex): string | undefined {
  const props = db as unknown as Record<string, unknown>;
  const prop = db.cfnResourceType === 'AWS::RDS::DBInstance' ? props.dbInstanceIdentifier
    : db.cfnResourceType === 'AWS::Redshift::Cluster' ? props.clusterIdentifier
      : db.cfnResourceType === 'AWS::OpenSearchService::Domain' ? props.domainName : props.dbClusterIdentifier;
  const text = index.resolver.textOf(index.resolve(db, prop));
  return text === undefined || index.resolver.hasDeployTimeValue(text) ? undefined : text;
}

/**
 * Audit settings the database's parameter (or option) group lacks (those
 * that switch its audit log on, not the construct's finer choices), as
 * `name wanted`; undefined when they cannot be judged at synth (a group
 * outside the app, or values known only at deploy time).
 */
export function missingAuditSettings(db: CfnResource, engine: EngineAudit, index: AppIndex): string[] | undefined {
  const props = db as unknown as Record<string, unknown>;
  if (engine.settingKind === AuditSettingKind.LOG_PUBLISHING) {
    const security = index.resolve(db, props.advancedSecurityOptions);
    return String(field(security, 'enabled')) === 'true' ? [] : ['fine-grained access control (AdvancedSecurityOptions.Enabled)'];
  }
  const option = auditPluginOption(engine);
  const groupValue = engine.settingKind === AuditSettingKind.OPTION_GROUP ? props.optionGroupName
    : db.cfnResourceType === 'AWS::RDS::DBInstance' ? props.dbParameterGroupName
      : db.cfnResourceType === 'AWS::Redshift::Cluster' ? props.clusterParameterGroupName : props.dbClusterParameterGroupName;
  const resolved = index.resolve(db, groupValue);
  const group = index.resolver.referenceOf(resolved);
  const essential = ESSENTIAL_PARAMETERS[engine.key] ?? [];
  const all = option ? [`option ${option.optionName}`] : essential.map((p) => `${p.name} ${p.wanted}`);
  if (!group) {
    const name = index.resolver.textOf(resolved);
    // No group, or the engine's default group: none of the audit settings is on.
    if (resolved === undefined || (name !== undefined && /^default[.:]/.test(name))) {
      return all;
    }
    return undefined;
  }
  if (option) {
    const configs = index.resolve(group, (group as unknown as Record<string, unknown>).optionConfigurations);
    if (index.resolver.hasDeployTimeValue(configs)) {
      return undefined;
    }
    return asArray(configs).some((c) => field(c, 'optionName') === option.optionName) ? [] : all;
  }
  const params = index.resolve(group, (group as unknown as Record<string, unknown>).parameters);
  if (index.resolver.hasDeployTimeValue(params)) {
    return undefined;
  }
  const current: Record<string, string> = {};
  if (Array.isArray(params)) {
    params.forEach((p) => { current[String(field(p, 'parameterName'))] = String(field(p, 'parameterValue')); });
  } else if (params && typeof params === 'object') {
    Object.entries(params as Record<string, unknown>).forEach(([k, v]) => { current[k] = String(v); });
  }
  return essential.filter((p) => !p.ok(current[p.name])).map((p) => `${p.name} ${p.wanted}`);
}

/** One data event selector of a trail, as read from the template. */
export interface DataSelector {
  /** The resource type (`AWS::S3::Object`, ...); undefined when the selector names none (every data type). */
  readonly type?: string;
  /** The ARN values or prefixes it is limited to (StartsWith, Equals, or a basic selector's values); empty = every resource. */
  readonly arns: unknown[];
  /** Whether the selector excludes some ARNs (NotStartsWith / NotEquals). */
  readonly excludes: boolean;
}

/** The data event selectors of a trail: advanced ones, and the DataResources of basic event selectors. */
export function dataSelectors(trail: CfnResource, index: AppIndex): DataSelector[] {
  const props = trail as unknown as Record<string, unknown>;
  const out: DataSelector[] = [];
  for (const selector of asArray(index.resolve(trail, props.advancedEventSelectors))) {
    const fields = asArray(field(selector, 'fieldSelectors'));
    const byName = (name: string) => fields.find((f) => field(f, 'field') === name);
    const equals = (f: unknown) => asArray(field(f, 'equalTo') ?? field(f, 'equals'));
    if (!equals(byName('eventCategory')).includes('Data')) {
      continue;
    }
    const types = equals(byName('resources.type')).map(String);
    const arn = byName('resources.ARN');
    const arns = [...asArray(field(arn, 'startsWith')), ...equals(arn)];
    const excludes = asArray(field(arn, 'notStartsWith')).length > 0 || asArray(field(arn, 'notEquals')).length > 0;
    for (const type of types.length > 0 ? types : [undefined]) {
      out.push({ type, arns, excludes });
    }
  }
  for (const selector of asArray(index.resolve(trail, props.eventSelectors))) {
    for (const resource of asArray(field(selector, 'dataResources'))) {
      const values = asArray(field(resource, 'values'));
      // A basic selector's value `arn:aws:s3` (or `arn:aws:s3:::`) means every bucket.
      const all = values.some((v) => typeof v === 'string' && /^arn:[\w-]+:(s3|dynamodb)(:::)?$/.test(v));
      out.push({ type: String(field(resource, 'type')), arns: all ? [] : values, excludes: false });
    }
  }
  return out;
}

/** Whether an ARN value (resolved) refers to `resource`, or is a literal prefix of `literalArn`. */
export function selects(value: unknown, resource: CfnResource, literalArn: string | undefined, index: AppIndex): boolean {
  if (index.resolver.referencesIn(value).includes(resource)) {
    return true;
  }
  const text = index.resolver.textOf(value);
  return literalArn !== undefined && text !== undefined && !index.resolver.hasDeployTimeValue(text) && literalArn.startsWith(text);
}
