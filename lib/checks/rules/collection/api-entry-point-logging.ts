import { CfnResource } from 'aws-cdk-lib';
import { API_STAGE_TYPES, isPrivateRestApi, judgeStageAccessLog, stageApi } from '../../private/api-stage';
import { fixedRequirements, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { ApiAccessLogging } from '../../../sources';

/** The requirement this rule asserts. */
const REQUIREMENT_ID = 'CA-B3';

/**
 * CA-B3 (unauthenticated user activity events), API Gateway part: every
 * internet-facing API Gateway stage writes access logs whose format carries
 * every `$context` variable the catalogue names for CA-B3 for the API's kind:
 * the client address, the destination host and path, the method, the request
 * size (REST APIs only: HTTP APIs have no such variable), the response size
 * and the response time.
 *
 * Judges the same resources as the CA-B2 rule. Stages of a private REST API
 * (EndpointConfiguration Types `PRIVATE` only) are not internet-facing and
 * are not applicable.
 */
export const apiEntryPointLogging: LogCollectionRule = {
  name: 'api-entry-point-logging',
  requirementIds: fixedRequirements(REQUIREMENT_ID),
  idSuffix: 'Api',
  resourceTypes: API_STAGE_TYPES,
  fixedBy: [ApiAccessLogging.IMPLEMENTS.construct],
  summary:
    'Every internet-facing API Gateway stage writes access logs in a format that carries the CA-B3 $context variables (client ' +
    'address, host, path, method, request size where the API kind has it, response size and latency).',
  check(stage: CfnResource, context: RuleContext): RuleOutcome {
    const api = stageApi(stage, context);
    if (isPrivateRestApi(api.api, context)) {
      return outcome.notApplicable(
        `API stage ${stage.node.path} belongs to a private REST API (${api.api!.node.path}), which is not reachable from the internet.`,
      );
    }
    return judgeStageAccessLog(stage, context, { requirementId: REQUIREMENT_ID, subject: 'unauthenticated user activity' });
  },
};
