import * as fs from 'node:fs';
import * as path from 'node:path';
import { planCredentialChain } from '../../../src/plan';
import { defaultSessionName, projectNameOf, sourceUserOf } from '../../../src/resolve/sessionName';
import { makeSandbox } from '../../helpers/sandbox';
import { toolErrorOf } from '../../helpers/toolError';

const now = new Date('2026-12-01T10:00:00Z');
const STS_NAME = /^[\w+=,.@-]{2,64}$/;

describe('the default RoleSessionName', () => {
  test.each([
    [{ user: 'dev-user', project: 'myapp' }, 'dev-user@myapp'],
    [{ user: 'dev-user' }, 'dev-user@amplify-aws-roles'],
    [{ project: 'myapp' }, 'amplify-aws-roles@myapp'],
    [{}, `amplify-aws-roles-${Math.floor(now.getTime() / 1000)}`],
    // Characters STS refuses become "-"; nothing usable left counts as unknown.
    [{ user: 'Jörg Müller', project: 'my app' }, 'J-rg-M-ller@my-app'],
    [{ user: '***', project: 'myapp' }, 'amplify-aws-roles@myapp'],
  ])('%j -> %s', (who, expected) => {
    expect(defaultSessionName(who, now)).toBe(expected);
    expect(defaultSessionName(who, now)).toMatch(STS_NAME);
  });

  test('shortened safely: at most 64 characters, the user part gives way and "@project" stays', () => {
    const name = defaultSessionName({ user: 'u'.repeat(80), project: 'myapp' }, now);
    expect(name).toBe(`${'u'.repeat(64 - '@myapp'.length)}@myapp`);
    const both = defaultSessionName({ user: 'u'.repeat(80), project: 'p'.repeat(80) }, now);
    expect(both).toBe(`${'u'.repeat(31)}@${'p'.repeat(32)}`);
    for (let n = 1; n < 100; n += 7)
      expect(defaultSessionName({ user: 'x'.repeat(n), project: 'y'.repeat(100 - n) }, now)).toMatch(STS_NAME);
  });

  test('the user: the first MFA device of the chain, named after its user', () => {
    const plan = (profiles: Record<string, Record<string, string>>, name: string) => planCredentialChain(profiles, name);
    const keys = { aws_access_key_id: 'AKIAEXAMPLE000000001', aws_secret_access_key: 's' };
    expect(
      sourceUserOf(
        plan(
          {
            r: {
              role_arn: 'arn:aws:iam::123456789012:role/r',
              source_profile: 'u',
              mfa_serial: 'arn:aws:iam::210987654321:mfa/team/dev-user',
            },
            u: keys,
          },
          'r',
        ),
      ),
    ).toBe('dev-user');
    // A hardware token's serial is no ARN, and a role without MFA names nobody.
    expect(
      sourceUserOf(
        plan({ r: { role_arn: 'arn:aws:iam::123456789012:role/r', source_profile: 'u', mfa_serial: 'GAHT12345678' }, u: keys }, 'r'),
      ),
    ).toBeUndefined();
    expect(sourceUserOf(plan({ r: { role_arn: 'arn:aws:iam::123456789012:role/r', source_profile: 'u' }, u: keys }, 'r'))).toBeUndefined();
  });

  test("the project: its projectName, else its folder's name", () => {
    const s = makeSandbox();
    const root = s.path('some-folder');
    fs.mkdirSync(path.join(root, 'amplify', '.config'), { recursive: true });
    expect(projectNameOf(root)).toBe('some-folder');
    fs.writeFileSync(path.join(root, 'amplify', '.config', 'project-config.json'), JSON.stringify({ projectName: 'myapp' }));
    expect(projectNameOf(root)).toBe('myapp');
    s.cleanup();
  });
});

describe('source_identity', () => {
  const role = (value: string) => ({
    r: { role_arn: 'arn:aws:iam::123456789012:role/r', source_profile: 'u', source_identity: value },
    u: { aws_access_key_id: 'AKIAEXAMPLE000000001', aws_secret_access_key: 's' },
  });

  test('goes into the AssumeRole step (and so into the plan digest)', () => {
    expect(planCredentialChain(role('dev-user'), 'r').chain[1]).toEqual({
      assumeRole: { profile: 'r', roleArn: 'arn:aws:iam::123456789012:role/r', sourceIdentity: 'dev-user' },
    });
  });

  test.each(['x', 'aws:dev', 'dev user', 'd'.repeat(65), 'dév'])('"%s" is refused in one sentence naming the profile', (value) => {
    const error = toolErrorOf(() => planCredentialChain(role(value), 'r'));
    expect(error.code).toBe('InvalidSourceIdentity');
    expect(error.message).toBe(
      `Profile "r" has source_identity = ${value}; STS takes 2 to 64 letters, digits and _+=,.@- (and nothing starting with "aws:").`,
    );
  });
});
