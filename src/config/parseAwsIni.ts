import { ConfigParseError } from './configParseError';
import {
  isBlankLine,
  isCommentLine,
  isSpaceOrTab,
  isValidIdentifier,
  splitPropertyLine,
  stripComment,
  trimSpaceAndTab,
} from './lineSyntax';
import { newRecord } from './records';
import { classifySection } from './sectionHeader';
import type { FileKind, Profile, ProfileOrigin, ProfileSet } from './types';

export interface ParsedIni {
  profiles: ProfileSet;
  ssoSessions: ProfileSet;
  /** Line of each profile's first section header. */
  origins: Record<string, ProfileOrigin>;
}

/** Where property lines currently go. `properties` is undefined in an ignored section: its lines are still checked. */
interface Cursor {
  properties: Profile | undefined;
  /** Lower-cased name of the last property line, which continuation lines extend. */
  property: string | undefined;
  /** The property line had no value, so indented lines are `key = value` sub-properties. */
  subProperties: boolean;
}

/**
 * Parses one AWS config or credentials file as the cross-SDK suite specifies (smithy-rs
 * test-data/profile-parser-tests.json): header rules per file kind, comments, continuation lines,
 * sub-properties kept as text, duplicate sections merged, invalid names ignored. A structural mistake is a
 * ConfigParseError naming the file and line. Runs in one pass with no I/O.
 */
export function parseAwsIni(text: string, options: { file: string; kind: FileKind }): ParsedIni {
  const profiles: ProfileSet = newRecord();
  const ssoSessions: ProfileSet = newRecord();
  const origins: Record<string, ProfileOrigin> = newRecord();
  // `[default]` in a config file counts only if the file has no `[profile default]`, wherever each appears.
  const unprefixedDefault: Profile = newRecord();
  let unprefixedDefaultLine = 0;
  let prefixedDefaultSeen = false;

  refuseNulBytes(text, options.file);
  let cursor: Cursor | undefined;
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = lines[index].endsWith('\r') ? lines[index].slice(0, -1) : lines[index];
    if (isBlankLine(line) || isCommentLine(line)) continue;

    if (line.startsWith('[')) {
      const header = stripComment(line, false);
      if (!header.endsWith(']')) throw new ConfigParseError(options.file, lineNumber, "Profile definition must end with ']'");
      const section = classifySection(header.slice(1, -1), options.kind);
      let properties: Profile | undefined;
      if (section.kind === 'profile' && section.unprefixedDefault) {
        properties = unprefixedDefault;
        unprefixedDefaultLine ||= lineNumber;
      } else if (section.kind === 'profile') {
        if (section.name === 'default') prefixedDefaultSeen = true;
        properties = profiles[section.name] ??= newRecord();
        origins[section.name] ??= { file: options.file, line: lineNumber };
      } else if (section.kind === 'sso-session') {
        properties = ssoSessions[section.name] ??= newRecord();
      }
      cursor = { properties, property: undefined, subProperties: false };
      continue;
    }

    if (!cursor) throw new ConfigParseError(options.file, lineNumber, 'Expected a profile definition before this line');

    if (isSpaceOrTab(line[0])) {
      if (cursor.property === undefined)
        throw new ConfigParseError(options.file, lineNumber, 'Expected a property definition, found continuation');
      if (cursor.subProperties) {
        const sub = splitPropertyLine(line);
        if ('problem' in sub)
          throw new ConfigParseError(
            options.file,
            lineNumber,
            sub.problem === 'no-equals' ? "Expected an '=' sign defining a sub-property" : 'Sub-property did not have a name',
          );
      }
      if (cursor.properties && cursor.property in cursor.properties) {
        cursor.properties[cursor.property] += `\n${trimSpaceAndTab(line)}`;
      }
      continue;
    }

    const property = splitPropertyLine(line);
    if ('problem' in property)
      throw new ConfigParseError(
        options.file,
        lineNumber,
        property.problem === 'no-equals' ? "Expected an '=' sign defining a property" : 'Property did not have a name',
      );
    const key = property.key.toLowerCase();
    cursor.property = key;
    cursor.subProperties = property.value === '';
    // Invalid property names are ignored like invalid section names; their continuation lines go nowhere.
    if (cursor.properties && isValidIdentifier(key)) cursor.properties[key] = property.value;
  }

  if (unprefixedDefaultLine && !prefixedDefaultSeen) {
    profiles.default = unprefixedDefault;
    origins.default = { file: options.file, line: unprefixedDefaultLine };
  }
  return { profiles: inHeaderOrder(profiles, origins), ssoSessions, origins };
}

/**
 * A NUL byte has no meaning in these files: C-based readers end the value at it, others keep it, so the same profile
 * would mean different things to different tools (and a binary file is not a config file). Refused with its line.
 */
function refuseNulBytes(text: string, file: string): void {
  const at = text.indexOf('\0');
  if (at < 0) return;
  let line = 1;
  for (let newline = text.indexOf('\n'); newline >= 0 && newline < at; newline = text.indexOf('\n', newline + 1)) line++;
  throw new ConfigParseError(
    file,
    line,
    'the line holds a NUL byte, which the AWS tools do not read alike (a binary file, or a value pasted with one)',
  );
}

/** Profiles in the order of their first headers (an unprefixed [default] is only known to count at the end). */
function inHeaderOrder(profiles: ProfileSet, origins: Record<string, ProfileOrigin>): ProfileSet {
  const ordered: ProfileSet = newRecord();
  for (const name of Object.keys(profiles).sort((a, b) => origins[a].line - origins[b].line)) ordered[name] = profiles[name];
  return ordered;
}
