import * as fs from 'node:fs';
import { parseAwsIni } from '../../../src/config/parseAwsIni';
import {
  appendSection,
  findSections,
  insertAfterLine,
  lineEnding,
  removeSections,
  replaceSection,
  sectionEntries,
  sectionsNamed,
  splitLines,
  withoutLines,
} from '../../../src/config/iniSections';
import { insertKeyLines, removeKeyLines } from '../../../src/config/profileKeyLines';
import { makeSandbox } from '../../helpers/sandbox';

describe('lines and sections, read by the parser rules', () => {
  test('splitLines keeps offsets of each line and its ending; a lone "\\r" ending the last line is dropped from its text', () => {
    const text = 'a\r\nbb\n\nc\r';
    expect(splitLines(text)).toEqual([
      { start: 0, textEnd: 1, end: 3, text: 'a' },
      { start: 3, textEnd: 5, end: 6, text: 'bb' },
      { start: 6, textEnd: 6, end: 7, text: '' },
      { start: 7, textEnd: 8, end: 9, text: 'c' },
    ]);
    expect(splitLines('x')).toEqual([{ start: 0, textEnd: 1, end: 1, text: 'x' }]);
    expect(splitLines('')).toEqual([]);
  });

  test('a header names a profile by the file form: [profile NAME] and [default] in config, [NAME] in credentials', () => {
    const text = '\u00EF\u00BB\u00BF[default]\n[profile dev] # c\nk = v\n[dev]\n[sso-session s]\n[profile bad name]\n';
    const lines = splitLines(text);
    expect(findSections(lines, 'config').map((s) => s.name)).toEqual(['default', 'dev', undefined, undefined, undefined, undefined]);
    expect(findSections(lines, 'credentials').map((s) => s.name)).toEqual(['default', undefined, 'dev', undefined, undefined, undefined]);
    expect(sectionsNamed(lines, 'config', 'dev').map((s) => s.header)).toEqual([1]);
    expect(sectionsNamed(lines, 'credentials', 'dev').map((s) => s.header)).toEqual([3]);
  });

  test("a section's content ends at its last property or the marker; trailing blanks and comments go to what follows", () => {
    const lines = splitLines('[a]\n# mine\nk = v\n  more\n\n# about b\n[b]\n# mine\n\n');
    expect(findSections(lines, 'credentials', '# mine')).toEqual([
      { name: 'a', header: 0, last: 3, next: 6 },
      { name: 'b', header: 6, last: 7, next: 9 },
    ]);
    expect(findSections(lines, 'credentials')[1]).toEqual({ name: 'b', header: 6, last: 6, next: 9 });
  });

  test('an entry keeps its continuation lines across blank and comment lines, as the parser does; a broken line ends it', () => {
    const text = '[a]\nKey = one\n# note\n\n  two\nbroken\n  orphan\nother = x\n';
    const lines = splitLines(text);
    const [section] = findSections(lines, 'credentials');
    expect(sectionEntries(lines, section)).toEqual([
      { key: 'key', value: 'one', lines: [1, 4] },
      { key: 'other', value: 'x', lines: [7] },
    ]);
    expect(parseAwsIni('[a]\nKey = one\n# note\n\n  two\n', { file: 'f', kind: 'credentials' }).profiles.a.key).toBe('one\ntwo');
  });

  test("new lines copy the first line's ending", () => {
    expect(lineEnding('[a]\r\nk = v\n')).toBe('\r\n');
    expect(lineEnding('[a]\nk = v\r\n')).toBe('\n');
    expect(lineEnding('[a]')).toBe('\n');
    expect(lineEnding('')).toBe('\n');
  });
});

