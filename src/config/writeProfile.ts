import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../errors';
import { backup, ensureFolder, readExisting, withEditLock, writableTarget, writeAtomic } from './profileFileIo';
import {
  appendSection,
  asLatin1,
  describeHeader,
  encode,
  fromLatin1,
  headerFor,
  type Line,
  lineEnding,
  removeSections,
  replaceSection,
  type Section,
  sectionEntries,
  sectionsNamed,
  splitLines,
} from './iniSections';
import { isValidIdentifier, trimSpaceAndTab } from './lineSyntax';
import { parseAwsIni } from './parseAwsIni';
import type { FileKind } from './types';

/**
 * Adds, replaces and removes one profile section of a shared config (or credentials) file and leaves every
 * other byte alone. The file is handled as latin1 text, so each character is exactly one byte and bytes that are
 * not UTF-8 survive; iniSections.ts finds and splices the lines. Changes go through a lock, a backup copy and an
 * atomic rename; the file keeps its mode (a new one gets 0600 in a 0700 folder). Sections carry a marker comment so that only sections this tool wrote
 * are ever replaced or removed.
 */

export const DEFAULT_PROFILE_MARKER = 'managed by amplify-aws-roles';

export interface ProfileSectionOptions {
  /** Replace an existing section of that name when it carries the marker. */
  replace?: boolean;
  /** Comment text written as the section's first line (after "# "). */
  marker?: string;
  /** "config" writes `[profile NAME]` (default), "credentials" writes `[NAME]`. */
  kind?: FileKind;
  now?: () => Date;
}

export type ProfileWriteOutcome = 'created' | 'added' | 'replaced' | 'unchanged';

export interface ProfileWriteResult {
  file: string;
  outcome: ProfileWriteOutcome;
  /** Copy of the file as it was before this change (absent when nothing changed or the file is new). */
  backup?: string;
}

export interface ProfileRemoveResult {
  file: string;
  removed: boolean;
  backup?: string;
}

function markerLine(marker: string): string {
  return `# ${marker}`;
}

function isOurs(lines: Line[], section: Section, marker: string): boolean {
  for (let i = section.header + 1; i <= section.last; i++) if (lines[i].text === markerLine(marker)) return true;
  return false;
}

/** The section's properties as the parser would read them (lower-cased keys, continuation lines joined). */
function sectionProperties(lines: Line[], section: Section): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const entry of sectionEntries(lines, section)) {
    properties[entry.key] = [entry.value, ...entry.lines.slice(1).map((i) => trimSpaceAndTab(lines[i].text))].join('\n');
  }
  return properties;
}

function sameProperties(a: Record<string, string>, b: Record<string, string>): boolean {
  const keysA = Object.keys(a).sort();
  const keysB = Object.keys(b).sort();
  return keysA.length === keysB.length && keysA.every((key, i) => key === keysB[i] && a[key] === b[key]);
}

