import * as fs from 'node:fs';
import { insertKeyLines, removeKeyLines } from '../../../src/config/profileKeyLines';
import { planCredentialChain } from '../../../src/plan/planCredentialChain';
import { classifyProfile } from '../../../src/plan/classifyProfile';
import { makeSandbox } from '../../helpers/sandbox';

describe('moving the two key lines out of a shared file and back', () => {
  const sandbox = makeSandbox();
  afterAll(() => sandbox.cleanup());

  test('only the two lines leave; comments, other keys, CRLF endings, other sections and the mode stay', () => {
    const text =
      '# top\r\n[dev]\r\n; note\r\naws_access_key_id = AKIAKEYLINES00000001\r\nregion = eu-west-1\r\nAWS_Secret_Access_Key=s3cr3t ; trailing\r\n\r\n[devx]\r\naws_access_key_id = AKIAOTHER00000000001\r\naws_secret_access_key = keep-me\r\n';
    const file = sandbox.write('crlf-credentials', text, 0o640);
    expect(removeKeyLines(file, 'credentials', 'dev')).toEqual({ file, removed: 2, scrubbed: [], remaining: [] });
    expect(fs.readFileSync(file, 'utf8')).toBe(
      '# top\r\n[dev]\r\n; note\r\nregion = eu-west-1\r\n\r\n[devx]\r\naws_access_key_id = AKIAOTHER00000000001\r\naws_secret_access_key = keep-me\r\n',
    );
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(sandbox.home).filter((n) => n.includes('crlf-credentials'))).toEqual(['crlf-credentials']);
  });

  test('in the config file, [profile NAME] sections are the ones edited; bytes that are not UTF-8 survive', () => {
    const text = Buffer.concat([
      Buffer.from('[profile dev]\naws_access_key_id = AKIAKEYLINES00000002\naws_secret_access_key = x\nnote = '),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('\n[dev]\naws_access_key_id = ignored-section\n'),
    ]);
    const file = sandbox.path('config-bytes');
    fs.writeFileSync(file, text);
    expect(removeKeyLines(file, 'config', 'dev').removed).toBe(2);
    expect(fs.readFileSync(file)).toEqual(
      Buffer.concat([
        Buffer.from('[profile dev]\nnote = '),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('\n[dev]\naws_access_key_id = ignored-section\n'),
      ]),
    );
  });

  test('no such profile or no keys: the file is not rewritten', () => {
    const file = sandbox.write('untouched', '[a]\nb = c\n');
    const before = fs.statSync(file).mtimeMs;
    expect(removeKeyLines(file, 'credentials', 'dev').removed).toBe(0);
    expect(fs.statSync(file).mtimeMs).toBe(before);
  });

  test('insertKeyLines puts them under an existing header, or adds a section', () => {
    const file = sandbox.write('insert', '[dev]\nregion = us-east-1\n\n[other]\nx = y');
    insertKeyLines(file, 'dev', { accessKeyId: 'AKIAKEYLINES00000003', secretAccessKey: 'sec' });
    insertKeyLines(file, 'new', { accessKeyId: 'AKIAKEYLINES00000004', secretAccessKey: 'sec2' });
    expect(fs.readFileSync(file, 'utf8')).toBe(
      '[dev]\naws_access_key_id = AKIAKEYLINES00000003\naws_secret_access_key = sec\nregion = us-east-1\n\n[other]\nx = y\n\n[new]\naws_access_key_id = AKIAKEYLINES00000004\naws_secret_access_key = sec2\n',
    );
  });
});

describe('planning with the vault', () => {
  const vault = (names: Record<string, string>) => {
    const asked: string[] = [];
    const lookup = (profile: string) => (asked.push(profile), names[profile] ? { accessKeyId: names[profile] } : undefined);
    return Object.assign(lookup, { asked });
  };
  const role = { role_arn: 'arn:aws:iam::123456789012:role/r', source_profile: 'dev' };

  test('a source profile whose keys are in the vault is the base, like static keys', () => {
    const lookup = vault({ dev: 'AKIAVAULTPLAN0000001' });
    const plan = planCredentialChain({ biz: role, dev: { region: 'us-east-1' } }, 'biz', { vault: lookup });
    expect(plan.chain).toEqual([
      { vault: { profile: 'dev', accessKeyId: 'AKIAVAULTPLAN0000001' } },
      { assumeRole: { profile: 'biz', roleArn: role.role_arn } },
    ]);
    expect(classifyProfile({ dev: {} }, 'dev', {}, lookup).kind).toBe('vault');
  });

  test('keys in the files win, and the vault is not even asked about them (the warm path reads nothing new)', () => {
    const lookup = vault({ dev: 'AKIAVAULTPLAN0000001' });
    const plan = planCredentialChain({ biz: role, dev: { aws_access_key_id: 'AKIAFILES00000000001', aws_secret_access_key: 's' } }, 'biz', {
      vault: lookup,
    });
    expect(plan.chain[0]).toEqual({ static: { profile: 'dev', accessKeyId: 'AKIAFILES00000000001' } });
    expect(lookup.asked).toEqual([]);
  });

  test('a profile that is its own source_profile may keep its keys in the vault; a source with role_arn and vault keys ends the chain', () => {
    const self = { role_arn: 'arn:aws:iam::123456789012:role/self', source_profile: 'me' };
    expect(planCredentialChain({ me: self }, 'me', { vault: vault({ me: 'AKIAVAULTPLAN0000002' }) }).chain[0]).toEqual({
      vault: { profile: 'me', accessKeyId: 'AKIAVAULTPLAN0000002' },
    });
    const plan = planCredentialChain(
      { biz: role, dev: { role_arn: 'arn:aws:iam::123456789012:role/ignored', source_profile: 'x' } },
      'biz',
      { vault: vault({ dev: 'AKIAVAULTPLAN0000003' }) },
    );
    expect(plan.chain).toHaveLength(2);
    expect(plan.chain[0]).toEqual({ vault: { profile: 'dev', accessKeyId: 'AKIAVAULTPLAN0000003' } });
  });

  test('without a record the old errors stand', () => {
    expect(() => planCredentialChain({ biz: role, dev: {} }, 'biz', { vault: vault({}) })).toThrow(/profile "dev" has no credentials/);
  });
});
