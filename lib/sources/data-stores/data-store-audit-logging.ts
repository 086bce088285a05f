import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, IConstruct } from 'constructs';
import { DataStoreAuditItem, PgAuditClass } from './audit-items';
import { applyAuditSettings } from './audit-settings';
import {
  ALL_AUDIT_ITEMS, auditParameters, AuditSettingKind, DEFAULT_PGAUDIT_CLASSES, EngineAudit, engineKeyOf, ENGINES,
} from './engines';
import { logServerAccess, SERVER_ACCESS_LOG_ITEMS } from './server-access-logs';
import { itemText, summaryNote } from './store-notes';
import { recordEvidence } from '../../core/evidence';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';
import { createSecureLogGroup } from '../../core/log-group';
import { validateEnumValue } from '../../core/validate';
import { CentralLogGroupOptions } from '../central-log-group-options';
import { requireRegion, requireSameStack, subscribeToCentralDestination } from '../private/central-subscription';
import { AuditTrail, DataEventResourceType } from '../services/audit-trail';

/** Props for {@link DataStoreAuditLogging}. */
export interface DataStoreAuditLoggingProps extends CentralLogGroupOptions {
  /**
   * Databases whose own audit log is switched on: RDS and Aurora DB clusters
   * and instances (`aws-rds` DatabaseCluster, DatabaseInstance or their
   * `CfnDBCluster` / `CfnDBInstance`), DocumentDB clusters
   * (`aws-docdb` CfnDBCluster), Redshift clusters (`aws-redshift`
   * CfnCluster) and OpenSearch Service domains with fine-grained access
   * control (`aws-opensearchservice` Domain or CfnDomain). Each needs a fixed identifier (its log group is named after
   * it) and must be in this construct's stack.
   *
   * @default - none
   */
  readonly databases?: IConstruct[];

  /**
   * pgAudit session classes logged by PostgreSQL databases (`pgaudit.log`).
   *
   * @default [READ, WRITE, ROLE, DDL]
   */
  readonly pgauditClasses?: PgAuditClass[];

  /**
   * Trust parameter and option groups defined outside this app (by name) to
   * hold the audit settings. Without it, such a group is an error naming the
   * settings to make, because the construct cannot add them.
   *
   * @default false
   */
  readonly trustExternalParameterGroups?: boolean;

  /**
   * The trail that records the data events of `tables`, `buckets` and
   * `queues`. Required when any of them is given.
   *
   * @default - no data events are added
   */
  readonly trail?: AuditTrail;

  /**
   * DynamoDB tables whose item-level calls the trail records (advanced event
   * selector scoped to these tables' ARNs).
   *
   * @default - none
   */
  readonly tables?: dynamodb.ITable[];

  /**
   * S3 buckets whose object-level calls the trail records (scoped to these
   * buckets; never every bucket, which would loop on log buckets).
   *
   * @default - none
   */
  readonly buckets?: s3.IBucket[];

  /**
   * SQS queues whose message calls the trail records.
   *
   * @default - none
   */
  readonly queues?: sqs.IQueue[];

  /**
   * S3 buckets (aws-s3 Buckets defined in this stack) whose S3 server access
   * logs are switched on: the one log of an S3 request with its size and time
   * (Bytes Sent, Object Size, Total Time, Turn-Around Time), which data events
   * lack. They go to an SSE-S3 access-log bucket the construct creates in the
   * stack's region and account (where S3 delivers them), which replicates into
   * the central vault. An imported bucket, a bucket of another stack, a log
   * bucket or a bucket that already has server access logging is an error.
   *
   * @default - no server access logs
   */
  readonly serverAccessLogBuckets?: s3.IBucket[];

  /**
   * Actions of the alarm on failed replication of the server access logs.
   *
   * @default - the stack's security log alarm topic
   */
  readonly alarmActions?: cloudwatch.IAlarmAction[];
}

