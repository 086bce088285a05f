import { CfnResource } from 'aws-cdk-lib';
import { ArchiveAnalysis, ANALYSIS_WORKGROUP_TAG } from '../../../central/analysis/archive-analysis';
import { ResourceType } from '../../app-index';
import { fixedRequirements, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { asBoolean, field } from '../../../core/l1';

const WORKGROUP = 'AWS::Athena::WorkGroup';
const KMS_OPTIONS = ['SSE_KMS', 'CSE_KMS'];

/** The bucket of an `s3://bucket/prefix` location, when the template holds it as text. */
function bucketOf(location: unknown): string | undefined {
  return typeof location === 'string' ? /^s3:\/\/([^/]+)/.exec(location)?.[1] : undefined;
}

/** Why the workgroup is over the archive, or undefined when it is not. */
function overTheArchive(workgroup: CfnResource, context: RuleContext, outputBucket: string | undefined): string | undefined {
  if (context.index.tagsOf(workgroup)[ANALYSIS_WORKGROUP_TAG]?.toLowerCase() === 'true') {
    return `it is tagged ${ANALYSIS_WORKGROUP_TAG}=true`;
  }
  if (outputBucket === undefined) {
    return undefined;
  }
  for (const bucket of context.index.ofType(ResourceType.BUCKET)) {
    const name = context.index.resolve(bucket, (bucket as unknown as Record<string, unknown>).bucketName);
    if (name === outputBucket && context.index.whyLogBucket(bucket).length > 0) {
      return `its results go to log bucket ${outputBucket}`;
    }
  }
  return undefined;
}

/**
 * LM-4 (only the service's operators and the security team can read logs),
 * for Athena query results, which are copies of logs: a workgroup over the
 * log archive (tagged `security-log-analysis=true`, or
 * writing its results into a log bucket) encrypts its results with KMS
 * (`SSE_KMS` or `CSE_KMS`) and enforces its configuration, so no client can
 * send query results elsewhere or unencrypted (which would also be a bulk
 * export, LM-6).
 * https://docs.aws.amazon.com/athena/latest/ug/workgroups-settings-override.html
 */
export const athenaWorkgroupProtected: LogCollectionRule = {
  name: 'athena-workgroup-protected',
  // LM-4 rather than LM-6: a rule for LM-6 would judge workload apps (which hold no workgroup) NOT_APPLICABLE
  // instead of met in the central account, and the finding is about who can read the results.
  requirementIds: fixedRequirements('LM-4'),
  idSuffix: 'AthenaWorkgroup',
  resourceTypes: [WORKGROUP],
  fixedBy: [ArchiveAnalysis.IMPLEMENTS.construct],
  summary: 'An Athena workgroup over the log archive encrypts its results with KMS and enforces its configuration.',
  check(workgroup: CfnResource, context: RuleContext): RuleOutcome {
    const config = context.index.resolve(workgroup, (workgroup as unknown as Record<string, unknown>).workGroupConfiguration);
    const results = field(config, 'resultConfiguration');
    const why = overTheArchive(workgroup, context, bucketOf(field(results, 'outputLocation')));
    if (why === undefined) {
      return outcome.notApplicable(`Athena workgroup ${workgroup.node.path} is not over the log archive (not tagged ` +
        `${ANALYSIS_WORKGROUP_TAG}=true, results not in a log bucket).`);
    }
    const problems: string[] = [];
    const option = field(field(results, 'encryptionConfiguration'), 'encryptionOption');
    if (typeof option !== 'string' || !KMS_OPTIONS.includes(option)) {
      problems.push(option === undefined ? 'its results are not encrypted (no EncryptionConfiguration)'
        : `its results are encrypted with ${String(option)}, not a KMS key`);
    }
    if (asBoolean(field(config, 'enforceWorkGroupConfiguration')) !== true) {
      problems.push('its configuration is not enforced (EnforceWorkGroupConfiguration is not true), so clients may send results elsewhere');
    }
    if (problems.length === 0) {
      return outcome.compliant(`Athena workgroup ${workgroup.node.path} (${why}) encrypts results with ${option} and enforces its configuration.`);
    }
    return outcome.nonCompliant(
      `Athena workgroup ${workgroup.node.path} is over the log archive (${why}) but ${problems.join('; and ')}; set ` +
      'ResultConfiguration.EncryptionConfiguration to SSE_KMS with the archive key and EnforceWorkGroupConfiguration: true, ' +
      'or use ArchiveAnalysis.',
      { location: 'Properties/WorkGroupConfiguration' },
    );
  },
};
