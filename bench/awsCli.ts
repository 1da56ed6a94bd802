import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The two AWS CLIs the benchmark uses. v2 (Debian's `awscli` package, /usr/bin/aws) is the one measured;
 * v2.9 cannot be pointed at a local STS server, so its cache (~/.aws/cli/cache, shared by both) is filled by
 * v1, which honours AWS_ENDPOINT_URL_STS.
 */
export const AWS_CLI_V2 = '/usr/bin/aws';

function version(file: string, args: string[] = []): string | undefined {
  const result = spawnSync(file, [...args, '--version'], { encoding: 'utf8', timeout: 60_000 });
  return result.status === 0 ? `${result.stdout}${result.stderr}`.trim() : undefined;
}

/** /usr/bin/aws, installed with apt-get when missing; returns its version line. */
export function ensureAwsCliV2(log: (line: string) => void): string {
  let found = fs.existsSync(AWS_CLI_V2) ? version(AWS_CLI_V2) : undefined;
  if (!found) {
    log(`${AWS_CLI_V2} is missing: installing Debian's awscli package (AWS CLI v2) with apt-get...`);
    const asRoot = typeof process.getuid !== 'function' || process.getuid() === 0;
    const run = (args: string[]) =>
      execFileSync(asRoot ? args[0] : 'sudo', asRoot ? args.slice(1) : args, {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    run(['apt-get', 'update', '-qq']);
    run(['apt-get', 'install', '-y', '-qq', 'awscli']);
    found = version(AWS_CLI_V2);
  }
  if (!found?.startsWith('aws-cli/2.')) throw new Error(`${AWS_CLI_V2} is not AWS CLI v2 (${found ?? 'it does not run'})`);
  return found.split('\n')[0];
}

/** AWS CLI v1 as `[file, ...args]`: the Python that runs moto usually has it; else the `aws` on PATH if it is v1. */
export function findAwsCliV1(python: string, env: NodeJS.ProcessEnv): { command: string[]; version: string } {
  const candidates: string[][] = [[python, '-m', 'awscli']];
  const home = env.HOME ?? '';
  for (const dir of [path.join(home, '.pyenv', 'shims'), '/root/.pyenv/shims', ...(env.PATH ?? '').split(':')]) {
    const file = path.join(dir, 'aws');
    if (file !== AWS_CLI_V2 && fs.existsSync(file)) candidates.push([file]);
  }
  for (const command of candidates) {
    const found = version(command[0], command.slice(1));
    if (found?.startsWith('aws-cli/1.')) return { command, version: found.split('\n')[0] };
  }
  throw new Error(
    `AWS CLI v1 (needed to fill the AWS CLI cache from the local STS server) was not found: tried ${candidates.map((c) => c.join(' ')).join(', ')}`,
  );
}

/**
 * Environment for both AWS CLIs: the bench HOME, STS at the local server, and an HTTPS proxy on a closed loopback
 * port, so a request that would leave the machine (v2 ignores AWS_ENDPOINT_URL_STS) fails at once instead.
 */
export function awsCliEnv(home: string, stsUrl: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ENDPOINT_URL_STS: stsUrl,
    HTTPS_PROXY: 'http://127.0.0.1:9',
    https_proxy: 'http://127.0.0.1:9',
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
}

/** Fills ~/.aws/cli/cache by assuming the profile's role once with v1 (MFA code on stdin); returns the cached key id. */
export function seedAwsCliCache(v1: string[], profile: string, env: NodeJS.ProcessEnv, mfaCode: string): string {
  const result = spawnSync(v1[0], [...v1.slice(1), 'sts', 'get-caller-identity', '--profile', profile], {
    env,
    input: `${mfaCode}\n`,
    encoding: 'utf8',
    timeout: 60_000,
    detached: true,
  } as Parameters<typeof spawnSync>[2] & { detached: boolean });
  if (result.status !== 0)
    throw new Error(`AWS CLI v1 could not assume the role: ${String(result.stderr).trim().split('\n').slice(-2).join(' | ')}`);
  const dir = path.join(env.HOME!, '.aws', 'cli', 'cache');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  if (files.length !== 1) throw new Error(`expected one AWS CLI cache file in ${dir}, found ${files.length}`);
  return (JSON.parse(fs.readFileSync(path.join(dir, files[0]), 'utf8')) as { Credentials: { AccessKeyId: string } }).Credentials
    .AccessKeyId;
}
