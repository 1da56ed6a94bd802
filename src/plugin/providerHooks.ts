import type { AmplifyContext } from './amplifyContext';
import { reconcileForEvent, type EventDependencies } from './amplifyEvents';
import type { ModuleExports } from './pluginModule';
import { ToolError } from '../errors';

/**
 * A provider method of the built-in, followed by our step. The built-in's result is returned unchanged, and its
 * errors pass through: our step never replaces its behaviour.
 */
export async function withReconcile(
  builtIn: () => ModuleExports | undefined,
  method: 'configure',
  context: AmplifyContext,
  deps: EventDependencies,
): Promise<unknown> {
  const provider = builtIn();
  const original = provider?.[method];
  if (typeof original !== 'function') {
    throw deps.cliError(
      new ToolError(
        'BuiltInProviderMissing',
        `amplify-aws-roles could not find the Amplify CLI's own provider (@aws-amplify/amplify-provider-awscloudformation) to run "${method}".`,
        {
          resolution: 'Run "amplify plugin scan", or reinstall the Amplify CLI.',
        },
      ),
    );
  }
  const result = await (original as (c: AmplifyContext) => Promise<unknown>).call(provider, context);
  reconcileForEvent(deps);
  return result;
}