/** One data store this construct audits, and what its log carries of CA-E2. */
export interface AuditedDataStore {
  /** Construct path of the store's CloudFormation resource (or of the L2 for tables, buckets and queues). */
  readonly path: string;
  /** What it is, for example `Aurora PostgreSQL cluster`. */
  readonly kind: string;
  /** The log that records its activity. */
  readonly logSource: string;
  /** CA-E2 items the log carries. */
  readonly items: DataStoreAuditItem[];
  /** CA-E2 items it does not carry. */
  readonly missingItems: DataStoreAuditItem[];
  /** Why the missing items are missing (empty when none is). */
  readonly gap: string;
  /** Names of the log groups the store writes to (none for data events, which go to the trail). */
  readonly logGroupNames: string[];
  /** The audit settings made, as `name=value`. */
  readonly settings: string[];
}

/** The catalogue requirements this construct implements (its one declaration; see RequirementImplementation). */
const IMPLEMENTS = implementsRequirements('DataStoreAuditLogging', ['CA-E2']);

/** Stores that already have a DataStoreAuditLogging, and the path of that construct. */
const CLAIMED = new WeakMap<CfnResource, string>();

const DATA_EVENT_ITEMS = [DataStoreAuditItem.STORE, DataStoreAuditItem.CREDENTIAL, DataStoreAuditItem.QUERY];
const DATA_EVENT_GAP = 'CloudTrail data events carry the principal, access key, operation and request parameters, but no response size or time.';

/**
 * Data store activity (CA-E2) from the stores' own audit logs.
 *
 * - For each database, switches on the engine's audit log in its parameter
 *   group (or option group): pgAudit with connection and duration logging
 *   for PostgreSQL, advanced auditing for Aurora MySQL, the MariaDB audit
 *   plugin for RDS MySQL and MariaDB, auditing and the profiler for
 *   DocumentDB, user activity logging for Redshift, AUDIT_LOGS publishing
 *   (with a log group resource policy) for OpenSearch (settings in
 *   `engines.ts`, with the AWS pages). A group of the user's that is defined
 *   in the app gets the settings added (an `aws-rds` ParameterGroup through
 *   `addParameter`); a store with none gets a new group; a group known only
 *   by name is an error naming the settings.
 * - Exports the audit log to CloudWatch Logs into a log group the construct
 *   creates first (KMS, retention by exposure, deletion protection,
 *   retained), named as the service names it (`/aws/rds/cluster/<id>/audit`),
 *   and subscribes it to the central destination of the stack's region.
 * - Adds scoped data event selectors for the named DynamoDB tables, S3
 *   buckets and SQS queues to the trail.
 * - Switches on S3 server access logs (size and time) for the buckets in
 *   `serverAccessLogBuckets`, into an SSE-S3 access-log bucket of the stack
 *   replicated into the central vault (`server-access-logs.ts`, with the pages).
 * - Says, per store, which of CA-E2's five items its log carries
 *   ({@link stores}), and records it as evidence for the coverage report.
 *
 * PostgreSQL needs `CREATE EXTENSION pgaudit;` once in each database (a SQL
 * statement, not a CloudFormation setting), and a store whose parameter
 * group changes needs a reboot for `shared_preload_libraries`. Database
 * Activity Streams have no CloudFormation property: `DatabaseActivityStream`
 * (opt-in) starts one on an Aurora cluster and forwards it.
 *
 * @example
 * new DataStoreAuditLogging(this, 'DataAudit', {
 *   central,
 *   exposure: ServiceExposure.EXTERNAL,
 *   databases: [cluster],
 *   trail,
 *   tables: [table],
 * });
 */
