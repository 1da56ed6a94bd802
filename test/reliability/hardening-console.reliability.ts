import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import * as path from 'node:path';
import { standInFederation } from '../helpers/federation';
import { DEV_SECRET, walkthroughSandbox } from '../helpers/walkthrough';
import { useFakeSts } from './helpers/fakeSts';
import { oneSentenceProblems } from './helpers/oneSentence';
import { rememberSecrets, runTool } from './helpers/secretScan';

// Issue 25, items 9 and 10: `console` hands the role's console session to the page the sign-in link names, so that
// page must be the AWS console of the role's partition (before: any https host, https://evil.example included), and a
// region read from the project is checked as a region (before: a crafted Region in team-provider-info.json went into
// the URL). And a federation endpoint that stalls after its headers ends with a sentence naming it (before:
// "Unexpected error: The operation was aborted due to timeout").
const sts = useFakeSts({ okBeforeEach: true });
rememberSecrets(DEV_SECRET);

function expectOneSentence(result: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(result.code).not.toBe(0);
  expect(result.code).toBeLessThan(128);
  expect(result.stdout).toBe('');
  expect(oneSentenceProblems(result.stderr)).toEqual([]);
  expect(result.stderr.split('\n')[0]).toMatch(pattern);
}

async function consoleBox() {
  const box = walkthroughSandbox({ motoUrl: sts.url });
  const project = box.project('app');
  const federation = await standInFederation();
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runTool(['console', '--profile', 'bizcorprole', '--mfa-code', '123456', '--print', ...args], {
      env: { ...box.env, AMPLIFY_AWS_ROLES_FEDERATION_ENDPOINT: federation.url, ...env },
      cwd: project,
      timeoutMs: 60_000,
    });
  const destinationOf = (url: string) => new URL(url.trim()).searchParams.get('Destination');
  const done = async () => {
    await federation.close();
    box.cleanup();
  };
  return { box, project, federation, run, destinationOf, done };
}

describe('issue 25 item 9: console --destination and the region stay on the AWS console', () => {
  test.each([
    'https://evil.example/',
    'https://console.aws.amazon.com.evil.example/',
    'https://evilconsole.aws.amazon.com/',
    'https://user@console.aws.amazon.com/',
    'https://console.aws.amazon.com:8443/',
    'http://console.aws.amazon.com/',
    'javascript:alert(1)',
  ])(
    'item 9: --destination %s is refused in one sentence before STS is called',
    async (destination) => {
      const { run, federation, done } = await consoleBox();
      expectOneSentence(
        await run(['--destination', destination]),
        /^Error: --destination must be (a full https:\/\/ URL of the AWS console|an https:\/\/ URL of the AWS console \(console\.aws\.amazon\.com or a host under it\)), not ".*"\.$/,
      );
      expect(sts.requests).toHaveLength(0);
      expect(federation.requests).toHaveLength(0);
      await done();
    },
    60_000,
  );

  test('item 9: a GovCloud console host is refused for a role of the aws partition (checked once the role is known)', async () => {
    const { run, federation, done } = await consoleBox();
    expectOneSentence(
      await run(['--destination', 'https://console.amazonaws-us-gov.com/']),
      /^Error: --destination must be an https:\/\/ URL of the AWS console \(console\.aws\.amazon\.com or a host under it\)/,
    );
    expect(federation.requests).toHaveLength(0);
    await done();
  }, 60_000);

  test("item 9: console pages of the role's partition are accepted as they are", async () => {
    const { run, destinationOf, done } = await consoleBox();
    for (const destination of [
      'https://console.aws.amazon.com/iam/home',
      'https://us-east-1.console.aws.amazon.com/s3/home?region=us-east-1#/buckets',
    ]) {
      const result = await run(['--destination', destination]);
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      expect(destinationOf(result.stdout)).toBe(destination);
    }
    await done();
  }, 60_000);

  test.each([
    ['a host in the region', 'us-east-1.evil.example/x?'],
    ['a path in the region', 'us-east-1/../../evil'],
    ['an upper-case region', 'US-EAST-1'],
  ])(
    'item 9: team-provider-info.json with %s as Region: console --amplify refuses in one sentence naming the file, before STS',
    async (_what, region) => {
      const { project, run, federation, done } = await consoleBox();
      fs.writeFileSync(path.join(project, 'amplify', '.config', 'local-env-info.json'), JSON.stringify({ envName: 'dev' }));
      fs.writeFileSync(
        path.join(project, 'amplify', 'team-provider-info.json'),
        JSON.stringify({ dev: { awscloudformation: { Region: region, AmplifyAppId: 'd1a2b3c4d5e6f7' } } }),
      );
      expectOneSentence(
        await run(['--amplify']),
        /^Error: The region ".*" \(environment "dev" of .*, amplify\/team-provider-info\.json\) is not an AWS region name such as us-east-1; refusing to open the console with it\.$/,
      );
      expect(sts.requests).toHaveLength(0);
      expect(federation.requests).toHaveLength(0);
      await done();
    },
    60_000,
  );

  test('item 9: a well-formed project region and app id give the Amplify console of that region', async () => {
    const { project, run, destinationOf, done } = await consoleBox();
    fs.writeFileSync(path.join(project, 'amplify', '.config', 'local-env-info.json'), JSON.stringify({ envName: 'dev' }));
    fs.writeFileSync(
      path.join(project, 'amplify', 'team-provider-info.json'),
      JSON.stringify({ dev: { awscloudformation: { Region: 'eu-central-2', AmplifyAppId: 'd1a2b3c4d5e6f7' } } }),
    );
    const result = await run(['--amplify']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(destinationOf(result.stdout)).toBe(
      'https://eu-central-2.console.aws.amazon.com/amplify/home?region=eu-central-2#/d1a2b3c4d5e6f7',
    );
    await done();
  }, 60_000);
});

describe('issue 25 item 10: the federation endpoint under a deadline', () => {
  test('item 10: a federation endpoint that sends its headers and then stalls ends with one sentence naming it, at AMPLIFY_AWS_ROLES_STS_TIMEOUT', async () => {
    const sockets = new Set<Socket>();
    const stalling = http.createServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.flushHeaders();
    });
    stalling.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(stalling.address() as AddressInfo).port}`;
    const box = walkthroughSandbox({ motoUrl: sts.url });
    try {
      const result = await runTool(['console', '--profile', 'bizcorprole', '--mfa-code', '123456', '--print'], {
        env: { ...box.env, AMPLIFY_AWS_ROLES_FEDERATION_ENDPOINT: `${endpoint}/federation`, AMPLIFY_AWS_ROLES_STS_TIMEOUT: '2' },
        cwd: box.project('app'),
        timeoutMs: 60_000,
      });
      expectOneSentence(
        result,
        new RegExp(
          `^Error: The AWS federation endpoint ${endpoint.replace(/[.]/g, '\\.')} did not answer the sign-in request for profile "bizcorprole" within 2 seconds\\.$`,
        ),
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => stalling.close(resolve));
      box.cleanup();
    }
  }, 90_000);
});
