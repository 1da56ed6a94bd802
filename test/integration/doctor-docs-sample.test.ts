import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, ROOT } from '../helpers/cli';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';
import { EXTERNAL_ID, walkthroughConfig } from '../helpers/walkthrough';
import { startWalkthroughAws, type WalkthroughAws } from '../helpers/walkthroughAws';

// docs/doctor.md shows two real runs of `doctor`: what it prints must be what the page shows, so that a check added or
// reworded later cannot leave the page behind. The runs are made again here, against moto in its checking mode and the
// Amplify API stand-in as doctor-cli.test.ts has them (test/helpers/walkthroughAws.ts), and compared line by line, with the throwaway home shown as
// /home/me and only what differs between runs set aside (access key ids, times, minutes left, the app's id).
// UPDATE_DOCS=1 writes this run into the page instead.
const PAGE = path.join(ROOT, 'docs', 'doctor.md');
const BLOCK = /^```\n(\$ amplify-aws-roles doctor [^\n]*)\n([\s\S]*?)^```$/gm;

function sameAcrossRuns(text: string): string {
  return text
    .replace(/\b(AKIA|ASIA)…\w{4}\b/g, '$1…(key)')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '(time)')
    .replace(/\(in \d+ min\)/g, '(in N min)')
    .replace(/\(shop d\w+,/g, '(shop (app id),');
}

describe('the sample runs in docs/doctor.md', () => {
  let aws: WalkthroughAws | undefined;
  const sandboxes: Sandbox[] = [];
  beforeAll(async () => {
    aws = await startWalkthroughAws();
  }, 60000);
  afterAll(async () => {
    for (const sandbox of sandboxes) sandbox.cleanup();
    await aws?.stop();
  });

  /** The walkthrough's home with the project "app"; `externalId` and `credentialsMode` make the first sample's mistakes. */
  function home(options: { externalId?: string; credentialsMode?: number } = {}): { sandbox: Sandbox; project: string } {
    const sandbox = makeSandbox();
    sandboxes.push(sandbox);
    sandbox.write('.aws/config', walkthroughConfig({ externalId: options.externalId }), 0o600);
    sandbox.write(
      '.aws/credentials',
      `[devcorpuser]\naws_access_key_id = ${aws!.key.id}\naws_secret_access_key = ${aws!.key.secret}\n`,
      options.credentialsMode ?? 0o600,
    );
    Object.assign(sandbox.env, {
      AWS_ENDPOINT_URL_STS: aws!.moto.url,
      AWS_ENDPOINT_URL_AMPLIFY: aws!.amplifyApi.url,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    const project = sandbox.write('app/amplify/.config/project-config.json', JSON.stringify({ projectName: 'app', version: '3.1' }));
    return { sandbox, project: fs.realpathSync(path.resolve(project, '..', '..', '..')) };
  }

  /** `$ command` and what it printed, as the page shows it. */
  async function run(sandbox: Sandbox, cwd: string, args: string[]): Promise<{ code: number; shown: string }> {
    const result = await runCli(args, { env: sandbox.env, cwd, timeoutMs: 60000 });
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toContain(aws!.key.secret);
    const shown = `$ amplify-aws-roles ${args.join(' ')}\n${result.stdout}`.split(fs.realpathSync(sandbox.home)).join('/home/me');
    return { code: result.code, shown };
  }

  test('are what doctor prints today', async () => {
    // A wrong external_id and a world-readable credentials file, nothing cached: exit 1.
    const broken = home({ externalId: 'not-the-agreed-external-id', credentialsMode: 0o644 });
    const first = await run(broken.sandbox, broken.project, ['doctor', '--profile', 'bizcorprole', '--mfa-code', '123456']);
    expect(first.code).toBe(1);
    // The same setup mended, seconds after whoami cached credentials: no code is asked, exit 0.
    const mended = home();
    expect(
      (await runCli(['whoami', '--profile', 'bizcorprole', '--mfa-code', '123456'], { env: mended.sandbox.env, cwd: mended.project })).code,
    ).toBe(0);
    const second = await run(mended.sandbox, mended.project, ['doctor', '--profile', 'bizcorprole']);
    expect(second.code).toBe(0);
    expect(second.shown).toContain(`external_id is set (${EXTERNAL_ID.length} characters`);

    const page = fs.readFileSync(PAGE, 'utf8');
    const samples = [...page.matchAll(BLOCK)];
    expect(samples.map((m) => m[1])).toEqual([first, second].map((r) => r.shown.split('\n')[0]));
    if (process.env.UPDATE_DOCS === '1') {
      let index = 0;
      fs.writeFileSync(
        PAGE,
        page.replace(BLOCK, () => `\`\`\`\n${[first, second][index++].shown.trimEnd()}\n\`\`\``),
      );
      return;
    }
    expect(samples.map((m) => sameAcrossRuns(`${m[1]}\n${m[2]}`).split('\n'))).toEqual(
      [first, second].map((r) => sameAcrossRuns(`${r.shown.trimEnd()}\n`).split('\n')),
    );
  }, 120000);
});
