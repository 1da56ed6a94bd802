/**
 * Package main: what the Amplify CLI loads for the plugin (amplify-plugin.json). It is the built-in provider plus
 * our commands and event handlers (see pluginModule.ts for why); nothing heavy loads until it is used.
 *
 * When the CLI loads this module, the built-in provider's role path is taken over (src/plugin/takeover): in either
 * registration order the CLI loads us before it asks for credentials in init (PreInit), push, pull and configure.
 */
import type { ToolError } from '../errors';
import type { AmplifyContext, AmplifyEventArgs } from './amplifyContext';
import { handleEvent, defaultEventDependencies } from './amplifyEvents';
import { BUILT_IN_PROVIDER_PACKAGE, builtInProviderLoader, cliErrorClass, cliSpinner, defaultLocator } from './builtInProvider';
import { endCancelledCommand } from './cancelledCommand';
import { GEN1_REFUSAL, gen1RefusalLine } from '../amplify/gen1Customer';
import { defaultExecuteDependencies, runAmplifyCommand } from './executeAmplifyCommand';
import { createPluginModule } from './pluginModule';
import { withReconcile } from './providerHooks';
import { pluginEnv, takeUnlockingVariables } from './unlockingEnv';

// Before anything of the CLI's runs a hook or a build: they must not inherit what unlocks our keys.
takeUnlockingVariables();

const cancelled = (error: ToolError): never =>
  endCancelledCommand(error, { stderr: process.stderr, spinner: () => cliSpinner(builtIn.locate()), exit: (code) => process.exit(code) });
const eventDependencies = () => ({ ...defaultEventDependencies(() => cliErrorClass()), cancelled });

function takeOver(builtInMain: string): void {
  const { explainGen1Refusal, installTakeover, quietMfaCodeProvider, quietSecretAsker } =
    require('./takeover') as typeof import('./takeover');
  const spinner = () => cliSpinner(builtInMain);
  // The role whose credentials we handed out: when the CLI 14.5 Gen 1 check then refuses init, its account is why.
  let roleHandedOut: string | undefined;
  explainGen1Refusal(
    builtInMain,
    (error) => error instanceof Error && error.message.includes(GEN1_REFUSAL),
    () => {
      if (roleHandedOut) process.stderr.write(`${gen1RefusalLine(roleHandedOut)}\n`);
    },
  );
  installTakeover(builtInMain, () => ({
    env: pluginEnv(),
    cwd: () => process.cwd(),
    stdin: process.stdin,
    stderr: process.stderr,
    mfa: () => {
      const { chooseMfaCodeProvider } = require('../prompts') as typeof import('../prompts');
      return quietMfaCodeProvider(chooseMfaCodeProvider({ env: pluginEnv(), stdin: process.stdin, stderr: process.stderr }), { spinner });
    },
    secrets: () => {
      const { terminalSecretAsker } = require('../prompts/secretInput') as typeof import('../prompts/secretInput');
      return quietSecretAsker(terminalSecretAsker({ stdin: process.stdin, stderr: process.stderr }), { spinner });
    },
    cliError: (error) => eventDependencies().cliError(error),
    cancelled,
    afterFirstResolve: (_target, roleArn) => {
      roleHandedOut = roleArn ?? roleHandedOut;
    },
  }));
}

const builtIn = builtInProviderLoader(undefined, takeOver);

// Only inside the Amplify CLI (whose packages resolve from its main script) is there anything to take over.
let insideCli = false;
try {
  insideCli = builtIn.locate() !== undefined;
} catch {
  /* a CLI we do not know: the built-in stays as it is */
}
if (!insideCli) {
  // Loaded as a plugin, but with no built-in to stand beside: `amplify aws doctor` says why.
  const { recordTakeoverStatus } = require('../amplify/takeoverStatus') as typeof import('../amplify/takeoverStatus');
  const where = defaultLocator();
  recordTakeoverStatus({
    installed: false,
    reason: `the Amplify CLI's own provider (${BUILT_IN_PROVIDER_PACKAGE}) was found neither beside the running program (${where.mainFilename ?? 'none'}) nor in ${where.pluginsFile ?? '~/.amplify/plugins.json'}`,
  });
}

// Commands that change the selection without raising an event to us (`configure project` after `amplify plugin scan`
// runs the built-in's configure, `env checkout` none): when the command succeeded, the environment's selection is
// reconciled as the process ends (synchronous file work only; nothing is asked).
if (insideCli) {
  process.once('exit', (code) => {
    if (code !== 0 || (process.exitCode !== undefined && process.exitCode !== 0)) return;
    const { reconcileForEvent } = require('./amplifyEvents') as typeof import('./amplifyEvents');
    try {
      reconcileForEvent(eventDependencies());
    } catch {
      /* never turn a finished command into a failure */
    }
  });
}

const own = {
  __esModule: true,
  executeAmplifyCommand: (context: AmplifyContext) => runAmplifyCommand(context, defaultExecuteDependencies(builtIn)),
  handleAmplifyEvent: (context: AmplifyContext, args: AmplifyEventArgs) => handleEvent(context, args, eventDependencies()),
  // `amplify configure project` asks the provider (us, when we were registered last) to configure: the built-in's
  // questions run unchanged, then the environment's selection is bridged (or a bridge it left is removed).
  configure: (context: AmplifyContext) => withReconcile(builtIn, 'configure', context, eventDependencies()),
};

export = createPluginModule(own, builtIn);
