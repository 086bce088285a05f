// Reading resolved CloudFormation (L1) properties: shared by sources (which inspect the
// resources they are handed), checks (which judge them) and the report (which draws them).
import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** Read a field of a resolved L1 struct by its camelCase name, accepting the CloudFormation (PascalCase) spelling too. */
export function field(obj: unknown, camelName: string): unknown {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    return undefined;
  }
  const rec = obj as Record<string, unknown>;
  if (camelName in rec) {
    return rec[camelName];
  }
  const pascal = camelName.charAt(0).toUpperCase() + camelName.slice(1);
  return rec[pascal];
}

/** A resolved value as an array (undefined → [], a single value → [value]). */
export function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null) {
    return [];
  }
  return Array.isArray(v) ? v : [v];
}

/** A resolved boolean that CloudFormation also accepts as the strings 'true'/'false'. */
export function asBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') {
    return v;
  }
  if (v === 'true' || v === 'false') {
    return v === 'true';
  }
  return undefined;
}

/** Join names for a message: `a, b and c` (or `a, b or c`). */
export function listText(items: string[], conjunction: string = 'and'): string {
  if (items.length <= 1) {
    return items.join('');
  }
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/**
 * The CloudFormation resource a construct stands for: the construct itself when `is` accepts it, else its
 * default child when `is` accepts that. `found` describes the default child, for the caller's error message.
 */
export function cfnResourceOf<T extends CfnResource>(construct: IConstruct, is: (c: IConstruct) => c is T): { resource?: T; found: string } {
  const child = construct.node.defaultChild;
  const resource = is(construct) ? construct : child && is(child) ? child : undefined;
  const found = child && CfnResource.isCfnResource(child) ? `a ${child.cfnResourceType} resource` : 'no CloudFormation resource';
  return { resource, found };
}
