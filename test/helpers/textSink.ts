import { Writable } from 'node:stream';

/** A stream that keeps what is written to it, for a command's stdout or stderr in a test. */
export function textSink(): Writable & { text(): string } {
  let text = '';
  return Object.assign(new Writable({ write: (chunk, _e, done) => ((text += chunk.toString()), done()) }), { text: () => text });
}
