import type { ScoreResult } from './score-columns.js';

/** One row of a ranked list. */
export interface RankedAccount {
  /** 1-based; equal scores share a rank (1, 2, 2, 4). */
  rank: number;
  /** Position in the result's columns. */
  index: number;
  accountId: string | undefined;
  score: number;
}

/** Options for {@link rankScores}. */
export interface RankScoresOptions {
  /** Keep the first `limit` rows (default: all). */
  limit?: number;
}

/**
 * An ordered list of accounts, best score first, for a team to review
 * (客户市场优先: rank an industry's companies on weighted factors). Equal scores
 * share a rank and keep their column order.
 *
 * @example
 * ```ts
 * rankScores(result, { limit: 10 }).map((row) => `${row.rank}. ${row.accountId} ${row.score.toFixed(1)}`);
 * ```
 */
export function rankScores(result: ScoreResult, options: RankScoresOptions = {}): RankedAccount[] {
  const { scores } = result;
  const order = new Uint32Array(result.size);
  for (let index = 0; index < order.length; index++) order[index] = index;
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  const limit = Math.min(options.limit ?? order.length, order.length);
  const rows: RankedAccount[] = [];
  let rank = 0;
  for (let position = 0; position < limit; position++) {
    const index = order[position]!;
    const score = scores[index]!;
    if (position === 0 || score !== rows[position - 1]!.score) rank = position + 1;
    rows.push({ rank, index, accountId: result.accountIds?.[index], score });
  }
  return rows;
}
