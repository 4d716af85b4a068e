import type { Store } from '../store/port.js';

/** Options for {@link runOnce}. */
export interface RunOnceOptions {
  store: Store;
  /** What must happen once, e.g. `job:portfolio-report:2026-10` or `delivery:abc:0`. */
  key: string;
  /** Clock (default `() => new Date()`); tests pass a fixed one. */
  now?: () => Date;
  /** How long a claim keeps other replicas out while the work runs (default 10 minutes); after a failure, the work may be retried once it expires. */
  leaseMs?: number;
  /** How long "done" is remembered (default 400 days). */
  keepMs?: number;
}

/** What {@link runOnce} did. */
export type RunOnceResult<T> =
  | { status: 'done'; value: T }
  | { status: 'skipped'; reason: 'already-done' | 'in-progress' };

const DAY = 86_400_000;

/**
 * Run `work` at most once per key across every replica sharing the store: a
 * done-marker (kept in the store's expiring key-value space) says it already
 * happened; a lease claimed with `store.claimIdempotencyKey` keeps two
 * replicas from running it at the same time. A failed run leaves no
 * done-marker, so it is retried after the lease expires.
 *
 * @example
 * ```ts
 * const result = await runOnce({ store, key: `job:monthly-report:${month}` }, () => sendReport(month));
 * if (result.status === 'skipped') console.log(result.reason);
 * ```
 */
export async function runOnce<T>(options: RunOnceOptions, work: () => Promise<T>): Promise<RunOnceResult<T>> {
  const { store, key } = options;
  const now = options.now ?? (() => new Date());
  const doneKey = `once:done:${key}`;
  if ((await store.getDialog(doneKey)) !== undefined) return { status: 'skipped', reason: 'already-done' };
  const leaseUntil = new Date(now().getTime() + (options.leaseMs ?? 10 * 60_000)).toISOString();
  if (!(await store.claimIdempotencyKey(`once:lease:${key}`, leaseUntil))) {
    return { status: 'skipped', reason: 'in-progress' };
  }
  // Another replica may have finished between the first check and the claim.
  if ((await store.getDialog(doneKey)) !== undefined) return { status: 'skipped', reason: 'already-done' };
  const value = await work();
  const at = now();
  await store.putDialog(
    doneKey,
    { at: at.toISOString() },
    new Date(at.getTime() + (options.keepMs ?? 400 * DAY)).toISOString(),
  );
  return { status: 'done', value };
}