describe('edits splice the original text', () => {
  test('insertAfterLine: after a terminated line as is; an unterminated last line (or one ending in a lone "\\r") gets the ending first', () => {
    const at = (text: string, index: number) => insertAfterLine(text, splitLines(text)[index], 'k = v\n', '\n');
    expect(at('[a]\nx = y\n', 0)).toBe('[a]\nk = v\nx = y\n');
    expect(at('# c\n[a]', 1)).toBe('# c\n[a]\nk = v\n');
    expect(at('# c\n[a]\r', 1)).toBe('# c\n[a]\nk = v\n');
  });

  test('appendSection adds a blank line first; keepUnterminated leaves a file without a final newline without one', () => {
    expect(appendSection('', '[b]\n', '\n')).toBe('[b]\n');
    expect(appendSection('[a]\n', '[b]\n', '\n')).toBe('[a]\n\n[b]\n');
    expect(appendSection('[a]', '[b]\r\n', '\r\n')).toBe('[a]\r\n\r\n[b]\r\n');
    expect(appendSection('[a]', '[b]\r\n', '\r\n', { keepUnterminated: true })).toBe('[a]\r\n\r\n[b]');
  });

  test('removeSections undoes appendSection byte for byte, whatever the file ended with', () => {
    const section = '[new]\n# mine\nk = v\n';
    for (const text of ['', '[a]\nx = y\n', '[a]\nx = y', '[a]\nx = y\n\n\n', '# only a comment', '[a]\r\nx = y\r\n']) {
      const eol = lineEnding(text);
      const added = appendSection(text, section.replace(/\n/g, eol), eol, { keepUnterminated: true });
      const lines = splitLines(added);
      expect(removeSections(added, lines, sectionsNamed(lines, 'credentials', 'new', '# mine'))).toBe(text);
    }
  });

  test('removeSections takes a middle section with the blank lines after it, and leaves the comment that introduces the next', () => {
    const text = '[a]\nx = 1\n\n[b]\ny = 2\n\n\n# about c\n[c]\nz = 3\n';
    const lines = splitLines(text);
    expect(removeSections(text, lines, sectionsNamed(lines, 'credentials', 'b'))).toBe('[a]\nx = 1\n\n# about c\n[c]\nz = 3\n');
  });

  test('replaceSection swaps header to last line and keeps what follows, and the missing final newline', () => {
    const text = '[a]\nx = 1\n; trailing\n[b]\ny = 2';
    const lines = splitLines(text);
    const [a, b] = findSections(lines, 'credentials');
    expect(replaceSection(text, lines, a, '[a]\nx = 9\n', '\n')).toBe('[a]\nx = 9\n; trailing\n[b]\ny = 2');
    expect(replaceSection(text, lines, b, '[b]\ny = 9\n', '\n')).toBe('[a]\nx = 1\n; trailing\n[b]\ny = 9');
  });

  test('withoutLines drops whole lines with their endings', () => {
    const text = 'a\r\nb\nc';
    expect(withoutLines(text, splitLines(text), new Set([1]))).toBe('a\r\nc');
    expect(withoutLines(text, splitLines(text), new Set([2]))).toBe('a\r\nb\n');
  });
});

// Where profileKeyLines.ts had its own reader, it read lines differently from the parser; now it uses this module.
describe('the key-line editor reads the file as the parser does', () => {
  const sandbox = makeSandbox();
  afterAll(() => sandbox.cleanup());

  test('a continuation of the secret after a comment line leaves with it (no piece of the key stays, the file still parses)', () => {
    const file = sandbox.write('continued', '[dev]\naws_secret_access_key = part1\n# note\n  part2\nregion = eu-west-1\n');
    expect(removeKeyLines(file, 'credentials', 'dev').removed).toBe(2);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toBe('[dev]\n# note\nregion = eu-west-1\n');
    expect(parseAwsIni(text, { file, kind: 'credentials' }).profiles.dev).toEqual({ region: 'eu-west-1' });
  });

  test('a header on a last line ending in a lone "\\r" is found: the keys go under it, not into a second [dev]', () => {
    const file = sandbox.write('lone-cr', '[other]\nx = y\n[dev]\r');
    insertKeyLines(file, 'dev', { accessKeyId: 'AKIAINISECTIONS00001', secretAccessKey: 's' });
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toBe('[other]\nx = y\n[dev]\naws_access_key_id = AKIAINISECTIONS00001\naws_secret_access_key = s\n');
    expect(parseAwsIni(text, { file, kind: 'credentials' }).profiles.dev).toEqual({
      aws_access_key_id: 'AKIAINISECTIONS00001',
      aws_secret_access_key: 's',
    });
  });
});
