import * as fs from 'node:fs';
import * as path from 'node:path';
import { ERROR_CODES } from '../../src/errorCodes';
import { ROOT } from '../helpers/cli';

// Issue 24, item 6: the error codes are a closed list (src/errorCodes.ts). The compiler refuses a raiser with a code
// outside it; this file keeps docs/errors.md equal to the list (both ways, meaning included) and the list free of codes
// nothing raises any more.

const DOC = fs.readFileSync(path.join(ROOT, 'docs', 'errors.md'), 'utf8');

/** The table rows of docs/errors.md: | `Code` | meaning | what to do | */
function docRows(text: string): { code: string; meaning: string; todo: string }[] {
  return [...text.matchAll(/^\| `(\w+)` \| (.+?) \| (.*?) \|$/gm)].map(([, code, meaning, todo]) => ({ code, meaning, todo }));
}

function docProblems(text: string, codes: Record<string, string>): string[] {
  const rows = docRows(text);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const { code, meaning, todo } of rows) {
    if (seen.has(code)) problems.push(`${code}: listed twice`);
    seen.add(code);
    if (!(code in codes)) problems.push(`${code}: in docs/errors.md, not in ERROR_CODES`);
    else if (codes[code] !== meaning) problems.push(`${code}: the meaning differs from ERROR_CODES ("${codes[code]}")`);
    if (todo.trim() === '') problems.push(`${code}: no "what to do"`);
  }
  for (const code of Object.keys(codes)) if (!seen.has(code)) problems.push(`${code}: in ERROR_CODES, not in docs/errors.md`);
  return problems;
}

function sourceFilesOf(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFilesOf(full, ext);
    return entry.name.endsWith(ext) ? [full] : [];
  });
}
const sourceFiles = (dir: string) => sourceFilesOf(dir, '.ts');

/** Every code the source names where an error is made: ToolError / ChainPlanError / super(), errorCode, the HTTP answers, `${codePrefix}…`. */
function raisedCodes(): Map<string, string[]> {
  const files = [...sourceFiles(path.join(ROOT, 'src')), ...sourceFiles(path.join(ROOT, 'commands'))].filter(
    (f) => !f.endsWith('errorCodes.ts'),
  );
  const texts = files.map((file) => ({ file: path.relative(ROOT, file), text: fs.readFileSync(file, 'utf8') }));
  const prefixes = texts.flatMap(({ text }) => [...text.matchAll(/codePrefix: '(\w+)'/g)].map((m) => m[1]));
  const raised = new Map<string, string[]>();
  const add = (code: string, file: string) => raised.set(code, [...(raised.get(code) ?? []), file]);
  for (const { file, text } of texts) {
    for (const pattern of [/new (?:ToolError|ChainPlanError)\(\s*'(\w+)'/g, /errorCode: '(\w+)'/g, /code: '(\w+)' satisfies ErrorCode/g]) {
      for (const match of text.matchAll(pattern)) add(match[1], file);
    }
    if (/extends ToolError/.test(text)) for (const match of text.matchAll(/super\(\s*'(\w+)'/g)) add(match[1], file);
    for (const match of text.matchAll(/`\$\{codePrefix\}(\w+)`/g)) for (const prefix of prefixes) add(`${prefix}${match[1]}`, file);
  }
  return raised;
}

describe('error codes: src/errorCodes.ts, docs/errors.md and the raisers agree', () => {
  test('docs/errors.md lists every code of ERROR_CODES once, with the same meaning and what to do, and no other', () => {
    expect(docRows(DOC).length).toBeGreaterThan(150);
    expect(docProblems(DOC, ERROR_CODES)).toEqual([]);
  });

  test('a code missing from the page, a changed meaning, an unknown code or a repeated one would be caught', () => {
    const [first, second] = docRows(DOC);
    const dropped = DOC.replace(new RegExp(`^\\| \`${first.code}\` .*\\n`, 'm'), '');
    expect(docProblems(dropped, ERROR_CODES)).toEqual([`${first.code}: in ERROR_CODES, not in docs/errors.md`]);
    const reworded = DOC.replace(`| \`${second.code}\` | ${second.meaning} |`, `| \`${second.code}\` | something else |`);
    expect(docProblems(reworded, ERROR_CODES)).toEqual([`${second.code}: the meaning differs from ERROR_CODES ("${second.meaning}")`]);
    const extra = `${DOC}| \`MadeUpCode\` | made up | nothing |\n| \`${first.code}\` | ${first.meaning} | again |\n`;
    expect(docProblems(extra, ERROR_CODES)).toEqual(['MadeUpCode: in docs/errors.md, not in ERROR_CODES', `${first.code}: listed twice`]);
  });

  test('every code raised in src/ and commands/ is in ERROR_CODES, and every code of ERROR_CODES is raised somewhere', () => {
    const raised = raisedCodes();
    // The scan sees the forms a code is made in: a literal, a subclass's super(), errorCode, a built `${codePrefix}…`.
    expect(raised.get('ConfigParseError')).toEqual(expect.arrayContaining(['src/config/configParseError.ts']));
    expect(raised.get('ConfigWriteFailed')).toEqual(expect.arrayContaining(['src/config/profileFileIo.ts']));
    expect(raised.get('VaultFolderIsSymlink')).toEqual(['src/files/privateFolder.ts']);
    expect(raised.get('MethodNotAllowed')).toEqual(['src/exec/credentialServer.ts']);
    expect([...raised.keys()].filter((code) => !(code in ERROR_CODES)).sort()).toEqual([]);
    expect(Object.keys(ERROR_CODES).filter((code) => !raised.has(code))).toEqual([]);
  });

  test('no built module loads src/errorCodes.ts at run time: it is types only there, and package.json leaves it out of the package', () => {
    const dist = path.join(ROOT, 'dist');
    if (!fs.existsSync(path.join(dist, 'src', 'errors.js')))
      throw new Error('dist/ is missing: run "npm run build" first (npm test does).');
    const built = [
      ...sourceFilesOf(path.join(dist, 'src'), '.js'),
      ...sourceFilesOf(path.join(dist, 'commands'), '.js'),
      ...fs
        .readdirSync(dist)
        .filter((f) => f.endsWith('.js'))
        .map((f) => path.join(dist, f)),
    ];
    expect(built.length).toBeGreaterThan(100);
    const loaders = built.filter((file) =>
      /require\(["'][./]+(?:[\w/]*\/)?errorCodes["']\)|from ["'][./]+(?:[\w/]*\/)?errorCodes["']/.test(fs.readFileSync(file, 'utf8')),
    );
    expect(loaders.map((file) => path.relative(ROOT, file))).toEqual([]);
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).files).toContain('!dist/src/errorCodes.js');
  });

  test('the merged codes are gone for good (issue 24: one code per meaning)', () => {
    const merged = [
      'ConfigUnreadable',
      'ConfigFileInvalid',
      'BackendConfigInvalid',
      'BackendConfigUnreadable',
      'CacheLockTimeout',
      'CacheLockFailed',
      'CommandNotFound',
      'CommandNotExecutable',
      'CommandFailedToStart',
      'FileWriteFailed',
      'MfaPromptCancelled',
      'KeysPromptCancelled',
      'VaultPassphraseCancelled',
      'MissingArgument',
      'MissingCommand',
      'Unreadable',
    ];
    expect(merged.filter((code) => code in ERROR_CODES || raisedCodes().has(code) || DOC.includes(`\`${code}\``))).toEqual([]);
  });
});