export class DataStoreAuditLogging extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = IMPLEMENTS;

  /** Every store audited, with the CA-E2 items its log carries. */
  public readonly stores: AuditedDataStore[] = [];
  /** The log groups created for the databases' exports. */
  public readonly logGroups: logs.ILogGroup[] = [];
  /** The subscriptions sending them to the central destination. */
  public readonly subscriptionFilters: logs.CfnSubscriptionFilter[] = [];
  /** The SSE-S3 bucket receiving the server access logs of `serverAccessLogBuckets` (undefined without them). */
  public readonly accessLogBucket?: s3.IBucket;
  /** The role S3 Replication uses to copy the access-log bucket into the central vault (undefined without it). */
  public readonly accessLogReplicationRole?: iam.IRole;
  /** Alarms on the delivery path (failed replication of the server access logs), each with an action. */
  public readonly alarms: cloudwatch.IAlarm[] = [];

  constructor(scope: Construct, id: string, props: DataStoreAuditLoggingProps) {
    super(scope, id);
    const classes = validateClasses(props.pgauditClasses);
    const databases = props.databases ?? [];
    checkNotEmpty('databases', props.databases);
    checkNotEmpty('tables', props.tables);
    checkNotEmpty('buckets', props.buckets);
    checkNotEmpty('queues', props.queues);
    checkNotEmpty('serverAccessLogBuckets', props.serverAccessLogBuckets);

    const ids = new Set<string>();
    databases.forEach((db, i) => this.auditDatabase(db, i, uniqueId(db, ids), classes, props));
    const accessLogged = props.serverAccessLogBuckets
      ? logServerAccess(this, props.serverAccessLogBuckets, { ...props, region: requireRegion(Stack.of(this), 'DataStoreAuditLogging', 'bucket') })
      : undefined;
    this.accessLogBucket = accessLogged?.accessLogBucket;
    this.accessLogReplicationRole = accessLogged?.replicationRole;
    this.alarms.push(...(accessLogged ? [accessLogged.alarm] : []));
    this.addDataEvents(props, accessLogged?.logged ?? []);

    if (this.stores.length === 0) {
      throw new Error(
        `DataStoreAuditLogging '${this.node.path}' has nothing to audit; pass databases, serverAccessLogBuckets, or a trail with tables, buckets or queues.`,
      );
    }
    recordEvidence(this, IMPLEMENTS, [], summaryNote(this.stores));
  }

  private auditDatabase(db: IConstruct, index: number, id: string, classes: PgAuditClass[], props: DataStoreAuditLoggingProps): void {
    const where = `databases[${index}]`;
    const store = storeResource(db, where);
    const stack = requireSameStack(this, 'DataStoreAuditLogging', store, 'database');
    const region = requireRegion(stack, 'DataStoreAuditLogging', 'database');
    const claimedBy = CLAIMED.get(store);
    if (claimedBy !== undefined) {
      throw new Error(`${store.node.path} (${where}) already has DataStoreAuditLogging '${claimedBy}'; audit each data store once.`);
    }
    const l1 = store as unknown as Record<string, unknown>;
    if (store.cfnResourceType === 'AWS::RDS::DBInstance' && l1.dbClusterIdentifier !== undefined) {
      throw new Error(
        `${where} ${store.node.path} is an instance of a DB cluster; pass the cluster (its audit settings and log export are the cluster's).`,
      );
    }
    const engine = engineOf(store, where, literal(stack, l1.engine));
    const version = literal(stack, l1.engineVersion);
    const tooOld = version !== undefined ? engine.tooOld(version) : undefined;
    if (tooOld) {
      throw new Error(`${where} ${store.node.path}: ${tooOld}; upgrade the engine, or leave the store out and audit it another way.`);
    }
    const identifierProp = store.cfnResourceType === 'AWS::RDS::DBInstance' ? 'dbInstanceIdentifier'
      : store.cfnResourceType === 'AWS::Redshift::Cluster' ? 'clusterIdentifier'
        : store.cfnResourceType === 'AWS::OpenSearchService::Domain' ? 'domainName' : 'dbClusterIdentifier';
    const identifier = literal(stack, l1[identifierProp]);
    if (identifier === undefined) {
      throw new Error(
        `${where} ${store.node.path} has no fixed identifier (${identifierProp}), so the log group ${engine.logGroupName('<id>', engine.auditExport)} ` +
        'cannot be created before it; set the identifier (clusterIdentifier / instanceIdentifier on aws-rds). Naming an existing ' +
        'store replaces it: for a deployed one, use its current identifier.',
      );
    }

    const isDomain = engine.settingKind === AuditSettingKind.LOG_PUBLISHING;
    if (isDomain) {
      requireFineGrainedAccessControl(store, where);
    }
    const applied = isDomain
      ? { group: store.node.path, created: false, settings: ['LogPublishingOptions AUDIT_LOGS'] }
      : applyAuditSettings({
        scope: this, id, store, engine, version, parameters: auditParameters(engine, { pgauditClasses: classes }),
        trustExternal: props.trustExternalParameterGroups ?? false,
      });
    if (!isDomain) {
      mergeExports(store, engine);
    }

    const logGroupNames: string[] = [];
    for (const logType of engine.logExports) {
      const name = engine.logGroupName(identifier, logType);
      const holder = new Construct(this, `${id}-${logType}`);
      const logGroup = createSecureLogGroup(holder, 'LogGroup', {
        logGroupName: name,
        exposure: props.exposure,
        retentionDays: props.retentionDays,
        retentionApproval: props.retentionApproval,
        encryptionKey: props.encryptionKey,
      });
      store.addResourceDependency(logGroup.node.defaultChild as CfnResource,
        `${engine.label} must write into the retained, encrypted log group, not create its own`);
      const subscription = subscribeToCentralDestination(holder, logGroup, props.central, region,
        `Lets CloudWatch Logs send ${name} to the central log destination`);
      if (isDomain) {
        publishAuditLogs(holder, store, logGroup, identifier);
      }
      this.logGroups.push(logGroup);
      this.subscriptionFilters.push(subscription.filter);
      logGroupNames.push(name);
    }
    CLAIMED.set(store, this.node.path);
    this.addStore(store, {
      path: store.node.path, kind: engine.label, logSource: engine.logSource, items: [...engine.items],
      missingItems: ALL_AUDIT_ITEMS.filter((i) => !engine.items.includes(i)), gap: engine.gap, logGroupNames,
      settings: [`${applied.created ? 'new group' : 'group'} ${applied.group}: ${applied.settings.join(', ')}`,
        `log exports ${engine.logExports.join(', ')}`],
    });
  }

  private addDataEvents(props: DataStoreAuditLoggingProps, accessLogged: s3.IBucket[]): void {
    const named = [
      { prop: 'tables', list: props.tables ?? [], type: DataEventResourceType.DYNAMODB_TABLE, kind: 'DynamoDB table' },
      { prop: 'buckets', list: props.buckets ?? [], type: DataEventResourceType.S3_OBJECT, kind: 'S3 bucket' },
      { prop: 'queues', list: props.queues ?? [], type: DataEventResourceType.SQS_QUEUE, kind: 'SQS queue' },
    ].filter((n) => n.list.length > 0);
    const trail = props.trail;
    if (named.length > 0 && !trail) {
      throw new Error(
        `${named.map((n) => n.prop).join(', ')} given but no trail; pass trail (an AuditTrail) to record their data events.`,
      );
    }
    const cfnOf = (r: IConstruct) => (r.node.defaultChild && CfnResource.isCfnResource(r.node.defaultChild) ? r.node.defaultChild : r);
    for (const n of named) {
      if (n.type === DataEventResourceType.S3_OBJECT) {
        trail!.addDataEvents({ resourceType: n.type, buckets: props.buckets!, name: `S3 objects of ${n.list.length} named bucket(s)` });
      } else {
        const arns = n.type === DataEventResourceType.DYNAMODB_TABLE
          ? props.tables!.map((t) => t.tableArn) : props.queues!.map((q) => q.queueArn);
        trail!.addDataEvents({ resourceType: n.type, resourceArnPrefixes: arns, name: `${n.type} of ${n.list.length} named resource(s)` });
      }
      for (const resource of n.list as IConstruct[]) {
        this.addStore(cfnOf(resource), accessLogged.includes(resource as s3.IBucket) ? this.accessLogStore(resource, trail) : {
          path: resource.node.path, kind: n.kind, logSource: `CloudTrail data events (trail ${trail!.node.path})`,
          items: [...DATA_EVENT_ITEMS], missingItems: ALL_AUDIT_ITEMS.filter((i) => !DATA_EVENT_ITEMS.includes(i)),
          gap: DATA_EVENT_GAP, logGroupNames: [], settings: [`advanced event selector ${n.type}`],
        });
      }
    }
    accessLogged.filter((b) => !(props.buckets ?? []).includes(b)).forEach((b) => this.addStore(cfnOf(b), this.accessLogStore(b)));
  }

  /** A bucket with S3 server access logs (and data events when the trail selects it): every CA-E2 item. */
  private accessLogStore(bucket: IConstruct, trail?: AuditTrail): AuditedDataStore {
    return {
      path: bucket.node.path, kind: 'S3 bucket',
      logSource: `${trail ? `CloudTrail data events (trail ${trail.node.path}) and ` : ''}S3 server access logs (access-log bucket ` +
        `${this.accessLogBucket!.node.path}, replicated into the central vault; requester, operation, key, bytes sent, object size, total time)`,
      items: [...SERVER_ACCESS_LOG_ITEMS], missingItems: [], gap: '', logGroupNames: [],
      settings: [...(trail ? [`advanced event selector ${DataEventResourceType.S3_OBJECT}`] : []), 'LoggingConfiguration to the access-log bucket'],
    };
  }

  private addStore(resource: IConstruct, store: AuditedDataStore): void {
    this.stores.push(store);
    const carries = store.items.map(itemText).join(', ');
    const missing = store.missingItems.length > 0
      ? `; not ${store.missingItems.map(itemText).join(' or ')} (${store.gap.replace(/\.$/, '')})` : '; every CA-E2 item';
    recordEvidence(this, IMPLEMENTS, [resource],
      `${store.kind} ${store.path}: ${store.logSource}` +
      (store.logGroupNames.length > 0 ? `, exported to ${store.logGroupNames.join(', ')} and subscribed to the central destination` : '') +
      `; carries ${carries}${missing}.`);
  }
}

