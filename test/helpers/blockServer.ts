/**
 * A server for the enclosing describe block (or file): started in beforeAll, stopped in afterAll. The object
 * returned stands for it once started: its properties and methods are the server's, read when used (so a test may
 * hold it from the start), and using it before beforeAll ran is an error that says so.
 */
export function useServerForBlock<T extends object>(
  what: string,
  start: () => Promise<T>,
  stop: (server: T) => Promise<unknown> | void,
  timeoutMs = 60000,
): T {
  let server: T | undefined;
  beforeAll(async () => {
    server = await start();
  }, timeoutMs);
  afterAll(async () => {
    if (server) await stop(server);
  });
  const started = (): T => {
    if (!server) throw new Error(`${what} has not started: it starts in beforeAll`);
    return server;
  };
  return new Proxy({} as T, {
    get(_target, key) {
      const value = Reflect.get(started(), key);
      return typeof value === 'function' ? value.bind(started()) : value;
    },
    set(_target, key, value) {
      return Reflect.set(started(), key, value);
    },
  });
}
