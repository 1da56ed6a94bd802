import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { insertKeyLines, removeKeyLines } from '../../../src/config/profileKeyLines';
import { writeProfileSection } from '../../../src/config/writeProfile';
import { makeSandbox } from '../../helpers/sandbox';

// Issue 24, item 3: profileKeyLines.ts (keys add / export-to-credentials-file) carries its own copy of the INI file
// handling, and the copy drifted from writeProfile.ts's. Each test puts both editors in front of the same file and
// expects them to treat it alike: a dangling symlink is written through, a named pipe is refused without being read,
// a file of another user keeps its owner.
const KEYS = { accessKeyId: 'AKIAKEYLINETARGET001', secretAccessKey: 'key-line-target-secret' };
const KEY_LINES = `aws_access_key_id = ${KEYS.accessKeyId}\naws_secret_access_key = ${KEYS.secretAccessKey}\n`;
const DIST = path.resolve(__dirname, '..', '..', '..', 'dist', 'src', 'config');

describe('the key-line editor handles the credentials file as writeProfileSection does', () => {
  const sandbox = makeSandbox();
  afterAll(() => sandbox.cleanup());

  /** `<case>/.aws/credentials` -> `<case>/dotfiles/aws/credentials`, a relative link whose target and folder do not exist yet. */
  function danglingLink(name: string): { link: string; target: string } {
    const link = sandbox.path(`${name}/.aws/credentials`);
    const target = sandbox.path(`${name}/dotfiles/aws/credentials`);
    fs.mkdirSync(path.dirname(link), { recursive: true, mode: 0o700 });
    fs.symlinkSync(path.relative(path.dirname(link), target), link);
    return { link, target };
  }

  function afterWriting(write: (file: string) => { file: string }, name: string) {
    const { link, target } = danglingLink(name);
    const result = write(link);
    const modeOf = (file: string) => (fs.existsSync(file) ? fs.statSync(file).mode & 0o777 : 'absent');
    return {
      written: result.file,
      linkStays: fs.lstatSync(link).isSymbolicLink(),
      targetMode: modeOf(target),
      folderMode: modeOf(path.dirname(target)),
      // writeProfileSection's marker comment aside, both write the same section.
      targetText: fs.existsSync(target) ? fs.readFileSync(target, 'utf8').replace(/^# .*\n/m, '') : 'absent',
    };
  }

  test('a dangling ~/.aws/credentials symlink stays a link: insertKeyLines creates its target (0600 in a 0700 folder), as writeProfileSection does', () => {
    const expected = (name: string) => ({
      written: sandbox.path(`${name}/dotfiles/aws/credentials`),
      linkStays: true,
      targetMode: 0o600,
      folderMode: 0o700,
      targetText: `[dev]\n${KEY_LINES}`,
    });
    const section = afterWriting(
      (file) =>
        writeProfileSection(
          file,
          'dev',
          { aws_access_key_id: KEYS.accessKeyId, aws_secret_access_key: KEYS.secretAccessKey },
          { kind: 'credentials' },
        ),
      'section',
    );
    const keyLines = afterWriting((file) => insertKeyLines(file, 'dev', KEYS), 'key-lines');
    expect({ writeProfileSection: section, insertKeyLines: keyLines }).toEqual({
      writeProfileSection: expected('section'),
      insertKeyLines: expected('key-lines'),
    });
  });

  // Each editor runs in a child process with a deadline: an editor that opens the pipe blocks until a writer comes,
  // which would hang this test process for good.
  function againstNamedPipe(editor: 'writeProfileSection' | 'insertKeyLines' | 'removeKeyLines', name: string) {
    const folder = sandbox.path(`${name}/.aws`);
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    const pipe = path.join(folder, 'credentials');
    const made = spawnSync('mkfifo', [pipe]);
    if (made.status !== 0)
      throw new Error(`mkfifo ${pipe} failed (${made.error?.message ?? made.stderr.toString()}): this test needs mkfifo`);
    const module = path.join(DIST, editor === 'writeProfileSection' ? 'writeProfile.js' : 'profileKeyLines.js');
    if (!fs.existsSync(module)) throw new Error(`${module} is missing: run "npm run build" first (npm test does).`);
    const call = {
      writeProfileSection: `m.writeProfileSection(file, 'dev', { aws_access_key_id: keys.accessKeyId, aws_secret_access_key: keys.secretAccessKey }, { kind: 'credentials' })`,
      insertKeyLines: `m.insertKeyLines(file, 'dev', keys)`,
      removeKeyLines: `m.removeKeyLines(file, 'credentials', 'dev')`,
    }[editor];
    const script = `const m = require(${JSON.stringify(module)}); const file = ${JSON.stringify(pipe)}; const keys = ${JSON.stringify(KEYS)};
      try { ${call}; process.stdout.write(JSON.stringify({ written: true })); } catch (error) { process.stdout.write(JSON.stringify({ code: error.code, message: error.message })); }`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 5000, killSignal: 'SIGKILL' });
    const outcome = child.signal
      ? { hung: `killed by ${child.signal} after 5 s` }
      : (JSON.parse(child.stdout) as { code?: string; message?: string });
    return { outcome, stderr: child.stderr, pipeStays: fs.lstatSync(pipe).isFIFO(), folder: fs.readdirSync(folder) };
  }

  test('a named pipe at ~/.aws/credentials is refused in one sentence naming it, never opened for reading: insertKeyLines and removeKeyLines as writeProfileSection', () => {
    const refused = (name: string) => ({
      outcome: {
        code: expect.any(String),
        message: expect.stringMatching(
          new RegExp(`${sandbox.path(`${name}/.aws/credentials`).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b.*named pipe`),
        ),
      },
      stderr: '',
      pipeStays: true,
      folder: ['credentials'],
    });
    expect({
      writeProfileSection: againstNamedPipe('writeProfileSection', 'pipe-section'),
      insertKeyLines: againstNamedPipe('insertKeyLines', 'pipe-insert'),
      removeKeyLines: againstNamedPipe('removeKeyLines', 'pipe-remove'),
    }).toEqual({
      writeProfileSection: refused('pipe-section'),
      insertKeyLines: refused('pipe-insert'),
      removeKeyLines: refused('pipe-remove'),
    });
  }, 30_000);

  test('as root, a credentials file of another user keeps its owner, group and mode: removeKeyLines as writeProfileSection; insertKeyLines refuses to put keys there (issue 25 review, finding 10)', () => {
    if (typeof process.geteuid !== 'function' || process.geteuid() !== 0) {
      throw new Error('this test gives a file to another user, which needs root (CI runs as root)');
    }
    const theirs = (name: string) => {
      const file = sandbox.write(`${name}/.aws/credentials`, '[other]\nregion = eu-west-1\n', 0o640);
      fs.chownSync(file, 4242, 4343);
      return file;
    };
    const ownerOf = (file: string) => {
      const stat = fs.statSync(file);
      return { uid: stat.uid, gid: stat.gid, mode: stat.mode & 0o777 };
    };
    const section = theirs('owner-section');
    writeProfileSection(
      section,
      'dev',
      { aws_access_key_id: KEYS.accessKeyId, aws_secret_access_key: KEYS.secretAccessKey },
      { kind: 'credentials' },
    );
    const inserted = theirs('owner-insert');
    const before = fs.readFileSync(inserted, 'utf8');
    // That user could read keys written into their file: refused in one sentence, the file as it was.
    expect(() => insertKeyLines(inserted, 'dev', KEYS)).toThrow(expect.objectContaining({ code: 'KeysFileNotOurs' }));
    expect(fs.readFileSync(inserted, 'utf8')).toBe(before);
    const removed = theirs('owner-remove');
    fs.appendFileSync(removed, `\n[dev]\n${KEY_LINES}`);
    const { removed: lines } = removeKeyLines(removed, 'credentials', 'dev');
    expect(lines).toBe(2);
    const kept = { uid: 4242, gid: 4343, mode: 0o640 };
    expect({ writeProfileSection: ownerOf(section), insertKeyLines: ownerOf(inserted), removeKeyLines: ownerOf(removed) }).toEqual({
      writeProfileSection: kept,
      insertKeyLines: kept,
      removeKeyLines: kept,
    });
  });
});
