// Reading resolved CloudFormation (L1) properties: shared by sources (which inspect the
// resources they are handed), checks (which judge them) and the report (which draws them).

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
