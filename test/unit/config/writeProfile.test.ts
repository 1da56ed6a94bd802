import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAwsConfig } from '../../../src/config';
import { DEFAULT_PROFILE_MARKER, removeProfileSection, writeProfileSection } from '../../../src/config/writeProfile';
import { toolErrorOf as thrown } from '../../helpers/toolError';

const KEYS = {
  role_arn: 'arn:aws:iam::123456789012:role/amplify-deployer',
  source_profile: 'devcorpuser',
  external_id: 'ext-123',
  region: 'us-east-1',
};

// Comments, odd spacing, a tab, a continuation line, trailing blanks, and bytes that are not UTF-8 (0xff 0xfe).
const ORIGINAL = Buffer.concat([
  Buffer.from(
    '# my config\n[default]\nregion=eu-west-1 ; inline comment\n\n[profile other]\noutput = json\n\tcontinued\ns3 =\n  max_concurrent_requests = 20\n; caf\u00e9 ',
  ),
  Buffer.from([0xff, 0xfe]),
  Buffer.from('\n   \n'),
]);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
let dir: string;
let file: string;
const times = { n: 0 };
const clock = () => new Date(Date.UTC(2025, 0, 1, 12, 0, times.n++));

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aar-writeprofile-'));
  file = path.join(dir, '.aws', 'config');
  times.n = 0;
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function seed(data: Buffer | string, mode = 0o600): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
  fs.chmodSync(file, mode);
}

function backups(): string[] {
  return fs.readdirSync(path.dirname(file)).filter((name) => name.startsWith('config.bak-'));
}

