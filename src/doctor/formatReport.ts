import type { CheckStatus, DoctorReport } from './types';

const LABEL: Record<CheckStatus, string> = { pass: 'pass', warn: 'warn', fail: 'FAIL', skip: 'skip' };

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summary(report: DoctorReport): string {
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  const warned = report.checks.filter((c) => c.status === 'warn').length;
  if (failed > 0) return `${count(failed, 'check')} failed${warned ? `, ${count(warned, 'warning')}` : ''}: fix the first failure, then run doctor again.`;
  return warned ? `Everything needed works (${count(warned, 'warning')}).` : 'Everything needed works.';
}

/** One line per check (a failure or warning adds its fix on the next line), then a one-line verdict. */
export function formatReport(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((c) => c.id.length));
  const indent = ' '.repeat(LABEL.pass.length + 2 + width + 2);
  const lines = [`Checking profile "${report.profile}"`, ''];
  for (const check of report.checks) {
    lines.push(`${LABEL[check.status]}  ${check.id.padEnd(width)}  ${check.message}`);
    if (check.fix && (check.status === 'fail' || check.status === 'warn')) lines.push(`${indent}fix: ${check.fix}`);
  }
  lines.push('', summary(report));
  return lines.join('\n');
}

export function reportJson(report: DoctorReport): string {
  return JSON.stringify(report, null, 2);
}
