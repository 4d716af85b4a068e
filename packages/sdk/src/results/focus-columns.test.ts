import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FocusAccount } from '../reports/data/portfolio-analysis.js';
import { change, ratio } from '../reports/data/source.js';
import { appendFocusAccounts, type FocusColumns, toFocusColumns } from './focus-columns.js';

/** What storing as objects gave back: the list through JSON (NaN and ±Infinity become null). */
const throughJson = (accounts: readonly FocusAccount[]) =>
  JSON.parse(JSON.stringify(accounts)) as FocusAccount[];

/** Stored as columns, as the SQL store does: the columns' JSON text, parsed and appended. */
function throughColumns(accounts: readonly FocusAccount[], monthFen: number): FocusAccount[] {
  const text = JSON.stringify(toFocusColumns(accounts, monthFen));
  const read: FocusAccount[] = [];
  appendFocusAccounts(read, JSON.parse(text) as FocusColumns, JSON.parse(JSON.stringify(monthFen)));
  return read;
}

const text = fc.record({ 'zh-CN': fc.string(), en: fc.string() });
const figure = fc.oneof(fc.integer({ min: -1e12, max: 1e12 }), fc.double(), fc.constant(0));

/** Accounts as the analysis builds them (share and change from the figures), or with any share and change. */
const focusAccount = (monthFen: number) =>
  fc
    .record({
      accountId: fc.string(),
      name: fc.string(),
      tier: fc.option(fc.constantFrom('platinum', 'gold', 'silver', '白金')),
      tierLabel: fc.constantFrom(
        { 'zh-CN': '白金客户', en: 'Platinum' },
        { 'zh-CN': '金卡客户', en: 'Gold' },
        { 'zh-CN': '非大客户', en: 'No tier' },
      ),
      revenueFen: figure,
      previousFen: figure,
      derived: fc.boolean(),
      share: fc.double(),
      change: fc.option(fc.double()),
      explanation: fc.option(fc.option(fc.record({ cause: text, note: fc.option(fc.string()) })), {
        nil: undefined,
      }),
      loss: fc.option(
        fc.record({
          kind: fc.constantFrom('normal' as const, 'abnormal' as const),
          cause: fc.option(text),
          note: fc.option(fc.string()),
        }),
        { nil: undefined },
      ),
    })
    .map(({ derived, explanation, loss, ...account }): FocusAccount => {
      const built: FocusAccount = derived
        ? {
            ...account,
            share: ratio(account.revenueFen, monthFen),
            change: change(account.revenueFen, account.previousFen),
          }
        : account;
      if (explanation !== undefined) built.explanation = explanation;
      if (loss !== undefined) built.loss = loss;
      return built;
    });

describe('analysis lists stored as columns', () => {
  it('give back exactly what storing the accounts as JSON objects gave back', () => {
    fc.assert(
      fc.property(
        figure.chain((monthFen) =>
          fc.tuple(fc.constant(monthFen), fc.array(focusAccount(monthFen), { maxLength: 40 })),
        ),
        ([monthFen, accounts]) => {
          expect(throughColumns(accounts, monthFen)).toStrictEqual(throughJson(accounts));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leave out what the figures give: shares, changes, and a label per account', () => {
    const label = { 'zh-CN': '金卡客户', en: 'Gold' };
    const accounts: FocusAccount[] = Array.from({ length: 1_000 }, (_, index) => ({
      accountId: `a${String(index).padStart(7, '0')}`,
      name: `客户${index}`,
      tier: 'gold',
      tierLabel: label,
      revenueFen: 1_000 + index * 37,
      previousFen: index % 10 === 0 ? 0 : 2_000 + index,
      share: ratio(1_000 + index * 37, 9_000_000),
      change: change(1_000 + index * 37, index % 10 === 0 ? 0 : 2_000 + index),
      explanation: null,
    }));
    const columns = toFocusColumns(accounts, 9_000_000);
    expect(columns.share).toBeUndefined();
    expect(columns.change).toBeUndefined();
    expect(columns.labels).toEqual([label]);
    expect(JSON.stringify(columns).length).toBeLessThan(JSON.stringify(accounts).length / 3);
  });
});
