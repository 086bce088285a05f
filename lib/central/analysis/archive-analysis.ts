import { Duration, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  acknowledgeDeadLetterQueue, acknowledgeFunctionOutsideVpc, acknowledgeInlineRolePolicies, acknowledgeInPacks, acknowledgeNag,
} from '../../core/acknowledge';
import { alarmActionsOrDefault } from '../../core/alarm-topic';
import { recordEvidence } from '../../core/evidence';
import { handlerCode } from '../../core/handler-asset';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';
import { createSecureLogGroup } from '../../core/log-group';
import { ARCHIVE_REVIEW_ENV, REVIEW_KINDS, ReviewQueryConfig } from '../../handlers/archive-review/contract';
import { ServiceExposure } from '../../requirements/types';
import { centralQueueKey } from '../private/queue-key';
import { LogFamily } from '../targets';
import { ArchiveAnalysisProps } from './archive-analysis-props';
import { Detection, DetectionSchedule } from './detection';
import { detectionCatalogue } from './detections';
import { archiveTables, partitionType, projectionParameters, TableSpec } from './tables';
import { AnalysisSettings as Settings, ATHENA_RESULTS_PREFIX, logGroupsOf, validateAnalysisProps as validate } from './settings';

/** Key prefix of query results in the EXPORTS bucket. */
/** The tag the LogCollection rule uses to find a workgroup over the archive. */
export const ANALYSIS_WORKGROUP_TAG = 'security-log-analysis';

/**
 * Analysis in place (LM-6, PU-1, PU-3): an Athena workgroup, a Glue database
 * and partition-projected tables over the archive's vault, saved detections
 * per requirement, and a scheduled review function.
 *
 * - **Workgroup**: results go to `athena-results/` of the EXPORTS landing
 *   bucket, SSE-KMS with the archive key; the configuration is enforced
 *   (clients cannot send results elsewhere or unencrypted) and every query
 *   stops at `scanLimit`. Results are replicated into the vault like every
 *   landing object. Reads of the tables' data (vault) and of the results
 *   (EXPORTS bucket) are recorded by the archive's S3 server access logs and
 *   read-audit trail (LM-5), as Athena reads S3 with the caller's identity.
 * - **Who may query**: only `analystRoleArns` and the review function's role
 *   get a policy for the workgroup. Athena workgroups take no resource policy
 *   (access is by identity policies on the workgroup ARN), so this construct
 *   cannot keep out another principal of the account whose own policies allow
 *   Athena: `LogProtectionGuardrail`'s `analystRoleArnPatterns` does, with an
 *   SCP that denies queries in the workgroup to every principal but the
 *   analysts, the review role and the exempt roles. Without it, such a
 *   principal could start a query, but the archive's bucket and key policies
 *   deny it the data and the results.
 * - **Tables**, one per archive source: `cloudtrail`, `vpc_flow` (columns from
 *   the catalogue's flow log fields, as `VpcFlowLogging` writes them),
 *   `dns_query` (Route 53 Resolver), `security_events` (every event of the
 *   central bus) and `identity_events` (the same prefix with the CloudTrail
 *   record typed: IAM, Identity Center and Cognito user-pool events, pipeline
 *   API calls), and one table per CloudWatch Logs source whose log groups are
 *   named: `eks_audit`, `api_access` (message keys generated from the access
 *   log format the library sets), `database_audit` and `cloudwatch_logs`
 *   (others). Partitions are projected (account, region, log group, year,
 *   month, day), so no crawler or `MSCK REPAIR` runs.
 * - **Detections**: one Athena named query per detection, each filed under a
 *   catalogue requirement (`detections`).
 * - **Reviews**: EventBridge Scheduler runs the review function monthly on
 *   `reviewDayOfMonth` (PU-3, previous month), weekly (PU-1 detections) and
 *   quarterly (reminder); reports go to `reportPrefix` of the EXPORTS bucket
 *   (replicated into the vault and locked like logs) and the reviewers' topic
 *   gets the location. Function errors alarm, with an action.
 *
 * AWS pages: https://docs.aws.amazon.com/athena/latest/ug/workgroups-settings-override.html (enforced configuration),
 * https://docs.aws.amazon.com/athena/latest/ug/encryption.html (SSE_KMS results),
 * https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html,
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html (cron expressions).
 * Unverified: that Athena's S3 reads appear as data events of the calling role (forward access sessions).
 *
 * @example
 * new ArchiveAnalysis(this, 'Analysis', {
 *   archive,
 *   analystRoleArns: ['arn:aws:iam::111111111111:role/SecurityAnalyst'],
 *   sourceAccounts: ['222222222222', '333333333333'],
 *   reviewTopic: socTopic,
 * });
 */
