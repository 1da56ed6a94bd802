import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The CLI 14.5 provider's Gen 1 new-customer check (lib/gen1-new-customer-restriction.js), called by its initializer
 * through the module's exports like system-config-manager: wrapped so that when it refuses, one line of ours follows
 * the CLI's sentence as the process ends (`explain`). Providers without the check are left as they are.
 */
const WRAPPED = Symbol.for('amplify-aws-roles.gen1-refusal');

export function explainGen1Refusal(builtInMain: string, matches: (error: unknown) => boolean, explain: () => void): boolean {
  const file = path.join(path.dirname(builtInMain), 'gen1-new-customer-restriction.js');
  if (!fs.existsSync(file)) return false;
  const restriction = require(file) as Record<string, unknown>;
  const original = restriction.enforceGen1NewCustomerRestriction as ((client: unknown) => Promise<void>) & { [WRAPPED]?: true };
  if (typeof original !== 'function' || original[WRAPPED]) return false;
  restriction.enforceGen1NewCustomerRestriction = Object.assign(
    async (client: unknown) => {
      try {
        await original(client);
      } catch (error) {
        // After the CLI has printed its own error, as the process ends.
        if (matches(error)) process.once('exit', explain);
        throw error;
      }
    },
    { [WRAPPED]: true as const },
  );
  return true;
}
