import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../errors';
import { removeOrphanTempFiles, replaceFileAtomically } from '../files/atomicWrite';
import { alive, withFileLockSync } from '../files/fileLock';
import { isSpaceOrTab, splitPropertyLine, stripComment } from './lineSyntax';
import { backupsOf, describeFile, ensureFolder, readExisting, realTarget, writableTarget } from './profileFileIo';
import { classifySection } from './sectionHeader';
import type { FileKind } from './types';

/**
 * Moves a profile's two key lines out of (or back into) a shared config or credentials file, and leaves every
 * other byte alone. Unlike writeProfile, no backup copy is kept: the point is that no file but the vault holds
 * the secret afterwards (the only temp file is the atomic replacement, which no longer has it), and the backup
 * copies writeProfile made earlier lose the same lines. Under the same lock as writeProfile, so the two never
 * interleave.
 */
export const KEY_SETTINGS = ['aws_access_key_id', 'aws_secret_access_key'];
const LOCK = { timeoutMs: 10000, staleMs: 30000 };

interface KeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

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

/** A profile section's key lines (with their continuation lines) and the values they hold. */
interface SectionKeys {
  indexes: number[];
  pair: Partial<KeyPair>;
}

function sectionKeys(lines: Line[], kind: FileKind, profile: string): SectionKeys[] {
  const found: SectionKeys[] = [];
  for (const section of sectionsOf(lines, kind, profile)) {
    const keys: SectionKeys = { indexes: [], pair: {} };
    let dropping = false;
    for (const index of section.body) {
      const text = lines[index].text;
      if (dropping && text !== '' && isSpaceOrTab(text[0])) {
        keys.indexes.push(index);
        continue;
      }
      const property = splitPropertyLine(text);
      const key = 'problem' in property || isSpaceOrTab(text[0]) ? undefined : property.key.toLowerCase();
      dropping = key !== undefined && KEY_SETTINGS.includes(key);
      if (!dropping) continue;
      keys.indexes.push(index);
      const value = (property as { value: string }).value;
      if (key === 'aws_access_key_id') keys.pair.accessKeyId = value;
      else keys.pair.secretAccessKey = value;
    }
    if (keys.indexes.length > 0) found.push(keys);
  }
  return found;
}

function samePair(a: Partial<KeyPair>, b: KeyPair): boolean {
  return a.accessKeyId === b.accessKeyId && a.secretAccessKey === b.secretAccessKey;
}

/**
 * The key lines of the profile's sections. With `only`, just the sections whose key lines hold exactly that pair (key
 * id and secret): a key is taken out of a file only where the vault holds the same secret, never by its id alone.
 */
function keyLineIndexes(lines: Line[], kind: FileKind, profile: string, only?: KeyPair): Set<number> {
  const sections = sectionKeys(lines, kind, profile).filter((section) => !only || samePair(section.pair, only));
  return new Set(sections.flatMap((section) => section.indexes));
}

/** The key pairs the profile's sections of a file hold, in file order (a section with only one of the two included). */
export function profileKeyPairs(file: string, kind: FileKind, profile: string): Array<Partial<KeyPair>> {
  const existing = readExisting(realTarget(file));
  return existing ? sectionKeys(splitLines(existing.text), kind, profile).map((section) => section.pair) : [];
}

function withoutLines(text: string, lines: Line[], drop: Set<number>): Buffer {
  return Buffer.from(lines.filter((_, index) => !drop.has(index)).map((line) => text.slice(line.start, line.end)).join(''), 'latin1');
}

/**
 * Removes aws_access_key_id and aws_secret_access_key (with any continuation lines) from the profile's sections; with
 * `only`, just from the sections holding exactly that pair, and `remaining` lists the other pairs left there (a file
 * rewritten meanwhile). With `scrubBackups` (the keys the vault now holds), the same lines also leave our own backup
 * copies of the file (`<file>.bak-<time>`, written by earlier edits), so no plain-text copy of a key stays behind once
 * it has moved. A file with nothing to remove is not written, so a null device (AWS_SHARED_CREDENTIALS_FILE=/dev/null)
 * is not refused.
 */
