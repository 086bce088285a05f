import { MAX_MARKDOWN_ROWS, MAX_ROWS_PER_QUERY, REVIEW_KINDS, ReviewEvent, ReviewQueryConfig } from './contract';

/** The state of an Athena query, as the function needs it. */
export interface QueryStatus {
  /** QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED. */
  readonly state: string;
  readonly reason?: string;
  /** Athena's `AthenaError.Retryable`. */
  readonly retryable?: boolean;
}

/** One page of results: the header row is included in the first page, as Athena returns it. */
export interface ResultPage {
  readonly rows: string[][];
  readonly nextToken?: string;
}

/** The calls the review makes (Athena, S3, SNS), injected so tests need no AWS SDK. */
export interface ReviewClients {
  namedQuerySql(id: string): Promise<string>;
  startQuery(input: { sql: string; database: string; workgroup: string; parameters: string[] }): Promise<string>;
  queryStatus(executionId: string): Promise<QueryStatus>;
  resultPage(executionId: string, nextToken?: string): Promise<ResultPage>;
  putObject(bucket: string, key: string, body: string, contentType: string): Promise<void>;
  publish(topicArn: string, subject: string, message: string): Promise<void>;
  sleep(ms: number): Promise<void>;
}

/** The function's configuration (from its environment). */
export interface ReviewConfig {
  readonly workgroup: string;
  readonly database: string;
  readonly reportBucket: string;
  readonly reportPrefix: string;
  readonly topicArn: string;
  readonly queries: ReviewQueryConfig[];
}

/** One month (the partition the queries filter on). */
export interface Month {
  readonly year: number;
  readonly month: number;
}

/** What happened to one query. */
export interface QueryOutcome {
  readonly name: string;
  readonly requirementIds: string[];
  readonly month: Month;
  readonly header: string[];
  readonly rows: string[][];
  readonly truncated: boolean;
  readonly attempts: number;
  readonly error?: string;
}

/** What one run did. */
export interface ReviewResult {
  readonly kind: string;
  readonly reportKey?: string;
  readonly outcomes: QueryOutcome[];
  readonly failed: string[];
}

/** Retry and polling settings (tests shorten them). */
export interface ReviewTiming {
  readonly maxAttempts: number;
  readonly maxStartAttempts: number;
  readonly pollMs: number;
  readonly maxPolls: number;
}

export const DEFAULT_TIMING: ReviewTiming = { maxAttempts: 3, maxStartAttempts: 5, pollMs: 2000, maxPolls: 300 };

const label = (m: Month) => `${m.year}-${String(m.month).padStart(2, '0')}`;

function previousMonth(m: Month): Month {
  return m.month === 1 ? { year: m.year - 1, month: 12 } : { year: m.year, month: m.month - 1 };
}

function monthOf(date: Date): Month {
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 };
}

/** The months a run covers: the previous month (monthly), or the months of the last seven days (weekly). */
export function monthsFor(event: ReviewEvent, now: Date): Month[] {
  if (event.month !== undefined) {
    const match = /^(\d{4})-(\d{2})$/.exec(event.month);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) {
      throw new Error(`month '${event.month}' is not a month; use YYYY-MM, for example 2026-11.`);
    }
    return [{ year: Number(match[1]), month: Number(match[2]) }];
  }
  if (event.kind === REVIEW_KINDS.monthly) {
    return [previousMonth(monthOf(now))];
  }
  const first = monthOf(new Date(now.getTime() - 7 * 86400_000));
  const last = monthOf(new Date(now.getTime() - 86400_000));
  return label(first) === label(last) ? [first] : [first, last];
}

function parameterValue(name: string, m: Month): string {
  const prev = previousMonth(m);
  switch (name) {
    case 'year': return String(m.year);
    case 'month': return String(m.month);
    case 'previous_year': return String(prev.year);
    case 'previous_month': return String(prev.month);
    default: throw new Error(`parameter '${name}' needs a value typed in by an analyst; the query cannot run on a schedule.`);
  }
}

