/**
 * Writes exports into the central EXPORTS archive bucket as the central
 * account's export writer role.
 *
 * Every PutObject carries:
 * - `ServerSideEncryption: aws:kms` with the archive key and the bucket key,
 *   so the object is encrypted with the archive key even if the bucket's
 *   default changed (the writer role may use the key only through S3, for
 *   this bucket);
 * - `Content-MD5` and a SHA-256 checksum, which S3 demands of writes to a
 *   bucket with Object Lock;
 * - `ExpectedBucketOwner`, so nothing is written to a same-named bucket in
 *   another account;
 * - metadata with the content's SHA-256 (`content-sha256`), the export time
 *   and the source account and region.
 * No ACL is sent: the bucket enforces bucket-owner ownership.
 */
import { createHash } from 'crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { EXPORT_SOURCE_TAG, EXPORTER_NAME } from './contract';

/** Where and how exports are written. */
export interface WriterSettings {
  readonly writerRoleArn: string;
  readonly bucketName: string;
  readonly objectPrefix: string;
  readonly centralAccountId: string;
  readonly centralRegion: string;
  readonly archiveKeyArn: string;
  readonly sourceAccountId: string;
  readonly sourceRegion: string;
}

/** One object to write. */
export interface ExportObject {
  /** The full object key; it must be under the account's prefix. */
  readonly key: string;
  readonly body: string;
  readonly contentType: string;
  /** Format name written to `x-amz-meta-format`. */
  readonly format: string;
  /** More metadata (keys lower case, values ASCII). */
  readonly metadata?: Record<string, string>;
}

/** What was written. */
export interface WrittenObject {
  readonly key: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly versionId?: string;
}

/** `network-inventory-<account>`: names the workload account in the central account's CloudTrail. */
export function sessionName(account: string): string {
  return `network-inventory-${account}`;
}

/** Assume the export writer role and return an S3 client in the central region that uses it. */
export async function openWriter(sts: STSClient, settings: WriterSettings): Promise<ExportWriter> {
  const out = await sts.send(new AssumeRoleCommand({
    RoleArn: settings.writerRoleArn,
    RoleSessionName: sessionName(settings.sourceAccountId),
    DurationSeconds: 900,
    // The writer role's trust requires this tag to be the caller's own account, and lets the session write only
    // under exports/<tag value>/.
    Tags: [{ Key: EXPORT_SOURCE_TAG, Value: settings.sourceAccountId }],
  }));
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
    throw new Error(`AssumeRole of ${settings.writerRoleArn} returned no credentials.`);
  }
  const s3 = new S3Client({
    region: settings.centralRegion,
    credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration },
  });
  return new ExportWriter(s3, settings);
}

/** Puts export objects under the account's prefix. */
export class ExportWriter {
  constructor(private readonly s3: S3Client, private readonly settings: WriterSettings) {}

  public async put(object: ExportObject, exportedAt: Date): Promise<WrittenObject> {
    const body = Buffer.from(object.body, 'utf8');
    const sha256 = createHash('sha256').update(body).digest();
    const key = object.key;
    if (!key.startsWith(this.settings.objectPrefix)) {
      throw new Error(`Refusing to write ${key}: this account writes only under ${this.settings.objectPrefix}.`);
    }
    const out = await this.s3.send(new PutObjectCommand({
      Bucket: this.settings.bucketName,
      Key: key,
      Body: body,
      ContentType: object.contentType,
      ContentMD5: createHash('md5').update(body).digest('base64'),
      ChecksumSHA256: sha256.toString('base64'),
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: this.settings.archiveKeyArn,
      BucketKeyEnabled: true,
      ExpectedBucketOwner: this.settings.centralAccountId,
      Metadata: {
        'content-sha256': sha256.toString('hex'),
        'exported-at': exportedAt.toISOString(),
        'source-account': this.settings.sourceAccountId,
        'source-region': this.settings.sourceRegion,
        'exporter': EXPORTER_NAME,
        'format': object.format,
        ...object.metadata,
      },
    }));
    return { key, sha256: sha256.toString('hex'), bytes: body.length, versionId: out.VersionId };
  }
}
