/**
 * Package main: what the Amplify CLI loads for the plugin (amplify-plugin.json). It is the built-in provider plus
 * our commands and event handlers (see pluginModule.ts for why); nothing heavy loads until it is used.
 */
import type { AmplifyContext, AmplifyEventArgs } from './amplifyContext';
import { handleEvent, defaultEventDependencies } from './amplifyEvents';
import { builtInProviderLoader, cliErrorClass } from './builtInProvider';
import { defaultExecuteDependencies, runAmplifyCommand } from './executeAmplifyCommand';
import { createPluginModule } from './pluginModule';
import { withBridgeOffer } from './providerHooks';

const builtIn = builtInProviderLoader();

const own = {
  __esModule: true,
  executeAmplifyCommand: (context: AmplifyContext) => runAmplifyCommand(context, defaultExecuteDependencies(builtIn)),
  handleAmplifyEvent: (context: AmplifyContext, args: AmplifyEventArgs) => handleEvent(context, args, defaultEventDependencies(() => cliErrorClass())),
  // `amplify configure project` asks the provider (us, when we were registered last) to configure: the built-in's
  // questions run unchanged, then we offer the bridge when the chosen profile is a role.
  configure: (context: AmplifyContext) => withBridgeOffer(builtIn, 'configure', context, defaultEventDependencies(() => cliErrorClass())),
};

export = createPluginModule(own, builtIn);
