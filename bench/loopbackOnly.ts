/**
 * Preloaded (`node -r`) into every process of the benchmark that may call STS: a connection to anything but
 * the loopback interface throws, so a misconfigured endpoint can never reach AWS from the benchmark.
 */
import * as net from 'node:net';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', undefined, '']);
// eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called with .apply(this) by the guard below.
const connect = net.Socket.prototype.connect as (...args: unknown[]) => net.Socket;

net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]): net.Socket {
  const first = args[0];
  const options = (Array.isArray(first) ? first[0] : first) as { host?: string; path?: string } | number | string;
  const host =
    typeof options === 'object' && options !== null
      ? options.path
        ? 'localhost'
        : options.host
      : typeof options === 'number'
        ? (args[1] as string | undefined)
        : 'localhost';
  if (!LOOPBACK.has(host)) throw new Error(`benchmark guard: refusing to connect to ${host}; only 127.0.0.1 is allowed`);
  return connect.apply(this, args);
};