describe('writeProfileSection', () => {
  test('a new file is created with mode 0600 in a new 0700 folder and reads back as the profile', () => {
    const result = writeProfileSection(file, 'bizcorprole', KEYS, { now: clock });
    expect(result).toEqual({ file, outcome: 'created' });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(fs.readFileSync(file, 'utf8')).toBe(
      `[profile bizcorprole]\n# ${DEFAULT_PROFILE_MARKER}\nrole_arn = ${KEYS.role_arn}\nsource_profile = devcorpuser\nexternal_id = ext-123\nregion = us-east-1\n`,
    );
    expect(loadAwsConfig({ env: { HOME: dir, AWS_CONFIG_FILE: file } }).profiles.bizcorprole).toEqual(KEYS);
    expect(backups()).toEqual([]);
  });

  test('adding to an existing file keeps every byte, keeps its mode, and keeps a backup of the original', () => {
    seed(ORIGINAL, 0o640);
    const result = writeProfileSection(file, 'bizcorprole', KEYS, { now: clock });
    expect(result.outcome).toBe('added');
    const after = fs.readFileSync(file);
    expect(after.subarray(0, ORIGINAL.length).equals(ORIGINAL)).toBe(true);
    expect(after.subarray(ORIGINAL.length).toString('utf8')).toMatch(
      /^\n\[profile bizcorprole\]\n# managed by amplify-aws-roles\nrole_arn = /,
    );
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(result.backup).toBe(`${file}.bak-20250101T120000Z`);
    expect(fs.readFileSync(result.backup!).equals(ORIGINAL)).toBe(true);
    expect(fs.statSync(result.backup!).mode & 0o777).toBe(0o640);
    const profiles = loadAwsConfig({ env: { HOME: dir, AWS_CONFIG_FILE: file } }).profiles;
    expect(profiles.bizcorprole).toEqual(KEYS);
    expect(profiles.other.output).toBe('json\ncontinued');
    expect(fs.readdirSync(path.dirname(file)).filter((n) => n.endsWith('.tmp') || n.endsWith('.lock'))).toEqual([]);
  });

  test('a file without a final newline gets one before the blank separator, and keeps having none at its end', () => {
    seed('[profile a]\nregion = us-west-2');
    writeProfileSection(file, 'b', { region: 'eu-west-1' }, { now: clock });
    expect(fs.readFileSync(file, 'utf8')).toBe(
      `[profile a]\nregion = us-west-2\n\n[profile b]\n# ${DEFAULT_PROFILE_MARKER}\nregion = eu-west-1`,
    );
  });

  test('a CRLF file gets a CRLF section', () => {
    seed('[profile a]\r\nregion = us-west-2\r\n');
    writeProfileSection(file, 'b', { region: 'eu-west-1' }, { now: clock });
    expect(fs.readFileSync(file, 'utf8')).toBe(
      `[profile a]\r\nregion = us-west-2\r\n\r\n[profile b]\r\n# ${DEFAULT_PROFILE_MARKER}\r\nregion = eu-west-1\r\n`,
    );
  });

  test('writing the same section twice changes nothing the second time: no write, no backup', () => {
    seed(ORIGINAL);
    writeProfileSection(file, 'bizcorprole', KEYS, { now: clock });
    const once = fs.readFileSync(file);
    const inode = fs.statSync(file).ino;
    const second = writeProfileSection(file, 'bizcorprole', KEYS, { now: clock, replace: true });
    expect(second).toEqual({ file, outcome: 'unchanged' });
    expect(fs.readFileSync(file).equals(once)).toBe(true);
    expect(fs.statSync(file).ino).toBe(inode);
    expect(backups()).toHaveLength(1);
  });

  test('an identical profile written by hand counts as the same profile, not a conflict', () => {
    seed(
      '[profile bizcorprole]\nregion=us-east-1\nexternal_id = ext-123\nsource_profile= devcorpuser\nrole_arn =arn:aws:iam::123456789012:role/amplify-deployer\n',
    );
    expect(writeProfileSection(file, 'bizcorprole', KEYS).outcome).toBe('unchanged');
  });

  test('refuses to overwrite a different profile of that name it did not write, even with replace', () => {
    const theirs = `${ORIGINAL.toString('latin1')}[profile bizcorprole]\nrole_arn = arn:aws:iam::999999999999:role/theirs\nsource_profile = x\n`;
    seed(Buffer.from(theirs, 'latin1'));
    const error = thrown(() => writeProfileSection(file, 'bizcorprole', KEYS, { replace: true, now: clock }));
    expect(error.code).toBe('ProfileExists');
    expect(error.message).toBe(
      `${file} already has a different [profile bizcorprole] (line 12) that amplify-aws-roles did not write; refusing to overwrite it.`,
    );
    expect(fs.readFileSync(file).equals(Buffer.from(theirs, 'latin1'))).toBe(true);
    expect(backups()).toEqual([]);
  });

  test('replaces its own section in place when asked, leaving the bytes before and after alone', () => {
    const before = '# top\n[profile a]\nregion = us-west-2\n\n';
    const after = '\n# about b\n[profile b]\nregion = eu-west-1\n';
    seed(before);
    writeProfileSection(file, 'bizcorprole', KEYS, { now: clock });
    fs.appendFileSync(file, after);
    const withOurs = fs.readFileSync(file, 'utf8');
    // Without replace: refused, untouched.
    expect(thrown(() => writeProfileSection(file, 'bizcorprole', { ...KEYS, external_id: 'ext-456' })).code).toBe('ProfileExists');
    expect(fs.readFileSync(file, 'utf8')).toBe(withOurs);

    const result = writeProfileSection(file, 'bizcorprole', { ...KEYS, external_id: 'ext-456' }, { replace: true, now: clock });
    expect(result.outcome).toBe('replaced');
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith(`${before}\n[profile bizcorprole]`)).toBe(true);
    expect(text.endsWith(`external_id = ext-456\nregion = us-east-1\n${after}`)).toBe(true);
    expect(fs.readFileSync(result.backup!, 'utf8')).toBe(withOurs);
  });

  test("a different marker is someone else's section", () => {
    writeProfileSection(file, 'bridge', { credential_process: 'amplify-aws-roles credentials --profile x' }, { marker: 'amplify bridge' });
    expect(thrown(() => writeProfileSection(file, 'bridge', { region: 'us-east-1' }, { replace: true })).code).toBe('ProfileExists');
    expect(writeProfileSection(file, 'bridge', { region: 'us-east-1' }, { replace: true, marker: 'amplify bridge' }).outcome).toBe(
      'replaced',
    );
  });

  test('refuses a profile defined twice, a file that does not parse, and values that would not read back', () => {
    seed('[profile x]\nregion = a\n[profile x]\noutput = json\n');
    expect(thrown(() => writeProfileSection(file, 'x', { region: 'b' }, { replace: true })).message).toMatch(
      /defines \[profile x\] 2 times \(lines 1, 3\)/,
    );
    seed('[profile x\nregion = a\n');
    expect(thrown(() => writeProfileSection(file, 'y', { region: 'b' })).code).toBe('ConfigParseError');
    seed('');
    expect(thrown(() => writeProfileSection(file, 'y', { region: 'b #c' })).code).toBe('InvalidProfileValue');
    expect(thrown(() => writeProfileSection(file, 'y', { region: 'a\nb' })).code).toBe('InvalidProfileValue');
    expect(thrown(() => writeProfileSection(file, 'bad name', { region: 'b' })).code).toBe('InvalidProfileName');
    expect(fs.readFileSync(file, 'utf8')).toBe('');
  });

  test('writes [NAME] headers in a credentials file', () => {
    const credentials = path.join(dir, '.aws', 'credentials');
    writeProfileSection(credentials, 'devcorpuser', { aws_access_key_id: 'AKIAEXAMPLE' }, { kind: 'credentials' });
    expect(fs.readFileSync(credentials, 'utf8')).toBe(`[devcorpuser]\n# ${DEFAULT_PROFILE_MARKER}\naws_access_key_id = AKIAEXAMPLE\n`);
  });

  test('a symlinked config file stays a symlink; its target is updated', () => {
    const real = path.join(dir, 'dotfiles', 'aws-config');
    fs.mkdirSync(path.dirname(real), { recursive: true });
    fs.writeFileSync(real, '[profile a]\nregion = us-west-2\n');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.symlinkSync(real, file);
    const result = writeProfileSection(file, 'b', { region: 'eu-west-1' }, { now: clock });
    expect(result.file).toBe(fs.realpathSync(real));
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toMatch(/\[profile b\]/);
  });

  // Issue 15, item 8: a dangling link (dotfiles manager, target not yet created) was replaced by a regular file.
  test("a dangling symlink is written through: its target (and the target's folder) is created, the link stays", () => {
    const real = path.join(dir, 'dotfiles', 'aws', 'config');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.symlinkSync(path.relative(path.dirname(file), real), file);
    const result = writeProfileSection(file, 'b', { region: 'eu-west-1' }, { now: clock });
    expect(result).toEqual({ file: real, outcome: 'created' });
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toBe(`[profile b]\n# ${DEFAULT_PROFILE_MARKER}\nregion = eu-west-1\n`);
    expect(fs.statSync(real).mode & 0o777).toBe(0o600);
    expect(loadAwsConfig({ env: { HOME: dir, AWS_CONFIG_FILE: file } }).profiles.b).toEqual({ region: 'eu-west-1' });
  });

  test('a loop of symbolic links is refused in one sentence', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.symlinkSync(file, `${file}-other`);
    fs.symlinkSync(`${file}-other`, file);
    expect(thrown(() => writeProfileSection(file, 'b', { region: 'eu-west-1' })).message).toMatch(
      /is a chain of more than 40 symbolic links/,
    );
  });

  // Issue 15, smaller: a config that is a named pipe (or a device) hung the command on its first read.
  test('a named pipe or a device is refused at once, not read, and no lock file or backup is made beside it', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    require('node:child_process').execFileSync('mkfifo', [file]);
    // A zero device of our own (the system's is never a test's target); CI runs as root, so mknod works.
    const zero = path.join(dir, 'zero');
    require('node:child_process').execFileSync('mknod', [zero, 'c', '1', '5']);
    expect(thrown(() => writeProfileSection(file, 'b', { region: 'eu-west-1' })).message).toBe(
      `Refusing to write the config file ${file}: it is a named pipe, not a regular file; nothing was changed.`,
    );
    expect(thrown(() => removeProfileSection(file, 'b')).message).toBe(
      `Refusing to write the config file ${file}: it is a named pipe, not a regular file; nothing was changed.`,
    );
    expect(thrown(() => writeProfileSection(zero, 'b', { region: 'eu-west-1' })).message).toBe(
      `Refusing to write the config file ${zero}: it is a device, not a regular file; nothing was changed.`,
    );
    expect(fs.lstatSync(file).isFIFO()).toBe(true);
    expect(fs.lstatSync(zero).isCharacterDevice()).toBe(true);
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(['config']);
    expect(
      fs
        .readdirSync(dir)
        .filter((n) => n.startsWith('zero'))
        .sort(),
    ).toEqual(['zero']);
  });

  // Issue 15, item 7: a config owned by another user, edited as root (sudo, a shared box), became root's.
  (isRoot ? test : test.skip)('as root, a file of another user keeps its owner and group (the backup too), adding and removing', () => {
    seed('[profile a]\nregion = us-west-2\n', 0o640);
    fs.chownSync(file, 4242, 4343);
    const added = writeProfileSection(file, 'b', { region: 'eu-west-1' }, { now: clock });
    expect(fs.statSync(file)).toMatchObject({ uid: 4242, gid: 4343 });
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(fs.statSync(added.backup!)).toMatchObject({ uid: 4242, gid: 4343 });
    const removed = removeProfileSection(file, 'b', { now: clock });
    expect(fs.statSync(file)).toMatchObject({ uid: 4242, gid: 4343 });
    expect(fs.statSync(removed.backup!)).toMatchObject({ uid: 4242, gid: 4343 });
    expect(fs.readFileSync(file, 'utf8')).toBe('[profile a]\nregion = us-west-2\n');
  });

  test('two processes adding different profiles at once both land (the lock serialises them)', async () => {
    seed('[profile a]\nregion = us-west-2\n');
    const { spawn } = await import('node:child_process');
    // The built module (npm test builds first), so each child is a plain node process.
    const script = (name: string) =>
      `const { writeProfileSection } = require(${JSON.stringify(path.resolve(__dirname, '../../../dist/src/config/writeProfile.js'))}); for (let i = 0; i < 20; i++) writeProfileSection(${JSON.stringify(file)}, ${JSON.stringify(name)} + i, { region: 'eu-west-1' });`;
    const run = (name: string) =>
      new Promise<number>((resolve) =>
        spawn(process.execPath, ['-e', script(name)], { stdio: 'inherit' }).on('close', (code) => resolve(code ?? 1)),
      );
    expect(await Promise.all([run('p'), run('q')])).toEqual([0, 0]);
    const profiles = loadAwsConfig({ env: { HOME: dir, AWS_CONFIG_FILE: file } }).profiles;
    for (let i = 0; i < 20; i++) {
      expect(profiles[`p${i}`]).toEqual({ region: 'eu-west-1' });
      expect(profiles[`q${i}`]).toEqual({ region: 'eu-west-1' });
    }
    expect(profiles.a).toEqual({ region: 'us-west-2' });
  });
});

