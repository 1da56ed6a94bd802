export { planCredentialChain, type PlanOptions } from './planCredentialChain';
export { classifyProfile, type ProfileKind, type ProfileSummary } from './classifyProfile';
export { classifyProfiles } from './classifyProfiles';
export { ChainPlanError, CREDENTIAL_SOURCES } from './planErrors';
export * from './types';
