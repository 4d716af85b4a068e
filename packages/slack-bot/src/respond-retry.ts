import type { RespondFn } from '@slack/bolt';

/**
 * The pauses before each new attempt to post to a `response_url` (1 s, 2 s, 4 s):
 * four attempts in all, done well within the URL's 30 minutes.
 */
export const RESPOND_RETRY_DELAYS_MS: readonly number[] = [1_000, 2_000, 4_000];

/** The HTTP status Slack answered a failed `respond` with (Bolt's `RespondError.statusCode`), if any. */
function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** Whether Slack said the post was not taken and may be tried again: a 5xx or a 429. */
function retryable(error: unknown): boolean {
  const status = statusOf(error);
  return status !== undefined && (status >= 500 || status === 429);
}

/**
 * Wrap Bolt's `respond` so that a post Slack refused with a 5xx or 429 is tried
 * again after each of `delaysMs`. Anything else is not retried — a 4xx (an
 * expired or used-up `response_url`) will not get better, and a network error
 * may come after Slack took the message — so a reply is never posted twice.
 * The last failure is thrown, for the app's error handling to log.
 *
 * @param onRetry - called before each pause, with the error and the attempt that failed (1-based).
 * @example
 * ```ts
 * app.command('/kam', async ({ ack, respond }) => {
 *   await ack();
 *   await retryingRespond(respond)({ text: 'Done' });
 * });
 * ```
 */
export function retryingRespond(
  respond: RespondFn,
  delaysMs: readonly number[] = RESPOND_RETRY_DELAYS_MS,
  onRetry?: (error: unknown, attempt: number) => void,
): RespondFn {
  return async (message) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await respond(message);
      } catch (error) {
        const delay = delaysMs[attempt - 1];
        if (delay === undefined || !retryable(error)) throw error;
        onRetry?.(error, attempt);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  };
}
