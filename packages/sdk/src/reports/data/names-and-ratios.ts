/**
 * Small helpers of the report data builders that need no engine: a user's
 * display name and a safe ratio. Kept apart from `source.ts` (which reaches
 * the portfolio engine) so the KPI targets' schema, part of the
 * configuration, loads without it.
 *
 * @module
 */
import type { ReportSource } from './source.js';

/** A user's display name, or the id when unknown. */
export function userName(source: Pick<ReportSource, 'users'>, userId: string | null): string | null {
  if (userId === null) return null;
  return source.users.find((user) => user.id === userId)?.name ?? userId;
}

/** `part / whole`, or 0 when the whole is 0. */
export function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}