function isThrottle(err: unknown): boolean {
  const name = (err as { name?: string }).name ?? '';
  return name === 'TooManyRequestsException' || name === 'ThrottlingException' || name === 'ServiceUnavailable';
}

async function startWithBackoff(clients: ReviewClients, input: Parameters<ReviewClients['startQuery']>[0], timing: ReviewTiming): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await clients.startQuery(input);
    } catch (err) {
      if (!isThrottle(err) || attempt >= timing.maxStartAttempts) {
        throw err;
      }
      await clients.sleep(timing.pollMs * 2 ** attempt);
    }
  }
}

/** Run one query for one month: start, wait, retry retryable failures, read every page. */
export async function runQuery(clients: ReviewClients, config: ReviewConfig, query: ReviewQueryConfig, m: Month,
  timing: ReviewTiming = DEFAULT_TIMING): Promise<QueryOutcome> {
  const base = { name: query.name, requirementIds: query.requirementIds, month: m };
  let attempts = 0;
  let lastError = '';
  try {
    const sql = await clients.namedQuerySql(query.id);
    const parameters = query.parameters.map((p) => parameterValue(p, m));
    while (attempts < timing.maxAttempts) {
      attempts++;
      const id = await startWithBackoff(clients, { sql, database: config.database, workgroup: config.workgroup, parameters }, timing);
      let status: QueryStatus = { state: 'QUEUED' };
      for (let poll = 0; poll < timing.maxPolls && (status.state === 'QUEUED' || status.state === 'RUNNING'); poll++) {
        await clients.sleep(timing.pollMs);
        status = await clients.queryStatus(id);
      }
      if (status.state === 'SUCCEEDED') {
        const { header, rows, truncated } = await readAll(clients, id);
        return { ...base, header, rows, truncated, attempts };
      }
      lastError = status.state === 'QUEUED' || status.state === 'RUNNING'
        ? `still ${status.state} after ${timing.maxPolls} polls`
        : `${status.state}: ${status.reason ?? 'no reason given'}`;
      if (status.retryable !== true) {
        break;
      }
    }
  } catch (err) {
    lastError = (err as Error).message ?? String(err);
  }
  return { ...base, header: [], rows: [], truncated: false, attempts, error: lastError };
}

