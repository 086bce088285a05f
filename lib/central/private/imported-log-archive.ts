import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { ILogArchive } from '../log-archive-props';
import { CentralLogTargets, LOG_FAMILIES, LogFamily } from '../targets';

/**
 * A log archive deployed in another stack or app, addressed by its
 * deterministic names: buckets imported by name, the key by ARN.
 */
export class ImportedLogArchive extends Construct implements ILogArchive {
  public readonly targets: CentralLogTargets;
  public readonly key: kms.IKey;
  private readonly buckets = new Map<LogFamily, s3.IBucket>();

  constructor(scope: Construct, id: string, targets: CentralLogTargets) {
    super(scope, id);
    if (!targets.hasArchiveKey) {
      throw new Error(
        'LogArchive.fromLogArchiveAttributes needs the archive key: the CentralLogTargets has no archiveKeyArn; ' +
        "pass archiveKeyArn (the central stack's ArchiveKeyArn output) to CentralLogTargets.fromAttributes.",
      );
    }
    this.targets = targets;
    this.key = kms.Key.fromKeyArn(this, 'Key', targets.archiveKeyArn);
    for (const family of LOG_FAMILIES) {
      this.buckets.set(family, s3.Bucket.fromBucketAttributes(this, `${family}Bucket`, {
        bucketName: targets.bucketName(family),
        account: targets.accountId,
        region: targets.region,
        encryptionKey: this.key,
      }));
    }
  }

  public bucket(family: LogFamily): s3.IBucket {
    const bucket = this.buckets.get(family);
    if (!bucket) {
      throw new Error(`Unknown log family '${String(family)}'; use one of ${LOG_FAMILIES.join(', ')}.`);
    }
    return bucket;
  }
}
