export { planCredentialChain, type PlanOptions } from './planCredentialChain';
export { classifyProfile, type ProfileKind, type ProfileSummary } from './classifyProfile';
export { ChainPlanError, CREDENTIAL_SOURCES } from './planErrors';
export * from './types';
