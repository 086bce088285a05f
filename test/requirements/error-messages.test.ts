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

describe('catalogue lookups', () => {
  test('a log source a requirement does not have is named, with the sources it has', () => {
    const { awsSource } = jest.requireActual('../../lib/requirements/catalogue');
    expect(() => awsSource('HP-E1', 'Web proxy logs')).toThrow(/^Requirement 'HP-E1' has no AWS log source named 'Web proxy logs'; its sources are '.+'\.$/);
  });

  test('a profile that is not a LoggingProfile is named with the choices', () => {
    const { requirementsFor } = jest.requireActual('../../lib/requirements/catalogue');
    expect(() => requirementsFor('BASELINE', 'PLATFORM')).toThrow(
      "Unknown logging profile 'PLATFORM': use LoggingProfile.HOSTING_PLATFORM or LoggingProfile.CUSTOM_APPLICATION.");
  });

  test('a collection record id that does not say its profile and tier is refused, with the form', () => {
    const { collectionRecord } = jest.requireActual('../../lib/requirements/shared');
    expect(() => collectionRecord({ id: 'XX-1', title: 'x' })).toThrow("Collection requirement id 'XX-1' must look like HP-B1 or CA-E2.");
  });
});
