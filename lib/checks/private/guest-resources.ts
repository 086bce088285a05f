import { CfnResource, Stack } from 'aws-cdk-lib';
import { AppIndex } from '../app-index';
import { asArray, field } from '../../core/l1';

/**
 * What the guest-level rules read from a template: State Manager associations
 * and the CloudWatch agent configurations they apply. Not a rule (the barrel
 * does not export it).
 */

/** CloudFormation types the guest rules read. */
export const GuestResourceType = {
  INSTANCE: 'AWS::EC2::Instance',
  AUTO_SCALING_GROUP: 'AWS::AutoScaling::AutoScalingGroup',
  ASSOCIATION: 'AWS::SSM::Association',
  PARAMETER: 'AWS::SSM::Parameter',
  FIREWALL: 'AWS::NetworkFirewall::Firewall',
  FIREWALL_LOGGING: 'AWS::NetworkFirewall::LoggingConfiguration',
} as const;

/** An association as the rules see it. */
export interface AssociationView {
  readonly resource: CfnResource;
  /** The SSM document name. */
  readonly document?: string;
  /** `tag:<key>` targets: key → values. */
  readonly tagTargets: Array<{ key: string; values: string[] }>;
  /** Resources named by InstanceIds targets or the InstanceId property. */
  readonly instances: CfnResource[];
  /** The parameters, resolved. */
  readonly parameters: Record<string, unknown>;
}

/** Every association of the app in the same account and region as `stack`. */
export function associationsFor(index: AppIndex, stack: Stack): AssociationView[] {
  return index.ofType(GuestResourceType.ASSOCIATION)
    .filter((a) => Stack.of(a).account === stack.account && Stack.of(a).region === stack.region)
    .map((a) => {
      const props = a as unknown as Record<string, unknown>;
      const name = index.resolve(a, props.name);
      const targets = asArray(index.resolve(a, props.targets));
      const tagTargets: Array<{ key: string; values: string[] }> = [];
      const instances: CfnResource[] = [...index.resolver.referencedBy(a, props.instanceId)];
      for (const t of targets) {
        const key = field(t, 'key');
        const values = asArray(field(t, 'values'));
        if (typeof key === 'string' && key.startsWith('tag:')) {
          tagTargets.push({ key: key.slice(4), values: values.filter((v): v is string => typeof v === 'string') });
        } else if (key === 'InstanceIds') {
          instances.push(...index.resolver.referencesIn(values));
        }
      }
      const parameters = index.resolve(a, props.parameters);
      return {
        resource: a,
        document: typeof name === 'string' ? name : undefined,
        tagTargets,
        instances,
        parameters: parameters && typeof parameters === 'object' ? parameters as Record<string, unknown> : {},
      };
    });
}

/** Whether an association reaches a resource with these tags (by tag target or by instance id). */
export function reaches(association: AssociationView, resource: CfnResource, tags: Record<string, string>): boolean {
  return association.instances.includes(resource)
    || association.tagTargets.some((t) => tags[t.key] !== undefined && t.values.includes(tags[t.key]));
}

/** A parameter's values as strings (association parameters are string lists). */
export function parameterText(association: AssociationView, name: string): string[] {
  return asArray(association.parameters[name]).filter((v): v is string => typeof v === 'string');
}

/** The agent configuration stored in an `AWS::SSM::Parameter` of the app with this name, parsed; undefined when there is none or it is not JSON. */
export function agentConfigNamed(index: AppIndex, stack: Stack, name: string): Record<string, unknown> | undefined {
  for (const p of index.ofType(GuestResourceType.PARAMETER)) {
    if (Stack.of(p).account !== stack.account || Stack.of(p).region !== stack.region) {
      continue;
    }
    const props = p as unknown as Record<string, unknown>;
    if (index.resolve(p, props.name) === name) {
      return parseConfig(index.resolve(p, props.value));
    }
  }
  return undefined;
}

/** A parameter value as a JSON object, or undefined. */
export function parseConfig(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  try {
    const parsed = JSON.parse(value);
    return parsed && typeof parsed === 'object' ? parsed as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

/** The `logs.logs_collected.<section>.collect_list` of an agent configuration. */
export function collectList(config: Record<string, unknown> | undefined, section: 'files' | 'windows_events'): Array<Record<string, unknown>> {
  const logs = config?.logs as Record<string, unknown> | undefined;
  const collected = logs?.logs_collected as Record<string, unknown> | undefined;
  const list = (collected?.[section] as Record<string, unknown> | undefined)?.collect_list;
  return Array.isArray(list) ? list.filter((e) => e && typeof e === 'object') as Array<Record<string, unknown>> : [];
}
