import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { requireRegion, subscribeToCentralDestination } from '../private/central-subscription';
import { createSecureLogGroup } from '../../core/log-group';
import { CentralLogGroupOptions } from '../central-log-group-options';

/** The name of the Session document that holds an account and region's Session Manager preferences. */
export const SESSION_PREFERENCES_DOCUMENT = 'SSM-SessionManagerRunShell';

/** Props for {@link SessionManagerPreferences}. */
export interface SessionManagerPreferencesProps extends CentralLogGroupOptions {
  /**
   * The log group that receives session transcripts.
   *
   * @default '/seclog/ssm-sessions'
   */
  readonly logGroupName?: string;
  /**
   * Key that encrypts the session data channel between client and node
   * (`kmsKeyId`); the nodes' role must be allowed to use it.
   *
   * @default - no extra encryption of the channel (TLS only)
   */
  readonly sessionEncryptionKey?: kms.IKey;
  /**
   * Minutes of inactivity before a session ends (1 to 60).
   *
   * @default 20
   */
  readonly idleSessionTimeoutMinutes?: number;
}

/**
 * Session Manager preferences for the account and region: the
 * `SSM-SessionManagerRunShell` Session document
 * (https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-schema.html,
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-create-preferences-cli.html),
 * with session transcripts streamed to a KMS-encrypted log group
 * (`cloudWatchEncryptionEnabled`, `cloudWatchStreamingEnabled`) that is
 * retained and subscribed to the central destination.
 *
 * There is one such document per account and region. When it already exists
 * (the console creates it the first time someone saves preferences),
 * CloudFormation cannot create it: delete it first, or import it.
 */
export class SessionManagerPreferences extends Construct {
  /** The Session document. */
  public readonly document: ssm.CfnDocument;
  /** The log group of session transcripts. */
  public readonly logGroup: logs.LogGroup;
  /** The log group's name. */
  public readonly logGroupName: string;
  /** The subscription to the central destination. */
  public readonly subscriptionFilter: logs.CfnSubscriptionFilter;

  constructor(scope: Construct, id: string, props: SessionManagerPreferencesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const region = requireRegion(stack, 'SessionManagerPreferences', 'sessions');
    const timeout = props.idleSessionTimeoutMinutes ?? 20;
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > 60) {
      throw new Error(`idleSessionTimeoutMinutes is ${timeout}; use a whole number of minutes from 1 to 60.`);
    }
    const claimed = stack.node.findAll().find((c) => c !== this && c instanceof SessionManagerPreferences);
    if (claimed) {
      throw new Error(`Stack '${stack.stackName}' already has SessionManagerPreferences '${claimed.node.path}'; there is one ${SESSION_PREFERENCES_DOCUMENT} document per account and region.`);
    }
    const logGroupName = props.logGroupName ?? '/seclog/ssm-sessions';
    this.logGroupName = logGroupName;
    this.logGroup = createSecureLogGroup(this, 'LogGroup', {
      logGroupName,
      exposure: props.exposure,
      retentionDays: props.retentionDays,
      retentionApproval: props.retentionApproval,
      encryptionKey: props.encryptionKey,
    });
    this.subscriptionFilter = subscribeToCentralDestination(this, this.logGroup, props.central, region,
      `Lets CloudWatch Logs send ${logGroupName} to the central log destination`).filter;
    this.document = new ssm.CfnDocument(this, 'Document', {
      name: SESSION_PREFERENCES_DOCUMENT,
      documentType: 'Session',
      updateMethod: 'NewVersion',
      content: {
        schemaVersion: '1.0',
        description: 'Session Manager preferences (cdk-security-log-collection): session transcripts to an encrypted log group',
        sessionType: 'Standard_Stream',
        inputs: {
          s3BucketName: '',
          s3KeyPrefix: '',
          s3EncryptionEnabled: true,
          cloudWatchLogGroupName: logGroupName,
          cloudWatchEncryptionEnabled: true,
          cloudWatchStreamingEnabled: true,
          idleSessionTimeout: String(timeout),
          kmsKeyId: props.sessionEncryptionKey?.keyId ?? '',
          runAsEnabled: false,
          runAsDefaultUser: '',
          shellProfile: { windows: '', linux: '' },
        },
      },
    });
    this.document.node.addDependency(this.logGroup);
  }
}
