/**
 * A value a detection's `?` placeholders take, in order. Athena substitutes
 * execution parameters as written, so the numbers go in bare.
 * https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html
 */
export enum DetectionParameter {
  /** The year of the period (for example 2026). */
  YEAR = 'year',
  /** The month of the period, 1 to 12. */
  MONTH = 'month',
  /** The year of the month before the period. */
  PREVIOUS_YEAR = 'previous_year',
  /** The month before the period, 1 to 12. */
  PREVIOUS_MONTH = 'previous_month',
  /** A VPC id the analyst types in (the DNS table's injected partition); scheduled runs skip such detections. */
  VPC_ID = 'vpc_id',
  /** A Cognito user pool id the analyst types in (the Cognito activity table's injected partition); scheduled runs skip it. */
  USER_POOL_ID = 'user_pool_id',
}

/** When a detection runs on its own. */
export enum DetectionSchedule {
  /** In the monthly privileged-user review (PU-3) and the weekly run. */
  MONTHLY_REVIEW = 'MONTHLY_REVIEW',
  /** In the weekly run of the detections (PU-1). */
  WEEKLY = 'WEEKLY',
  /** Only when an analyst runs it (it needs a value typed in). */
  ON_DEMAND = 'ON_DEMAND',
}

/** One saved query of the analysis workgroup. */
export interface Detection {
  /** Name of the Athena named query (unique in the workgroup). */
  readonly name: string;
  /** The catalogue requirements the detection serves, first the one it is filed under. */
  readonly requirementIds: string[];
  /** What a row means, for the reviewer. */
  readonly description: string;
  /** The table it reads. */
  readonly table: string;
  /** Trino SQL with `?` placeholders. */
  readonly sql: string;
  /** What each `?` stands for, in order. */
  readonly parameters: DetectionParameter[];
  readonly schedule: DetectionSchedule;
}
