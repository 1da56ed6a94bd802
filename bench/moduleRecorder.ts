/**
 * Preloaded (`node -r`) to list what a process loads: every file in require's cache and every built-in module
 * asked for, written as JSON to $AAR_MODULE_LOG when the process exits.
 */
import * as fs from 'node:fs';
import Module = require('node:module');

const output = process.env.AAR_MODULE_LOG;
const builtins = new Set<string>();
const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
const original = loader._load;
loader._load = function recordingLoad(this: unknown, request: string, parent: unknown, isMain: boolean) {
  if (Module.isBuiltin(request)) builtins.add(request.replace(/^node:/, ''));
  return original.call(this, request, parent, isMain);
};

process.on('exit', () => {
  if (!output) return;
  const files = Object.keys(require.cache).filter((file) => file !== __filename);
  fs.writeFileSync(output, JSON.stringify({ files, builtins: [...builtins].sort() }));
});
