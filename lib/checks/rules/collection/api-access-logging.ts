import { CfnResource } from 'aws-cdk-lib';
import { API_STAGE_TYPES, judgeStageAccessLog } from '../../private/api-stage';
import { fixedRequirements, LogCollectionRule, RuleContext, RuleOutcome } from '../../private/rule';
import { ApiAccessLogging } from '../../../sources';

/** The requirement this rule asserts. */
const REQUIREMENT_ID = 'CA-B2';

/**
 * CA-B2 (authenticated user activity events): every API Gateway stage writes
 * access logs (a DestinationArn and a Format) whose format carries every
 * `$context` variable the catalogue names for CA-B2 for the API's kind: the
 * user (authorizer claims, Lambda authorizer principal, IAM user ARN), the
 * action, the status, the response size and the response time.
 *
 * Judges `AWS::ApiGateway::Stage` (REST APIs; AccessLogSetting),
 * `AWS::ApiGatewayV2::Stage` (AccessLogSettings; HTTP API variables, and
 * only the presence of access logs for WebSocket APIs) and
 * `AWS::ApiGateway::Deployment` resources that create a stage
 * (StageDescription.AccessLogSetting). An HTTP or WebSocket stage whose API
 * is not in the app is judged against the HTTP API variables, and a missing
 * variable is then a warning.
 */
export const apiAccessLogging: LogCollectionRule = {
  name: 'api-access-logging',
  requirementIds: fixedRequirements(REQUIREMENT_ID),
  resourceTypes: API_STAGE_TYPES,
  fixedBy: [ApiAccessLogging.IMPLEMENTS.construct],
  summary:
    'Every API Gateway stage writes access logs in a format that carries the CA-B2 $context variables (user, action, status, ' +
    'response size and latency) for its API kind.',
  check(stage: CfnResource, context: RuleContext): RuleOutcome {
    return judgeStageAccessLog(stage, context, { requirementId: REQUIREMENT_ID, subject: 'authenticated user activity' });
  },
};