export function removeKeyLines(
  file: string,
  kind: FileKind,
  profile: string,
  options: { only?: KeyPair; scrubBackups?: KeyPair } = {},
): { file: string; removed: number; scrubbed: string[]; remaining: Array<Partial<KeyPair>> } {
  const target = realTarget(file);
  if (!isRegularOrAbsent(target)) {
    // A null device holds no key lines, so it needs no write and is not refused; anything else is, in one sentence.
    if (!readsAsEmpty(target)) writableTarget(file, kind);
    return { file: target, removed: 0, scrubbed: [], remaining: [] };
  }
  return withFileLockSync(`${target}.lock`, LOCK, () => {
    removeOrphanTempFiles(target, alive);
    const existing = readExisting(target);
    let removed = 0;
    let remaining: Array<Partial<KeyPair>> = [];
    if (existing) {
      const lines = splitLines(existing.text);
      const sections = sectionKeys(lines, kind, profile);
      const drop = keyLineIndexes(lines, kind, profile, options.only);
      remaining = options.only ? sections.filter((section) => !samePair(section.pair, options.only!)).map((section) => section.pair) : [];
      removed = drop.size;
      if (removed > 0) replaceFileAtomically(target, withoutLines(existing.text, lines, drop), { mode: existing.mode, owner: existing.owner, errorCode: 'ConfigWriteFailed', what: describeFile(kind) });
    }
    const scrubbed = options.scrubBackups ? scrubBackups(target, kind, profile, options.scrubBackups) : [];
    return { file: target, removed, scrubbed, remaining };
  });
}

function readsAsEmpty(file: string): boolean {
  try {
    return readExisting(file)?.text === '';
  } catch {
    return false;
  }
}

function isRegularOrAbsent(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return true;
  }
}

/** Our backup copies of `target` that held the keys, rewritten without those lines (mode and owner kept). */
function scrubBackups(target: string, kind: FileKind, profile: string, keys: KeyPair): string[] {
  const scrubbed: string[] = [];
  for (const copy of backupsOf(target)) {
    const existing = readExisting(copy);
    if (!existing) continue;
    const lines = splitLines(existing.text);
    const drop = keyLineIndexes(lines, kind, profile, keys);
    if (drop.size === 0) continue;
    replaceFileAtomically(copy, withoutLines(existing.text, lines, drop), { mode: existing.mode, owner: existing.owner, errorCode: 'ConfigWriteFailed', what: 'the backup copy' });
    scrubbed.push(copy);
  }
  return scrubbed;
}

/** Writes the two key lines into the profile's section of a credentials file (right after its header), or a new section. */
export function insertKeyLines(file: string, profile: string, keys: KeyPair): { file: string } {
  const target = writableTarget(file, 'credentials');
  ensureFolder(path.dirname(target));
  return withFileLockSync(`${target}.lock`, LOCK, () => {
    removeOrphanTempFiles(target, alive);
    const found = readExisting(target);
    // As root (sudo, a shared box), a file of another user keeps its owner when we edit it: that user could read the keys.
    if (found && typeof process.geteuid === 'function' && found.owner.uid !== process.geteuid()) {
      throw new ToolError('KeysFileNotOurs', `Refusing to write the keys of profile "${profile}" into ${target}: it belongs to another user (uid ${found.owner.uid}), who could read them; nothing was changed.`, {
        resolution: 'Run the command as the user whose file it is, or point AWS_SHARED_CREDENTIALS_FILE at a file of your own.',
      });
    }
    const existing = found ?? { text: '', mode: 0o600, owner: undefined };
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
    replaceFileAtomically(target, Buffer.from(updated, 'latin1'), { mode: existing.mode, owner: existing.owner, errorCode: 'ConfigWriteFailed', what: describeFile('credentials') });
    return { file: target };
  });
}
