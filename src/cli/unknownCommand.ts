import { closestName } from '../suggest';
import { ToolError } from '../errors';

/** `Unknown command "whoiam"; did you mean "whoami"?`, with how to list them all. */
export function unknownCommand(name: string, known: Iterable<string>, helpCommand: string): ToolError {
  const meant = closestName(name, known);
  return new ToolError('UnknownCommand', `Unknown command "${name}"${meant ? `; did you mean "${meant}"?` : '.'}`, {
    resolution: `Run "${helpCommand}" to list the commands.`,
    exitCode: 2,
  });
}
