import { describe, expect, it } from 'vitest';
import { compareTiers, isDowngrade, isUpgrade, tierMigrations } from './history.js';
import { loadTierPolicy } from './load-policy.js';

const policy = loadTierPolicy({
  kind: 'ladder',
  id: 'retail',
  figure: { metric: 'revenue' },
  tiers: [
    { id: 'A', min: 300 },
    { id: 'B', min: 200 },
    { id: 'C', min: 100 },
  ],
});

describe('isDowngrade / isUpgrade', () => {
  it('follows the policy order, with no tier below every tier', () => {
    expect(isDowngrade(policy, 'A', 'B')).toBe(true);
    expect(isDowngrade(policy, 'B', 'A')).toBe(false);
    expect(isDowngrade(policy, 'C', null)).toBe(true);
    expect(isDowngrade(policy, 'B', 'B')).toBe(false);
    expect(isUpgrade(policy, null, 'C')).toBe(true);
    expect(compareTiers(policy, 'A', 'C')).toBeLessThan(0);
  });

  it('rejects tiers the policy does not have', () => {
    expect(() => isDowngrade(policy, 'A', 'Z')).toThrow(/no tier "Z"/);
  });
});

describe('tierMigrations', () => {
  it('counts moves for a migration matrix, treating missing accounts as no tier', () => {
    const moves = tierMigrations(
      policy,
      [
        { accountId: 'a', tier: 'A' },
        { accountId: 'b', tier: 'A' },
        { accountId: 'c', tier: 'B' },
        { accountId: 'd', tier: 'C' },
        { accountId: 'gone', tier: 'C' },
      ],
      [
        { accountId: 'a', tier: 'A' },
        { accountId: 'b', tier: 'B' },
        { accountId: 'c', tier: 'A' },
        { accountId: 'd', tier: null },
        { accountId: 'new', tier: 'C' },
      ],
    );
    expect(moves.tiers).toEqual(['A', 'B', 'C', null]);
    expect(moves.counts).toEqual([
      [1, 1, 0, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 2],
      [0, 0, 1, 0],
    ]);
    expect(moves).toMatchObject({ upgrades: 2, downgrades: 3, unchanged: 1, entered: 1, left: 2 });
  });
});
