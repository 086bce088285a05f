import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as docdb from 'aws-cdk-lib/aws-docdb';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import { Construct, IConstruct } from 'constructs';
import { acknowledgeGuard } from '../../core/acknowledge';
import { auditPluginOption, AuditSettingKind, EngineAudit, LIST_PARAMETERS, parameterSatisfied } from './engines';

/**
 * Puts an engine's audit settings into the parameter group (or option group)
 * of a data store: into the user's group when it is defined in this app and
 * can be changed, into a new group when the store has none; otherwise an
 * error naming the exact settings to make. Not public API.
 */

/** The L1 property that names the store's parameter group, by resource type. */
const PARAMETER_GROUP_PROP: Record<string, string> = {
  'AWS::RDS::DBCluster': 'dbClusterParameterGroupName',
  'AWS::RDS::DBInstance': 'dbParameterGroupName',
  'AWS::DocDB::DBCluster': 'dbClusterParameterGroupName',
  'AWS::Redshift::Cluster': 'clusterParameterGroupName',
};

/** The CloudFormation property name of the same, for messages. */
const PARAMETER_GROUP_CFN: Record<string, string> = {
  'AWS::RDS::DBCluster': 'DBClusterParameterGroupName',
  'AWS::RDS::DBInstance': 'DBParameterGroupName',
  'AWS::DocDB::DBCluster': 'DBClusterParameterGroupName',
  'AWS::Redshift::Cluster': 'ClusterParameterGroupName',
};

/** What was done to a store's settings. */
export interface AppliedSettings {
  /** Path of the group that holds the settings, or its name when it is outside the app. */
  readonly group: string;
  /** Whether the construct created the group. */
  readonly created: boolean;
  /** The settings, as `name=value`. */
  readonly settings: string[];
}

/** Input of {@link applyAuditSettings}. */
export interface StoreSettings {
  readonly scope: Construct;
  readonly id: string;
  readonly store: CfnResource;
  readonly engine: EngineAudit;
  readonly version?: string;
  readonly parameters: Record<string, string>;
  /** Trust a parameter group defined outside the app to hold the settings. */
  readonly trustExternal: boolean;
}

/** Apply the settings; throws naming the store, the group and the settings when they cannot be applied. */
export function applyAuditSettings(s: StoreSettings): AppliedSettings {
  if (s.engine.settingKind === AuditSettingKind.OPTION_GROUP) {
    return applyOption(s);
  }
  return applyParameters(s);
}

function get(resource: IConstruct, prop: string): unknown {
  return (resource as unknown as Record<string, unknown>)[prop];
}

function set(resource: IConstruct, prop: string, value: unknown): void {
  (resource as unknown as Record<string, unknown>)[prop] = value;
}

/** The resource of the store's stack that a value refers to (`Ref`), the literal name, or nothing. */
function target(store: CfnResource, value: unknown): { resource?: CfnResource; name?: string } {
  if (value === undefined) {
    return {};
  }
  const stack = Stack.of(store);
  const resolved = stack.resolve(value);
  if (typeof resolved === 'string') {
    return { name: resolved };
  }
  const ref = resolved && typeof resolved === 'object' ? (resolved as Record<string, unknown>).Ref : undefined;
  if (typeof ref === 'string') {
    const resource = stack.node.findAll().find((c): c is CfnResource => CfnResource.isCfnResource(c) && stack.resolve(c.logicalId) === ref);
    return { resource, name: resource ? undefined : `{"Ref":"${ref}"}` };
  }
  return { name: JSON.stringify(resolved) };
}

/** An engine's default group (`default.aurora-postgresql16`, `default:mysql-8-0`), which cannot be changed and holds nothing custom. */
function isDefaultGroup(name: string): boolean {
  return /^default[.:]/.test(name);
}

function settingsText(parameters: Record<string, string>): string[] {
  return Object.entries(parameters).map(([k, v]) => `${k}=${v}`);
}

function refuse(s: StoreSettings, group: string, why: string, settings: string[]): never {
  throw new Error(
    `${s.engine.label} ${s.store.node.path} uses ${group}, ${why}, so DataStoreAuditLogging cannot add its audit settings. ` +
    `Set ${settings.join(', ')} in that group (a list value such as shared_preload_libraries must contain the value), ` +
    'then pass trustExternalParameterGroups: true; or remove the group from the store so the construct creates one.',
  );
}

