import { Construct } from 'constructs';
import { CentralEventBus } from './central-event-bus';
import { CentralLogDestination } from './central-log-destination';
import { LogArchive } from './log-archive';
import { LogArchiveProps } from './log-archive-props';
import { CentralLogTargets } from './targets';
import { ArchiveBufferingOptions } from './archive-delivery-options';

/** Props for {@link CentralLogAccount}. */
export interface CentralLogAccountProps extends LogArchiveProps, ArchiveBufferingOptions {}

/**
 * Everything the central log account needs in its home region, in one line:
 * the {@link LogArchive}, a {@link CentralLogDestination} for this region and
 * the {@link CentralEventBus}. Each piece stays reachable, and each can be
 * used on its own (add a `CentralLogDestination` in every other region that
 * has workload log groups, with `LogArchive.fromLogArchiveAttributes`).
 *
 * @example
 * const central = new CentralLogAccount(this, 'Central', {
 *   exposure: ServiceExposure.INTERNAL,
 *   organizationId: 'o-a1b2c3d4e5',
 *   breakGlassRoleArn: 'arn:aws:iam::111111111111:role/LogBreakGlass',
 *   siem: { account: '444444444444', externalId: 'soc-siem-ingest' },
 * });
 * central.targets; // hand these names to workload stacks
 */
export class CentralLogAccount extends Construct {
  /** The archive buckets, key, SIEM queues and roles. */
  public readonly archive: LogArchive;
  /** The CloudWatch Logs destination of this region. */
  public readonly logDestination: CentralLogDestination;
  /** The central security event bus. */
  public readonly eventBus: CentralEventBus;
  /** The names workload accounts use to reach the central account. */
  public readonly targets: CentralLogTargets;

  constructor(scope: Construct, id: string, props: CentralLogAccountProps) {
    super(scope, id);
    this.archive = new LogArchive(this, 'Archive', props);
    this.targets = this.archive.targets;
    const common = {
      archive: this.archive,
      organizationId: props.organizationId,
      sourceAccounts: props.sourceAccounts,
      bufferingInterval: props.bufferingInterval,
      bufferingSize: props.bufferingSize,
      errorLogExposure: props.exposure,
      alarmTopic: props.alarmTopic,
    };
    this.logDestination = new CentralLogDestination(this, 'LogDestination', common);
    this.eventBus = new CentralEventBus(this, 'EventBus', common);
  }
}