function validateClasses(classes: PgAuditClass[] | undefined): PgAuditClass[] {
  if (classes === undefined) {
    return [...DEFAULT_PGAUDIT_CLASSES];
  }
  if (classes.length === 0) {
    throw new Error('pgauditClasses is empty, which would log no statement; omit it for READ, WRITE, ROLE and DDL, or name the classes.');
  }
  classes.forEach((c, i) => validateEnumValue(`pgauditClasses[${i}]`, c, PgAuditClass, 'PgAuditClass', 'a pgAudit class'));
  return [...new Set(classes)];
}

function checkNotEmpty(prop: string, list: unknown[] | undefined): void {
  if (list !== undefined && list.length === 0) {
    throw new Error(`${prop} is empty, which would audit nothing; omit it, or name the ${prop} to audit.`);
  }
}

/** The CloudFormation resource of a database, or an error naming what was passed. */
function storeResource(db: IConstruct, where: string): CfnResource {
  const types = Object.values(ENGINES).map((e) => e.resourceType);
  const isStore = (c: IConstruct | undefined): c is CfnResource => !!c && CfnResource.isCfnResource(c) && types.includes(c.cfnResourceType);
  if (isStore(db)) {
    return db;
  }
  const child = db.node.defaultChild;
  if (isStore(child)) {
    return child;
  }
  const found = CfnResource.isCfnResource(db) ? db.cfnResourceType
    : child && CfnResource.isCfnResource(child) ? `a construct whose default child is ${child.cfnResourceType}` : 'a construct with no CloudFormation resource';
  throw new Error(
    `${where} ${db.node.path} is ${found}, which DataStoreAuditLogging cannot audit; pass an RDS or Aurora DB cluster or instance, ` +
    'a DocumentDB cluster, a Redshift cluster or an OpenSearch Service domain (for DynamoDB tables, S3 buckets and SQS queues use ' +
    'tables, buckets and queues).',
  );
}

