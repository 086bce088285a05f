import { ReviewQueryConfig } from '../../../lib/handlers/archive-review/contract';
import { monthsFor, QueryStatus, ResultPage, ReviewClients, ReviewConfig, runReview } from '../../../lib/handlers/archive-review/review';

// @aws-sdk/client-athena and @aws-sdk/client-sns are not dev dependencies yet, so the review logic is tested through
// its injected ReviewClients with plain mocks (clients.ts maps them onto the SDK).

const NOW = new Date('2026-12-02T06:00:00Z');
const TIMING = { maxAttempts: 3, maxStartAttempts: 3, pollMs: 1, maxPolls: 5 };

const query = (name: string, schedule = 'MONTHLY_REVIEW', parameters = ['year', 'month']): ReviewQueryConfig =>
  ({ id: `id-${name}`, name, requirementIds: ['PU-3'], parameters, schedule });

const CONFIG: ReviewConfig = {
  workgroup: 'seclog-archive-analysis',
  database: 'seclog_archive',
  reportBucket: 'seclog-exports-111111111111-eu-west-2',
  reportPrefix: 'reports/',
  topicArn: 'arn:aws:sns:eu-west-2:111111111111:reviewers',
  queries: [query('root-and-break-glass-use'), query('flow-rejects', 'WEEKLY'), query('dns', 'ON_DEMAND', ['vpc_id'])],
};

/** A fake Athena/S3/SNS: each started query follows the script of its name (statuses, then result pages). */
function fakeClients(script: Record<string, { statuses?: QueryStatus[][]; pages?: ResultPage[]; startErrors?: string[] }>) {
  const started: Array<{ sql: string; parameters: string[] }> = [];
  const objects = new Map<string, string>();
  const published: Array<{ subject: string; message: string }> = [];
  const runs = new Map<string, number>();
  const executions = new Map<string, { name: string; attempt: number; polls: number }>();
  const startErrors = new Map(Object.entries(script).map(([k, v]) => [k, [...(v.startErrors ?? [])]]));
  const clients: ReviewClients = {
    namedQuerySql: jest.fn(async (id: string) => `SELECT * FROM t WHERE year = ? AND month = ? -- ${id.replace('id-', '')}`),
    startQuery: jest.fn(async (input) => {
      const name = input.sql.split('-- ')[1];
      const error = startErrors.get(name)?.shift();
      if (error) {
        throw Object.assign(new Error(error), { name: error });
      }
      started.push({ sql: input.sql, parameters: input.parameters });
      const attempt = (runs.get(name) ?? 0) + 1;
      runs.set(name, attempt);
      const id = `${name}#${attempt}`;
      executions.set(id, { name, attempt, polls: 0 });
      return id;
    }),
    queryStatus: jest.fn(async (id: string) => {
      const e = executions.get(id)!;
      const statuses = script[e.name]?.statuses?.[e.attempt - 1] ?? [{ state: 'SUCCEEDED' }];
      return statuses[Math.min(e.polls++, statuses.length - 1)];
    }),
    resultPage: jest.fn(async (id: string, token?: string) => {
      const pages = script[executions.get(id)!.name]?.pages ?? [{ rows: [['principal', 'events']] }];
      return pages[token ? Number(token) : 0];
    }),
    putObject: jest.fn(async (_b: string, key: string, body: string) => { objects.set(key, body); }),
    publish: jest.fn(async (_t: string, subject: string, message: string) => { published.push({ subject, message }); }),
    sleep: jest.fn(async () => undefined),
  };
  return { clients, started, objects, published };
}

