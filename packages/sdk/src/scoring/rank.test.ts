import { describe, expect, it } from 'vitest';
import { loadScoringModel } from './model.js';
import { rankScores } from './rank.js';
import { scoreColumns } from './score-columns.js';

const model = loadScoringModel({
  id: 'prospects',
  name: 'Prospects',
  factors: [{ id: 'spend', source: { attribute: 'spend' }, weight: 1, normalise: 'min-max' }],
});

describe('rankScores', () => {
  const result = scoreColumns({
    model,
    accountIds: ['a', 'b', 'c', 'd', 'e'],
    columns: [Float64Array.of(10, 50, 30, 50, 0)],
  });

  it('orders best first, equal scores sharing a rank in column order', () => {
    expect(rankScores(result).map((entry) => [entry.rank, entry.accountId, entry.score])).toEqual([
      [1, 'b', 100],
      [1, 'd', 100],
      [3, 'c', 60],
      [4, 'a', 20],
      [5, 'e', 0],
    ]);
  });

  it('keeps the first rows only when asked', () => {
    expect(rankScores(result, { limit: 2 }).map((entry) => entry.index)).toEqual([1, 3]);
    expect(rankScores(result, { limit: 99 })).toHaveLength(5);
  });
});
