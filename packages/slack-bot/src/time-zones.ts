/**
 * Each Slack user's time zone, for the dates a reply derives from now: Slack
 * keeps one per user (`users.info` → `user.tz`, an IANA name, kept up to date
 * by Slack when the user travels). Read once per user and cached; the
 * organisation's zone when Slack does not tell (no `users:read` scope, a
 * failed call, no `tz`).
 *
 * @module
 */
import type { webApi } from '@slack/bolt';

/** Options of {@link createSlackTimeZones}. */
export interface SlackTimeZonesOptions {
  /** The organisation's time zone: used when a user's cannot be read. */
  fallback: string;
  /** How long a user's zone is kept (default 1 hour). */
  ttlMs?: number;
  /** How long a failed read answers with `fallback` before Slack is asked again (default 5 minutes). */
  failureTtlMs?: number;
  /**
   * How long a reply waits for `users.info` (default 3 s). A slower read
   * (Slack retrying a 5xx or a 429) answers with `fallback` this time and
   * fills the cache when it lands.
   */
  lookupTimeoutMs?: number;
  /** Clock (default `() => new Date()`). */
  now?: () => Date;
  /** Told when `users.info` fails (e.g. `missing_scope`: the app lacks `users:read`). */
  onError?: (error: unknown, slackUserId: string) => void;
}

/** The cache of users' time zones; see {@link createSlackTimeZones}. */
export interface SlackTimeZones {
  /** The user's time zone: cached, else read with `users.info`, else the fallback. Never throws. */
  of(client: webApi.WebClient, slackUserId: string): Promise<string>;
  /**
   * Keep the `tz` of a `users.info` read elsewhere (linking by email), so it
   * is not read again; a profile without one keeps the fallback.
   */
  remember(slackUserId: string, tz: unknown): void;
}

interface Entry {
  zone: string;
  expiresAt: number;
}

/**
 * Create the per-user time zone cache of the Slack bot.
 *
 * @example
 * ```ts
 * const zones = createSlackTimeZones({ fallback: 'Asia/Shanghai' });
 * const zone = await zones.of(app.client, 'U024BE7LH'); // 'America/Los_Angeles'
 * ```
 */
export function createSlackTimeZones(options: SlackTimeZonesOptions): SlackTimeZones {
  const now = options.now ?? (() => new Date());
  const ttlMs = options.ttlMs ?? 3600 * 1000;
  const failureTtlMs = options.failureTtlMs ?? 5 * 60 * 1000;
  const lookupTimeoutMs = options.lookupTimeoutMs ?? 3000;
  const cache = new Map<string, Entry>();
  const reading = new Map<string, Promise<string>>();

  function keep(slackUserId: string, zone: string, forMs: number): void {
    cache.set(slackUserId, { zone, expiresAt: now().getTime() + forMs });
  }

  function read(client: webApi.WebClient, slackUserId: string): Promise<string> {
    let pending = reading.get(slackUserId);
    if (!pending) {
      pending = client.users
        .info({ user: slackUserId })
        .then(
          (info) => {
            const zone = validZone(info.user?.tz) ?? options.fallback;
            keep(slackUserId, zone, ttlMs);
            return zone;
          },
          (error: unknown) => {
            options.onError?.(error, slackUserId);
            keep(slackUserId, options.fallback, failureTtlMs);
            return options.fallback;
          },
        )
        .finally(() => reading.delete(slackUserId));
      reading.set(slackUserId, pending);
    }
    return pending;
  }

  return {
    async of(client, slackUserId) {
      const cached = cache.get(slackUserId);
      if (cached && cached.expiresAt > now().getTime()) return cached.zone;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(options.fallback), lookupTimeoutMs);
      });
      try {
        return await Promise.race([read(client, slackUserId), late]);
      } finally {
        clearTimeout(timer);
      }
    },
    remember(slackUserId, tz) {
      keep(slackUserId, validZone(tz) ?? options.fallback, ttlMs);
    },
  };
}

/** `tz` when it is a time zone the runtime knows, else `undefined`. */
function validZone(tz: unknown): string | undefined {
  if (typeof tz !== 'string' || tz === '') return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz;
  } catch {
    return undefined;
  }
}
