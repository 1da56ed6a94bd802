import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../errors';
import { replaceFileAtomically } from '../files/atomicWrite';
import {
  appendSection,
  encode,
  headerFor,
  insertAfterLine,
  type Line,
  lineEnding,
  sectionEntries,
  sectionsNamed,
  splitLines,
  withoutLines,
} from './iniSections';
import { backupsOf, ensureFolder, readExisting, realTarget, withEditLock, writableTarget, writeAtomic } from './profileFileIo';
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

/** A profile section's key lines (with their continuation lines) and the values they hold. */
interface SectionKeys {
  indexes: number[];
  pair: Partial<KeyPair>;
}

function sectionKeys(lines: Line[], kind: FileKind, profile: string): SectionKeys[] {
  const found: SectionKeys[] = [];
  for (const section of sectionsNamed(lines, kind, profile)) {
    const keys: SectionKeys = { indexes: [], pair: {} };
    for (const entry of sectionEntries(lines, section)) {
      if (!KEY_SETTINGS.includes(entry.key)) continue;
      keys.indexes.push(...entry.lines);
      if (entry.key === 'aws_access_key_id') keys.pair.accessKeyId = entry.value;
      else keys.pair.secretAccessKey = entry.value;
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
function keyLineIndexes(sections: SectionKeys[], only?: KeyPair): Set<number> {
  return new Set(sections.filter((section) => !only || samePair(section.pair, only)).flatMap((section) => section.indexes));
}

/** The key pairs the profile's sections of a file hold, in file order (a section with only one of the two included). */
export function profileKeyPairs(file: string, kind: FileKind, profile: string): Array<Partial<KeyPair>> {
  const existing = readExisting(realTarget(file));
  return existing ? sectionKeys(splitLines(existing.text), kind, profile).map((section) => section.pair) : [];
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
  return withEditLock(target, () => {
    const existing = readExisting(target);
    let removed = 0;
    let remaining: Array<Partial<KeyPair>> = [];
    if (existing) {
      const lines = splitLines(existing.text);
      const sections = sectionKeys(lines, kind, profile);
      const drop = keyLineIndexes(sections, options.only);
      remaining = options.only ? sections.filter((section) => !samePair(section.pair, options.only!)).map((section) => section.pair) : [];
      removed = drop.size;
      if (removed > 0) writeAtomic(target, encode(withoutLines(existing.text, lines, drop)), existing, kind);
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
    const drop = keyLineIndexes(sectionKeys(lines, kind, profile), keys);
    if (drop.size === 0) continue;
    replaceFileAtomically(copy, encode(withoutLines(existing.text, lines, drop)), {
      mode: existing.mode,
      owner: existing.owner,
      errorCode: 'ConfigWriteFailed',
      what: 'the backup copy',
    });
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
    // As root (sudo, a shared box), a file of another user keeps its owner when we edit it: that user could read the keys.
    if (found && typeof process.geteuid === 'function' && found.owner.uid !== process.geteuid()) {
      throw new ToolError(
        'KeysFileNotOurs',
        `Refusing to write the keys of profile "${profile}" into ${target}: it belongs to another user (uid ${found.owner.uid}), who could read them; nothing was changed.`,
        {
          resolution: 'Run the command as the user whose file it is, or point AWS_SHARED_CREDENTIALS_FILE at a file of your own.',
        },
      );
    }
    const text = found?.text ?? '';
    const lines = splitLines(text);
    const sections = sectionsNamed(lines, 'credentials', profile);
    const eol = lineEnding(text);
    const keyLines = `aws_access_key_id = ${keys.accessKeyId}${eol}aws_secret_access_key = ${keys.secretAccessKey}${eol}`;
    const updated =
      sections.length > 0
        ? insertAfterLine(text, lines[sections[0].header], keyLines, eol)
        : appendSection(text, `${headerFor(profile, 'credentials')}${eol}${keyLines}`, eol);
    writeAtomic(target, encode(updated), found, 'credentials');
    return { file: target };
  });
}
