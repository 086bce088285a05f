/**
 * The public enums of DataStoreAuditLogging: CA-E2's items and pgAudit's classes.
 * Pages: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.PostgreSQL.CommonDBATasks.pgaudit.html
 */

/** CA-E2's five items: what a data store's audit log can carry (the catalogue's field names). */
export enum DataStoreAuditItem {
  /** Which data store (database, cluster, table, bucket) was used. */
  STORE = 'Data store identifier(s)',
  /** Which credential (database user, IAM principal) was used. */
  CREDENTIAL = 'Credential identifier(s)',
  /** The statement or operation. */
  QUERY = 'Query',
  /** The size of the response (rows or bytes). */
  RESPONSE_SIZE = 'Query response size',
  /** How long the query took. */
  RESPONSE_TIME = 'Query response time',
}

/** pgAudit session audit classes (the values of `pgaudit.log`). */
export enum PgAuditClass {
  /** SELECT and COPY when the source is a relation or a query. */
  READ = 'read',
  /** INSERT, UPDATE, DELETE, TRUNCATE and COPY into a relation. */
  WRITE = 'write',
  /** Function calls and DO blocks. */
  FUNCTION = 'function',
  /** Statements on roles and privileges: GRANT, REVOKE, CREATE/ALTER/DROP ROLE. */
  ROLE = 'role',
  /** All DDL not in the ROLE class. */
  DDL = 'ddl',
  /** Miscellaneous commands (DISCARD, FETCH, CHECKPOINT, VACUUM, SET). */
  MISC = 'misc',
  /** Miscellaneous SET commands. */
  MISC_SET = 'misc_set',
  /** Every class. */
  ALL = 'all',
}
