/**
 * `npm run demo`: the walkthrough on this machine, against a local STS server (moto).
 * Biz Corp's role trusts Dev Corp's account and requires an external id and MFA; Dev Corp's user has keys.
 * We resolve the role with an MFA code, show the cache entry (secrets masked), resolve again from the cache
 * with no STS call, reset the cache, and stop the server.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startMoto, type MotoServer } from './lib/moto';

const BIN = path.resolve(__dirname, '..', 'amplify-aws-roles.js');
const BIZ_ACCOUNT = '123456789012';
const DEV_ACCOUNT = '210987654321';

/** Bold banners only on a terminal, and never with NO_COLOR set (https://no-color.org) or TERM=dumb. */
const BOLD = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';

function banner(text: string): void {
  process.stdout.write(BOLD ? `\n\x1b[1m== ${text}\x1b[0m\n` : `\n== ${text}\n`);
}

function run(args: string[], env: NodeJS.ProcessEnv, cwd: string): string {
  process.stdout.write(`$ amplify-aws-roles ${args.join(' ')}\n`);
  const output = execFileSync(process.execPath, [BIN, ...args], { env, cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(`${output.trimEnd().replace(/^/gm, '  ')}\n`);
  return output;
}

async function assumeRoleCalls(moto: MotoServer): Promise<number> {
  return (await moto.requests()).filter((r) => r.action === 'AssumeRole').length;
}

async function main(): Promise<void> {
  let moto: MotoServer;
  try {
    moto = await startMoto();
  } catch (error) {
    process.stderr.write(`The demo needs moto, the local STS server: ${(error as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aar-demo-'));
  try {
    banner(`local STS server (moto) at ${moto.url}; sandbox HOME ${home}`);
    fs.mkdirSync(path.join(home, '.aws'), { mode: 0o700 });
    fs.writeFileSync(
      path.join(home, '.aws', 'config'),
      [
        '[profile bizcorprole]',
        `role_arn = arn:aws:iam::${BIZ_ACCOUNT}:role/amplify-deployer`,
        'source_profile = devcorpuser',
        `mfa_serial = arn:aws:iam::${DEV_ACCOUNT}:mfa/dev-user`,
        'external_id = demo-external-id-4f1c',
        'region = us-east-1',
        '',
        '[profile devcorpuser]',
        'region = us-east-1',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(home, '.aws', 'credentials'),
      '[devcorpuser]\naws_access_key_id = AKIADEMODEVCORPUSER1\naws_secret_access_key = demo-secret-not-real-0000000000000000000\n',
      { mode: 0o600 },
    );
    const project = path.join(home, 'my-amplify-app');
    fs.mkdirSync(path.join(project, 'amplify', '.config'), { recursive: true });
    fs.writeFileSync(
      path.join(project, 'amplify', '.config', 'project-config.json'),
      JSON.stringify({ projectName: 'myamplifyapp', version: '3.1' }),
    );

    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      AWS_ENDPOINT_URL_STS: moto.url,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };

    banner('the profiles we read, and the plan for bizcorprole (no network)');
    run(['profiles'], env, project);
    run(['chain', '--profile', 'bizcorprole'], env, project);

    banner('first use: assume the role with an MFA code (one AssumeRole reaches STS)');
    run(['whoami', '--profile', 'bizcorprole', '--mfa-code', '123456'], env, project);
    const afterFirst = await assumeRoleCalls(moto);
    const sent = (await moto.requests()).find((r) => r.action === 'AssumeRole');
    process.stdout.write(
      `  STS saw ${afterFirst} AssumeRole call(s), ExternalId=${sent?.params.ExternalId}, SerialNumber=${sent?.params.SerialNumber}, signed by ${sent?.accessKeyId}\n`,
    );

    banner('the cache entry for this project (secrets masked)');
    run(['cache'], env, project);
    // Project entries live in one of 256 bucket files beside the Amplify CLI's cache.json.
    const buckets = path.join(home, '.amplify', 'awscloudformation', 'amplify-aws-roles');
    const cacheFile = path.join(
      buckets,
      fs.readdirSync(buckets).find((f) => /^projects-[0-9a-f]{2}\.json$/.test(f))!,
    );
    process.stdout.write(
      `  ${cacheFile}: mode ${(fs.statSync(cacheFile).mode & 0o777).toString(8)}, folder mode ${(fs.statSync(path.dirname(cacheFile)).mode & 0o777).toString(8)}\n`,
    );

    banner('second use: served from the cache, no MFA code, no AssumeRole');
    run(['whoami', '--profile', 'bizcorprole'], env, project);
    const afterSecond = await assumeRoleCalls(moto);
    process.stdout.write(`  STS saw ${afterSecond} AssumeRole call(s) in total\n`);

    banner('reset the cache of this project');
    run(['reset-cache'], env, project);

    if (afterFirst !== 1 || afterSecond !== 1) throw new Error(`expected exactly one AssumeRole, saw ${afterFirst} then ${afterSecond}`);
    banner('done: one MFA code, one AssumeRole, two resolutions');
  } finally {
    await moto.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`demo failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
