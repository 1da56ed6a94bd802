import { ToolError } from '../errors';
import { readRegularFile } from '../files/readRegularFile';

/** The file's text, or undefined when it does not exist (a missing file counts as empty). Other failures are errors naming the file. */
export function readConfigFile(file: string): string | undefined {
  return readRegularFile(
    file,
    (reason) =>
      new ToolError('ConfigFileUnreadable', `Could not read ${file}: ${reason}.`, {
        resolution: 'Check that the path (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/) is a readable file.',
      }),
  )?.toString('utf8');
}
