import type { ErrorCode } from './errorCodes';

/**
 * Errors are values: a stable `code` (one of src/errorCodes.ts), one sentence in `message` naming what and where,
 * and an optional `resolution` telling the user what to do. They are printed once, at the edge
 * (command line or Amplify layer), never with a stack trace.
 */
export class ToolError extends Error {
  readonly code: ErrorCode;
  readonly resolution?: string;
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string, options: { resolution?: string; exitCode?: number; cause?: unknown } = {}) {
    // No stack: a ToolError is printed as its sentence, never with one, and capturing it cost more than the rest of
    // classifying a profile (`profiles` makes one per incomplete profile; on a 14 MB config, most of the time).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'ToolError';
    this.code = code;
    this.resolution = options.resolution;
    this.exitCode = options.exitCode ?? 1;
    if (options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }

  toJSON(): { code: ErrorCode; message: string; resolution?: string } {
    return this.resolution
      ? { code: this.code, message: this.message, resolution: this.resolution }
      : { code: this.code, message: this.message };
  }
}

export function isToolError(value: unknown): value is ToolError {
  return value instanceof ToolError;
}
