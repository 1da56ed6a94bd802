import { ToolError } from '../errors';

/**
 * A malformed line in a config or credentials file. The message names the file and line, never the line's
 * text: it may hold a secret key.
 */
export class ConfigParseError extends ToolError {
  readonly file: string;
  readonly line: number;

  constructor(file: string, line: number, reason: string) {
    super('ConfigParseError', `${file}, line ${line}: ${reason}.`, {
      resolution: `Fix line ${line} of ${file}: sections are "[profile NAME]" (config) or "[NAME]" (credentials), properties "key = value".`,
    });
    this.file = file;
    this.line = line;
  }
}
