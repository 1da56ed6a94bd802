import * as fs from 'node:fs';
import { cachedCredentials, ProjectCacheStore, type CacheScope } from '../../../src/cache';
import { mfaCodeProvider, sayingFirst } from '../../../src/prompts/mfaCode';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';
import { creds, HOUR, T0 as t0 } from '../../helpers/cacheFixtures';

// Upgrading from a version before cache.json was the root: the entries it stored (no generation) are never served.
// Each stays until it expires, so every cached project's first prompt for a code says why, once; a project whose
// credentials come without a code is refreshed silently.

/** The buckets as the previous version wrote them: version 1, entries without a generation, and no cache.json. */
function earlierLayout(store: ProjectCacheStore, scopes: CacheScope[]): void {
  fs.mkdirSync(store.projectsDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(store.dir, 0o700);
  for (const scope of scopes) {
    const file = store.bucketFile(scope);
    const data = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { version: 1, projects: {} };
    data.projects[(scope as { root: string }).root] = {
      biz: {
        roleArn: 'arn:aws:iam::1:role/r',
        accessKeyId: 'ASIAOLD',
        secretAccessKey: 'secret-old',
        sessionToken: 'token-old',
        expiration: new Date(t0.getTime() + HOUR).toISOString(),
        obtainedAt: t0.toISOString(),
      },
    };
    fs.writeFileSync(file, JSON.stringify(data), { mode: 0o600 });
  }
}

describe('upgrading from the layout without a generation', () => {
  let sandbox: Sandbox;
  let store: ProjectCacheStore;
  const app: CacheScope = { kind: 'project', root: '/work/app' };
  const app2: CacheScope = { kind: 'project', root: '/work/app2' };
  const app3: CacheScope = { kind: 'project', root: '/work/app3' };
  beforeEach(() => {
    sandbox = makeSandbox();
    store = new ProjectCacheStore({ home: sandbox.home, now: () => t0 });
    earlierLayout(store, [app, app2, app3]);
  });
  afterEach(() => sandbox.cleanup());

  /** What the person sees: the lines said and the prompts, in order; `asks` false: credentials that need no code. */
  async function resolve(scope: CacheScope, seen: string[], asks = true) {
    const ask = mfaCodeProvider(async () => (seen.push(`prompt for ${(scope as { root: string }).root}`), '123456'), true);
    return cachedCredentials(
      store,
      { scope, profile: 'biz', roleArn: 'arn:aws:iam::1:role/r', minTtlSeconds: 900, now: () => t0 },
      async ({ why }) => {
        const mfa = why ? sayingFirst(ask, why, (line) => seen.push(line)) : ask;
        if (asks) await mfa({ profile: 'biz', mfaSerial: 'arn:aws:iam::1:mfa/me', attempt: 1 });
        return creds(`ASIANEW${seen.length}`);
      },
    );
  }

  test("each cached project asks one new code, and its first prompt says why, once; the other projects' entries wait for theirs", async () => {
    const why = `The cached credentials for profile "biz" were stored by an earlier version of amplify-aws-roles, before ${store.file} became the root of its cache (removing that file now removes them all); getting new ones this once.`;
    const seen: string[] = [];
    expect((await resolve(app, seen)).fromCache).toBe(false);
    // The write made the generation and swept every bucket: the earlier version's entries of app2 and app3 stayed.
    expect(store.lookup(app2, 'biz')).toMatchObject({ current: false, entry: { accessKeyId: 'ASIAOLD' } });
    expect((await resolve(app, seen)).fromCache).toBe(true);
    expect((await resolve(app2, seen)).fromCache).toBe(false);
    expect((await resolve(app2, seen)).fromCache).toBe(true);
    expect(seen).toEqual([why, 'prompt for /work/app', why, 'prompt for /work/app2']);
    expect(store.layout().earlierVersionEntries).toBe(1);
  });

  test('credentials that need no code replace the entry without a word', async () => {
    const seen: string[] = [];
    expect((await resolve(app3, seen, false)).fromCache).toBe(false);
    expect((await resolve(app3, seen, false)).fromCache).toBe(true);
    expect(seen).toEqual([]);
  });
});

describe('sayingFirst', () => {
  test('says its sentence once, just before the first code is asked for; a provider never asked says nothing', async () => {
    const seen: string[] = [];
    const ask = mfaCodeProvider(async (request) => (seen.push(`ask ${request.attempt}`), '123456'), true);
    const saying = sayingFirst(ask, 'why', (line) => seen.push(line));
    expect(saying.interactive).toBe(true);
    sayingFirst(ask, 'never said', (line) => seen.push(line));
    await saying({ profile: 'p', mfaSerial: 's', attempt: 1 });
    await saying({ profile: 'p', mfaSerial: 's', attempt: 2 });
    expect(seen).toEqual(['why', 'ask 1', 'ask 2']);
  });

  test('when nobody can be asked, the sentence comes before the error that says how to pass a code', async () => {
    const seen: string[] = [];
    const { noTerminalMfaCode } = await import('../../../src/prompts/mfaCode');
    await expect(
      sayingFirst(noTerminalMfaCode(), 'why', (line) => seen.push(line))({ profile: 'p', mfaSerial: 's', attempt: 1 }),
    ).rejects.toMatchObject({ code: 'MfaCodeRequired' });
    expect(seen).toEqual(['why']);
  });
});
