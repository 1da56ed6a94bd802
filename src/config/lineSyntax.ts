/**
 * Line-level rules shared by properties and sub-properties. The SDK suite is strict about whitespace:
 * only space and tab count (a no-break space belongs to the value), so String.trim is not used.
 */
export const isSpaceOrTab = (c: string | undefined): boolean => c === ' ' || c === '\t';

export function trimSpaceAndTab(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isSpaceOrTab(text[start])) start++;
  while (end > start && isSpaceOrTab(text[end - 1])) end--;
  return text.slice(start, end);
}

export const isBlankLine = (line: string): boolean => trimSpaceAndTab(line) === '';

/** Whole-line comments start in the first column; an indented "# x" is a continuation, as in the other SDKs. */
export const isCommentLine = (line: string): boolean => line.startsWith('#') || line.startsWith(';');

/**
 * Trims a line and drops its trailing comment. In section headers a comment may touch the "]";
 * in property lines "#" and ";" start a comment only after whitespace, so `value;x` keeps its semicolon.
 */
export function stripComment(line: string, commentNeedsWhitespace: boolean): string {
  const trimmed = trimSpaceAndTab(line);
  if (!trimmed.includes('#') && !trimmed.includes(';')) return trimmed;
  let previousWasWhitespace = false;
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i];
    if ((c === '#' || c === ';') && (previousWasWhitespace || !commentNeedsWhitespace)) return trimSpaceAndTab(trimmed.slice(0, i));
    previousWasWhitespace = /\s/.test(c);
  }
  return trimmed;
}

export type PropertyLine = { key: string; value: string } | { problem: 'no-equals' | 'no-name' };

/** `key = value` with the comment dropped; the key as written (callers decide about case). */
export function splitPropertyLine(line: string): PropertyLine {
  const content = stripComment(line, true);
  const equals = content.indexOf('=');
  if (equals < 0) return { problem: 'no-equals' };
  const key = trimSpaceAndTab(content.slice(0, equals));
  if (key === '') return { problem: 'no-name' };
  return { key, value: trimSpaceAndTab(content.slice(equals + 1)) };
}

/** Profile, sso-session and property names: `[A-Za-z0-9_\-/.%@:+]+`. Anything else is ignored, not an error. */
export const isValidIdentifier = (name: string): boolean => /^[A-Za-z0-9_\-/.%@:+]+$/.test(name);
