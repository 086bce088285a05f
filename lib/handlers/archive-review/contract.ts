/**
 * The contract between the central ArchiveAnalysis construct and the
 * archive-review Lambda handler: environment variable names, the scheduled
 * event's input and the saved queries it runs.
 *
 * This module is bundled into the handler, so it must not import aws-cdk-lib.
 */

/** Environment variables the construct sets on the review function. */
export const ARCHIVE_REVIEW_ENV = {
  /** The Athena workgroup the queries run in (its configuration decides where results go). */
  workgroup: 'ANALYSIS_WORKGROUP',
  /** The Glue database of the archive tables. */
  database: 'ANALYSIS_DATABASE',
  /** The archive bucket the reports are written to. */
  reportBucket: 'REPORT_BUCKET',
  /** Key prefix of the reports, ending in `/`. */
  reportPrefix: 'REPORT_PREFIX',
  /** ARN of the reviewers' SNS topic. */
  topicArn: 'REVIEW_TOPIC_ARN',
  /** JSON array of {@link ReviewQueryConfig}. */
  queries: 'REVIEW_QUERIES',
} as const;

/** What a scheduled run does; the schedule passes it as `{ "kind": ... }`. */
export const REVIEW_KINDS = {
  /** The privileged-user review of the previous calendar month (PU-3). */
  monthly: 'monthly-review',
  /** Every scheduled detection over the last seven days' months (PU-1, for teams without real-time analysis). */
  weekly: 'weekly-detections',
  /** A reminder to review whether the detections are still relevant (PU-1, quarterly). */
  quarterly: 'quarterly-reminder',
} as const;

/** The input of a scheduled run. */
export interface ReviewEvent {
  readonly kind: string;
  /** Run for this month instead (`YYYY-MM`), for a re-run by hand. */
  readonly month?: string;
}

/** One saved query the function may run. */
export interface ReviewQueryConfig {
  /** The Athena named query id (the function reads its SQL from Athena, so there is one copy). */
  readonly id: string;
  readonly name: string;
  readonly requirementIds: string[];
  /** The parameter names of its `?` placeholders, in order. */
  readonly parameters: string[];
  /** MONTHLY_REVIEW, WEEKLY or ON_DEMAND. */
  readonly schedule: string;
}

/** Rows kept per query (the CSV says when more were found). */
export const MAX_ROWS_PER_QUERY = 5000;
/** Rows shown per query in the Markdown report. */
export const MAX_MARKDOWN_ROWS = 25;
