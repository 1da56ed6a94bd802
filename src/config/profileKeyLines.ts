import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../errors';
import { replaceFileAtomically } from '../files/atomicWrite';
import { withFileLockSync } from '../files/fileLock';
import { isSpaceOrTab, splitPropertyLine, stripComment } from './lineSyntax';
import { classifySection } from './sectionHeader';
import type { FileKind } from './types';

/**
 * Moves a profile's two key lines out of (or back into) a shared config or credentials file, and leaves every
 * other byte alone. Unlike writeProfile, no backup copy is kept: the point is that no file but the vault holds
 * the secret afterwards (the only temp file is the atomic replacement, which no longer has it). Under the
 * same lock as writeProfile, so the two never interleave.
 */
export const KEY_SETTINGS = ['aws_access_key_id', 'aws_secret_access_key'];
const LOCK = { timeoutMs: 10000, staleMs: 30000 };

interface Line {
  start: number;
  end: number;
  text: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline + 1;
    lines.push({ start, end, text: text.slice(start, end).replace(/\r?\n$/, '') });
    start = end;
  }
  return lines;
}

/** Index of each line that belongs to a section of `profile` (header excluded), with the header's index. */
function sectionsOf(lines: Line[], kind: FileKind, profile: string): Array<{ header: number; body: number[] }> {
  const sections: Array<{ header: number; body: number[] }> = [];
  let current: { header: number; body: number[] } | undefined;
  lines.forEach((line, index) => {
    const text = index === 0 ? line.text.replace(/^\u00EF\u00BB\u00BF/, '') : line.text;
    if (text.startsWith('[')) {
      const header = stripComment(text, false);
      const section = header.endsWith(']') ? classifySection(header.slice(1, -1), kind) : { kind: 'ignored' as const };
      current = section.kind === 'profile' && section.name === profile ? { header: index, body: [] } : undefined;
      if (current) sections.push(current);
      return;
    }
    current?.body.push(index);
  });
  return sections;
}

function realTarget(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

function readLatin1(file: string): { text: string; mode: number } | undefined {
  try {
    return { text: fs.readFileSync(file).toString('latin1'), mode: fs.statSync(file).mode & 0o7777 };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ToolError('ConfigFileUnreadable', `Could not read ${file} (${(error as NodeJS.ErrnoException).code}).`);
  }
}

/** Removes aws_access_key_id and aws_secret_access_key (with any continuation lines) from the profile's sections. */
export function removeKeyLines(file: string, kind: FileKind, profile: string): { file: string; removed: number } {
  const target = realTarget(file);
  return withFileLockSync(`${target}.lock`, LOCK, () => {
    const existing = readLatin1(target);
    if (!existing) return { file: target, removed: 0 };
    const lines = splitLines(existing.text);
    const drop = new Set<number>();
    for (const section of sectionsOf(lines, kind, profile)) {
      let dropping = false;
      for (const index of section.body) {
        const text = lines[index].text;
        if (dropping && text !== '' && isSpaceOrTab(text[0])) {
          drop.add(index);
          continue;
        }
        const property = splitPropertyLine(text);
        dropping = !isSpaceOrTab(text[0]) && !('problem' in property) && KEY_SETTINGS.includes(property.key.toLowerCase());
        if (dropping) drop.add(index);
      }
    }
    if (drop.size === 0) return { file: target, removed: 0 };
    const kept = lines.filter((_, index) => !drop.has(index)).map((line) => existing.text.slice(line.start, line.end));
    replaceFileAtomically(target, Buffer.from(kept.join(''), 'latin1'), { mode: existing.mode, errorCode: 'ConfigWriteFailed' });
    return { file: target, removed: drop.size };
  });
}

/** Writes the two key lines into the profile's section of a credentials file (right after its header), or a new section. */
export function insertKeyLines(file: string, profile: string, keys: { accessKeyId: string; secretAccessKey: string }): { file: string } {
  const target = realTarget(file);
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  return withFileLockSync(`${target}.lock`, LOCK, () => {
    const existing = readLatin1(target) ?? { text: '', mode: 0o600 };
    const lines = splitLines(existing.text);
    const sections = sectionsOf(lines, 'credentials', profile);
    const eol = /\r\n/.test(existing.text) ? '\r\n' : '\n';
    const keyLines = `aws_access_key_id = ${keys.accessKeyId}${eol}aws_secret_access_key = ${keys.secretAccessKey}${eol}`;
    let updated: string;
    if (sections.length > 0) {
      const header = lines[sections[0].header];
      const needsEol = existing.text.slice(header.start, header.end).endsWith('\n') ? '' : eol;
      updated = existing.text.slice(0, header.end) + needsEol + keyLines + existing.text.slice(header.end);
    } else {
      const separator = existing.text === '' ? '' : existing.text.endsWith('\n') ? eol : eol + eol;
      updated = `${existing.text}${separator}[${profile}]${eol}${keyLines}`;
    }
    replaceFileAtomically(target, Buffer.from(updated, 'latin1'), { mode: existing.mode, errorCode: 'ConfigWriteFailed' });
    return { file: target };
  });
}
