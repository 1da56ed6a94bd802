import * as fs from 'node:fs';
import { ToolError } from '../errors';

/** The file's text, or undefined when it does not exist (a missing file counts as empty). Other failures are errors naming the file. */
export function readConfigFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    const reason = code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code ?? (error as Error).message;
    throw new ToolError('ConfigUnreadable', `Could not read ${file}: ${reason}.`, {
      resolution: 'Check that the path (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/) is a readable file.',
    });
  }
}