async function readAll(clients: ReviewClients, executionId: string): Promise<{ header: string[]; rows: string[][]; truncated: boolean }> {
  let header: string[] | undefined;
  const rows: string[][] = [];
  let token: string | undefined;
  do {
    const page = await clients.resultPage(executionId, token);
    for (const row of page.rows) {
      if (header === undefined) {
        header = row;
      } else if (rows.length < MAX_ROWS_PER_QUERY) {
        rows.push(row);
      } else {
        return { header, rows, truncated: true };
      }
    }
    token = page.nextToken;
  } while (token);
  return { header: header ?? [], rows, truncated: false };
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The CSV of one query's rows (header first). */
export function toCsv(outcome: QueryOutcome): string {
  return [outcome.header, ...outcome.rows].map((r) => r.map((v) => csvCell(v ?? '')).join(',')).join('\n') + '\n';
}

function mdCell(value: string): string {
  return (value ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The Markdown report of a run. */
export function toMarkdown(kind: string, outcomes: QueryOutcome[], csvKeys: Map<QueryOutcome, string>, now: Date): string {
  const title = kind === REVIEW_KINDS.monthly ? 'Privileged-user review (PU-3)' : 'Weekly detections (PU-1)';
  const months = [...new Set(outcomes.map((o) => label(o.month)))].join(', ');
  const lines = [`# ${title}: ${months}`, '', `Run at ${now.toISOString()}. Reviewer: record the outcome of each section ` +
    '(expected / investigated / escalated) and sign below; the reviewer must not be one of the principals listed.', ''];
  for (const o of outcomes) {
    lines.push(`## ${o.name} (${o.requirementIds.join(', ')}), ${label(o.month)}`, '');
    if (o.error) {
      lines.push(`**FAILED** after ${o.attempts} attempt(s): ${mdCell(o.error)}. Re-run it by hand in the workgroup.`, '');
      continue;
    }
    if (o.rows.length === 0) {
      lines.push('No rows: nothing to review for this check this month.', '');
      continue;
    }
    lines.push(`${o.rows.length}${o.truncated ? '+ (truncated)' : ''} row(s); all in \`${csvKeys.get(o)}\`.`, '');
    lines.push(`| ${o.header.map(mdCell).join(' | ')} |`, `|${o.header.map(() => ' --- |').join('')}`);
    for (const r of o.rows.slice(0, MAX_MARKDOWN_ROWS)) {
      lines.push(`| ${r.map(mdCell).join(' | ')} |`);
    }
    lines.push('');
  }
  lines.push('Reviewed by: ______________________  Date: __________', '');
  return lines.join('\n');
}

/** Run a scheduled review: the queries for its months, the report into the archive, a message to the reviewers. */
export async function runReview(clients: ReviewClients, config: ReviewConfig, event: ReviewEvent, now: Date,
  timing: ReviewTiming = DEFAULT_TIMING): Promise<ReviewResult> {
  const kind = event.kind;
  if (kind === REVIEW_KINDS.quarterly) {
    const list = config.queries.map((q) => `- ${q.name} (${q.requirementIds.join(', ')}; ${q.schedule})`).join('\n');
    await clients.publish(config.topicArn, 'Quarterly review of the log detections (PU-1)',
      'Review whether each saved detection of the analysis workgroup is still relevant, and whether a new one is needed ' +
      `(threats, services and accounts change). The detections:\n${list}\n\nPast reports: s3://${config.reportBucket}/${config.reportPrefix}`);
    return { kind, outcomes: [], failed: [] };
  }
  if (kind !== REVIEW_KINDS.monthly && kind !== REVIEW_KINDS.weekly) {
    throw new Error(`kind '${kind}' is not a review kind; use ${Object.values(REVIEW_KINDS).join(', ')}.`);
  }
  const wanted = config.queries.filter((q) => (kind === REVIEW_KINDS.monthly
    ? q.schedule === 'MONTHLY_REVIEW'
    : q.schedule === 'MONTHLY_REVIEW' || q.schedule === 'WEEKLY'));
  // All at once, so a run of many queries fits in the function's 15 minutes; Athena queues what exceeds its
  // concurrency quota, and a throttled start backs off.
  const pairs = monthsFor(event, now).flatMap((m) => wanted.map((q) => ({ q, m })));
  const outcomes: QueryOutcome[] = await Promise.all(pairs.map(({ q, m }) => runQuery(clients, config, q, m, timing)));
  const folder = `${config.reportPrefix}${kind}/${label(monthsFor(event, now)[0])}/${now.toISOString().replace(/[:.]/g, '-')}/`;
  const csvKeys = new Map<QueryOutcome, string>();
  for (const o of outcomes.filter((x) => !x.error && x.rows.length > 0)) {
    const key = `${folder}${o.name}-${label(o.month)}.csv`;
    await clients.putObject(config.reportBucket, key, toCsv(o), 'text/csv');
    csvKeys.set(o, key);
  }
  const reportKey = `${folder}report.md`;
  await clients.putObject(config.reportBucket, reportKey, toMarkdown(kind, outcomes, csvKeys, now), 'text/markdown');
  const failed = outcomes.filter((o) => o.error).map((o) => `${o.name} ${label(o.month)}`);
  const withRows = outcomes.filter((o) => !o.error && o.rows.length > 0).length;
  const subject = kind === REVIEW_KINDS.monthly
    ? `Privileged-user review ready: ${outcomes.length ? label(outcomes[0].month) : ''} (PU-3)`
    : 'Weekly log detections ready (PU-1)';
  await clients.publish(config.topicArn, subject.slice(0, 99),
    `The report is at s3://${config.reportBucket}/${reportKey}\n` +
    `https://s3.console.aws.amazon.com/s3/object/${config.reportBucket}?prefix=${encodeURIComponent(reportKey)}\n\n` +
    `${outcomes.length} check(s), ${withRows} with rows to review, ${failed.length} failed${failed.length ? `: ${failed.join(', ')}` : ''}.`);
  return { kind, reportKey, outcomes, failed };
}
