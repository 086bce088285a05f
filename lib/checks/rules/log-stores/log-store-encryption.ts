import { CfnResource } from 'aws-cdk-lib';
import { ResourceType } from '../../app-index';
import { logStoreOf, notALogBucket } from '../../private/log-store';
import { fixedRequirements, LOG_STORE_CONSTRUCTS, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { asArray, field } from '../../../core/l1';

/** S3 server-side encryption algorithms that use a KMS key. */
const KMS_ALGORITHMS = ['aws:kms', 'aws:kms:dsse'];

/**
 * LM-4 (only the service's operators and the security team can read logs),
 * encryption part: every log store is encrypted with a KMS key, whose key
 * policy is the second lock on who can read: a log group with KmsKeyId, a
 * log bucket whose default encryption (BucketEncryption) is `aws:kms` or
 * `aws:kms:dsse`. S3-managed keys (AES256) do not count: anyone allowed to
 * read the bucket can decrypt.
 */
export const logStoreEncryption: LogCollectionRule = {
  name: 'log-store-encryption',
  requirementIds: fixedRequirements('LM-4'),
  idSuffix: 'Encryption',
  resourceTypes: [ResourceType.LOG_GROUP, ResourceType.BUCKET],
  fixedBy: LOG_STORE_CONSTRUCTS,
  summary: 'Every log group has a KMS key (KmsKeyId) and every log bucket default-encrypts with KMS (aws:kms or aws:kms:dsse).',
  check(store: CfnResource, context: RuleContext): RuleOutcome {
    const kind = logStoreOf(store, context.index);
    if (!kind) {
      return outcome.notApplicable(notALogBucket());
    }
    const props = store as unknown as Record<string, unknown>;
    if (store.cfnResourceType === ResourceType.LOG_GROUP) {
      const key = context.index.resolve(store, props.kmsKeyId);
      return key === undefined || key === ''
        ? outcome.nonCompliant(`Log group ${store.node.path} has no KmsKeyId, so its logs are not encrypted with a KMS key; pass encryptionKey.`,
          { location: 'Properties/KmsKeyId' })
        : outcome.compliant(`Log group ${store.node.path} is encrypted with a KMS key.`);
    }
    const encryption = context.index.resolve(store, props.bucketEncryption);
    const algorithms = asArray(field(encryption, 'serverSideEncryptionConfiguration'))
      .map((rule) => field(field(rule, 'serverSideEncryptionByDefault'), 'sseAlgorithm'));
    if (algorithms.some((a) => typeof a === 'string' && KMS_ALGORITHMS.includes(a))) {
      return outcome.compliant(`Log bucket ${store.node.path} default-encrypts with KMS.`);
    }
    const found = algorithms.length > 0 ? `encrypts with ${algorithms.map((a) => context.index.resolver.describe(a)).join(', ')}` : 'has no BucketEncryption';
    return outcome.nonCompliant(
      `Log bucket ${store.node.path} ${found}, not a KMS key; use encryption: BucketEncryption.KMS with a customer managed key.`,
      { location: 'Properties/BucketEncryption' },
    );
  },
};
