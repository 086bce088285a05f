import { Stack, Token } from 'aws-cdk-lib';

/**
 * Input checks shared by every construct. Each throws an Error whose message
 * names the prop, the bad value and the fix. Unresolved tokens pass: they are
 * checked by CloudFormation at deploy time.
 */

const ACCOUNT_ID = /^\d{12}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;

/** A 12-digit AWS account id. */
export function validateAccountId(prop: string, value: string): string {
  if (!Token.isUnresolved(value) && !ACCOUNT_ID.test(value)) {
    throw new Error(`${prop} '${value}' is not an AWS account id; use the 12-digit id, for example '123456789012'.`);
  }
  return value;
}

/** A list of 12-digit AWS account ids. */
export function validateAccountIds(prop: string, values: string[]): string[] {
  values.forEach((v, i) => validateAccountId(`${prop}[${i}]`, v));
  return values;
}

/** An AWS Organizations id (`o-` followed by 10 to 32 lower-case letters or digits). */
export function validateOrganizationId(prop: string, value: string): string {
  if (!Token.isUnresolved(value) && !ORGANIZATION_ID.test(value)) {
    throw new Error(
      `${prop} '${value}' is not an AWS Organizations id; use the id shown by 'aws organizations describe-organization' ` +
      "(o- followed by 10 to 32 lower-case letters or digits, for example 'o-a1b2c3d4e5').",
    );
  }
  return value;
}

/** An AWS region name such as `eu-west-2`. */
export function validateRegion(prop: string, value: string): string {
  if (!Token.isUnresolved(value) && !REGION.test(value)) {
    throw new Error(`${prop} '${value}' is not an AWS region name; use a region such as 'eu-west-2'.`);
  }
  return value;
}

/** An IAM role ARN. */
export function validateRoleArn(prop: string, value: string): string {
  if (!Token.isUnresolved(value) && !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(value)) {
    throw new Error(`${prop} '${value}' is not an IAM role ARN; use 'arn:aws:iam::<12-digit account>:role/<name>'.`);
  }
  return value;
}

/** A KMS key ARN (key, not alias: aliases cannot be used across accounts). */
export function validateKmsKeyArn(prop: string, value: string): string {
  if (!Token.isUnresolved(value) && !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(value)) {
    throw new Error(
      `${prop} '${value}' is not a KMS key ARN; use 'arn:aws:kms:<region>:<account>:key/<key id>' ` +
      '(an alias ARN does not work across accounts).',
    );
  }
  return value;
}

/** A positive whole number. */
export function validatePositiveInteger(prop: string, value: number, fix: string): number {
  if (!Token.isUnresolved(value) && (!Number.isInteger(value) || value <= 0)) {
    throw new Error(`${prop} must be a positive whole number, got ${value}; ${fix}.`);
  }
  return value;
}

/**
 * One of an enum's values: `<prop> '<value>' is not <what>; use E.A or E.B.`
 * `enumName` is how the user writes the enum (for example `ec2.FlowLogFileFormat`).
 */
export function validateEnumValue<T>(prop: string, value: T, enumObject: { [key: string]: T }, enumName: string, what: string): T {
  if (!Object.values(enumObject).includes(value)) {
    const names = Object.keys(enumObject).map((k) => `${enumName}.${k}`);
    const choices = names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
    throw new Error(`${prop} '${String(value)}' is not ${what}; use ${choices}.`);
  }
  return value;
}

/**
 * The central name prefix: it starts bucket, queue, rule and stream names, so it must suit all of them
 * (S3 bucket names are the strictest: lower-case letters, digits and hyphens).
 */
export function validateNamePrefix(prop: string, value: string): string {
  if (!/^[a-z0-9][a-z0-9-]{0,13}[a-z0-9]$/.test(value) && !/^[a-z0-9]$/.test(value)) {
    throw new Error(
      `${prop} '${value}' cannot start S3 bucket names (nor rule and stream names); use 1 to 15 lower-case letters, digits or hyphens, ` +
      'starting and ending with a letter or digit.',
    );
  }
  return value;
}

/**
 * A stack's account and region as the user wrote them (`env: { account, region }`):
 * a 12-digit id and a region name where they are concrete. Messages name the
 * stack's `env.account` or `env.region`, not the prop of the construct that
 * derived something from them.
 */
export function validateStackEnv(stack: Stack): Stack {
  validateAccountId(`env.account of stack '${stack.node.path}':`, stack.account);
  validateRegion(`env.region of stack '${stack.node.path}':`, stack.region);
  return stack;
}
