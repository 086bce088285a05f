import { Token } from 'aws-cdk-lib';
import * as observabilityadmin from 'aws-cdk-lib/aws-observabilityadmin';
import { Construct } from 'constructs';
import { CentralLogTargets } from '../../central/targets';
import { protectedName } from '../../core/events/protected-name';
import { validateRegion } from '../../core/validate';

/** Rule names: unverified limit; kept to 64 characters. */
const RULE_NAME_MAX = 64;

/** Props for {@link OrganizationLogCentralization}. */
export interface OrganizationLogCentralizationProps {
  /** The central log account: the rule's destination account and region. */
  readonly central: CentralLogTargets;
  /** The regions whose log groups are centralised. */
  readonly regions: string[];
  /**
   * Which accounts, in the rule's scope syntax.
   *
   * @default - `OrganizationId = '<central.organizationId>'` (every account of the organisation)
   */
  readonly scope?: string;
  /**
   * Which log groups, in OAM link filter syntax (for example `LogGroupName NOT LIKE '/aws/kinesisfirehose/%'`).
   *
   * @default '*' (every log group)
   */
  readonly logGroupSelectionCriteria?: string;
  /**
   * Encrypt the central copies with the archive key (CUSTOMER_MANAGED) rather than an AWS-owned key.
   *
   * @default - true when the central targets carry the archive key ARN
   */
  readonly encryptWithArchiveKey?: boolean;
}

/**
 * The AWS-native alternative to account subscription policies: one
 * CloudWatch organization centralization rule
 * (`AWS::ObservabilityAdmin::OrganizationCentralizationRule`,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-observabilityadmin-organizationcentralizationrule.html),
 * made in the management account or a delegated administrator, that copies
 * the log groups of every account in its scope and regions into CloudWatch
 * Logs of the central account and region. Log groups encrypted with a
 * customer managed key are included (`EncryptedLogGroupStrategy: ALLOW`).
 *
 * The copies land in CloudWatch Logs, not in the archive buckets: the
 * central account subscribes its copies to the destination to reach the SIEM
 * queue and the vault. The scope syntax `OrganizationId = '…'` follows the
 * API reference's example; other scope forms (OU ids) are unverified.
 *
 * @example
 * const central = CentralLogTargets.fromAttributes({ accountId: '111111111111', region: 'eu-west-2', organizationId: 'o-a1b2c3d4e5' });
 * new OrganizationLogCentralization(this, 'Centralize', { central, regions: ['eu-west-2', 'eu-west-1'] });
 */
export class OrganizationLogCentralization extends Construct {
  /** The rule. */
  public readonly rule: observabilityadmin.CfnOrganizationCentralizationRule;

  constructor(scope: Construct, id: string, props: OrganizationLogCentralizationProps) {
    super(scope, id);
    const central = props.central;
    if (props.regions.length === 0) {
      throw new Error('regions is an empty list, so the centralization rule would copy nothing; list the source regions.');
    }
    props.regions.forEach((r) => validateRegion('regions', r));
    let ruleScope = props.scope;
    if (ruleScope === undefined) {
      if (central.organizationId === undefined) {
        throw new Error(
          'OrganizationLogCentralization needs a scope: the central targets have no organizationId; pass organizationId to ' +
          "CentralLogTargets.fromAttributes, or give scope (for example \"OrganizationId = 'o-a1b2c3d4e5'\").",
        );
      }
      ruleScope = `OrganizationId = '${central.organizationId}'`;
    }
    const selection = props.logGroupSelectionCriteria ?? '*';
    if (!Token.isUnresolved(selection) && (selection.length < 1 || selection.length > 2000)) {
      throw new Error(`logGroupSelectionCriteria is ${selection.length} characters; the rule takes 1 to 2000.`);
    }
    const withKey = props.encryptWithArchiveKey ?? central.hasArchiveKey;
    this.rule = new observabilityadmin.CfnOrganizationCentralizationRule(this, 'Resource', {
      ruleName: protectedName(this, central.namePrefix, RULE_NAME_MAX),
      rule: {
        source: {
          regions: [...props.regions],
          scope: ruleScope,
          sourceLogsConfiguration: { encryptedLogGroupStrategy: 'ALLOW', logGroupSelectionCriteria: selection },
        },
        destination: {
          account: central.accountId,
          region: central.region,
          destinationLogsConfiguration: {
            logsEncryptionConfiguration: withKey
              ? { encryptionStrategy: 'CUSTOMER_MANAGED', kmsKeyArn: central.archiveKeyArn }
              : { encryptionStrategy: 'AWS_OWNED' },
          },
        },
      },
    });
  }
}