function engineOf(store: CfnResource, where: string, engine: string | undefined): EngineAudit {
  const { key, problem } = engineKeyOf(store.cfnResourceType, engine);
  if (!key) {
    throw new Error(
      `${where} ${store.node.path} ${problem}; pass only PostgreSQL, MySQL or MariaDB databases (RDS or Aurora), DocumentDB, Redshift or OpenSearch.`);
  }
  return ENGINES[key];
}

function literal(stack: Stack, value: unknown): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  const resolved = stack.resolve(value);
  return typeof resolved === 'string' && !Token.isUnresolved(resolved) ? resolved : undefined;
}

/** Audit logs need fine-grained access control (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/audit-logs.html). */
function requireFineGrainedAccessControl(domain: CfnResource, where: string): void {
  const security = Stack.of(domain).resolve((domain as unknown as Record<string, unknown>).advancedSecurityOptions) as Record<string, unknown> | undefined;
  if ((security?.Enabled ?? security?.enabled) !== true) {
    throw new Error(
      `${where} ${domain.node.path} has no fine-grained access control (AdvancedSecurityOptions.Enabled), without which OpenSearch ` +
      'keeps no audit log; set fineGrainedAccessControl on the aws-opensearchservice Domain (with enforceHttps, nodeToNodeEncryption ' +
      'and encryptionAtRest).',
    );
  }
}

