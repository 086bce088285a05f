import { RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import {
  ArchiveAnalysis, CentralLogAccount, LoadBalancerLogLanding, ResolverQueryLogSharing, ServiceExposure, SignInCorrelation, TamperAlerts,
  TamperEventForwarding,
} from '../lib';
import { restrictKeyGrants } from '../lib/core/stack-key';
import { ExampleSettings } from './context';

/**
 * The central log account: landing buckets replicated into the Object Lock vault, CloudWatch Logs destination, security
 * event bus, SIEM hand-off, and the region-local landing bucket for load balancer access logs of this region.
 */
export class CentralLoggingStack extends Stack {
  public readonly central: CentralLogAccount;
  /** The topic every alarm of the log platform notifies (subscribe the SOC to it). */
  public readonly alarmTopic: sns.ITopic;
  /** Load balancer access logs of the central region (ELB delivers only within a region, ALB only to SSE-S3). */
  public readonly loadBalancerLogs: LoadBalancerLogLanding;
  /** The one sign-in correlator of the organisation, fed by a rule on the central bus (issue 14). */
  public readonly signInCorrelation: SignInCorrelation;
  /** Tamper events of every account, from the central bus to the alarm topic (PU-3). */
  public readonly tamperAlerts: TamperAlerts;
  /** The central region's Resolver query logging configuration, shared with the organisation by RAM. */
  public readonly resolverQueryLogs: ResolverQueryLogSharing;
  /** Athena over the archive, detections per requirement and the scheduled reviews (LM-6, PU-1, PU-3; issue 19). */
  public readonly analysis: ArchiveAnalysis;

  constructor(scope: Construct, id: string, settings: ExampleSettings, props: StackProps = {}) {
    super(scope, id, { ...props, env: { account: settings.centralAccount, region: settings.centralRegion } });
    // Every alarm of the log platform (replication failures, SIEM queues, Firehose) notifies the SOC through this topic.
    // CloudWatch alarms may publish to a KMS-encrypted topic only if the key lets cloudwatch.amazonaws.com use it
    // (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html; not in the research notes: unverified here).
    const alarmKey = new kms.Key(this, 'AlarmTopicKey', {
      alias: 'alias/seclog-alarms',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    alarmKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': settings.centralAccount } },
    }));
    restrictKeyGrants(alarmKey);
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', { topicName: 'seclog-alarms', masterKey: alarmKey, enforceSSL: true });
    const analystRoleArn = `arn:aws:iam::${settings.centralAccount}:role/SecurityAnalyst`;
    this.central = new CentralLogAccount(this, 'Central', {
      alarmTopic: this.alarmTopic,
      // The archive holds logs of internal services too: keep everything at least 13 months (LM-2).
      exposure: ServiceExposure.INTERNAL,
      organizationId: settings.organizationId,
      // Named as well as the organisation: aws:SourceAccount is documented for every AWS log service, aws:SourceOrgID
      // not for all of them (README, "What AWS cannot do, and what is not verified").
      sourceAccounts: [settings.managementAccount, settings.hostingAccount, settings.applicationAccount],
      breakGlassRoleArn: `arn:aws:iam::${settings.centralAccount}:role/${settings.breakGlassRoleName}`,
      siem: { account: settings.siemAccount, externalId: settings.siemExternalId },
      // The analysts and the scheduled review read the archive in place (ArchiveAnalysis below).
      readerRoleArns: [analystRoleArn, ArchiveAnalysis.reviewRoleArn(settings.centralAccount)],
    });
    // Success after failure, across every account and region: a rule on the central bus feeds the one correlator.
    this.signInCorrelation = new SignInCorrelation(this, 'SignInCorrelation', {
      eventBus: this.central.eventBus.eventBus,
      exposure: ServiceExposure.INTERNAL,
    });
    // Tamper events from every account (their TamperEventForwarding) reach a person through the alarm topic; the central
    // account's own tamper events are forwarded to its bus like any other account's.
    this.tamperAlerts = new TamperAlerts(this, 'TamperAlerts', {
      eventBus: this.central.eventBus.eventBus,
      alertTopic: this.alarmTopic,
      namePrefix: this.central.targets.namePrefix,
    });
    new TamperEventForwarding(this, 'TamperEvents', { central: this.central.targets, alarmActions: [new cwActions.SnsAction(this.alarmTopic)] });
    this.analysis = new ArchiveAnalysis(this, 'Analysis', {
      archive: this.central.archive,
      analystRoleArns: [analystRoleArn],
      sourceAccounts: [settings.managementAccount, settings.hostingAccount, settings.applicationAccount, settings.centralAccount],
      reviewTopic: new sns.Topic(this, 'ReviewTopic', { topicName: 'seclog-reviews', masterKey: alarmKey, enforceSSL: true }),
      // Each CloudWatch Logs source's own table: the hosting platform's EKS cluster, the application's database audit log.
      eksAuditLogGroups: ['/aws/eks/platform/cluster'],
      databaseAuditLogGroups: ['/aws/rds/cluster/custom-application-db/postgresql'],
      alarmActions: [new cwActions.SnsAction(this.alarmTopic)],
    });
    // One per region with load balancers, in the central account; here the custom application's region. Another
    // region gets its own stack of the central account holding only this construct.
    this.loadBalancerLogs = new LoadBalancerLogLanding(this, 'LoadBalancerLogs', {
      central: this.central.targets,
      exposure: ServiceExposure.EXTERNAL,
      organizationId: settings.organizationId,
      sourceAccounts: [settings.hostingAccount, settings.applicationAccount],
      breakGlassRoleArn: `arn:aws:iam::${settings.centralAccount}:role/${settings.breakGlassRoleName}`,
      alarmTopic: this.alarmTopic,
    });
    // The one Resolver query logging configuration of this region, writing to the archive's DNS_QUERY landing bucket and
    // shared with the whole organisation; workloads of this region associate their VPCs with it.
    this.resolverQueryLogs = new ResolverQueryLogSharing(this, 'ResolverQueryLogs', {
      central: this.central.targets,
      sharePrincipals: [`arn:aws:organizations::${settings.managementAccount}:organization/${settings.organizationId}`],
    });
  }
}