describe('removeProfileSection', () => {
  test('undoes an addition byte for byte', () => {
    seed(ORIGINAL, 0o644);
    writeProfileSection(file, 'bizcorprole', KEYS, { now: clock });
    const result = removeProfileSection(file, 'bizcorprole', { now: clock });
    expect(result.removed).toBe(true);
    expect(fs.readFileSync(file).equals(ORIGINAL)).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o644);
    expect(fs.readFileSync(result.backup!, 'latin1')).toMatch(/\[profile bizcorprole\]/);
  });

  // Issue 15, smaller: removing used to leave one newline added at the end of a file that had none.
  test.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('undoes an addition byte for byte when the file had no final newline (%s)', (_name, eol) => {
    for (const original of [
      `[profile a]${eol}region = us-west-2`,
      `# only a comment`,
      `[profile a]${eol}region = us-west-2${eol}${eol}# trailing comment`,
    ]) {
      seed(original);
      writeProfileSection(file, 'bizcorprole', KEYS, { now: clock });
      expect(loadAwsConfig({ env: { HOME: dir, AWS_CONFIG_FILE: file } }).profiles.bizcorprole).toEqual(KEYS);
      removeProfileSection(file, 'bizcorprole', { now: clock });
      expect(fs.readFileSync(file, 'latin1')).toBe(original);
    }
  });

  test('removes a section in the middle and leaves its neighbours', () => {
    seed('[profile a]\nregion = 1\n');
    writeProfileSection(file, 'ours', { region: '2' });
    fs.appendFileSync(file, '\n[profile c]\nregion = 3\n');
    removeProfileSection(file, 'ours');
    expect(fs.readFileSync(file, 'utf8')).toBe('[profile a]\nregion = 1\n\n[profile c]\nregion = 3\n');
  });

  test('does nothing for an absent profile or file, and refuses a section it did not write', () => {
    expect(removeProfileSection(file, 'x')).toEqual({ file, removed: false });
    seed('[profile x]\nregion = a\n');
    expect(removeProfileSection(file, 'y')).toEqual({ file, removed: false });
    expect(thrown(() => removeProfileSection(file, 'x')).code).toBe('ProfileNotOurs');
    expect(fs.readFileSync(file, 'utf8')).toBe('[profile x]\nregion = a\n');
    expect(backups()).toEqual([]);
  });
});