export class ArchiveAnalysis extends Construct {
  /** The catalogue requirements this construct implements (its one declaration; see RequirementImplementation). */
  public static readonly IMPLEMENTS: RequirementImplementation =
    implementsRequirements('ArchiveAnalysis', ['LM-4', 'LM-5', 'LM-6', 'PU-1', 'PU-3']);

  /**
   * ARN of the review function's role (`<prefix>-archive-review`), to list in the
   * archive's `readerRoleArns` before the archive exists.
   */
  public static reviewRoleArn(accountId: string, namePrefix?: string): string {
    return `arn:aws:iam::${accountId}:role/${namePrefix ?? 'seclog'}-archive-review`;
  }

  /**
   * Name of the workgroup for a name prefix (`<prefix>-archive-analysis`), for
   * policies written before the workgroup exists (LogProtectionGuardrail).
   */
  public static workgroupNameOf(namePrefix?: string): string {
    return `${namePrefix ?? 'seclog'}-archive-analysis`;
  }

  /** The Athena workgroup. */
  public readonly workgroup: athena.CfnWorkGroup;
  /** Name of the workgroup. */
  public readonly workgroupName: string;
  /** The Glue database of the archive tables. */
  public readonly database: glue.CfnDatabase;
  /** Name of the Glue database. */
  public readonly databaseName: string;
  /** The Glue tables, one per archive source. */
  public readonly tables: glue.CfnTable[] = [];
  /** The saved detections, one per detection. */
  public readonly namedQueries: athena.CfnNamedQuery[] = [];
  /** The detections, each with its requirement ids. */
  public readonly detections: Detection[];
  /** The function that runs the scheduled reviews. */
  public readonly reviewFunction: lambda.Function;
  /** The monthly privileged-user review, weekly detections and quarterly reminder schedules. */
  public readonly schedules: scheduler.CfnSchedule[] = [];
  /** The policy the analyst roles and the review function use the workgroup with. */
  public readonly queryPolicy: iam.ManagedPolicy;
  /** Where EventBridge Scheduler puts a run it could not start after its retries (alarmed). */
  public readonly scheduleDeadLetterQueue: sqs.IQueue;
  /** The alarms this construct made. */
  public readonly alarms: cloudwatch.IAlarm[] = [];
  /** The key prefix of the reports in the EXPORTS bucket. */
  public readonly reportPrefix: string;

