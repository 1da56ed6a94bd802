import * as fs from 'node:fs';
import { makeWorld, startServices, stripAnsi, type Services, type World } from './helpers/world';

let services: Services;
let world: World;
jest.setTimeout(600000);
beforeAll(async () => { services = await startServices(); });
afterAll(async () => { world?.cleanup(); await services.stop(); });
const INIT = (name: string, profile: string) => ['init', '--amplify', JSON.stringify({ projectName: name, envName: 'dev', defaultEditor: 'code' }), '--frontend', JSON.stringify({ frontend: 'javascript', framework: 'none', config: { SourceDir: 'src', DistributionDir: 'dist', BuildCommand: 'npm run-script build', StartCommand: 'npm run-script start' } }), '--providers', JSON.stringify({ awscloudformation: { configLevel: 'project', useProfile: true, profileName: profile } }), '--yes'];

test('explore', async () => {
  world = await makeWorld(services, 'after "amplify plugin scan"');
  const dir = world.sandbox.path('app');
  fs.mkdirSync(dir);
  const init = await world.run(INIT('app', 'bizcorprole'), { cwd: dir, env: { AMPLIFY_AWS_ROLES_MFA_CODE: '111111' } });
  console.log('INIT', init.code);
  const add = await world.run(['env', 'add', '--envName', 'test', '--amplify', JSON.stringify({ envName: 'test' }), '--providers', JSON.stringify({ awscloudformation: { configLevel: 'project', useProfile: true, profileName: 'bizcorprole' } }), '--yes'], { cwd: dir });
  console.log('ENVADD', add.code, add.text);
  const s = world.terminal(['plugin', 'remove'], dir);
  await s.waitFor('Select the plugin packages to remove', 60000);
  for (let i = 0; i < 40; i++) {
    const screen = stripAnsi(s.screen());
    const cursor = screen.split('\n').find((l) => l.trimStart().startsWith('❯'));
    if (cursor && /awscloudformation|amplify-aws-roles/.test(cursor)) break;
    s.press('Down');
    await new Promise((r) => setTimeout(r, 150));
  }
  console.log(stripAnsi(s.screen()));
  s.press('Space');
  await new Promise((r) => setTimeout(r, 300));
  s.press('Enter');
  await new Promise((r) => setTimeout(r, 3000));
  console.log(stripAnsi(s.screen()));
});
