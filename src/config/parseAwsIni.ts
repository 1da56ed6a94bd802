import { ToolError } from '../errors';
import type { ProfileOrigin, ProfileSet } from './types';

/**
 * A parser for the AWS shared config and credentials files, following the cross-SDK test suite
 * (smithy-rs test-data/profile-parser-tests.json): it decides which sections are profiles per file kind,
 * strips comments where the suite says, joins continuation lines and keeps sub-properties as text.
 * Sections and properties with invalid names are ignored, as the SDKs do; structural mistakes are errors
 * that name the file and the line.
 */
export type FileKind = 'config' | 'credentials';

export interface ParsedIni {
  profiles: ProfileSet;
  ssoSessions: ProfileSet;
  origins: Record<string, ProfileOrigin>;
}

const WHITESPACE = /[ \t]/;
const VALID_NAME = /^[A-Za-z0-9_\-/.%@:+]+$/;

interface Section {
  kind: 'profile' | 'sso-session' | 'ignored';
  name: string;
  /** A "[default]" in a config file that also has "[profile default]" is dropped afterwards. */
  bareDefault: boolean;
}

/** Drops a comment: in section lines anywhere, in property lines only after whitespace. */
function stripComment(line: string, needsWhitespace: boolean): string {
  let previousWhitespace = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if ((c === '#' || c === ';') && (previousWhitespace || !needsWhitespace)) return line.slice(0, i).trim();
    previousWhitespace = WHITESPACE.test(c);
  }
  return line.trim();
}

function classifySection(rawName: string, kind: FileKind): Section {
  const name = rawName.trim();
  if (kind === 'credentials') {
    return VALID_NAME.test(name) ? { kind: 'profile', name, bareDefault: false } : { kind: 'ignored', name, bareDefault: false };
  }
  const prefixed = /^(profile|sso-session)[ \t]+(.*)$/.exec(name);
  if (prefixed) {
    const inner = prefixed[2].trim();
    if (!VALID_NAME.test(inner)) return { kind: 'ignored', name: inner, bareDefault: false };
    return { kind: prefixed[1] === 'profile' ? 'profile' : 'sso-session', name: inner, bareDefault: false };
  }
  if (name === 'default') return { kind: 'profile', name, bareDefault: true };
  return { kind: 'ignored', name, bareDefault: false };
}

export function parseAwsIni(text: string, options: { file: string; kind: FileKind }): ParsedIni {
  const profiles: ProfileSet = {};
  const ssoSessions: ProfileSet = {};
  const origins: Record<string, ProfileOrigin> = {};
  const bareDefault: Record<string, string> = {};
  let hasPrefixedDefault = false;
  let bareDefaultLine = 0;

  let section: Section | undefined;
  let target: Record<string, string> | undefined;
  let property: string | undefined;
  let subProperties = false;

  const fail = (line: number, message: string) =>
    new ToolError('ConfigParseError', `${options.file}, line ${line}: ${message}.`, {
      resolution: 'Fix that line of the file (see the AWS CLI documentation on config and credentials files).',
    });

  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = lines[index].replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#') || line.startsWith(';')) continue;

    if (line.startsWith('[')) {
      const header = stripComment(line, false);
      if (!header.endsWith(']')) throw fail(lineNumber, "Profile definition must end with ']'");
      section = classifySection(header.slice(1, -1), options.kind);
      property = undefined;
      subProperties = false;
      if (section.kind === 'profile' && section.bareDefault) {
        target = bareDefault;
        bareDefaultLine ||= lineNumber;
      } else if (section.kind === 'profile') {
        if (section.name === 'default') hasPrefixedDefault = true;
        target = profiles[section.name] ??= {};
        origins[section.name] ??= { file: options.file, line: lineNumber };
      } else if (section.kind === 'sso-session') {
        target = ssoSessions[section.name] ??= {};
      } else {
        target = undefined;
      }
      continue;
    }

    if (WHITESPACE.test(line[0])) {
      if (!section) throw fail(lineNumber, 'Expected a profile definition, found a continuation line');
      if (property === undefined) throw fail(lineNumber, 'Expected a property definition, found continuation');
      const continued = line.trim();
      if (subProperties) {
        const equals = continued.indexOf('=');
        if (equals < 0) throw fail(lineNumber, "Expected an '=' sign defining a sub-property");
        if (continued.slice(0, equals).trim() === '') throw fail(lineNumber, 'Sub-property did not have a name');
      }
      if (target && property !== '') target[property] = `${target[property] ?? ''}\n${continued}`;
      continue;
    }

    if (!section) throw fail(lineNumber, 'Expected a profile definition before this property');
    const content = stripComment(line, true);
    const equals = content.indexOf('=');
    if (equals < 0) throw fail(lineNumber, "Expected an '=' sign defining a property");
    const key = content.slice(0, equals).trim();
    if (key === '') throw fail(lineNumber, 'Property did not have a name');
    const value = content.slice(equals + 1).trim();
    // Invalid names are skipped (the SDKs warn and ignore them); '' marks "continuations belong to nothing".
    property = VALID_NAME.test(key) ? key.toLowerCase() : '';
    subProperties = value === '';
    if (target && property !== '') target[property] = value;
  }

  // In a config file, "[profile default]" wins over "[default]" wherever each appears.
  if (bareDefaultLine && !hasPrefixedDefault) {
    profiles.default = bareDefault;
    origins.default = { file: options.file, line: bareDefaultLine };
  }
  return { profiles, ssoSessions, origins };
}