  constructor(scope: Construct, id: string, props: ArchiveAnalysisProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const targets = props.archive.targets;
    const prefix = targets.namePrefix;
    const reviewRoleArn = ArchiveAnalysis.reviewRoleArn(stack.account, prefix);
    const settings = validate(props, stack.account, reviewRoleArn);
    this.reportPrefix = settings.reportPrefix;

    const exportsBucket = targets.bucketName(LogFamily.EXPORTS);
    const vault = targets.vaultBucketName;
    this.databaseName = `${prefix.replace(/-/g, '_')}_archive`;
    this.workgroupName = ArchiveAnalysis.workgroupNameOf(prefix);

    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: stack.account,
      databaseInput: { name: this.databaseName, description: `Tables over the ${prefix} log archive vault (partition projection)` },
    });
    const layout = {
      cloudTrailLayout: settings.cloudTrailLayout,
      organizationId: targets.organizationId,
      flowLogExtraFields: props.flowLogExtraFields ?? [],
      logGroups: logGroupsOf(props),
    };
    const specs = archiveTables(layout);
    for (const spec of specs) {
      this.tables.push(this.table(spec, vault, {
        accounts: settings.accounts, regions: settings.regions, firstYear: settings.firstYear,
      }));
    }

    this.workgroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: this.workgroupName,
      description: 'Analysis of the security log archive in place (LM-6): only the named analyst roles and the review function',
      state: 'ENABLED',
      recursiveDeleteOption: false,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: settings.scanBytes,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${exportsBucket}/${ATHENA_RESULTS_PREFIX}`,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: props.archive.key.keyArn },
          expectedBucketOwner: stack.account,
        },
      },
      // Set on the resource (not with Tags.of, an aspect applied at synthesis) so the LogCollection rule sees it at any time.
      tags: [{ key: ANALYSIS_WORKGROUP_TAG, value: 'true' }],
    });

    this.detections = detectionCatalogue(specs.map((s) => s.name));
    const queryConfigs: ReviewQueryConfig[] = [];
    for (const d of this.detections) {
      const query = new athena.CfnNamedQuery(this, `Query-${d.name}`, {
        name: d.name,
        description: `${d.requirementIds.join(', ')}: ${d.description}`.slice(0, 1024),
        database: this.databaseName,
        workGroup: this.workgroupName,
        queryString: d.sql,
      });
      query.node.addDependency(this.workgroup);
      query.node.addDependency(this.database);
      this.namedQueries.push(query);
      queryConfigs.push({ id: query.attrNamedQueryId, name: d.name, requirementIds: d.requirementIds, parameters: d.parameters, schedule: d.schedule });
    }

    this.queryPolicy = this.createQueryPolicy(exportsBucket, vault, props.archive.key.keyArn);
    props.analystRoleArns.filter((arn) => !arn.includes('*')).forEach((arn, i) => {
      this.queryPolicy.attachToRole(iam.Role.fromRoleArn(this, `Analyst${i}`, arn, { mutable: true }));
    });

    this.reviewFunction = this.createReviewFunction(props, settings, exportsBucket, queryConfigs, reviewRoleArn);
    const deadLetterQueue = new sqs.Queue(this, 'ScheduleDeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: centralQueueKey(this, prefix),
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeDeadLetterQueue(deadLetterQueue, 'the review schedules');
    acknowledgeInlineRolePolicies(this);
    this.scheduleDeadLetterQueue = deadLetterQueue;
    this.createSchedules(settings, deadLetterQueue);
    const unstarted = new cloudwatch.Alarm(this, 'ReviewNotStartedAlarm', {
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: 'EventBridge Scheduler could not start a scheduled archive review after its retries (the run waits in ' +
        `${deadLetterQueue.node.path}); invoke the review function by hand with the message's input.`,
    });
    alarmActionsOrDefault(this, props.alarmActions).forEach((a) => { unstarted.addAlarmAction(a); unstarted.addOkAction(a); });
    this.alarms.push(unstarted);
    const errors = new cloudwatch.Alarm(this, 'ReviewFailedAlarm', {
      metric: this.reviewFunction.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `A scheduled archive review failed (a query failed after retries, or the report could not be written): see the ` +
        `log group of ${this.reviewFunction.node.path} and the report under s3://${exportsBucket}/${this.reportPrefix}; re-run it by hand.`,
    });
    alarmActionsOrDefault(this, props.alarmActions).forEach((a) => { errors.addAlarmAction(a); errors.addOkAction(a); });
    this.alarms.push(errors);

    this.recordAnalysisEvidence(exportsBucket);
  }

  private table(spec: TableSpec, vault: string, values: Parameters<typeof projectionParameters>[1]): glue.CfnTable {
    const root = `s3://${vault}/${spec.keyTemplate.split('${')[0]}`;
    const table = new glue.CfnTable(this, `Table-${spec.name}`, {
      catalogId: Stack.of(this).account,
      databaseName: this.databaseName,
      tableInput: {
        name: spec.name,
        description: spec.description,
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          ...projectionParameters(spec, values),
          'storage.location.template': `s3://${vault}/${spec.keyTemplate}`,
          'classification': spec.serde.includes('Json') ? 'json' : 'csv',
          ...spec.tableParameters,
        },
        partitionKeys: spec.partitions.map((p) => ({ name: p, type: partitionType(p) })),
        storageDescriptor: {
          location: root,
          columns: spec.columns.map((c) => ({ name: c.name, type: c.type })),
          inputFormat: spec.inputFormat,
          outputFormat: spec.outputFormat,
          serdeInfo: { serializationLibrary: spec.serde, parameters: spec.serdeParameters },
        },
      },
    });
    table.node.addDependency(this.database);
    return table;
  }

  private createQueryPolicy(exportsBucket: string, vault: string, keyArn: string): iam.ManagedPolicy {
    const stack = Stack.of(this);
    const glueArn = (resource: string) => `arn:aws:glue:${stack.region}:${stack.account}:${resource}`;
    const workgroupArn = `arn:aws:athena:${stack.region}:${stack.account}:workgroup/${this.workgroupName}`;
    const results = `arn:aws:s3:::${exportsBucket}/${ATHENA_RESULTS_PREFIX}*`;
    const policy = new iam.ManagedPolicy(this, 'QueryPolicy', {
      description: `Query the ${this.workgroupName} Athena workgroup over the log archive (read only; results in the archive)`,
      statements: [
        new iam.PolicyStatement({
          sid: 'UseTheWorkgroup',
          actions: ['athena:StartQueryExecution', 'athena:StopQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults',
            'athena:GetWorkGroup', 'athena:GetNamedQuery', 'athena:ListNamedQueries', 'athena:BatchGetNamedQuery',
            'athena:ListQueryExecutions', 'athena:BatchGetQueryExecution'],
          resources: [workgroupArn],
        }),
        new iam.PolicyStatement({
          sid: 'ReadTheTables',
          actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions'],
          resources: [glueArn('catalog'), glueArn(`database/${this.databaseName}`), glueArn(`table/${this.databaseName}/*`)],
        }),
        new iam.PolicyStatement({
          sid: 'ListTheArchive',
          actions: ['s3:ListBucket', 's3:GetBucketLocation'],
          resources: [`arn:aws:s3:::${vault}`, `arn:aws:s3:::${exportsBucket}`],
        }),
        new iam.PolicyStatement({
          sid: 'ReadTheVaultAndResults',
          actions: ['s3:GetObject'],
          resources: [`arn:aws:s3:::${vault}/*`, results],
        }),
        new iam.PolicyStatement({
          sid: 'WriteResults',
          actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
          resources: [results],
        }),
        new iam.PolicyStatement({
          sid: 'UseTheArchiveKeyThroughS3',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
        }),
      ],
    });
    for (const resource of [glueArn(`table/${this.databaseName}/*`), `arn:aws:s3:::${vault}/*`, results]) {
      acknowledgeNag(policy, `AwsSolutions-IAM5[Resource::${resource}]`,
        'Athena reads every object under the projected partitions and writes results under one prefix; the vault and results are ' +
        'named buckets of the archive, whose bucket policy denies reads to all but named readers, and every read is logged (LM-5).');
    }
    return policy;
  }

  private createReviewFunction(props: ArchiveAnalysisProps, settings: Settings, exportsBucket: string,
    queries: ReviewQueryConfig[], reviewRoleArn: string): lambda.Function {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'ReviewRole', {
      roleName: reviewRoleArn.split('/').pop(),
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs the scheduled reviews of the log archive in the analysis workgroup',
    });
    this.queryPolicy.attachToRole(role);
    const reports = `arn:aws:s3:::${exportsBucket}/${this.reportPrefix}*`;
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'WriteReports', actions: ['s3:PutObject'], resources: [reports] }));
    acknowledgeNag(role, `AwsSolutions-IAM5[Resource::${reports}]`,
      'Each run writes new report objects (dated keys) under the reports prefix; the role cannot read or delete them.');
    const fn = new lambda.Function(this, 'ReviewFunction', {
      description: 'Runs the archive reviews: monthly privileged-user review (PU-3), weekly detections and quarterly reminder (PU-1)',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: handlerCode('archive-review'),
      memorySize: 256,
      timeout: Duration.minutes(15),
      role,
      reservedConcurrentExecutions: 1,
      retryAttempts: 0,
      logGroup: createSecureLogGroup(this, 'ReviewLogs', { exposure: ServiceExposure.INTERNAL }),
      environment: {
        [ARCHIVE_REVIEW_ENV.workgroup]: this.workgroupName,
        [ARCHIVE_REVIEW_ENV.database]: this.databaseName,
        [ARCHIVE_REVIEW_ENV.reportBucket]: exportsBucket,
        [ARCHIVE_REVIEW_ENV.reportPrefix]: this.reportPrefix,
        [ARCHIVE_REVIEW_ENV.topicArn]: props.reviewTopic.topicArn,
        [ARCHIVE_REVIEW_ENV.queries]: stack.toJsonString(queries),
      },
    });
    props.reviewTopic.grantPublish(role);
    acknowledgeNag(role, 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      "Granted by the topic's grantPublish when the reviewers' topic is KMS-encrypted: SNS needs a data key per message, on that one key.");
    // The function runs only on schedule, and a failed run is not retried on its own (its alarm tells a person to re-run it).
    acknowledgeNag(fn, 'AwsSolutions-L1', 'nodejs22.x is the newest Node.js runtime the library targets (handlers are built for node22).');
    acknowledgeFunctionOutsideVpc(fn, 'Athena, S3 and SNS');
    acknowledgeInPacks(fn, { nist: ['LambdaDLQ'] },
      'EventBridge Scheduler starts the function; runs it could not start go to the schedules\' KMS-encrypted dead-letter queue, ' +
      'and a run that fails raises the Errors alarm (with an action). The function is not retried on its own (retryAttempts 0).');
    void settings;
    return fn;
  }

  private createSchedules(settings: Settings, deadLetterQueue: sqs.Queue): void {
    const role = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Lets EventBridge Scheduler start the archive reviews',
    });
    // Scheduler sends runs it could not deliver to the dead-letter queue with this role.
    // https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html
    deadLetterQueue.grantSendMessages(role);
    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      acknowledgeNag(role, `AwsSolutions-IAM5[Action::${action}]`,
        "Granted by grantSendMessages on the dead-letter queue's KMS key only, so Scheduler can put an unstarted run there.");
    }
    // The function itself, not its versions and aliases (`grantInvoke` would add `<arn>:*`).
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.reviewFunction.functionArn] }));
    const day = settings.reviewDay;
    const prefix = this.workgroupName;
    const make = (id: string, name: string, expression: string, kind: string, description: string) => {
      const schedule = new scheduler.CfnSchedule(this, id, {
        name: `${prefix}-${name}`,
        description,
        scheduleExpression: expression,
        scheduleExpressionTimezone: settings.timeZone,
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: {
          arn: this.reviewFunction.functionArn,
          roleArn: role.roleArn,
          input: JSON.stringify({ kind }),
          retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
          deadLetterConfig: { arn: deadLetterQueue.queueArn },
        },
      });
      this.schedules.push(schedule);
    };
    make('MonthlyReview', 'monthly-review', `cron(0 6 ${day} * ? *)`, REVIEW_KINDS.monthly,
      `PU-3: privileged-user review of the previous month, on day ${day}`);
    make('WeeklyDetections', 'weekly-detections', 'cron(0 6 ? * MON *)', REVIEW_KINDS.weekly,
      'PU-1: weekly run of the detections, for teams without real-time analysis');
    make('QuarterlyReminder', 'quarterly-reminder', `cron(0 9 ${day} 1,4,7,10 ? *)`, REVIEW_KINDS.quarterly,
      'PU-1: quarterly reminder to review the detections\' relevance');
  }

  private recordAnalysisEvidence(exportsBucket: string): void {
    const name = ArchiveAnalysis.IMPLEMENTS;
    const list = (ds: Detection[]) => ds.map((d) => `${d.name} (${d.requirementIds.join(', ')})`).join(', ');
    const [monthly, weekly, quarterly] = this.schedules;
    recordEvidence(this, name, [this.workgroup, ...this.tables],
      `Athena workgroup ${this.workgroupName} reads the vault in place through ${this.tables.length} partition-projected Glue tables ` +
      `(${this.tables.map((t) => (t.tableInput as glue.CfnTable.TableInputProperty).name).join(', ')}); results stay in the archive ` +
      `(s3://${exportsBucket}/${ATHENA_RESULTS_PREFIX}, archive key, configuration enforced); only the named analyst roles ` +
      'and the review function get a policy to use it (workgroups take no resource policy: LogProtectionGuardrail\'s ' +
      'analystRoleArnPatterns denies it to every other principal).', { only: ['LM-6'] });
    recordEvidence(this, name, [this.workgroup, this.queryPolicy],
      'Query results, copies of logs, are SSE-KMS with the archive key in an archive bucket, the workgroup configuration is ' +
      'enforced so no client can send them elsewhere, and only the archive\'s named readers can read or decrypt them.', { only: ['LM-4'] });
    recordEvidence(this, name, [this.workgroup],
      `Athena reads the vault and writes and reads results in the EXPORTS bucket with the caller's identity, so the archive's ` +
      'S3 server access logs and read-audit trail record them like every other read.', { only: ['LM-5'] });
    recordEvidence(this, name, [weekly, quarterly, ...this.namedQueries],
      `Saved detections per requirement: ${list(this.detections)}; the scheduled ones run weekly (${weekly.name}) for teams ` +
      `without real-time analysis, and ${quarterly.name} reminds the reviewers quarterly to review their relevance.`,
      { only: ['PU-1'] });
    recordEvidence(this, name, [monthly, this.reviewFunction, ...this.namedQueries.filter((_, i) =>
      this.detections[i].schedule === DetectionSchedule.MONTHLY_REVIEW)],
    `Schedule ${monthly.name} runs the privileged-user review of the previous month (` +
      `${list(this.detections.filter((d) => d.schedule === DetectionSchedule.MONTHLY_REVIEW))}), writes the report under ` +
      `s3://${exportsBucket}/${this.reportPrefix} (replicated into the vault) and notifies the reviewers' topic.`, { only: ['PU-3'] });
  }
}
