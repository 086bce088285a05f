// What a table of the archive is, as plain data (tables.ts and cloudwatch-tables.ts make them).

/** The partition columns every projected table may use. */
export enum PartitionColumn {
  ACCOUNT = 'account',
  REGION = 'region',
  YEAR = 'year',
  MONTH = 'month',
  DAY = 'day',
  HOUR = 'hour',
  LOG_GROUP = 'log_group',
  VPC_ID = 'vpc_id',
  USER_POOL_ID = 'user_pool_id',
}

/** One column of a table. */
export interface ColumnSpec {
  readonly name: string;
  /** Hive type, for example `string`, `bigint`, `array<string>`. */
  readonly type: string;
}

/** A table of the archive, before it is bound to a bucket and account list. */
export interface TableSpec {
  /** Table name in the Glue database. */
  readonly name: string;
  /** What the table holds (the Glue table description). */
  readonly description: string;
  readonly columns: ColumnSpec[];
  /** Partition columns, in the order they appear in the key. */
  readonly partitions: PartitionColumn[];
  /** Key template under the bucket, with `${column}` for each partition column. */
  readonly keyTemplate: string;
  readonly serde: string;
  readonly serdeParameters?: Record<string, string>;
  readonly inputFormat: string;
  readonly outputFormat: string;
  readonly tableParameters?: Record<string, string>;
  /** The values the `log_group` partition projects (without the leading slash), for the CloudWatch tables. */
  readonly logGroups?: readonly string[];
  /**
   * The JSON keys of each `logevents[].message`, for the CloudWatch tables whose source writes JSON (the
   * detections' JSON paths are checked against them); empty when the message is text.
   */
  readonly messageFields?: readonly string[];
}
