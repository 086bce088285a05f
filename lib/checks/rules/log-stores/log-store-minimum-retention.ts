import { CfnResource } from 'aws-cdk-lib';
import { ResourceType } from '../../app-index';
import { logStoreOf, notALogBucket, retentionOf } from '../../private/log-store';
import { LOG_STORE_CONSTRUCTS, LogCollectionRule, outcome, PackSettings, RuleContext, RuleOutcome } from '../../private/rule';
import { minimumRetentionDays, minimumRetentionRequirementId } from '../../../requirements/retention';
import { ServiceExposure } from '../../../requirements/types';
import { vaultCopyOf } from './vault-copy';

/**
 * The exposure whose minimum is checked. Without one the pack checks the
 * external minimum (LM-1, 90 days): the floor every service must meet,
 * whatever its exposure.
 */
function exposureOf(settings: PackSettings): ServiceExposure {
  return settings.exposure ?? ServiceExposure.EXTERNAL;
}

/**
 * LM-1 / LM-2 (minimum retention): every log store keeps logs at least the
 * minimum of the pack's exposure class (90 days external, 400 days internal,
 * from `RETENTION_POLICY`). A log group's RetentionInDays; a log bucket's
 * smallest ExpirationInDays among enabled lifecycle rules that apply to every
 * object. A store that never expires meets the minimum (LM-3 judges it). A
 * landing bucket whose replication rule copies every object into a vault (a
 * log bucket of the app) is judged by the vault: its lifecycle expiry or its
 * Object Lock default retention, whichever is longer. The
 * rule id names the requirement of the exposure: `LogCollection-LM-1` for
 * EXTERNAL (and when no exposure is given), `LogCollection-LM-2` for INTERNAL.
 */
export const logStoreMinimumRetention: LogCollectionRule = {
  name: 'log-store-minimum-retention',
  requirementIds: (settings) => [minimumRetentionRequirementId(exposureOf(settings))],
  resourceTypes: [ResourceType.LOG_GROUP, ResourceType.BUCKET],
  fixedBy: LOG_STORE_CONSTRUCTS,
  summary: 'Every log group and log bucket keeps logs at least the minimum of the exposure class (LM-1 external, LM-2 internal).',
  check(store: CfnResource, context: RuleContext): RuleOutcome {
    const kind = logStoreOf(store, context.index);
    if (!kind) {
      return outcome.notApplicable(notALogBucket());
    }
    const exposure = exposureOf(context.settings);
    const min = minimumRetentionDays(exposure);
    const retention = retentionOf(store, context.index);
    const location = store.cfnResourceType === ResourceType.LOG_GROUP ? 'Properties/RetentionInDays' : 'Properties/LifecycleConfiguration';
    if (retention.unknown) {
      return outcome.unknown(`${capital(kind.kind)} ${store.node.path}: ${retention.unknown}, so the ${min}-day minimum cannot be checked.`, { location });
    }
    const days = retention.currentDays;
    const basis = context.settings.exposure === undefined
      ? ` (the pack was given no exposure, so the ${min}-day floor of every service is checked; pass exposure INTERNAL to check 13 months)`
      : '';
    if (days === undefined) {
      return outcome.compliant(`${capital(kind.kind)} ${store.node.path}: ${retention.description}, which meets the ${min}-day minimum.`, { retentionDays: 0, location });
    }
    if (days >= min) {
      return outcome.compliant(`${capital(kind.kind)} ${store.node.path} keeps logs ${days} days (minimum ${min}).`, { retentionDays: days, location });
    }
    // A landing bucket keeps logs briefly; what counts is the vault that S3 Replication copies every object into.
    const copy = vaultCopyOf(store, context.index);
    if (copy && !copy.retention.unknown) {
      const vaultDays = copy.retention.currentDays;
      const kept = vaultDays === undefined ? Math.max(copy.lockDays ?? 0, min) : Math.max(vaultDays, copy.lockDays ?? 0);
      const held = `replicates every object into the vault ${copy.vault.node.path}, which keeps them ` +
        (vaultDays === undefined ? 'without expiry' : `${kept} days`) + (copy.lockDays ? ` (Object Lock ${copy.lockDays} days)` : '');
      if (kept >= min) {
        return outcome.compliant(
          `${capital(kind.kind)} ${store.node.path} keeps its landing copy ${days} days and ${held}, which meets the ${min}-day minimum.`,
          { retentionDays: kept, location: 'Properties/ReplicationConfiguration' },
        );
      }
      return outcome.nonCompliant(
        `${capital(kind.kind)} ${store.node.path} keeps its landing copy ${days} days and ${held}, below the ${min}-day minimum for ` +
        `${exposure.toLowerCase()} services${basis}; keep the vault copies at least ${min} days.`,
        { retentionDays: kept, location: 'Properties/ReplicationConfiguration' },
      );
    }
    return outcome.nonCompliant(
      `${capital(kind.kind)} ${store.node.path} keeps logs ${days} days (${retention.description}), below the ${min}-day minimum for ` +
      `${exposure.toLowerCase()} services${basis}; keep them at least ${min} days.`,
      { retentionDays: days, location },
    );
  },
};

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