function applyParameters(s: StoreSettings): AppliedSettings {
  const prop = PARAMETER_GROUP_PROP[s.engine.resourceType];
  const settings = settingsText(s.parameters);
  const { resource, name } = target(s.store, get(s.store, prop));
  // No group, or the engine's default group (aws-rds names it when the user gives none): nothing of the user's to keep.
  if (resource === undefined && (name === undefined || isDefaultGroup(name))) {
    return createParameterGroup(s, prop, settings);
  }
  if (resource === undefined) {
    if (s.trustExternal) {
      return { group: name!, created: false, settings };
    }
    refuse(s, `parameter group '${name}' (${PARAMETER_GROUP_CFN[s.engine.resourceType]})`, 'which is not defined in this app', settings);
  }
  const isRedshift = s.engine.resourceType === 'AWS::Redshift::Cluster';
  const stack = Stack.of(resource);
  const current = readParameters(stack.resolve(get(resource, 'parameters')), isRedshift);
  if (current === undefined) {
    refuse(s, `parameter group ${resource.node.path}`, 'whose parameters are not literal at synth', settings);
  }
  const merged: Record<string, string> = { ...current };
  for (const [key, wanted] of Object.entries(s.parameters)) {
    const now = current[key];
    if (parameterSatisfied(key, now, wanted)) {
      continue;
    }
    if (now !== undefined && !LIST_PARAMETERS.includes(key)) {
      throw new Error(
        `Parameter group ${resource.node.path} of ${s.engine.label} ${s.store.node.path} sets ${key} to '${now}', which turns ` +
        `off part of the audit log DataStoreAuditLogging needs; set it to '${wanted}' or remove it.`,
      );
    }
    merged[key] = now !== undefined && now.trim() !== '' ? `${now},${wanted}` : wanted;
  }
  const l2 = resource.node.scope;
  if (l2 instanceof rds.ParameterGroup) {
    for (const [key, value] of Object.entries(merged)) {
      if (current[key] !== value) {
        l2.addParameter(key, value);
      }
    }
  } else {
    set(resource, 'parameters', isRedshift
      ? Object.entries(merged).map(([parameterName, parameterValue]) => ({ parameterName, parameterValue }))
      : merged);
  }
  return { group: resource.node.path, created: false, settings };
}

/** Parameters as name → value text; undefined when they are not literal. */
function readParameters(resolved: unknown, isRedshift: boolean): Record<string, string> | undefined {
  if (resolved === undefined || resolved === null) {
    return {};
  }
  if (isRedshift) {
    if (!Array.isArray(resolved)) {
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const p of resolved) {
      const n = p?.ParameterName ?? p?.parameterName;
      const v = p?.ParameterValue ?? p?.parameterValue;
      if (typeof n !== 'string' || (typeof v !== 'string' && typeof v !== 'number')) {
        return undefined;
      }
      out[n] = String(v);
    }
    return out;
  }
  if (typeof resolved !== 'object' || Array.isArray(resolved)) {
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(resolved as Record<string, unknown>)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      return undefined;
    }
    out[k] = String(v);
  }
  return out;
}

function requireFamily(s: StoreSettings, what: string): string {
  const family = s.version !== undefined ? s.engine.family(s.version) : undefined;
  if (family === undefined) {
    throw new Error(
      `${s.engine.label} ${s.store.node.path} has ${s.version === undefined ? 'no literal engine version' : `engine version '${s.version}', which names no major version`}, ` +
      `so DataStoreAuditLogging cannot choose the family of the ${what} it creates; set EngineVersion on the store ` +
      '(engine: ...Engine.auroraPostgres({ version: ... }) in aws-rds), or give it a parameter group of your own.',
    );
  }
  return family;
}

