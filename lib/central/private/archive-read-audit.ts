import { CfnResource } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { READ_AUDIT_PREFIX } from './archive-bucket-policy';
import { acknowledgeTrailWithoutCloudWatchLogs } from '../../core/acknowledge';
import { CentralLogTargets, LOG_FAMILIES, LogFamily } from '../targets';

/**
 * The trail of the central account that records every read of an archived
 * object (S3 data events, read-only), written under `archive-reads/` of the
 * CloudTrail archive bucket.
 */
export function createReadAuditTrail(scope: Construct, targets: CentralLogTargets, key: kms.IKey,
  cloudTrailBucket: s3.Bucket): cloudtrail.CfnTrail {
  const watched = [
    // Org and account trails must write under AWSLogs/ (the bucket policy allows nothing else); this
    // trail writes under archive-reads/ so that reading its own files does not feed back into it.
    `${targets.bucketArn(LogFamily.CLOUDTRAIL)}/AWSLogs/`,
    ...LOG_FAMILIES.filter((f) => f !== LogFamily.CLOUDTRAIL).map((f) => `${targets.bucketArn(f)}/`),
    `arn:aws:s3:::${targets.accessLogBucketName}/`,
    `${targets.vaultBucketArn}/`,
  ];
  const trail = new cloudtrail.CfnTrail(scope, 'ReadAuditTrail', {
    trailName: `${targets.namePrefix}-archive-reads`,
    isLogging: true,
    s3BucketName: targets.bucketName(LogFamily.CLOUDTRAIL),
    s3KeyPrefix: READ_AUDIT_PREFIX,
    kmsKeyId: key.keyArn,
    enableLogFileValidation: true,
    isMultiRegionTrail: false,
    includeGlobalServiceEvents: false,
    advancedEventSelectors: [{
      name: 'Reads of archived log objects',
      fieldSelectors: [
        { field: 'eventCategory', equalTo: ['Data'] },
        { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
        { field: 'readOnly', equalTo: ['true'] },
        { field: 'resources.ARN', startsWith: watched },
      ],
    }],
  });
  // CloudTrail checks the bucket policy when the trail is created.
  if (cloudTrailBucket.policy) {
    trail.node.addDependency(cloudTrailBucket.policy.node.defaultChild as CfnResource);
  }
  acknowledgeTrailWithoutCloudWatchLogs(trail, 'This trail records only reads of archived objects, which are reviewed from the archive.');
  return trail;
}
