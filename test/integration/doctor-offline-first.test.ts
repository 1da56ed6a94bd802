import { BIN, runCli } from '../helpers/cli';
import { useSts } from '../helpers/sts';
import { startTerminal, type TerminalSession } from '../helpers/tmux';
import { walkthroughSandbox } from '../helpers/walkthrough';

// Issue 23, item 2: doctor as a person runs it in a terminal, against the strict STS stand-in (codes from the virtual
// device; a new device per test, so no test waits for another's code). The offline checks come first and are
// on screen as they finish; fresh cached credentials are used (no code); a code is asked only when none are cached
// and no earlier check failed; --fresh assumes the role anew.
describe('doctor: offline checks first, then the cache, then a code only when it must', () => {
  const sts = useSts({ resetRecording: true, newDeviceEachTest: true });
  const code = () => sts.walkthrough.user.device.code();
  let terminal: TerminalSession | undefined;
  afterEach(() => terminal?.kill());
  const assumeRoles = async () => (await sts.requests()).filter((r) => r.action === 'AssumeRole');
  const doctorIn = (args: string) => `${process.execPath} ${BIN} doctor --profile bizcorprole ${args}`;

  /** The walkthrough's home, with a project; `cached`: whoami has just cached the role's credentials (with that code). */
  async function inProject(
    options: { cached?: boolean; config?: (text: string) => string },
    body: (sandbox: ReturnType<typeof walkthroughSandbox>, project: string, cachedWith?: string) => Promise<void>,
  ): Promise<void> {
    const sandbox = walkthroughSandbox({ sts });
    try {
      if (options.config) sandbox.write('.aws/config', options.config(sandbox.read('.aws/config')));
      const project = sandbox.project('app');
      const cachedWith = options.cached ? await code() : undefined;
      if (cachedWith)
        expect(
          (await runCli(['whoami', '--profile', 'bizcorprole', '--mfa-code', cachedWith], { env: sandbox.env, cwd: project })).code,
        ).toBe(0);
      await body(sandbox, project, cachedWith);
    } finally {
      sandbox.cleanup();
    }
  }

  test('seconds after whoami cached credentials, doctor asks for no code and proves the cached ones', async () => {
    await inProject({ cached: true }, async (sandbox, project) => {
      expect(await assumeRoles()).toHaveLength(1);
      terminal = startTerminal(doctorIn(''), { env: sandbox.env, cwd: project, width: 400 });
      const screen = await terminal.waitFor(/Everything needed works|check(s)? failed/, 30000);
      expect(await terminal.exitCode()).toBe(0);
      expect(screen).not.toMatch(/MFA code for profile/);
      expect(screen).toMatch(
        /pass {2}assume-role +The cached credentials of arn:aws:iam::123456789012:role\/amplify-deployer \(ASIA…\w{4}\) work: they are arn:aws:sts::123456789012:assumed-role\/amplify-deployer\/.*No code was needed; --fresh assumes the role anew\./,
      );
      expect(await assumeRoles()).toHaveLength(1);
      expect(screen).not.toContain(sts.walkthrough.user.secretAccessKey);
    });
  }, 60000);

  test('with nothing cached, the offline lines are on screen before the MFA prompt', async () => {
    await inProject({}, async (sandbox, project) => {
      terminal = startTerminal(doctorIn(''), { env: sandbox.env, cwd: project });
      const atPrompt = await terminal.waitFor(/MFA code for profile "bizcorprole"/, 30000);
      const beforePrompt = atPrompt.slice(0, atPrompt.indexOf('MFA code for profile'));
      for (const id of ['config-file', 'profile', 'plan', 'cache', 'vault', 'amplify-plugin', 'source-keys'])
        expect(beforePrompt).toMatch(new RegExp(`^(pass|warn|skip) {2}${id} `, 'm'));
      expect(beforePrompt.indexOf('Checking profile "bizcorprole"')).toBeGreaterThanOrEqual(0);
      const typed = await code();
      terminal.type(typed);
      const screen = await terminal.waitFor(/Everything needed works/, 30000);
      expect(await terminal.exitCode()).toBe(0);
      expect(screen).toMatch(
        /pass {2}assume-role +Assumed arn:aws:iam::123456789012:role\/amplify-deployer; the new credentials \(ASIA…\w{4}\) expire at /,
      );
      expect((await assumeRoles()).map((call) => call.params.TokenCode)).toEqual([typed]);
    });
  }, 60000);

  test('an offline check failed: no code is asked, the assume-role line says why; --fresh asks anyway', async () => {
    await inProject(
      { config: (text) => text.replace('region = us-east-1\n\n[profile devcorpuser]', '\n[profile devcorpuser]') },
      async (sandbox, project) => {
        terminal = startTerminal(doctorIn(''), { env: sandbox.env, cwd: project });
        const screen = await terminal.waitFor(/check(s)? failed/, 30000);
        expect(await terminal.exitCode()).toBe(1);
        expect(screen).not.toMatch(/MFA code for profile/);
        expect(screen).toMatch(/FAIL {2}region +\[profile bizcorprole\] .* has no region/);
        expect(screen).toMatch(
          /skip {2}assume-role +Not assumed: that would ask for an MFA code, and region failed above\. Fix it and run doctor again \(--fresh assumes the role anyway\)\./,
        );
        expect(await assumeRoles()).toHaveLength(0);
        terminal.kill();

        terminal = startTerminal(doctorIn('--fresh'), { env: sandbox.env, cwd: project });
        await terminal.waitFor(/MFA code for profile "bizcorprole"/, 30000);
        const typed = await code();
        terminal.type(typed);
        await terminal.waitFor(/check(s)? failed/, 30000);
        expect((await assumeRoles()).map((call) => call.params.TokenCode)).toEqual([typed]);
      },
    );
  }, 90000);

  test('--fresh with fresh cached credentials assumes the role anew, with a code', async () => {
    await inProject({ cached: true }, async (sandbox, project, cachedWith) => {
      terminal = startTerminal(doctorIn('--fresh'), { env: sandbox.env, cwd: project });
      await terminal.waitFor(/MFA code for profile "bizcorprole"/, 30000);
      const typed = await code();
      terminal.type(typed);
      const screen = await terminal.waitFor(/Everything needed works/, 30000);
      expect(screen).toMatch(/pass {2}assume-role +Assumed /);
      expect((await assumeRoles()).map((call) => call.params.TokenCode)).toEqual([cachedWith, typed]);
    });
  }, 60000);
});
