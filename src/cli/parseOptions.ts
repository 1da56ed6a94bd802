/**
 * The command line's option parser: node:util parseArgs's strict mode with allowNegative and positionals, for the
 * option kinds our commands declare (string and boolean, long names, one-letter short names). Written here because
 * loading node:util's parser costs more than the whole warm `credentials` run has to spare.
 *
 *   --name value, --name=value    string options (a later one wins)
 *   --flag, -f, -fg               boolean options (short ones may be grouped)
 *   --no-flag                     flag: false (when flag or "no-flag" is a declared boolean, as node does)
 *   --                            everything after it is positional; so is "-" alone
 */
export interface ParsedOptionSpec {
  type: 'string' | 'boolean';
  short?: string;
}

export interface ParsedCommandLine {
  values: Record<string, string | boolean>;
  positionals: string[];
}

/** A mistake in the arguments; the message is a lower-case clause ("unknown option --x") for a sentence around it. */
export class ArgumentError extends Error {}

export function parseOptions(argv: readonly string[], spec: Record<string, ParsedOptionSpec>): ParsedCommandLine {
  const values: Record<string, string | boolean> = Object.create(null) as Record<string, string | boolean>;
  const positionals: string[] = [];
  const byShort = new Map<string, string>();
  for (const [name, option] of Object.entries(spec)) if (option.short) byShort.set(option.short, name);
  const known = (name: string) => (Object.prototype.hasOwnProperty.call(spec, name) ? spec[name] : undefined);

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      const name = arg.slice(2, equals < 0 ? undefined : equals);
      const inline = equals < 0 ? undefined : arg.slice(equals + 1);
      // As node's parser: --no-<flag> sets <flag> to false when <flag> is a boolean, and also when "no-<flag>" is
      // itself a declared boolean (so --no-cache gives cache: false, whichever of the two a command declares).
      if (name.startsWith('no-') && (known(name.slice(3))?.type === 'boolean' || known(name)?.type === 'boolean')) {
        if (inline !== undefined) throw new ArgumentError(`option --${name} takes no value`);
        values[name.slice(3)] = false;
        continue;
      }
      const option = known(name);
      if (!option) throw new ArgumentError(`unknown option --${name}${meantOption(name, spec)}`);
      if (option.type === 'boolean') {
        if (inline !== undefined) throw new ArgumentError(`option --${name} takes no value`);
        values[name] = true;
        continue;
      }
      if (inline !== undefined) {
        values[name] = inline;
        continue;
      }
      values[name] = stringValue(argv[++i], `--${name}`);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const name = byShort.get(arg[j]);
        if (name === undefined) throw new ArgumentError(`unknown option -${arg[j]}`);
        if (spec[name].type === 'boolean') {
          values[name] = true;
          continue;
        }
        // A string option takes the rest of the group as its value (-pdev), else the next word.
        values[name] = j + 1 < arg.length ? arg.slice(j + 1) : stringValue(argv[++i], `-${arg[j]}`);
        break;
      }
      continue;
    }
    positionals.push(arg);
  }
  return { values, positionals };
}

/** The word after a string option; one that starts with "-" is more likely a forgotten value than a value. */
function stringValue(next: string | undefined, flag: string): string {
  if (next === undefined) throw new ArgumentError(`option ${flag} needs a value`);
  if (next.startsWith('-') && next !== '-') {
    throw new ArgumentError(
      `option ${flag} needs a value, not the option ${next} (for a value that starts with "-", write ${flag}=${next})`,
    );
  }
  return next;
}

/** " (did you mean --profile?)" for a mistyped long option, when one declared option (or its --no- form) is clearly meant. */
function meantOption(typed: string, spec: Record<string, ParsedOptionSpec>): string {
  // Loaded only for a mistake: the warm path parses without it.
  const { closestName } = require('../suggest') as typeof import('../suggest');
  const names = Object.entries(spec).flatMap(([name, option]) =>
    option.type === 'boolean' && !name.startsWith('no-') ? [name, `no-${name}`] : [name],
  );
  const meant = closestName(typed, names);
  return meant === undefined ? '' : ` (did you mean --${meant}?)`;
}
