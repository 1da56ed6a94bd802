export { runDoctor, defaultServices } from './runDoctor';
export { runChecks } from './runChecks';
export { DOCTOR_CHECKS, CHECK_IDS } from './checkList';
export { gatherFacts } from './gatherFacts';
export { formatCheck, formatReport, reportHeader, reportJson, reportVerdict } from './formatReport';
export type {
  Check,
  DoctorProgress,
  CheckOutcome,
  CheckResult,
  CheckStatus,
  DoctorContext,
  DoctorFacts,
  DoctorReport,
  DoctorRequest,
  DoctorServices,
  FileFacts,
} from './types';