function createParameterGroup(s: StoreSettings, prop: string, settings: string[]): AppliedSettings {
  const description = `Audit logging for ${s.engine.label} ${s.store.node.path} (cdk-security-log-collection)`;
  let group: CfnResource;
  switch (s.engine.resourceType) {
    case 'AWS::RDS::DBCluster':
      group = new rds.CfnDBClusterParameterGroup(s.scope, `${s.id}ParameterGroup`, {
        family: requireFamily(s, 'DB cluster parameter group'), description, parameters: s.parameters,
      });
      break;
    case 'AWS::RDS::DBInstance':
      group = new rds.CfnDBParameterGroup(s.scope, `${s.id}ParameterGroup`, {
        family: requireFamily(s, 'DB parameter group'), description, parameters: s.parameters,
      });
      break;
    case 'AWS::DocDB::DBCluster':
      group = new docdb.CfnDBClusterParameterGroup(s.scope, `${s.id}ParameterGroup`, {
        family: requireFamily(s, 'DocumentDB cluster parameter group'), description, parameters: s.parameters,
      });
      break;
    default:
      group = new redshift.CfnClusterParameterGroup(s.scope, `${s.id}ParameterGroup`, {
        parameterGroupFamily: s.engine.family('') ?? 'redshift-1.0', description,
        parameters: Object.entries(s.parameters).map(([parameterName, parameterValue]) => ({ parameterName, parameterValue })),
      });
  }
  set(s.store, prop, group.ref);
  if (s.engine.resourceType === 'AWS::RDS::DBCluster') {
    acknowledgeGuard(group, 'rds_db_cluster_parameter_group_tls_check',
      'This group is made to carry the audit settings only. Whether clients must use TLS (rds.force_ssl, require_secure_transport) ' +
      'is the application\'s decision, since it refuses plain connections: set it on this group or bring your own group with both.');
  }
  return { group: group.node.path, created: true, settings };
}

function applyOption(s: StoreSettings): AppliedSettings {
  const option = auditPluginOption(s.engine)!;
  const settings = [`option ${option.optionName}`, ...settingsText(option.settings)];
  const { resource, name } = target(s.store, get(s.store, 'optionGroupName'));
  if (resource === undefined && (name === undefined || isDefaultGroup(name))) {
    const majorVersion = requireFamily(s, 'option group');
    const group = new rds.CfnOptionGroup(s.scope, `${s.id}OptionGroup`, {
      engineName: s.engine.key,
      majorEngineVersion: majorVersion,
      optionGroupDescription: `Audit plugin for ${s.engine.label} ${s.store.node.path} (cdk-security-log-collection)`,
      optionConfigurations: [{
        optionName: option.optionName,
        optionSettings: Object.entries(option.settings).map(([n, value]) => ({ name: n, value })),
      }],
    });
    set(s.store, 'optionGroupName', group.ref);
    return { group: group.node.path, created: true, settings };
  }
  if (resource === undefined) {
    if (s.trustExternal) {
      return { group: name!, created: false, settings };
    }
    refuse(s, `option group '${name}' (OptionGroupName)`, 'which is not defined in this app', settings);
  }
  const stack = Stack.of(resource);
  const current = stack.resolve(get(resource, 'optionConfigurations')) ?? [];
  if (!Array.isArray(current) || Token.isUnresolved(current)) {
    refuse(s, `option group ${resource.node.path}`, 'whose options are not literal at synth', settings);
  }
  const existing = (current as Array<Record<string, unknown>>).find((c) => c.OptionName === option.optionName || c.optionName === option.optionName);
  if (existing) {
    const values = (existing.OptionSettings ?? existing.optionSettings ?? []) as Array<Record<string, unknown>>;
    for (const [n, v] of Object.entries(option.settings)) {
      const now = values.find((x) => (x.Name ?? x.name) === n);
      const nowValue = now ? String(now.Value ?? now.value) : undefined;
      if (nowValue !== undefined && nowValue.replace(/\s/g, '').toUpperCase() !== v) {
        throw new Error(
          `Option group ${resource.node.path} of ${s.engine.label} ${s.store.node.path} sets ${option.optionName} ${n} to '${nowValue}'; ` +
          `set it to '${v}' so the audit log records connections and queries, or remove the setting.`,
        );
      }
    }
    return { group: resource.node.path, created: false, settings };
  }
  const l2 = resource.node.scope;
  if (l2 instanceof rds.OptionGroup) {
    l2.addConfiguration({ name: option.optionName, settings: option.settings });
  } else {
    set(resource, 'optionConfigurations', [...(current as unknown[]), {
      optionName: option.optionName,
      optionSettings: Object.entries(option.settings).map(([n, value]) => ({ name: n, value })),
    }]);
  }
  return { group: resource.node.path, created: false, settings };
}