function checkSection(file: string, name: string, keys: Record<string, string>): Record<string, string> {
  if (!isValidIdentifier(name)) {
    throw new ToolError(
      'InvalidProfileName',
      `Cannot write profile "${name}" to ${file}: a profile name may contain only letters, digits and _-/.%@:+.`,
    );
  }
  const normalized: Record<string, string> = {};
  for (const [key, value] of Object.entries(keys)) {
    if (!isValidIdentifier(key))
      throw new ToolError('InvalidProfileKey', `Cannot write key "${key}" of profile "${name}" to ${file}: not a valid property name.`);
    // The parser ends a value at " #" or " ;" and trims it; such a value would not read back as written.
    if (/[\r\n]/.test(value) || /\s[#;]/.test(value) || value !== trimSpaceAndTab(value) || value === '') {
      throw new ToolError(
        'InvalidProfileValue',
        `Cannot write ${key} of profile "${name}" to ${file}: the value must be one non-empty line without leading or trailing blanks or " #"/" ;".`,
      );
    }
    normalized[key.toLowerCase()] = value;
  }
  return normalized;
}

function renderSection(name: string, keys: Record<string, string>, kind: FileKind, marker: string, eol: string): string {
  const lines = [headerFor(name, kind), markerLine(marker), ...Object.entries(keys).map(([key, value]) => `${key} = ${value}`)];
  return lines.join(eol) + eol;
}

/** Refuses to edit a file the parser rejects: the result would be just as unreadable. Returns the parsed profiles. */
function parseOrRefuse(file: string, text: string, kind: FileKind): Record<string, Record<string, string>> {
  try {
    return parseAwsIni(fromLatin1(text), { file, kind }).profiles;
  } catch (error) {
    throw new ToolError('ConfigParseError', `Cannot edit ${file}: ${(error as Error).message}`, {
      resolution: 'Fix that line first, then run the command again.',
    });
  }
}

/**
 * Adds `[profile NAME]` with `keys` to `file`, or replaces it when `replace` is set and the existing section is
 * one we wrote (it carries the marker). Writing the same keys again changes nothing. A different profile of
 * that name that we did not write is never touched: that is a ToolError.
 */
export function writeProfileSection(
  file: string,
  name: string,
  keys: Record<string, string>,
  options: ProfileSectionOptions = {},
): ProfileWriteResult {
  const kind = options.kind ?? 'config';
  const marker = options.marker ?? DEFAULT_PROFILE_MARKER;
  const wanted = checkSection(file, name, keys);
  const target = writableTarget(file, kind);
  ensureFolder(path.dirname(target));
  return withEditLock(target, () => {
    const existing = readExisting(target);
    const now = (options.now ?? (() => new Date()))();
    if (!existing) {
      const text = renderSection(name, keys, kind, marker, '\n');
      writeAtomic(target, encode(asLatin1(text)), undefined, kind);
      return { file: target, outcome: 'created' };
    }
    parseOrRefuse(target, existing.text, kind);
    const lines = splitLines(existing.text);
    const matches = sectionsNamed(lines, kind, name, markerLine(marker));
    const eol = lineEnding(existing.text);
    const section = asLatin1(renderSection(name, keys, kind, marker, eol));
    let updated: string;
    let outcome: ProfileWriteOutcome;
    if (matches.length === 0) {
      updated = appendSection(existing.text, section, eol, { keepUnterminated: true });
      outcome = 'added';
    } else {
      if (matches.length > 1) {
        throw new ToolError(
          'ProfileDefinedTwice',
          `${target} defines ${describeHeader(name, kind)} ${matches.length} times (lines ${matches.map((s) => s.header + 1).join(', ')}); refusing to change it.`,
          {
            resolution: 'Merge those sections by hand, then run the command again.',
          },
        );
      }
      const [match] = matches;
      const current = sectionProperties(lines, match);
      const currentUtf8 = Object.fromEntries(Object.entries(current).map(([k, v]) => [k, fromLatin1(v)]));
      if (sameProperties(currentUtf8, wanted)) return { file: target, outcome: 'unchanged' };
      if (!isOurs(lines, match, marker)) {
        throw new ToolError(
          'ProfileExists',
          `${target} already has a different ${describeHeader(name, kind)} (line ${match.header + 1}) that amplify-aws-roles did not write; refusing to overwrite it.`,
          {
            resolution: 'Choose another profile name, or remove or rename that section yourself.',
          },
        );
      }
      if (!options.replace) {
        throw new ToolError(
          'ProfileExists',
          `${target} already has a different ${describeHeader(name, kind)} (line ${match.header + 1}); not replacing it without being asked to.`,
        );
      }
      updated = replaceSection(existing.text, lines, match, section, eol);
      outcome = 'replaced';
    }
    const profiles = parseOrRefuse(target, updated, kind);
    const readBack = profiles[name];
    if (!readBack || !sameProperties(readBack, wanted)) {
      throw new ToolError(
        'ProfileWriteCheckFailed',
        `Writing ${describeHeader(name, kind)} to ${target} would not read back as written; the file was not changed.`,
      );
    }
    const copy = backup(target, existing, now);
    writeAtomic(target, encode(updated), existing, kind);
    return { file: target, outcome, backup: copy };
  });
}

/**
 * Removes a profile section this tool wrote (undo for writeProfileSection), with the blank line that was added
 * before it. Absent: nothing to do. Present but without the marker: a ToolError, it is someone else's.
 */
export function removeProfileSection(
  file: string,
  name: string,
  options: Pick<ProfileSectionOptions, 'marker' | 'kind' | 'now'> = {},
): ProfileRemoveResult {
  const kind = options.kind ?? 'config';
  const marker = options.marker ?? DEFAULT_PROFILE_MARKER;
  const target = writableTarget(file, kind);
  if (!fs.existsSync(target)) return { file: target, removed: false };
  return withEditLock(target, () => {
    const existing = readExisting(target);
    if (!existing) return { file: target, removed: false };
    parseOrRefuse(target, existing.text, kind);
    const lines = splitLines(existing.text);
    const matches = sectionsNamed(lines, kind, name, markerLine(marker));
    if (matches.length === 0) return { file: target, removed: false };
    const foreign = matches.find((s) => !isOurs(lines, s, marker));
    if (foreign) {
      throw new ToolError(
        'ProfileNotOurs',
        `${describeHeader(name, kind)} at line ${foreign.header + 1} of ${target} was not written by amplify-aws-roles; refusing to remove it.`,
      );
    }
    const updated = removeSections(existing.text, lines, matches);
    const copy = backup(target, existing, (options.now ?? (() => new Date()))());
    writeAtomic(target, encode(updated), existing, kind);
    return { file: target, removed: true, backup: copy };
  });
}
