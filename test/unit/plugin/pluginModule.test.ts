import { createPluginModule } from '../../../src/plugin/pluginModule';

/** What the Amplify CLI 14.2.2 does with a plugin module (execution-manager, verify-plugin, get-plugin-instance). */
function importStar(mod: Record<string, unknown>): Record<string, unknown> {
  // tsc's __importStar, as compiled into the CLI: `await import(dir)`.
  if (mod && mod.__esModule) return mod;
  const result: Record<string, unknown> = {};
  for (const key in mod) if (key !== 'default' && Object.prototype.hasOwnProperty.call(mod, key)) result[key] = mod[key];
  result.default = mod;
  return result;
}

function builtInFake() {
  const calls: string[] = [];
  const provider = {
    getEnvParametersDownloadHandler: async (context: unknown) => {
      calls.push('download');
      return context;
    },
    getConfiguredSSMClient: async () => 'ssm',
    constants: { ProviderName: 'awscloudformation' },
    executeAmplifyCommand: async () => 'built-in command',
    handleAmplifyEvent: async () => 'built-in event',
  };
  let loads = 0;
  return {
    calls,
    loads: () => loads,
    load: () => {
      loads++;
      return provider;
    },
  };
}

describe('the plugin module: ours first, the built-in provider for everything else', () => {
  const own = () => ({ __esModule: true, executeAmplifyCommand: async () => 'ours', handleAmplifyEvent: async () => 'our event' });

  test('the CLI verifying the plugin (hasOwnProperty handleAmplifyEvent) and importing it does not load the built-in', async () => {
    const fake = builtInFake();
    const mod = createPluginModule(own(), fake.load);
    expect(Object.prototype.hasOwnProperty.call(mod, 'handleAmplifyEvent')).toBe(true);
    // `await import()` resolves a promise with the module, which reads `then`.
    const imported = await Promise.resolve().then(() => importStar(mod));
    expect(imported).toBe(mod);
    expect(await (imported.executeAmplifyCommand as () => Promise<string>)()).toBe('ours');
    expect(fake.loads()).toBe(0);
  });

  test('our executeAmplifyCommand and handleAmplifyEvent win over the built-in ones', async () => {
    const fake = builtInFake();
    const mod = createPluginModule(own(), fake.load);
    expect(await (mod.executeAmplifyCommand as () => Promise<string>)()).toBe('ours');
    expect(await (mod.handleAmplifyEvent as () => Promise<string>)()).toBe('our event');
  });

  test('provider methods the CLI asks the first "awscloudformation" plugin for come from the built-in', async () => {
    const fake = builtInFake();
    const mod = createPluginModule(own(), fake.load);
    const context = { marker: 1 };
    expect(await (mod.getEnvParametersDownloadHandler as (c: unknown) => Promise<unknown>)(context)).toBe(context);
    expect(await (mod.getConfiguredSSMClient as () => Promise<string>)()).toBe('ssm');
    expect((mod.constants as { ProviderName: string }).ProviderName).toBe('awscloudformation');
    expect(fake.calls).toEqual(['download']);
    expect(fake.loads()).toBeGreaterThan(0);
  });

  test('`then` is never forwarded, so awaiting the module never loads the built-in or makes it a thenable', async () => {
    const thenable = { then: () => 'not a promise' };
    const mod = createPluginModule(own(), () => thenable);
    expect(mod.then).toBeUndefined();
    expect('then' in mod).toBe(false);
    await expect(Promise.resolve(mod)).resolves.toBe(mod);
  });

  test('`in`, Object.keys and property descriptors see both sets of names', () => {
    const fake = builtInFake();
    const mod = createPluginModule(own(), fake.load);
    expect('getConfiguredSSMClient' in mod).toBe(true);
    expect('noSuchMethod' in mod).toBe(false);
    expect(Object.keys(mod)).toEqual(expect.arrayContaining(['executeAmplifyCommand', 'getEnvParametersDownloadHandler', 'constants']));
    expect(Object.keys(mod).filter((k) => k === 'executeAmplifyCommand')).toHaveLength(1);
    expect(Object.getOwnPropertyDescriptor(mod, 'constants')?.value).toEqual({ ProviderName: 'awscloudformation' });
    // A spread (what a non-__esModule import would do) copies the built-in's names too.
    expect(Object.keys({ ...mod })).toContain('getConfiguredSSMClient');
  });

  test('without a built-in provider, forwarded names are simply absent', () => {
    const mod = createPluginModule(own(), () => undefined);
    expect(mod.getEnvParametersDownloadHandler).toBeUndefined();
    expect('getEnvParametersDownloadHandler' in mod).toBe(false);
    expect(Object.keys(mod).sort()).toEqual(['__esModule', 'executeAmplifyCommand', 'handleAmplifyEvent']);
  });
});

describe('the package main (src/plugin/index.ts)', () => {
  test('exports our entry points as own properties, the way the CLI checks them, and is not a thenable', () => {
    const main = require('../../../src/plugin') as Record<string, unknown>;
    for (const name of ['executeAmplifyCommand', 'handleAmplifyEvent', 'configure']) {
      expect(Object.prototype.hasOwnProperty.call(main, name)).toBe(true);
      expect(typeof main[name]).toBe('function');
    }
    expect(main.__esModule).toBe(true);
    expect(main.then).toBeUndefined();
  });
});
