import * as fs from 'node:fs';
import { OWN_KEY, ProjectCacheStore, type CacheScope } from '../../../src/cache';
import { splitTopLevelObject } from '../../../src/cache/rawJsonObject';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';

// The Amplify CLI's provider (packages/amplify-provider-awscloudformation/src/system-config-manager.ts) keeps
// cache[roleArn][sessionName] = {accessKeyId, secretAccessKey, sessionToken, expiration} in the same file, written
// with JSONUtilities.writeJson (JSON.stringify(data, null, 2)) and, by `amplify configure --reset-cache`-style
// resets, with JSON.stringify(data, null, 4). It reads with a BOM-stripping parser.

const t0 = new Date('2026-11-28T12:00:00Z');
const project: CacheScope = { kind: 'project', root: '/work/app' };

function creds(id: string, minutes = 60) {
  return {
    accessKeyId: id,
    secretAccessKey: `secret-${id}`,
    sessionToken: `token-${id}`,
    expiration: new Date(t0.getTime() + minutes * 60e3),
    roleArn: 'arn:aws:iam::1:role/r',
  };
}

function foreignMembers(text: string): Array<[string, string]> {
  return splitTopLevelObject(text)
    .filter((m) => m.key !== OWN_KEY)
    .map((m) => [m.rawKey, m.rawValue]);
}

