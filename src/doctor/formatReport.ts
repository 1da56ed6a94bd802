import { chosenBy } from './profileChecks';
import type { CheckResult, CheckStatus, DoctorFacts, DoctorReport } from './types';

const LABEL: Record<CheckStatus, string> = { pass: 'pass', warn: 'warn', fail: 'FAIL', skip: 'skip' };

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The last line: the verdict. */
export function reportVerdict(report: DoctorReport): string {
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  const warned = report.checks.filter((c) => c.status === 'warn').length;
  if (failed > 0)
    return `${count(failed, 'check')} failed${warned ? `, ${count(warned, 'warning')}` : ''}: fix the first failure, then run doctor again.`;
  return warned ? `Everything needed works (${count(warned, 'warning')}).` : 'Everything needed works.';
}

/** The first line: which profile, and who chose it when the project did. */
export function reportHeader(profile: string, facts?: Pick<DoctorFacts, 'profileChosenBy' | 'environment'>): string {
  return `Checking profile "${profile}"${facts?.profileChosenBy === 'project' ? ` (${chosenBy(facts)})` : ''}`;
}

/** One check's line, and its fix on the next line for a failure or warning; `width` aligns the messages. */
export function formatCheck(check: CheckResult, width: number): string {
  const line = `${LABEL[check.status]}  ${check.id.padEnd(width)}  ${check.message}`;
  if (!check.fix || (check.status !== 'fail' && check.status !== 'warn')) return line;
  return `${line}\n${' '.repeat(LABEL.pass.length + 2 + width + 2)}fix: ${check.fix}`;
}

/** One line per check (a failure or warning adds its fix on the next line), then a one-line verdict. */
export function formatReport(report: DoctorReport, facts?: Pick<DoctorFacts, 'profileChosenBy' | 'environment'>): string {
  const width = Math.max(...report.checks.map((c) => c.id.length));
  return [
    reportHeader(report.profile, facts),
    '',
    ...report.checks.map((check) => formatCheck(check, width)),
    '',
    reportVerdict(report),
  ].join('\n');
}

export function reportJson(report: DoctorReport): string {
  return JSON.stringify(report, null, 2);
}
