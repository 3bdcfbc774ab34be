/** Polling with a deadline, the end-to-end tests' only way to wait. */

export interface WaitOptions {
  /** Milliseconds until the wait fails. */
  timeout?: number;
  /** Milliseconds between two checks. */
  interval?: number;
}

/**
 * Calls `check` until it returns a value other than undefined or false, and returns that value.
 * Throws an error that starts with `description` when the timeout passes first, with the last
 * error that `check` threw, if any.
 */
export async function waitFor<T>(
  description: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { timeout = 30_000, interval = 100 }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const result = await check();
      if (result !== undefined && result !== false) {
        return result;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`Timed out after ${timeout} ms waiting for ${description}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
