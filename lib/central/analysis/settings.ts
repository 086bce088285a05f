import { Size, Token } from 'aws-cdk-lib';
import { validateAccountIds, validateEnumValue, validateRegion, validateRoleArn } from '../../core/validate';
import { LogArchive } from '../log-archive';
import { VaultStorageClass } from '../log-archive-props';
import { ArchiveAnalysisProps, CloudTrailLayout } from './archive-analysis-props';
import { CloudWatchSource, validateLogGroups } from './cloudwatch-tables';

/** Athena's smallest per-query scan limit: 10 MB. https://docs.aws.amazon.com/athena/latest/ug/workgroups-setting-control-limits-cloudwatch.html */
const MIN_SCAN_BYTES = 10_000_000;
/** Key prefix of query results in the EXPORTS bucket. */
export const ATHENA_RESULTS_PREFIX = 'athena-results/';
/** Prefixes the archive's writers own: reports may not go there. */
export const ARCHIVE_PREFIXES = ['AWSLogs/', 'cloudwatch/', 'events/', 'exports/', 'errors/', 'archive-reads/', ATHENA_RESULTS_PREFIX];

/** The props of ArchiveAnalysis, checked, with their defaults. */
export interface AnalysisSettings {
  readonly accounts: string[];
  readonly regions: string[];
  readonly scanBytes: number;
  readonly reviewDay: number;
  readonly timeZone: string;
  readonly cloudTrailLayout: CloudTrailLayout;
  readonly reportPrefix: string;
  readonly firstYear: number;
}

/** Check the props; every error names the value, the prop and the fix. */
export function validateAnalysisProps(props: ArchiveAnalysisProps, account: string, reviewRoleArn: string): AnalysisSettings {
  const targets = props.archive.targets;
  if (props.analystRoleArns.length === 0) {
    throw new Error('analystRoleArns is empty: name at least one analyst role of the central account that may use the workgroup.');
  }
  props.analystRoleArns.forEach((arn, i) => {
    validateRoleArn(`analystRoleArns[${i}]`, arn);
    if (!Token.isUnresolved(arn) && arn.split(':')[4] !== account) {
      throw new Error(`analystRoleArns[${i}] '${arn}' is in account ${arn.split(':')[4]}, not the central log account ${account}: ` +
        'analysis happens in situ (LM-6); name a role of the central account.');
    }
  });
  if (props.archive instanceof LogArchive) {
    const readers = props.archive.readerRoleArns;
    const reads = (arn: string) => readers.some((r) => new RegExp(`^${r.split('*').map(escape).join('.*')}$`).test(arn));
    props.analystRoleArns.forEach((arn, i) => {
      if (!Token.isUnresolved(arn) && !reads(arn)) {
        throw new Error(`analystRoleArns[${i}] '${arn}' is not one of the archive's readerRoleArns, so the archive would deny it ` +
          'every read; add it to readerRoleArns of the LogArchive.');
      }
    });
    if (!reads(reviewRoleArn)) {
      throw new Error(`The review function's role '${reviewRoleArn}' is not one of the archive's readerRoleArns, so its queries ` +
        'would be denied; add ArchiveAnalysis.reviewRoleArn(account, namePrefix) to readerRoleArns of the LogArchive.');
    }
    if (props.archive.vaultStorageClass === VaultStorageClass.GLACIER || props.archive.vaultStorageClass === VaultStorageClass.DEEP_ARCHIVE) {
      throw new Error(`vaultStorageClass ${props.archive.vaultStorageClass} cannot be read by Athena in place; use GLACIER_IR ` +
        '(default), STANDARD_IA or INTELLIGENT_TIERING for an archive that is analysed.');
    }
  }
  const accounts = validateAccountIds('sourceAccounts', props.sourceAccounts);
  if (accounts.length === 0) {
    throw new Error('sourceAccounts is empty: name the accounts whose logs the tables project.');
  }
  const regions = (props.sourceRegions ?? [targets.region]).map((r, i) => validateRegion(`sourceRegions[${i}]`, r));
  const scanBytes = (props.scanLimit ?? Size.gibibytes(10)).toBytes();
  if (!Token.isUnresolved(scanBytes) && scanBytes < MIN_SCAN_BYTES) {
    throw new Error(`scanLimit of ${scanBytes} bytes is under Athena's minimum per-query limit of 10 MB; use at least ` +
      'Size.mebibytes(10) (default Size.gibibytes(10)).');
  }
  const reviewDay = props.reviewDayOfMonth ?? 2;
  if (!Token.isUnresolved(reviewDay) && (!Number.isInteger(reviewDay) || reviewDay < 1 || reviewDay > 28)) {
    throw new Error(`reviewDayOfMonth of ${reviewDay} is not a day every month has; use a whole number from 1 to 28 (default 2).`);
  }
  const cloudTrailLayout = validateEnumValue('cloudTrailLayout', props.cloudTrailLayout
    ?? (targets.organizationId ? CloudTrailLayout.ORGANIZATION : CloudTrailLayout.ACCOUNT), CloudTrailLayout, 'CloudTrailLayout',
  'a CloudTrail key layout');
  if (cloudTrailLayout === CloudTrailLayout.ORGANIZATION && !targets.organizationId) {
    throw new Error(`cloudTrailLayout ${cloudTrailLayout} reads AWSLogs/<organization id>/..., but the archive has no organizationId, ` +
      'so no organisation trail writes there; use CloudTrailLayout.ACCOUNT or give the archive organizationId.');
  }
  const reportPrefix = props.reportPrefix ?? 'reports/';
  if (!/^[a-z0-9][a-z0-9-_/]*\/$/.test(reportPrefix) || reportPrefix.includes('//')
    || ARCHIVE_PREFIXES.some((p) => reportPrefix.toLowerCase().startsWith(p.toLowerCase()))) {
    throw new Error(`reportPrefix '${reportPrefix}' is not a prefix of its own in the archive; use lower-case letters, digits, - _ / ` +
      `ending in '/', outside ${ARCHIVE_PREFIXES.join(', ')} (default 'reports/').`);
  }
  validateLogGroups(logGroupsOf(props));
  const firstYear = props.firstYear ?? 2024;
  if (!Number.isInteger(firstYear) || firstYear < 2006 || firstYear > 2099) {
    throw new Error(`firstYear of ${firstYear} is not a year the archive can hold; use a year from 2006 to 2099 (default 2024).`);
  }
  return { accounts, regions, scanBytes, reviewDay, timeZone: props.scheduleTimeZone ?? 'Europe/London', cloudTrailLayout, reportPrefix, firstYear };
}

/** The log groups of each CloudWatch source, from the props. */
export function logGroupsOf(props: ArchiveAnalysisProps): Partial<Record<CloudWatchSource, readonly string[]>> {
  return {
    [CloudWatchSource.EKS_AUDIT]: props.eksAuditLogGroups ?? [],
    [CloudWatchSource.API_ACCESS]: props.apiAccessLogGroups ?? [],
    [CloudWatchSource.DATABASE_AUDIT]: props.databaseAuditLogGroups ?? [],
    [CloudWatchSource.OTHER]: props.cloudWatchLogGroups ?? [],
  };
}

function escape(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
