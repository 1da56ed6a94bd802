import { isBlankLine, isCommentLine, isSpaceOrTab, splitPropertyLine, stripComment } from './lineSyntax';
import { classifySection } from './sectionHeader';
import type { FileKind } from './types';

/**
 * The text side of editing a shared config or credentials file, for both editors (writeProfile.ts: whole sections;
 * profileKeyLines.ts: the two key lines). No I/O: lines and sections are found by the parser's rules
 * (parseAwsIni.ts) and every edit is a splice of the original text, so comments, other sections, odd bytes and the
 * file's line endings stay as they were. The text is latin1 (one character per byte, see profileFileIo.ts).
 */

export interface Line {
  start: number;
  /** Offset after the line's text, before its line ending. */
  textEnd: number;
  /** Offset after the line ending (== textEnd on a last line without one). */
  end: number;
  text: string;
}

export interface Section {
  /** Profile name when the header names a profile in this kind of file. */
  name?: string;
  header: number;
  /** Index of the last line that belongs to the section's content (header, marker, properties, continuations). */
  last: number;
  /** Index of the line after the section (the next header, or the number of lines). */
  next: number;
}

/** A property line of a section with its continuation lines, as the parser reads them. */
export interface Entry {
  /** Lower-cased. */
  key: string;
  /** The value on the property line itself. */
  value: string;
  /** The property line first, then its continuation lines. */
  lines: number[];
}

/** Lines without their endings; a line ending is "\n" or "\r\n", and a last line's lone "\r" goes too (as the parser reads it). */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline + 1;
    let textEnd = newline < 0 ? text.length : newline;
    if (textEnd > start && text[textEnd - 1] === '\r') textEnd--;
    lines.push({ start, textEnd, end, text: text.slice(start, textEnd) });
    start = end;
  }
  return lines;
}

/**
 * Sections in file order. A section's content ends at its last property or continuation line (or the comment line
 * `marker`, which counts as content); trailing blank lines and comments belong to whatever follows, since they
 * usually introduce the next section. A header names a profile by the file's form: `[profile NAME]` (or
 * `[default]`) in a config file, `[NAME]` in a credentials file.
 */
export function findSections(lines: Line[], kind: FileKind, marker?: string): Section[] {
  const sections: Section[] = [];
  let current: Section | undefined;
  lines.forEach((line, index) => {
    const text = index === 0 ? line.text.replace(/^\u00EF\u00BB\u00BF/, '') : line.text;
    if (text.startsWith('[')) {
      if (current) current.next = index;
      const header = stripComment(text, false);
      const section = header.endsWith(']') ? classifySection(header.slice(1, -1), kind) : { kind: 'ignored' as const };
      current = { name: section.kind === 'profile' ? section.name : undefined, header: index, last: index, next: lines.length };
      sections.push(current);
      return;
    }
    if (!current || isBlankLine(text)) return;
    if (isCommentLine(text) && text !== marker) return;
    current.last = index;
  });
  return sections;
}

export function sectionsNamed(lines: Line[], kind: FileKind, name: string, marker?: string): Section[] {
  return findSections(lines, kind, marker).filter((section) => section.name === name);
}

/**
 * The section's properties in order. As in the parser, blank and comment lines between a property and its
 * continuation lines do not end it; a line that is not `key = value` does (the parser refuses such a file).
 */
export function sectionEntries(lines: Line[], section: Section): Entry[] {
  const entries: Entry[] = [];
  let current: Entry | undefined;
  for (let i = section.header + 1; i < section.next; i++) {
    const text = lines[i].text;
    if (isBlankLine(text) || isCommentLine(text)) continue;
    if (isSpaceOrTab(text[0])) {
      current?.lines.push(i);
      continue;
    }
    const parsed = splitPropertyLine(text);
    current = 'problem' in parsed ? undefined : { key: parsed.key.toLowerCase(), value: parsed.value, lines: [i] };
    if (current) entries.push(current);
  }
  return entries;
}

export function headerFor(name: string, kind: FileKind): string {
  return kind === 'credentials' ? `[${name}]` : `[profile ${name}]`;
}

/** How a sentence names the section (a config file's default profile has two forms). */
export function describeHeader(name: string, kind: FileKind): string {
  return kind === 'credentials' ? `[${name}]` : name === 'default' ? '[default] / [profile default]' : `[profile ${name}]`;
}

/** The ending of the file's first line, which new lines copy ("\n" for a file of one line or none). */
export function lineEnding(text: string): string {
  const first = text.indexOf('\n');
  return first > 0 && text[first - 1] === '\r' ? '\r\n' : '\n';
}

export function encode(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

/** Values are UTF-8 but the file is handled as latin1 (one char per byte): convert before splicing. */
export function asLatin1(utf8Text: string): string {
  return Buffer.from(utf8Text, 'utf8').toString('latin1');
}

export function fromLatin1(text: string): string {
  return Buffer.from(text, 'latin1').toString('utf8');
}

export function withoutLines(text: string, lines: Line[], drop: Set<number>): string {
  return lines
    .filter((_, index) => !drop.has(index))
    .map((line) => text.slice(line.start, line.end))
    .join('');
}

/**
 * `insertion` (whole lines ending in `eol`) right after `line`. A last line without a newline gets `eol` first (a lone
 * "\r" there is replaced by it: left in place, it would join the header and the first inserted line into one line).
 */
export function insertAfterLine(text: string, line: Line, insertion: string, eol: string): string {
  if (text[line.end - 1] === '\n') return text.slice(0, line.end) + insertion + text.slice(line.end);
  return text.slice(0, line.textEnd) + eol + insertion + text.slice(line.end);
}

/**
 * `text` with `section` (whole lines ending in `eol`) added after a blank line. With `keepUnterminated`, a file
 * without a final newline keeps having none: that is how removing the section restores it byte for byte.
 */
export function appendSection(text: string, section: string, eol: string, options: { keepUnterminated?: boolean } = {}): string {
  if (text === '') return section;
  if (text.endsWith('\n')) return text + eol + section;
  return text + eol + eol + (options.keepUnterminated ? section.slice(0, -eol.length) : section);
}

/** The section's content (header to last line) replaced by `section` (whole lines ending in `eol`); what follows stays. */
export function replaceSection(text: string, lines: Line[], match: Section, section: string, eol: string): string {
  const last = lines[match.last];
  const keepEnding = last.end === last.textEnd;
  return text.slice(0, lines[match.header].start) + (keepEnding ? section.slice(0, -eol.length) : section) + text.slice(last.end);
}

/** The sections removed (undo for appendSection with keepUnterminated), each with the blank lines that followed it. */
export function removeSections(text: string, lines: Line[], matches: Section[]): string {
  let updated = text;
  // From the last match backwards, so earlier offsets stay valid.
  for (const match of [...matches].reverse()) {
    let start = lines[match.header].start;
    let end: number;
    let next = match.last + 1;
    while (next < lines.length && isBlankLine(lines[next].text)) next++;
    if (next === lines.length) {
      // Last section of the file: drop the trailing blank lines and the one blank separator before it.
      end = text.length;
      let before = match.header - 1;
      if (before >= 0 && isBlankLine(lines[before].text)) start = lines[before--].start;
      // No final newline: the file had none before the section was added, so the line ending put after its last
      // line goes too.
      if (!text.endsWith('\n') && before >= 0) start = lines[before].textEnd;
    } else {
      end = lines[next].start;
    }
    updated = updated.slice(0, start) + updated.slice(end);
  }
  return updated;
}
