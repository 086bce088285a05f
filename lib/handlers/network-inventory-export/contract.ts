/**
 * The contract between the NetworkInventoryExport construct and the
 * network-inventory-export Lambda handler: environment variable names, the
 * default purpose tag keys, the object key layout and the format names
 * written into object metadata.
 *
 * This module is bundled into the handler, so it must not import aws-cdk-lib
 * (or anything else that is not plain TypeScript).
 */

/** Environment variables the construct sets on the exporter function. */
export const INVENTORY_ENV = {
  /** ARN of the central account's export writer role (assumed to write). */
  writerRoleArn: 'EXPORT_WRITER_ROLE_ARN',
  /** Name of the central EXPORTS archive bucket. */
  bucketName: 'EXPORT_BUCKET_NAME',
  /** Key prefix this account writes under (`exports/<account>/`). */
  objectPrefix: 'EXPORT_OBJECT_PREFIX',
  /** The central log account id (the expected bucket owner). */
  centralAccountId: 'CENTRAL_ACCOUNT_ID',
  /** The central region (of the archive bucket). */
  centralRegion: 'CENTRAL_REGION',
  /** ARN of the archive KMS key, sent as the SSE-KMS key of every object. */
  archiveKeyArn: 'ARCHIVE_KEY_ARN',
  /** The workload account id (whose VPCs and zones are exported). */
  sourceAccountId: 'SOURCE_ACCOUNT_ID',
  /** JSON array of tag keys that describe a VPC's or subnet's purpose. */
  purposeTagKeys: 'PURPOSE_TAG_KEYS',
  /** JSON array of hosted zone ids to export; empty for every eligible zone. */
  zoneIds: 'ZONE_IDS',
} as const;

/**
 * The session tag the exporter sets when it assumes the central export writer
 * role: its own account id. The role's trust policy requires it to equal the
 * caller's account, and the role may write only under `exports/<tag value>/`.
 */
export const EXPORT_SOURCE_TAG = 'source-account';

/**
 * Tag keys whose values describe the purpose of a subnet (a DHCP scope) or a
 * VPC, in the order they are written. `aws-cdk:subnet-name` and
 * `aws-cdk:subnet-type` are set by the CDK `ec2.Vpc` construct.
 */
export const DEFAULT_PURPOSE_TAG_KEYS: readonly string[] = [
  'Name',
  'Purpose',
  'Description',
  'aws-cdk:subnet-name',
  'aws-cdk:subnet-type',
];

/** `format` of the DHCP scope documents (and their `x-amz-meta-format`). */
export const DHCP_SCOPES_FORMAT = 'cdk-security-log-collection/dhcp-scopes/v1';

/** `x-amz-meta-format` of the zone files. */
export const ZONE_FILE_FORMAT = 'rfc1035-master-file';

/** Name written into object metadata (`x-amz-meta-exporter`). */
export const EXPORTER_NAME = 'cdk-security-log-collection/NetworkInventoryExport';

/** A Route 53 hosted zone id as the construct accepts it (no `/hostedzone/` prefix). */
export const HOSTED_ZONE_ID_PATTERN = /^[A-Z0-9]{1,32}$/;

/**
 * The run's date (UTC, `YYYY-MM-DD`) in every key: each run writes new
 * objects, which the archive keeps for its full retention period. (With one
 * key per zone, earlier exports would be noncurrent versions, which the
 * archive's lifecycle removes as soon as Object Lock allows.)
 */
function datePart(exportedAt: Date): string {
  return exportedAt.toISOString().slice(0, 10);
}

/**
 * Key of a zone file under the account's prefix:
 * `<prefix>route53/<zone-id>/<YYYY-MM-DD>/<zone-name>.zone`. `fileZoneName` is
 * the zone name without its trailing dot, already made safe for a key.
 */
export function zoneObjectKey(prefix: string, zoneId: string, fileZoneName: string, exportedAt: Date): string {
  return `${prefix}route53/${zoneId}/${datePart(exportedAt)}/${fileZoneName}.zone`;
}

/** Key of a VPC's DHCP scope document under the account's prefix: `<prefix>dhcp/<vpc-id>/<YYYY-MM-DD>.json`. */
export function dhcpObjectKey(prefix: string, vpcId: string, exportedAt: Date): string {
  return `${prefix}dhcp/${vpcId}/${datePart(exportedAt)}.json`;
}
