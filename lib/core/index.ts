// Public API of lib/core: how a construct declares the requirements it implements.
export { RequirementImplementation, implementsRequirements } from './implementation';
