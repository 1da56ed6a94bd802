import { isToolError, type ToolError } from '../../src/errors';

/** The ToolError `fn` throws; anything else it throws goes on up, and throwing nothing fails the test. */
export function toolErrorOf(fn: () => unknown): ToolError {
  try {
    fn();
  } catch (error) {
    if (isToolError(error)) return error;
    throw error;
  }
  throw new Error('expected a ToolError');
}

/** The ToolError the promise (or the function's promise) rejects with; anything else goes on up, a fulfilment fails. */
export async function rejectionOf(promise: Promise<unknown> | (() => unknown)): Promise<ToolError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (isToolError(error)) return error;
    throw error;
  }
  throw new Error('expected a ToolError');
}
