import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN, runCli } from '../helpers/cli';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';
import { startTerminal, type TerminalSession } from '../helpers/tmux';

// setup-role's questions as a person meets them, in a real pseudo-terminal (tmux).
describe('setup-role at a terminal', () => {
  let sandbox: Sandbox;
  let terminal: TerminalSession | undefined;
  beforeEach(() => {
    sandbox = makeSandbox();
  });
  afterEach(() => {
    terminal?.kill();
    sandbox.cleanup();
  });

  test('asks for what the flags left out, re-asks a bad answer, and prints the flags that reproduce the answers', async () => {
    const out = sandbox.path('out');
    terminal = startTerminal(`${process.execPath} ${BIN} setup-role --biz-account 123456789012 --out ${out}`, {
      env: sandbox.env,
      cwd: sandbox.home,
      width: 400,
    });
    await terminal.waitFor("Dev Corp's 12-digit account id");
    terminal.type('2109');
    await terminal.waitFor('Must be a 12-digit AWS account id.');
    terminal.type('\b\b\b\b', false);
    terminal.type('210987654321');
    await terminal.waitFor('Name of the role in Biz Corp');
    terminal.type('');
    await terminal.waitFor('External id the role requires');
    terminal.type('');
    await terminal.waitFor('Require MFA to assume the role?');
    terminal.type('');
    await terminal.waitFor('Region for the role profile');
    terminal.type('');
    await terminal.waitFor("ARN of the Dev Corp user's MFA device");
    terminal.type('arn:aws:iam::210987654321:mfa/dev-user');
    await terminal.waitFor('Amplify categories the role may deploy');
    terminal.type('auth,api');
    const screen = await terminal.waitFor(/Next:/);
    expect(await terminal.exitCode()).toBe(0);

    const trust = JSON.parse(fs.readFileSync(path.join(out, 'biz-trust-policy.json'), 'utf8'));
    const externalId = trust.Statement[0].Condition.StringEquals['sts:ExternalId'];
    expect(externalId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(trust.Statement[0].Principal).toEqual({ AWS: 'arn:aws:iam::210987654321:root' });
    expect(screen).toContain('Role arn:aws:iam::123456789012:role/amplify-deployer');
    expect(screen).toContain('Permissions:  core, auth, api (as answered)');

    // The printed flags give the same plan without any question (what each --apply run needs).
    const flagsLine = /amplify-aws-roles setup-role (--dev-account .*)/.exec(screen)![1].trim();
    expect(flagsLine).toBe(
      `--dev-account 210987654321 --biz-account 123456789012 --role-name amplify-deployer --external-id ${externalId} --mfa-serial arn:aws:iam::210987654321:mfa/dev-user --categories auth,api --region us-east-1`,
    );
    const again = await runCli(['setup-role', ...flagsLine.split(' '), '--out', sandbox.path('again')], {
      env: sandbox.env,
      cwd: sandbox.home,
    });
    expect(again.code).toBe(0);
    for (const name of ['biz-trust-policy.json', 'biz-permissions-policy.json', 'dev-assume-role-policy.json', 'config']) {
      expect(fs.readFileSync(sandbox.path(`again/${name}`), 'utf8')).toBe(fs.readFileSync(path.join(out, name), 'utf8'));
    }
  });
});
