import { awsSource, recommendedFields, requiredFields } from '../requirements/catalogue';
import { LogSourceName } from '../requirements/types';

/**
 * The API Gateway access log variables of the requirement catalogue, by API
 * kind, and the text handling of access log formats that the
 * `ApiAccessLogging` construct and the API rules of the pack share. Not
 * public API.
 */

/** The kinds of API Gateway API whose access log variables the catalogue lists. */
export enum ApiKind {
  /** API Gateway REST API (`AWS::ApiGateway::Stage`). */
  REST = 'REST',
  /** API Gateway HTTP API (`AWS::ApiGatewayV2::Stage` of an API with ProtocolType HTTP). */
  HTTP = 'HTTP',
}

/**
 * The catalogue's source name for each API kind: the `awsSources[].name`
 * whose `fields` are the `$context` variables a format must carry.
 */
export const API_ACCESS_LOG_SOURCE: { readonly [K in ApiKind]: string } = {
  [ApiKind.REST]: LogSourceName.API_GATEWAY_REST_ACCESS_LOGS,
  [ApiKind.HTTP]: LogSourceName.API_GATEWAY_HTTP_ACCESS_LOGS,
};

/** Matches one `$context` variable in a format (letters, digits, `_` and `.` separated names). */
const VARIABLE = /\$context\.[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*/g;

/** The `$context` variables a requirement needs in the access log of an API kind, from the catalogue. */
export function accessLogVariables(requirementId: string, kind: ApiKind): string[] {
  const fields = awsSource(requirementId, API_ACCESS_LOG_SOURCE[kind]).fields ?? [];
  if (fields.length === 0) {
    throw new Error(
      `The requirement catalogue names no access log variables for ${requirementId}; add them as the fields of its ` +
      `'${API_ACCESS_LOG_SOURCE[kind]}' source.`,
    );
  }
  for (const f of fields) {
    if (f.match(VARIABLE)?.[0] !== f) {
      throw new Error(
        `The requirement catalogue names '${f}' as an access log variable of ${requirementId}; use a $context variable such as $context.requestId.`,
      );
    }
  }
  return [...fields];
}

/**
 * The `$context` variables the standard requires for a requirement and API
 * kind (`requiredFields` of the catalogue source): a format without one is an
 * error.
 */
export function requiredAccessLogVariables(requirementId: string, kind: ApiKind): string[] {
  accessLogVariables(requirementId, kind);
  return requiredFields(awsSource(requirementId, API_ACCESS_LOG_SOURCE[kind]));
}

/**
 * The `$context` variables this library recommends on top of the required
 * ones: a format without one gets an info note.
 */
export function recommendedAccessLogVariables(requirementId: string, kind: ApiKind): string[] {
  return recommendedFields(awsSource(requirementId, API_ACCESS_LOG_SOURCE[kind]));
}

/**
 * Every variable `ApiAccessLogging` writes for an API kind: the union of the
 * catalogue's variables of each requirement it meets (its declared ids), in
 * catalogue order.
 */
export function apiAccessLoggingVariables(kind: ApiKind, requirementIds: readonly string[]): string[] {
  const all: string[] = [];
  for (const id of requirementIds) {
    for (const v of accessLogVariables(id, kind)) {
      if (!all.includes(v)) {
        all.push(v);
      }
    }
  }
  return all;
}

/** The `$context` variables a format holds. */
export function variablesIn(format: string): Set<string> {
  return new Set(format.match(VARIABLE) ?? []);
}

/** The JSON key for a variable: its name without `$context.`. */
function keyOf(variable: string): string {
  return variable.slice('$context.'.length);
}

/** A one-line JSON access log format with one string member per variable. */
export function jsonAccessLogFormat(variables: string[]): string {
  const record: Record<string, string> = {};
  for (const v of variables) {
    record[keyOf(v)] = v;
  }
  return JSON.stringify(record);
}

/** Whether a format is a JSON object (API Gateway also takes CLF, XML and CSV formats). */
export function isJsonFormat(format: string): boolean {
  const text = format.trim();
  return text.startsWith('{') && text.endsWith('}');
}

/**
 * Add the variables a JSON format lacks, each as a string member named after
 * it, before the closing brace; members already there are kept as they are.
 * Works on text, so formats with unquoted numeric variables (`"status":
 * $context.status`), which are not strict JSON, merge too.
 *
 * @returns undefined when the format is not a JSON object
 */
export function mergeJsonAccessLogFormat(format: string, variables: string[]): string | undefined {
  if (!isJsonFormat(format)) {
    return undefined;
  }
  const present = variablesIn(format);
  const missing = variables.filter((v) => !present.has(v));
  if (missing.length === 0) {
    return format;
  }
  const text = format.trim();
  const body = text.slice(1, -1).trim();
  const members = missing.map((v) => {
    let key = keyOf(v);
    while (text.includes(`"${key}"`)) {
      key = `context.${key}`;
    }
    return `${JSON.stringify(key)}:${JSON.stringify(v)}`;
  });
  return `{${body}${body === '' ? '' : ','}${members.join(',')}}`;
}
