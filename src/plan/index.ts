export { planCredentialChain, type PlanOptions } from './planCredentialChain';
export { classifyProfile, type ProfileKind, type ProfileSummary } from './classifyProfile';
export * from './types';
