/**
 * Preloaded (`node -r`) to list what a process loads, written as JSON to $AAR_MODULE_LOG when the process exits:
 * - files: every file in require's cache, plus files compiled through vm.Script (the launcher runs the credentials
 *   bundle that way, from its code cache);
 * - builtins: every built-in module asked for by name;
 * - internals: every module Node's own loader loaded after this hook (process.moduleLoadList), which also shows
 *   what a lazily built process.stdout or a required built-in pulled in (node:stream and friends).
 */
import * as fs from 'node:fs';
import Module = require('node:module');
import vm = require('node:vm');

const output = process.env.AAR_MODULE_LOG;
const builtins = new Set<string>();
const compiled: string[] = [];
const loadedBefore = (process as unknown as { moduleLoadList: string[] }).moduleLoadList.length;
const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
const original = loader._load;
loader._load = function recordingLoad(this: unknown, request: string, parent: unknown, isMain: boolean) {
  if (Module.isBuiltin(request)) builtins.add(request.replace(/^node:/, ''));
  return original.call(this, request, parent, isMain);
};
const OriginalScript = vm.Script;
(vm as { Script: typeof vm.Script }).Script = class RecordedScript extends OriginalScript {
  constructor(code: string, options?: vm.ScriptOptions | string) {
    super(code, options);
    const filename = typeof options === 'string' ? options : options?.filename;
    if (filename) compiled.push(filename);
  }
};

process.on('exit', () => {
  if (!output) return;
  const files = [...Object.keys(require.cache).filter((file) => file !== __filename), ...compiled];
  const internals = (process as unknown as { moduleLoadList: string[] }).moduleLoadList
    .slice(loadedBefore)
    .filter((entry) => entry.startsWith('NativeModule '))
    .map((entry) => entry.slice('NativeModule '.length));
  fs.writeFileSync(output, JSON.stringify({ files, builtins: [...builtins].sort(), internals }));
});
