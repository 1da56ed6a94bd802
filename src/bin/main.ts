import { programHelp } from '../cli/help';
import { type MainIo, PROGRAM, reportError, runCommand } from '../cli/runCommand';
import { allCommands, commandAliases, commandNames, loadCommand } from '../../commands/awscloudformation';
import { unknownCommand } from '../cli/unknownCommand';
import { write } from '../output/writeLine';

export { PROGRAM, reportError, parseCommandArgs, type MainIo } from '../cli/runCommand';

export async function main(argv: string[], io: MainIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    write(io.stdout, programHelp(PROGRAM, allCommands()));
    return name ? 0 : 2;
  }
  if (name === '--version') {
    write(io.stdout, (require('../../../package.json') as { version: string }).version);
    return 0;
  }
  const command = loadCommand(name);
  if (!command) {
    return reportError(unknownCommand(name, [...commandNames(), ...commandAliases(), 'help'], `${PROGRAM} --help`), io, false);
  }
  return runCommand(command, rest, io);
}
