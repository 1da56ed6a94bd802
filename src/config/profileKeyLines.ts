import * as path from 'node:path';
import { replaceFileAtomically } from '../files/atomicWrite';
import { appendSection, encode, headerFor, insertAfterLine, type Line, lineEnding, sectionEntries, sectionsNamed, splitLines, withoutLines } from './iniSections';
import { backupsOf, describeFile, ensureFolder, readExisting, withEditLock, writableTarget } from './profileFileIo';
import type { FileKind } from './types';

/**
 * Moves a profile's two key lines out of (or back into) a shared config or credentials file, and leaves every
 * other byte alone. Unlike writeProfile, no backup copy is kept: the point is that no file but the vault holds
 * the secret afterwards (the only temp file is the atomic replacement, which no longer has it), and the backup
 * copies writeProfile made earlier lose the same lines. Under the same lock as writeProfile, so the two never
 * interleave.
 */
export const KEY_SETTINGS = ['aws_access_key_id', 'aws_secret_access_key'];

interface KeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * The key lines of the profile's sections (with their continuation lines). With `only`, just the lines whose value is
 * that key id or that secret: what may leave a backup copy once the vault holds the same keys.
 */
function keyLineIndexes(lines: Line[], kind: FileKind, profile: string, only?: KeyPair): Set<number> {
  const drop = new Set<number>();
  for (const section of sectionsNamed(lines, kind, profile)) {
    for (const entry of sectionEntries(lines, section)) {
      if (!KEY_SETTINGS.includes(entry.key)) continue;
      if (only && entry.value !== (entry.key === 'aws_access_key_id' ? only.accessKeyId : only.secretAccessKey)) continue;
      for (const index of entry.lines) drop.add(index);
    }
  }
  return drop;
}

/**
 * Removes aws_access_key_id and aws_secret_access_key (with any continuation lines) from the profile's sections. With
 * `scrubBackups` (the keys the vault now holds), the same lines also leave our own backup copies of the file
 * (`<file>.bak-<time>`, written by earlier edits), so no plain-text copy of a key stays behind once it has moved.
 */
export function removeKeyLines(file: string, kind: FileKind, profile: string, options: { scrubBackups?: KeyPair } = {}): { file: string; removed: number; scrubbed: string[] } {
  const target = writableTarget(file, kind);
  return withEditLock(target, () => {
    const existing = readExisting(target);
    let removed = 0;
    if (existing) {
      const lines = splitLines(existing.text);
      const drop = keyLineIndexes(lines, kind, profile);
      removed = drop.size;
      if (removed > 0) replaceFileAtomically(target, encode(withoutLines(existing.text, lines, drop)), { mode: existing.mode, owner: existing.owner, errorCode: 'ConfigWriteFailed', what: describeFile(kind) });
    }
    const scrubbed = options.scrubBackups ? scrubBackups(target, kind, profile, options.scrubBackups) : [];
    return { file: target, removed, scrubbed };
  });
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
    replaceFileAtomically(copy, encode(withoutLines(existing.text, lines, drop)), { mode: existing.mode, owner: existing.owner, errorCode: 'ConfigWriteFailed', what: 'the backup copy' });
    scrubbed.push(copy);
  }
  return scrubbed;
}

/** Writes the two key lines into the profile's section of a credentials file (right after its header), or a new section. */
export function insertKeyLines(file: string, profile: string, keys: KeyPair): { file: string } {
  const target = writableTarget(file, 'credentials');
  ensureFolder(path.dirname(target));
  return withEditLock(target, () => {
    const found = readExisting(target);
    const existing = found ?? { text: '', mode: 0o600, owner: undefined };
    const lines = splitLines(existing.text);
    const sections = sectionsNamed(lines, 'credentials', profile);
    const eol = lineEnding(existing.text);
    const keyLines = `aws_access_key_id = ${keys.accessKeyId}${eol}aws_secret_access_key = ${keys.secretAccessKey}${eol}`;
    const updated = sections.length > 0 ? insertAfterLine(existing.text, lines[sections[0].header], keyLines, eol) : appendSection(existing.text, `${headerFor(profile, 'credentials')}${eol}${keyLines}`, eol);
    replaceFileAtomically(target, encode(updated), { mode: existing.mode, owner: existing.owner, errorCode: 'ConfigWriteFailed', what: describeFile('credentials') });
    return { file: target };
  });
}
