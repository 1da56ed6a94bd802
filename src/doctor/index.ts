export { runDoctor, defaultServices } from './runDoctor';
export { runChecks } from './runChecks';
export { DOCTOR_CHECKS, CHECK_IDS } from './checkList';
export { gatherFacts } from './gatherFacts';
export { formatReport, reportJson } from './formatReport';
export type { Check, CheckOutcome, CheckResult, CheckStatus, DoctorContext, DoctorFacts, DoctorReport, DoctorRequest, DoctorServices, FileFacts } from './types';
