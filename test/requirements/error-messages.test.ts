import { minimumRetentionDays, validateRetentionDays } from '../../lib/requirements/retention';
import { ServiceExposure } from '../../lib/requirements/types';

/** Bad retention input: each message names the value and the fix. */
describe('retention messages', () => {
  test('an exposure that is not a ServiceExposure is named with the choices', () => {
    expect(() => minimumRetentionDays('PUBLIC' as ServiceExposure)).toThrow(
      "Unknown service exposure 'PUBLIC': use ServiceExposure.EXTERNAL or ServiceExposure.INTERNAL.");
  });

  test('a retention that is not a whole number of days is named with the prop, the value and the floor', () => {
    expect(() => validateRetentionDays({ exposure: ServiceExposure.EXTERNAL, retentionDays: 90.5 })).toThrow(
      'retentionDays must be a whole number of days, got 90.5; use at least 90 for EXTERNAL services.');
    expect(() => validateRetentionDays({ exposure: ServiceExposure.INTERNAL, retentionDays: -1, propName: 'errorLogRetentionDays' })).toThrow(
      'errorLogRetentionDays must be a whole number of days, got -1; use at least 400 for INTERNAL services.');
  });
});
