export * from './types';
export * from './retention';
export { SeedFile } from './seeds';
export { mergeCloudTrailEventSets } from './event-sets';
export { REQUIREMENTS, requirement, awsSource, requiredFields, recommendedFields, requirementsFor, USER_DIRECTORY_EVENTS, userDirectoryEvents } from './catalogue';
export * from './guest-logs';
