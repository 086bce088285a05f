import { CfnResource } from 'aws-cdk-lib';
import { ResourceType } from '../../app-index';
import { fixedRequirements, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { asArray, field } from '../../../core/l1';
import { CognitoUserPoolLogging } from '../../../sources';

/** The Cognito log delivery event source that carries threat-protection user activity. */
const USER_AUTH_EVENTS = 'userAuthEvents';
/** Threat protection modes that log user activity (audit-only and full-function). */
const LOGGING_MODES = ['AUDIT', 'ENFORCED'];

/**
 * HP-B1 / CA-B1 (user directory services), Cognito part: every Cognito user
 * pool exports its user activity (sign-in, sign-up, password and MFA
 * outcomes with risk decisions):
 *
 * - on the Plus feature plan (UserPoolTier `PLUS`);
 * - with threat protection on (UserPoolAddOns.AdvancedSecurityMode `AUDIT`
 *   or `ENFORCED`);
 * - with an `AWS::Cognito::LogDeliveryConfiguration` (in any stack of the app)
 *   whose UserPoolId is the pool and which has a LogConfiguration with
 *   EventSource `userAuthEvents`, a destination (Firehose, S3 or CloudWatch
 *   Logs) and LogLevel INFO (or none).
 */
export const cognitoUserAuthEvents: LogCollectionRule = {
  name: 'cognito-user-auth-events',
  requirementIds: fixedRequirements('HP-B1', 'CA-B1'),
  idSuffix: 'Cognito',
  resourceTypes: [ResourceType.USER_POOL],
  fixedBy: [CognitoUserPoolLogging.IMPLEMENTS.construct],
  summary:
    'Every Cognito user pool is on the Plus plan with threat protection (audit or enforced) and delivers userAuthEvents ' +
    'through a log delivery configuration.',
  check(pool: CfnResource, context: RuleContext): RuleOutcome {
    const props = pool as unknown as Record<string, unknown>;
    const problems: string[] = [];
    const tier = context.index.resolve(pool, props.userPoolTier);
    if (tier !== 'PLUS') {
      problems.push(`UserPoolTier is ${tier === undefined ? 'not set (ESSENTIALS)' : context.index.resolver.describe(tier)}, not PLUS`);
    }
    const mode = field(context.index.resolve(pool, props.userPoolAddOns), 'advancedSecurityMode');
    if (typeof mode !== 'string' || !LOGGING_MODES.includes(mode)) {
      problems.push(`UserPoolAddOns.AdvancedSecurityMode is ${mode === undefined ? 'not set (OFF)' : context.index.resolver.describe(mode)}, not AUDIT or ENFORCED`);
    }
    const deliveries = context.index.logDeliveriesOf(pool);
    const delivering = deliveries.filter((cfg) => asArray(context.index.resolve(cfg, (cfg as unknown as Record<string, unknown>).logConfigurations))
      .some((lc) => field(lc, 'eventSource') === USER_AUTH_EVENTS
        && (field(lc, 'logLevel') === undefined || field(lc, 'logLevel') === 'INFO')
        && ['firehoseConfiguration', 's3Configuration', 'cloudWatchLogsConfiguration'].some((d) => field(lc, d) !== undefined)));
    if (delivering.length === 0) {
      problems.push(deliveries.length === 0
        ? `no AWS::Cognito::LogDeliveryConfiguration refers to it, so ${USER_AUTH_EVENTS} are not exported`
        : `its log delivery configuration (${deliveries.map((d) => d.node.path).join(', ')}) has no ${USER_AUTH_EVENTS} LogConfiguration ` +
          'with LogLevel INFO and a destination');
    }
    if (problems.length === 0) {
      return outcome.compliant(`User pool ${pool.node.path} exports ${USER_AUTH_EVENTS} through ${delivering.map((d) => d.node.path).join(', ')}.`);
    }
    return outcome.nonCompliant(`Cognito user pool ${pool.node.path} does not export its user activity: ${problems.join('; ')}.`);
  },
};
