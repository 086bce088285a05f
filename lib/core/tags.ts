import { CfnTag, Token } from 'aws-cdk-lib';

/**
 * A `{ key: value }` map as CloudFormation tags, refusing keys AWS refuses
 * (empty, over 128 characters, or starting with `aws:`), with `prop` (the
 * prop as the user wrote it) in the message.
 *
 * @returns the tags, or `[]` for none (callers that must leave the property out pass `undefined` on their own)
 */
export function toCfnTags(prop: string, tags?: { [key: string]: string }): CfnTag[] {
  return Object.entries(tags ?? {}).map(([key, value]) => {
    if (!Token.isUnresolved(key) && (key.length === 0 || key.length > 128 || key.toLowerCase().startsWith('aws:'))) {
      throw new Error(`${prop} key '${key}' is not allowed; use 1 to 128 characters not starting with 'aws:'.`);
    }
    return { key, value };
  });
}

/** {@link toCfnTags}, or `undefined` when there are no tags (so the property stays out of the template). */
export function toOptionalCfnTags(prop: string, tags?: { [key: string]: string }): CfnTag[] | undefined {
  const converted = toCfnTags(prop, tags);
  return converted.length > 0 ? converted : undefined;
}