/**
 * Point the domain's AUDIT_LOGS publishing at the log group, keeping its other
 * log types, and let OpenSearch Service write there (a log group resource
 * policy for es.amazonaws.com, limited to this account and domain). Which
 * categories are audited is set in OpenSearch Dashboards, not here.
 */
function publishAuditLogs(scope: Construct, domain: CfnResource, logGroup: logs.ILogGroup, domainName: string): void {
  const stack = Stack.of(domain);
  const policy = new logs.CfnResourcePolicy(scope, 'ResourcePolicy', {
    policyName: `${domainName}-audit-logs`,
    policyDocument: stack.toJsonString({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Service: 'es.amazonaws.com' },
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // The log group's Arn attribute already ends in `:*`, which covers its log streams.
        Resource: logGroup.logGroupArn,
        Condition: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:es:${stack.region}:${stack.account}:domain/${domainName}` },
        },
      }],
    }),
  });
  domain.addResourceDependency(policy, 'OpenSearch checks at creation that it may write to the log group');
  const l1 = domain as unknown as Record<string, unknown>;
  const current = (l1.logPublishingOptions ?? {}) as Record<string, unknown>;
  if (Token.isUnresolved(current) || typeof current !== 'object') {
    throw new Error(`${domain.node.path} has LogPublishingOptions that cannot be read at synth; set them as a literal map.`);
  }
  l1.logPublishingOptions = { ...current, AUDIT_LOGS: { cloudWatchLogsLogGroupArn: logGroup.logGroupArn, enabled: true } };
}

/** Add the engine's log types to the store's exports, keeping the ones already there. */
function mergeExports(store: CfnResource, engine: EngineAudit): void {
  const l1 = store as unknown as Record<string, unknown>;
  const stack = Stack.of(store);
  if (store.cfnResourceType === 'AWS::Redshift::Cluster') {
    const current = stack.resolve(l1.loggingProperties) as Record<string, unknown> | undefined;
    if (current && (current.BucketName ?? current.bucketName) !== undefined) {
      throw new Error(
        `Redshift cluster ${store.node.path} logs to an S3 bucket (LoggingProperties.BucketName); DataStoreAuditLogging sends its ` +
        'audit logs to CloudWatch Logs and the central account instead: remove BucketName.',
      );
    }
    l1.loggingProperties = { logDestinationType: 'cloudwatch', logExports: [...engine.logExports] };
    return;
  }
  const current = stack.resolve(l1.enableCloudwatchLogsExports);
  if (current !== undefined && !Array.isArray(current)) {
    throw new Error(`${store.node.path} has EnableCloudwatchLogsExports that cannot be read at synth; set it to a literal list.`);
  }
  const list = (current ?? []) as unknown[];
  l1.enableCloudwatchLogsExports = [...list, ...engine.logExports.filter((t) => !list.includes(t))];
}

/** A construct id for a store: its own id (the L2's for a default child), made unique. */
function uniqueId(db: IConstruct, used: Set<string>): string {
  const base = (db.node.id === 'Resource' && db.node.scope ? db.node.scope.node.id : db.node.id).replace(/[^A-Za-z0-9]/g, '') || 'Store';
  let id = base;
  for (let n = 2; used.has(id); n++) {
    id = `${base}${n}`;
  }
  used.add(id);
  return id;
}
