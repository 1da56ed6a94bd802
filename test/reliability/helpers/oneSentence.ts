/**
 * What a failure must look like on stderr: one "Error: ..." sentence, optionally one line of advice, no stack
 * trace and no library log lines.
 */
export function oneSentenceProblems(stderr: string): string[] {
  const problems: string[] = [];
  const lines = stderr.replace(/\n$/, '').split('\n');
  if (!/^Error: \S/.test(lines[0] ?? '')) problems.push(`the first line is not "Error: ...": ${JSON.stringify(lines[0])}`);
  if (lines.length > 2) problems.push(`${lines.length} lines instead of one sentence and an optional hint`);
  if (/^\s+at .+[:(]/m.test(stderr)) problems.push('a stack trace');
  if (/\[(WARN|ERROR)\]|DeprecationWarning|ExperimentalWarning/.test(stderr)) problems.push('a library log line');
  if (/\[object Object\]|\bundefined\b/.test(stderr)) problems.push('an unrendered value');
  return problems;
}

/** Sentence hygiene beyond the shape: no doubled full stop, no library error class or second "Error:" inside. */
export function wordingProblems(stderr: string): string[] {
  const first = stderr.split('\n')[0] ?? '';
  const problems: string[] = [];
  if (/\.\.(\s|$)/.test(first)) problems.push('a doubled full stop');
  if (/\b(TypeError|SyntaxError|RangeError)\b|.Error: /.test(first.replace(/^Error: /, ' ')))
    problems.push('a library error class in the sentence');
  return problems;
}
