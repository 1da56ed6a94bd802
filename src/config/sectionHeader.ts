import { isSpaceOrTab, isValidIdentifier, trimSpaceAndTab } from './lineSyntax';
import type { FileKind } from './types';

/**
 * What a `[...]` header means in a given file:
 * - config file: `[profile NAME]`, `[sso-session NAME]`, and `[default]` (which `[profile default]` overrides);
 *   any other unprefixed section is ignored.
 * - credentials file: `[NAME]` only; a prefixed section such as `[profile x]` is ignored.
 * Names that are not valid identifiers (`[profile in valid]`) are ignored with their properties.
 */
export type Section =
  { kind: 'profile'; name: string; unprefixedDefault: boolean } | { kind: 'sso-session'; name: string } | { kind: 'ignored' };

const IGNORED: Section = { kind: 'ignored' };

export function classifySection(inside: string, fileKind: FileKind): Section {
  const text = trimSpaceAndTab(inside);
  let gap = 0;
  while (gap < text.length && !isSpaceOrTab(text[gap])) gap++;
  const prefix = gap < text.length ? text.slice(0, gap) : undefined;
  const name = prefix === undefined ? text : trimSpaceAndTab(text.slice(gap));

  if (fileKind === 'credentials') {
    return prefix === undefined && isValidIdentifier(name) ? { kind: 'profile', name, unprefixedDefault: false } : IGNORED;
  }
  if (prefix === undefined) return name === 'default' ? { kind: 'profile', name, unprefixedDefault: true } : IGNORED;
  if (!isValidIdentifier(name)) return IGNORED;
  if (prefix === 'profile') return { kind: 'profile', name, unprefixedDefault: false };
  if (prefix === 'sso-session') return { kind: 'sso-session', name };
  // Other prefixed sections (e.g. [services x]) are not profiles; nothing here reads them yet.
  return IGNORED;
}