describe('the cache file shared with the Amplify CLI', () => {
  let sandbox: Sandbox;
  let store: ProjectCacheStore;
  let warnings: string[];
  beforeEach(() => {
    sandbox = makeSandbox();
    warnings = [];
    store = new ProjectCacheStore({ home: sandbox.home, warn: (m) => warnings.push(m), now: () => t0 });
    fs.mkdirSync(store.dir, { recursive: true, mode: 0o700 });
  });
  afterEach(() => sandbox.cleanup());

  const write = (text: string) => fs.writeFileSync(store.file, text, { mode: 0o600 });
  const read = () => fs.readFileSync(store.file, 'utf8');

  test('oddly formatted foreign members keep their exact key and value text through every kind of write', () => {
    const original = '{"arn:aws:iam::1:role/x": {"a" : 1.50, "u": "\\u00e9"},\n\t"k\\u0041" :[ 1e2 , "}" ,{"q":"\\"]"} ] ,"z":null}';
    write(original);
    const expected = foreignMembers(original);
    expect(expected).toEqual([
      ['"arn:aws:iam::1:role/x"', '{"a" : 1.50, "u": "\\u00e9"}'],
      ['"k\\u0041"', '[ 1e2 , "}" ,{"q":"\\"]"} ]'],
      ['"z"', 'null'],
    ]);
    store.put(project, 'biz', creds('A1'));
    expect(foreignMembers(read())).toEqual(expected);
    store.putMfaSession('ASIAEXAMPLEEXAMPLE|arn:aws:iam::1:mfa/me', creds('S1'));
    store.removeProject(project);
    store.removeMfaSessions();
    store.put({ kind: 'none' }, 'other', creds('N1'));
    expect(JSON.parse(read())[OWN_KEY]).toEqual({ version: 2, generation: expect.stringMatching(/^[0-9a-f]{32}$/), mfaSessions: {} });
    expect(store.removeAll()).toEqual({ entries: 1, mfaSessions: 0 });
    expect(foreignMembers(read())).toEqual(expected);
    expect(JSON.parse(read())[OWN_KEY]).toBeUndefined();
  });

  test('the Amplify CLI and this tool keep each other’s entries through each other’s writes', () => {
    const amplifyRole = 'arn:aws:iam::222:role/amplify-admin';
    const amplifyCreds = {
      accessKeyId: 'ASIAAMPLIFY',
      secretAccessKey: 's',
      sessionToken: 't',
      expiration: new Date(t0.getTime() + 3600e3),
    };
    // Amplify CLI's cacheRoleCredentials on an empty cache.
    write(JSON.stringify({ [amplifyRole]: { amplify: amplifyCreds } }, null, 2));
    const amplifyText = foreignMembers(read());
    store.putMfaSession('ours', creds('OURS'));
    expect(foreignMembers(read())).toEqual(amplifyText);
    // Amplify CLI's cacheRoleCredentials again: parse everything, add a role, write everything back.
    const all = JSON.parse(read());
    all['arn:aws:iam::333:role/second'] = { amplify: amplifyCreds };
    write(JSON.stringify(all, null, 2));
    expect(store.getMfaSession('ours')?.accessKeyId).toBe('OURS');
    // Its reset-cache rewrites the file with four-space indentation.
    const afterReset = JSON.parse(read());
    delete afterReset['arn:aws:iam::333:role/second'];
    write(JSON.stringify(afterReset, null, 4));
    expect(store.getMfaSession('ours')?.accessKeyId).toBe('OURS');
    store.putMfaSession('second', creds('OURS2'));
    // What Amplify's getCachedRoleCredentials reads is still there, value for value.
    expect(JSON.parse(read())[amplifyRole].amplify).toEqual(JSON.parse(JSON.stringify(amplifyCreds)));
    expect(Object.keys(JSON.parse(read()))).toEqual([amplifyRole, OWN_KEY]);
    expect(warnings).toEqual([]);
  });

  test('our member keeps its place among the others', () => {
    write('{"first": 1, "amplify-aws-roles": {"version": 1, "projects": {}, "mfaSessions": {}}, "last": 2}');
    store.putMfaSession('k', creds('A1'));
    expect(Object.keys(JSON.parse(read()))).toEqual(['first', OWN_KEY, 'last']);
  });

  test('an empty file and a byte order mark are accepted as the Amplify CLI accepts them', () => {
    write('');
    expect(store.get(project, 'biz')).toBeUndefined();
    expect(store.getMfaSession('k')).toBeUndefined();
    store.putMfaSession('k', creds('A1'));
    expect(store.getMfaSession('k')?.accessKeyId).toBe('A1');
    write('\ufeff{"arn:aws:iam::1:role/x": {"a": 1}}');
    store.putMfaSession('k', creds('A2'));
    expect(foreignMembers(read())).toEqual([['"arn:aws:iam::1:role/x"', '{"a": 1}']]);
    expect(warnings).toEqual([]);
    expect(fs.readdirSync(store.dir)).toEqual(['cache.json']);
  });

  test('a section written by a newer layout is neither used nor changed', () => {
    const newer = '{"amplify-aws-roles": {"version": 3, "whatever": {"x": 1}}}';
    write(newer);
    expect(store.getMfaSession('k')).toBeUndefined();
    store.putMfaSession('k', creds('A1'));
    store.put(project, 'biz', creds('B1'));
    expect(store.get(project, 'biz')).toBeUndefined();
    expect(store.removeAll()).toEqual({ entries: 0, mfaSessions: 0 });
    expect(read()).toBe(newer);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/layout version 3, newer than this version understands/);
  });

  test('an unrecognised section of ours is ignored, with a warning, and replaced on the next write', () => {
    write('{"keep": true, "amplify-aws-roles": "not an object"}');
    expect(store.getMfaSession('k')).toBeUndefined();
    expect(warnings[0]).toMatch(/unrecognised layout/);
    store.putMfaSession('k', creds('A1'));
    expect(JSON.parse(read())).toMatchObject({ keep: true, [OWN_KEY]: { version: 2 } });
  });

  test('malformed entries inside a bucket are skipped, not fatal', () => {
    const generation = '0123456789abcdef0123456789abcdef';
    write(JSON.stringify({ [OWN_KEY]: { version: 2, generation, mfaSessions: [] } }));
    const good = {
      generation,
      accessKeyId: 'G',
      secretAccessKey: 's',
      sessionToken: 't',
      expiration: new Date(t0.getTime() + 3600e3).toISOString(),
      obtainedAt: t0.toISOString(),
    };
    fs.mkdirSync(store.projectsDir, { mode: 0o700 });
    fs.writeFileSync(
      store.bucketFile(project),
      JSON.stringify({
        version: 2,
        projects: {
          '/work/app': { bad: { accessKeyId: 1 }, noToken: { accessKeyId: 'a', secretAccessKey: 's', expiration: t0.toISOString() }, good },
        },
      }),
      { mode: 0o600 },
    );
    expect(store.get(project, 'bad')).toBeUndefined();
    expect(store.get(project, 'noToken')).toBeUndefined();
    expect(store.get(project, 'good')?.accessKeyId).toBe('G');
  });

  test('a profile named __proto__ is stored like any other name', () => {
    store.put(project, '__proto__', creds('P1'));
    expect(store.get(project, '__proto__')?.accessKeyId).toBe('P1');
    expect(Object.keys(JSON.parse(fs.readFileSync(store.bucketFile(project), 'utf8')).projects['/work/app'])).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).accessKeyId).toBeUndefined();
  });

  test('once cache.json has a generation, storing or resetting a project leaves it byte for byte, same file', () => {
    const original =
      '{"arn:aws:iam::1:role/x": {"a": 1},\n "amplify-aws-roles": {"version": 2, "generation": "0123456789abcdef0123456789abcdef", "mfaSessions": {}}}';
    write(original);
    const before = fs.statSync(store.file);
    store.put(project, 'biz', creds('A1'));
    expect(store.get(project, 'biz')).toMatchObject({ accessKeyId: 'A1', generation: '0123456789abcdef0123456789abcdef' });
    expect(store.removeProject(project)).toBe(1);
    expect(read()).toBe(original);
    expect(fs.statSync(store.file).ino).toBe(before.ino);
  });

  test('project entries an earlier version kept in cache.json are orphaned: never used, dropped by the next write; MFA sessions and other members stay', () => {
    const entry = (id: string) => ({
      roleArn: 'arn:aws:iam::1:role/r',
      accessKeyId: id,
      secretAccessKey: 's',
      sessionToken: 't',
      expiration: new Date(t0.getTime() + 3600e3).toISOString(),
      obtainedAt: t0.toISOString(),
    });
    const amplify = '"arn:aws:iam::222:role/amplify-admin": {"amplify": {"accessKeyId": "ASIAAMPLIFY"}}';
    write(
      `{\n  ${amplify},\n  "amplify-aws-roles": ${JSON.stringify({ version: 1, projects: { '/work/app': { biz: entry('OLD1') }, '/work/élan': { ops: entry('OLD2') } }, mfaSessions: { k: entry('S1') } })}\n}\n`,
    );
    expect(store.get(project, 'biz')).toBeUndefined();
    expect(store.listEntries()).toEqual([]);
    expect(store.layout().orphanedEntries).toBe(2);
    expect(store.getMfaSession('k')?.accessKeyId).toBe('S1');
    store.put({ kind: 'project', root: '/work/other' }, 'biz', creds('NEW'));
    const after = JSON.parse(read());
    expect(after[OWN_KEY]).toEqual({ version: 2, generation: expect.stringMatching(/^[0-9a-f]{32}$/), mfaSessions: { k: entry('S1') } });
    expect(read()).toContain(amplify);
    expect(store.layout().orphanedEntries).toBe(0);
    expect(warnings).toEqual([]);
  });

  test("invalid UTF-8 in another tool's member survives every write byte for byte", () => {
    const foreign = Buffer.concat([
      Buffer.from('{"other-tool": {"name": "caf'),
      Buffer.from([0xc3, 0xa9, 0x20, 0xff, 0xfe, 0x80]),
      Buffer.from('", "k\u00e9y": 1},\n'),
    ]);
    const old = {
      accessKeyId: 'OLD',
      secretAccessKey: 's',
      sessionToken: 't',
      expiration: new Date(t0.getTime() + 3600e3).toISOString(),
      obtainedAt: t0.toISOString(),
    };
    const ours = Buffer.from(
      ` "amplify-aws-roles": ${JSON.stringify({ version: 1, generation: '0123456789abcdef0123456789abcdef', mfaSessions: { 'AKIAOLD|arn:aws:iam::1:mfa/prøject': old } })}}`,
    );
    fs.writeFileSync(store.file, Buffer.concat([foreign, ours]), { mode: 0o600 });
    const foreignValue = foreign.subarray(foreign.indexOf('{', 1), foreign.lastIndexOf('}') + 1);
    expect(store.getMfaSession('AKIAOLD|arn:aws:iam::1:mfa/prøject')?.accessKeyId).toBe('OLD');
    store.put({ kind: 'project', root: '/work/prøject' }, 'biz', creds('P1'));
    store.putMfaSession('AKIAÉXAMPLE|arn:aws:iam::1:mfa/ø', creds('S1'));
    store.removeMfaSession('nothing');
    const bytes = fs.readFileSync(store.file);
    expect(bytes.includes(foreignValue)).toBe(true);
    expect(store.getMfaSession('AKIAÉXAMPLE|arn:aws:iam::1:mfa/ø')?.accessKeyId).toBe('S1');
    expect(store.listEntries()).toEqual([expect.objectContaining({ scope: '/work/prøject', profile: 'biz' })]);
  });
});
