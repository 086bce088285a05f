import { CheckCompliance } from '../../../../lib/checks';
import { appWithStack, evaluate, resultOf } from '../../helpers';
import { BASELINE_CA, DESTINATION, formatOf, restStage, v2Stage, variables } from '../api-stage-fixtures';

const RULE = 'LogCollection-CA-B3-Api';

describe(RULE, () => {
  test('a REST stage whose format holds every CA-B3 REST variable is compliant', () => {
    const { app, stack } = appWithStack();
    restStage(stack, { destinationArn: DESTINATION, format: formatOf(variables('CA-B3', 'REST')) });
    expect(resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/RestStage').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('a REST format without the request size is an error naming $context.requestLength', () => {
    // GIVEN
    const { app, stack } = appWithStack();
    restStage(stack, { destinationArn: DESTINATION, format: formatOf(variables('CA-B3', 'REST').filter((v) => v !== '$context.requestLength')) });
    // WHEN
    const result = resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/RestStage');
    // THEN
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(/Format lacks \$context\.requestLength, which CA-B3 \(unauthenticated user activity\) needs for a REST API/);
    expect(result.message).toContain('ApiAccessLogging');
  });

  test('an HTTP API stage needs no request size variable', () => {
    const { app, stack } = appWithStack();
    v2Stage(stack, { destinationArn: DESTINATION, format: formatOf(variables('CA-B3', 'HTTP')) });
    expect(variables('CA-B3', 'HTTP')).not.toContain('$context.requestLength');
    expect(resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/V2Stage').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('an HTTP API stage without access logs is an error', () => {
    const { app, stack } = appWithStack();
    v2Stage(stack);
    const result = resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/V2Stage');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(/AccessLogSettings has no DestinationArn and no Format/);
  });

  test('a stage of a private REST API is not internet-facing, so not applicable', () => {
    const { app, stack } = appWithStack();
    restStage(stack, undefined, { endpointConfiguration: { types: ['PRIVATE'] } });
    const result = resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/RestStage');
    expect(result.compliance).toBe(CheckCompliance.NOT_APPLICABLE);
    expect(result.message).toMatch(/private REST API/);
  });

  test('a regional REST API is internet-facing and judged', () => {
    const { app, stack } = appWithStack();
    restStage(stack, undefined, { endpointConfiguration: { types: ['REGIONAL'] } });
    expect(resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/RestStage').compliance).toBe(CheckCompliance.NON_COMPLIANT);
  });
});
