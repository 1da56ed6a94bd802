import * as fs from 'node:fs';
import * as path from 'node:path';
import { configureProject, removeBridge, type ConfigureProjectOptions } from '../../../src/amplify/configureProject';
import { loadAwsConfig } from '../../../src/config';
import { configureProjectRun } from '../../helpers/configureProjectRun';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';
import { walkthroughConfig } from '../../helpers/walkthrough';

// Two environments of one project folder with the same role profile share one bridge. `configure-project --remove` in
// one of them puts that environment's previous selection back and keeps the section while another environment's entry
// in local-aws-info.json still names it; the last one to remove it takes it out.
const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'amplify-project');

describe('configure-project --remove and a bridge two environments share', () => {
  let sandbox: Sandbox;
  let root: string;
  const configDir = () => path.join(root, 'amplify', '.config');
  const info = () => JSON.parse(fs.readFileSync(path.join(configDir(), 'local-aws-info.json'), 'utf8'));
  const bridges = () => Object.keys(loadAwsConfig({ env: sandbox.env }).profiles).filter((name) => name.startsWith('amplify-aws-roles-'));
  const checkout = (envName: string) =>
    fs.writeFileSync(path.join(configDir(), 'local-env-info.json'), JSON.stringify({ projectPath: root, defaultEditor: 'code', envName }));
  const options = (overrides: Partial<ConfigureProjectOptions> = {}) => configureProjectRun(sandbox.env, root, overrides);

  beforeEach(async () => {
    sandbox = makeSandbox({
      '.aws/config': walkthroughConfig(),
      '.aws/credentials': '[devcorpuser]\naws_access_key_id = AKIADEVCORPUSER00001\naws_secret_access_key = s\n',
    });
    const dir = sandbox.path('app');
    fs.cpSync(FIXTURE, dir, { recursive: true });
    root = fs.realpathSync(dir);
    for (const envName of ['dev', 'prod']) {
      checkout(envName);
      expect(await configureProject(options({ profile: 'bizcorprole' }))).toBe(0);
    }
    expect(bridges()).toHaveLength(1);
    expect([info().dev.profileName, info().prod.profileName]).toEqual([bridges()[0], bridges()[0]]);
  });
  afterEach(() => sandbox.cleanup());

  test('--remove in one environment keeps the section the other still selects, and says so in one line', async () => {
    const [bridge] = bridges();
    const config = sandbox.read('.aws/config');
    checkout('dev');
    const run = options();
    expect(await removeBridge(run)).toBe(0);
    expect(sandbox.read('.aws/config')).toBe(config);
    // dev goes back to what the fixture selected before; prod keeps the bridge.
    expect(info()).toEqual({
      dev: { configLevel: 'project', useProfile: true, profileName: 'devcorpuser' },
      prod: { configLevel: 'project', useProfile: true, profileName: bridge },
    });
    const lines = run.stdout.text().trimEnd().split('\n');
    expect(lines[0]).toBe(`Kept [profile ${bridge}] in ${sandbox.path('.aws/config')}: environment "prod" still uses it.`);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('amplify/.config/local-aws-info.json: environment "dev" uses profile "devcorpuser" again.');
  });

  test('--remove in the last environment that selects it takes the section out', async () => {
    const [bridge] = bridges();
    checkout('dev');
    expect(await removeBridge(options())).toBe(0);
    checkout('prod');
    const run = options();
    expect(await removeBridge(run)).toBe(0);
    expect(run.stdout.text()).toContain(`Removed [profile ${bridge}] from ${sandbox.path('.aws/config')}`);
    expect(bridges()).toEqual([]);
    expect(Object.keys(info())).toEqual(['dev']);
  });

  test('--remove --bridge-name NAME keeps a section another environment selects too', async () => {
    const [bridge] = bridges();
    checkout('prod');
    const run = options({ bridgeName: bridge });
    expect(await removeBridge(run)).toBe(0);
    expect(bridges()).toEqual([bridge]);
    expect(run.stdout.text()).toContain(`environment "dev" still uses it.`);
    expect(Object.keys(info())).toEqual(['dev']);
  });
});