describe('archive-review handler logic', () => {
  test('the monthly review runs the review queries for the previous month, writes the report to the archive and notifies', async () => {
    const fake = fakeClients({
      'root-and-break-glass-use': { pages: [
        { rows: [['principal', 'eventname'], ['arn:aws:iam::1:role/LogBreakGlass', 'PutBucketPolicy']], nextToken: '1' },
        { rows: [['root', 'ConsoleLogin']] },
      ] },
    });
    const result = await runReview(fake.clients, CONFIG, { kind: 'monthly-review' }, NOW, TIMING);
    expect(fake.started).toEqual([{ sql: expect.stringContaining('root-and-break-glass-use'), parameters: ['2026', '11'] }]);
    expect(result.outcomes[0].rows).toEqual([['arn:aws:iam::1:role/LogBreakGlass', 'PutBucketPolicy'], ['root', 'ConsoleLogin']]);
    expect(result.reportKey).toMatch(/^reports\/monthly-review\/2026-11\/.*\/report\.md$/);
    const report = fake.objects.get(result.reportKey!)!;
    expect(report).toContain('# Privileged-user review (PU-3): 2026-11');
    expect(report).toContain('| arn:aws:iam::1:role/LogBreakGlass | PutBucketPolicy |');
    const csvKey = [...fake.objects.keys()].find((k) => k.endsWith('root-and-break-glass-use-2026-11.csv'))!;
    expect(fake.objects.get(csvKey)).toBe('principal,eventname\narn:aws:iam::1:role/LogBreakGlass,PutBucketPolicy\nroot,ConsoleLogin\n');
    expect(fake.published).toHaveLength(1);
    expect(fake.published[0].message).toContain(`s3://${CONFIG.reportBucket}/${result.reportKey}`);
  });

  test('an empty month still gets a report that says there is nothing to review', async () => {
    const fake = fakeClients({});
    const result = await runReview(fake.clients, CONFIG, { kind: 'monthly-review' }, NOW, TIMING);
    expect(result.failed).toEqual([]);
    expect(fake.objects.get(result.reportKey!)).toContain('No rows: nothing to review');
    expect([...fake.objects.keys()].filter((k) => k.endsWith('.csv'))).toEqual([]);
    expect(fake.published[0].message).toContain('0 with rows to review, 0 failed');
  });

  test('a retryable failure is retried; a query that keeps failing is marked in the report and reported as failed', async () => {
    const fake = fakeClients({
      'root-and-break-glass-use': { statuses: [
        [{ state: 'RUNNING' }, { state: 'FAILED', reason: 'Throttled by S3', retryable: true }],
        [{ state: 'FAILED', reason: 'Throttled by S3', retryable: true }],
        [{ state: 'FAILED', reason: 'Throttled by S3', retryable: true }],
      ] },
    });
    const result = await runReview(fake.clients, CONFIG, { kind: 'monthly-review' }, NOW, TIMING);
    expect(fake.started).toHaveLength(3);
    expect(result.failed).toEqual(['root-and-break-glass-use 2026-11']);
    expect(fake.objects.get(result.reportKey!)).toContain('**FAILED** after 3 attempt(s): FAILED: Throttled by S3');
    expect(fake.published[0].message).toContain('1 failed: root-and-break-glass-use 2026-11');
  });

  test('a retryable failure that then succeeds gives rows; a non-retryable failure is not retried', async () => {
    const fake = fakeClients({
      'root-and-break-glass-use': { statuses: [[{ state: 'FAILED', retryable: true }], [{ state: 'SUCCEEDED' }]] },
      'flow-rejects': { statuses: [[{ state: 'FAILED', reason: 'COLUMN_NOT_FOUND', retryable: false }]] },
    });
    const result = await runReview(fake.clients, CONFIG, { kind: 'weekly-detections' }, new Date('2026-12-15T06:00:00Z'), TIMING);
    expect(result.outcomes).toHaveLength(2);
    const byName = Object.fromEntries(result.outcomes.map((o) => [o.name, o]));
    expect(byName['root-and-break-glass-use'].attempts).toBe(2);
    expect(byName['root-and-break-glass-use'].error).toBeUndefined();
    expect(byName['flow-rejects'].attempts).toBe(1);
    expect(byName['flow-rejects'].error).toContain('COLUMN_NOT_FOUND');
  });

  test('a throttled start is retried with backoff', async () => {
    const fake = fakeClients({ 'root-and-break-glass-use': { startErrors: ['TooManyRequestsException'] } });
    const result = await runReview(fake.clients, CONFIG, { kind: 'monthly-review' }, NOW, TIMING);
    expect(result.failed).toEqual([]);
    expect(fake.clients.startQuery).toHaveBeenCalledTimes(2);
    expect(fake.clients.sleep).toHaveBeenCalledWith(2);
  });

  test('a query still running after the polls is a failure, not a hang', async () => {
    const fake = fakeClients({ 'root-and-break-glass-use': { statuses: [[{ state: 'RUNNING' }]] } });
    const result = await runReview(fake.clients, CONFIG, { kind: 'monthly-review' }, NOW, TIMING);
    expect(result.outcomes[0].error).toBe('still RUNNING after 5 polls');
  });

  test('the weekly run skips on-demand detections and covers both months of a week that spans them', async () => {
    const fake = fakeClients({});
    await runReview(fake.clients, CONFIG, { kind: 'weekly-detections' }, NOW, TIMING);
    expect(fake.started.map((s) => s.parameters)).toEqual([['2026', '11'], ['2026', '11'], ['2026', '12'], ['2026', '12']]);
    expect(fake.started.some((s) => s.sql.includes('-- dns'))).toBe(false);
    expect(monthsFor({ kind: 'monthly-review' }, new Date('2027-01-02T00:00:00Z'))).toEqual([{ year: 2026, month: 12 }]);
  });

  test('the quarterly reminder lists the detections and writes nothing', async () => {
    const fake = fakeClients({});
    await runReview(fake.clients, CONFIG, { kind: 'quarterly-reminder' }, NOW, TIMING);
    expect(fake.objects.size).toBe(0);
    expect(fake.published[0].message).toContain('- flow-rejects (PU-3; WEEKLY)');
  });

  test('bad input: an unknown kind or month is an error naming it', async () => {
    const fake = fakeClients({});
    await expect(runReview(fake.clients, CONFIG, { kind: 'daily' }, NOW, TIMING)).rejects.toThrow(/kind 'daily' is not a review kind/);
    await expect(runReview(fake.clients, CONFIG, { kind: 'monthly-review', month: '2026-13' }, NOW, TIMING))
      .rejects.toThrow(/month '2026-13' is not a month/);
  });
});
