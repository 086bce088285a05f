/**
 * archive-review: the central account's scheduled analysis of the archive.
 * EventBridge Scheduler invokes it with `{ "kind": ... }`:
 *
 * - `monthly-review` (PU-3): the review queries for the previous calendar
 *   month, run in the analysis workgroup; a Markdown report and one CSV per
 *   query with rows are written under the reports prefix of the archive, and
 *   the reviewers' topic gets the report's location.
 * - `weekly-detections` (PU-1): every scheduled detection over the months of
 *   the last seven days, reported the same way.
 * - `quarterly-reminder` (PU-1): a message asking the reviewers to review the
 *   detections' relevance.
 *
 * A failed query is retried when Athena says it is retryable, and a throttled
 * start is retried with backoff. The report is written either way (the failed
 * query is marked in it); then the function throws, so the run counts as an
 * error and the construct's alarm fires.
 */
import { ARCHIVE_REVIEW_ENV, ReviewEvent, ReviewQueryConfig } from './contract';
import { awsReviewClients } from './clients';
import { ReviewConfig, ReviewResult, runReview } from './review';

function env(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`Environment variable ${name} is not set; the ArchiveAnalysis construct sets it.`);
  }
  return value;
}

/** The function's configuration from its environment. */
export function readConfig(): ReviewConfig {
  return {
    workgroup: env(ARCHIVE_REVIEW_ENV.workgroup),
    database: env(ARCHIVE_REVIEW_ENV.database),
    reportBucket: env(ARCHIVE_REVIEW_ENV.reportBucket),
    reportPrefix: env(ARCHIVE_REVIEW_ENV.reportPrefix),
    topicArn: env(ARCHIVE_REVIEW_ENV.topicArn),
    queries: JSON.parse(env(ARCHIVE_REVIEW_ENV.queries)) as ReviewQueryConfig[],
  };
}

export async function handler(event: ReviewEvent): Promise<ReviewResult> {
  const result = await runReview(awsReviewClients(), readConfig(), event, new Date());
  console.log(JSON.stringify({ kind: result.kind, reportKey: result.reportKey, failed: result.failed }));
  if (result.failed.length > 0) {
    throw new Error(`${result.failed.length} review query(ies) failed (${result.failed.join(', ')}); the report at ${result.reportKey} marks them.`);
  }
  return result;
}
