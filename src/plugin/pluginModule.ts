/**
 * The module the Amplify CLI loads for our plugin. The CLI treats the *first* registered plugin named
 * "awscloudformation" as the provider (getPluginInstance, invokePluginMethod: getEnvParametersDownloadHandler,
 * getConfiguredSSMClient, ...) and the *last* one of type "provider" as the provider for init/push/configure. After
 * `amplify plugin scan` that is us, after `amplify plugin add` it is the built-in. So our module answers for both:
 * our own exports first, and every other name from the built-in provider, loaded on first use.
 */
export type ModuleExports = Record<string, unknown>;

/** Names never forwarded: `then` is read by every `await import()` and must not load (or be) anything. */
const NEVER_FORWARDED = new Set(['then', 'default']);

export function createPluginModule(own: ModuleExports, builtIn: () => ModuleExports | undefined): ModuleExports {
  const forwards = (key: string | symbol): key is string =>
    typeof key === 'string' && !NEVER_FORWARDED.has(key) && !Object.prototype.hasOwnProperty.call(own, key);
  return new Proxy(own, {
    get(target, key, receiver) {
      if (!forwards(key)) return Reflect.get(target, key, receiver) as unknown;
      return builtIn()?.[key];
    },
    has(target, key) {
      if (!forwards(key)) return Reflect.has(target, key);
      const provider = builtIn();
      return provider !== undefined && key in provider;
    },
    ownKeys(target) {
      const provider = builtIn() ?? {};
      return [...new Set([...Reflect.ownKeys(target), ...Object.keys(provider).filter((key) => forwards(key))])];
    },
    getOwnPropertyDescriptor(target, key) {
      if (!forwards(key)) return Reflect.getOwnPropertyDescriptor(target, key);
      const provider = builtIn();
      if (!provider || !Object.prototype.hasOwnProperty.call(provider, key)) return undefined;
      // Reported as configurable: the proxy target does not hold it, which the Proxy invariants require.
      return { value: provider[key], writable: false, enumerable: true, configurable: true };
    },
  });
}
