import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CheckCompliance, CheckSeverity } from '../../../../lib/checks';
import { LoggingProfile, MaturityTier } from '../../../../lib/requirements/types';
import { appWithStack, evaluate, resultOf } from '../../helpers';

const RULE = 'LogCollection-HP-B1-Trail';

function trail(stack: any, props: Partial<cloudtrail.CfnTrailProps> = {}): cloudtrail.CfnTrail {
  return new cloudtrail.CfnTrail(stack, 'Trail', {
    isLogging: true,
    s3BucketName: 'seclog-cloudtrail-111111111111-eu-west-2',
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    enableLogFileValidation: true,
    kmsKeyId: 'arn:aws:kms:eu-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    ...props,
  });
}

describe(RULE, () => {
  test('a multi-region, validated, KMS-encrypted trail of every management event is compliant', () => {
    const { app, stack } = appWithStack();
    trail(stack);
    expect(resultOf(evaluate(app), RULE, 'Workload/Trail').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('an L2 trail with a KMS key and management events is compliant', () => {
    const { app, stack } = appWithStack();
    new cloudtrail.Trail(stack, 'L2Trail', { encryptionKey: new kms.Key(stack, 'Key') });
    expect(resultOf(evaluate(app), RULE, 'Workload/L2Trail/Resource').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('a single-region trail without validation or KMS is an error listing each problem and AuditTrail', () => {
    const { app, stack } = appWithStack();
    trail(stack, { isMultiRegionTrail: false, enableLogFileValidation: false, kmsKeyId: undefined, includeGlobalServiceEvents: false });
    const result = resultOf(evaluate(app), RULE, 'Workload/Trail');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toContain('IsMultiRegionTrail is not true');
    expect(result.message).toContain('IncludeGlobalServiceEvents is false');
    expect(result.message).toContain('EnableLogFileValidation is not true');
    expect(result.message).toContain('KMSKeyId is not set');
    expect(result.message).toContain('AuditTrail');
  });

  test('a trail that excludes management events is an error', () => {
    const { app, stack } = appWithStack();
    trail(stack, { eventSelectors: [{ includeManagementEvents: false, dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }] }] });
    expect(resultOf(evaluate(app), RULE, 'Workload/Trail').message).toContain('EventSelectors exclude management events');
  });

  test('write-only management events are an error; read-only plus write-only selectors are not', () => {
    const writeOnly = appWithStack();
    trail(writeOnly.stack, { eventSelectors: [{ readWriteType: 'WriteOnly' }] });
    expect(resultOf(evaluate(writeOnly.app), RULE, 'Workload/Trail').compliance).toBe(CheckCompliance.NON_COMPLIANT);

    const both = appWithStack();
    trail(both.stack, { eventSelectors: [{ readWriteType: 'WriteOnly' }, { readWriteType: 'ReadOnly' }] });
    expect(resultOf(evaluate(both.app), RULE, 'Workload/Trail').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('excluding KMS and RDS Data API management events is allowed', () => {
    const { app, stack } = appWithStack();
    trail(stack, { eventSelectors: [{ excludeManagementEventSources: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] }] });
    expect(resultOf(evaluate(app), RULE, 'Workload/Trail').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('advanced selectors must select management events, read and write', () => {
    const management = appWithStack();
    trail(management.stack, { advancedEventSelectors: [{ fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }] }] });
    expect(resultOf(evaluate(management.app), RULE, 'Workload/Trail').compliance).toBe(CheckCompliance.COMPLIANT);

    const dataOnly = appWithStack();
    trail(dataOnly.stack, {
      advancedEventSelectors: [{ fieldSelectors: [{ field: 'eventCategory', equalTo: ['Data'] }, { field: 'resources.type', equalTo: ['AWS::S3::Object'] }] }],
    });
    expect(resultOf(evaluate(dataOnly.app), RULE, 'Workload/Trail').compliance).toBe(CheckCompliance.NOT_APPLICABLE);

    const dataAndReadOnlyManagement = appWithStack();
    trail(dataAndReadOnlyManagement.stack, {
      advancedEventSelectors: [
        { fieldSelectors: [{ field: 'eventCategory', equalTo: ['Data'] }, { field: 'resources.type', equalTo: ['AWS::S3::Object'] }] },
        { fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }, { field: 'readOnly', equalTo: ['true'] }] },
      ],
    });
    expect(resultOf(evaluate(dataAndReadOnlyManagement.app), RULE, 'Workload/Trail').message)
      .toContain('AdvancedEventSelectors do not select every management event');

    const readOnly = appWithStack();
    trail(readOnly.stack, {
      advancedEventSelectors: [{ fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }, { field: 'readOnly', equalTo: ['true'] }] }],
    });
    expect(resultOf(evaluate(readOnly.app), RULE, 'Workload/Trail').compliance).toBe(CheckCompliance.NON_COMPLIANT);
  });

  test('an app without any trail gets one app-wide info note, not an error', () => {
    // GIVEN an app with no trail
    const { app } = appWithStack();
    // WHEN
    const result = resultOf(evaluate(app), RULE, '');
    // THEN
    expect(result.compliance).toBe(CheckCompliance.UNKNOWN);
    expect(result.severity).toBe(CheckSeverity.INFO);
    expect(result.message).toMatch(/no management-event CloudTrail trail.*organisation trail may already cover.*AuditTrail/);
    expect(result.stackName).toBeUndefined();
  });

  test('a trail that records data events only is not judged as the management trail, and leaves the app-wide note', () => {
    // GIVEN an app whose only trail records S3 object reads (as the archive's read-audit trail does)
    const { app, stack } = appWithStack();
    trail(stack, {
      advancedEventSelectors: [{ fieldSelectors: [{ field: 'eventCategory', equalTo: ['Data'] }, { field: 'resources.type', equalTo: ['AWS::S3::Object'] }] }],
    });
    // WHEN
    const results = evaluate(app);
    // THEN the trail is not applicable and the app gets the no-management-trail note
    expect(resultOf(results, RULE, 'Workload/Trail').message).toContain('records data events only');
    expect(resultOf(results, RULE, '').compliance).toBe(CheckCompliance.UNKNOWN);
  });

  test('for a custom application the same rule asserts CA-B1', () => {
    const { app, stack } = appWithStack();
    trail(stack, { isMultiRegionTrail: false });
    const result = resultOf(evaluate(app, { tier: MaturityTier.BASELINE, profile: LoggingProfile.CUSTOM_APPLICATION }), 'LogCollection-CA-B1-Trail', 'Workload/Trail');
    expect(result.requirementIds).toEqual(['CA-B1']);
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
  });
});
