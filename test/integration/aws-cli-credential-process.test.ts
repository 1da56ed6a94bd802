import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BIN } from '../helpers/cli';
import { findMotoPython } from '../helpers/moto';
import { useSts } from '../helpers/sts';
import { walkthroughSandbox } from '../helpers/walkthrough';

const run = promisify(execFile);

// A real peer: the AWS CLI (v1, shipped in the same Python as moto) uses `credentials` as its credential_process
// and so shares this tool's cache.
describe('the AWS CLI using amplify-aws-roles as credential_process', () => {
  const sts = useSts();

  test('two AWS CLI calls run with the role, and STS sees one AssumeRole', async () => {
    const sandbox = walkthroughSandbox({
      sts,
      extraConfig: `[profile cached]\ncredential_process = ${process.execPath} ${BIN} credentials --profile bizcorprole\nregion = us-east-1\n`,
    });
    const project = sandbox.project('app');
    const env = { ...sandbox.env, AMPLIFY_AWS_ROLES_MFA_CODE: await sts.walkthrough.user.device.code() };
    const awsCli = (args: string[]) =>
      run(findMotoPython(), ['-m', 'awscli', '--endpoint-url', sts.url, ...args, '--profile', 'cached', '--output', 'json'], {
        env,
        cwd: project,
      });
    const first = JSON.parse((await awsCli(['sts', 'get-caller-identity'])).stdout);
    // The session's name says who and which project, as Biz Corp's CloudTrail will show it.
    expect(first.Arn).toBe('arn:aws:sts::123456789012:assumed-role/amplify-deployer/dev-user@app');
    const second = JSON.parse((await awsCli(['sts', 'get-caller-identity'])).stdout);
    expect(second.Arn).toBe(first.Arn);
    const requests = await sts.requests();
    expect(requests.filter((r) => r.action === 'AssumeRole')).toHaveLength(1);
    const identityCalls = requests.filter((r) => r.action === 'GetCallerIdentity');
    expect(identityCalls).toHaveLength(2);
    expect(identityCalls[0].accessKeyId).toBe(identityCalls[1].accessKeyId);
    expect(identityCalls[0].accessKeyId).toMatch(/^ASIA/);
    sandbox.cleanup();
  }, 60000);
});
