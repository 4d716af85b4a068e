/**
 * Property: the due list read from stored tiers ({@link agendasOn}) equals
 * what a full portfolio run judged on the same day lists, on the demo
 * portfolio, for any day of the month (a run judges days of its own month
 * only); and, for any day up to two months later, one owner's accounts read
 * alone give that owner the same agenda as everyone's.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultPolicies } from '../portfolio/policies.js';
import { runPortfolio } from '../portfolio/run-portfolio.js';
import { DEMO_MONTH, seedDemoStore } from '../reports/__fixtures__/demo-source.js';
import type { Store } from '../store/port.js';
import { addDays } from '../time/calendar.js';
import { agendasOn } from './agendas-on.js';

const policies = defaultPolicies();
let store: Store;

beforeAll(async () => {
  ({ store } = await seedDemoStore());
}, 120_000);

const dayOf = (max: number) =>
  fc.integer({ min: 0, max }).map((offset) => addDays(`${DEMO_MONTH}-01`, offset));

describe('agendasOn', () => {
  it('lists what a portfolio run on the same day lists, without recomputing the portfolio', async () => {
    await fc.assert(
      fc.asyncProperty(dayOf(30), async (date) => {
        const run = await runPortfolio({ store, policies, asOf: DEMO_MONTH, today: date, save: false });
        const { agendas } = await agendasOn({ store, policies, month: DEMO_MONTH, date });
        expect(agendas).toEqual(run.agendas);
      }),
      { numRuns: 6 },
    );
  }, 300_000);

  it('gives one owner the same agenda from their own accounts alone', async () => {
    const accounts = await store.listAccounts();
    const owners = [...new Set(accounts.map((account) => account.ownerA).filter((id) => id !== null))];
    await fc.assert(
      fc.asyncProperty(dayOf(91), fc.constantFrom(...owners), async (date, owner) => {
        const mine = accounts
          .filter((account) => account.ownerA === owner || account.ownerB === owner)
          .map((account) => account.id);
        const [whole, own] = await Promise.all([
          agendasOn({ store, policies, month: DEMO_MONTH, date }),
          agendasOn({ store, policies, month: DEMO_MONTH, date, accountIds: mine }),
        ]);
        const expected = whole.agendas.find((agenda) => agenda.ownerId === owner);
        expect(own.agendas.find((agenda) => agenda.ownerId === owner)).toEqual(expected);
      }),
      { numRuns: 8 },
    );
  }, 300_000);

  it('serves the stored agendas on the day the month was computed for', async () => {
    const { agendas, freshness } = await agendasOn({
      store,
      policies,
      month: DEMO_MONTH,
      date: '2026-10-31',
    });
    expect(freshness.stale).toBe(false);
    expect(agendas).toEqual(await store.results.getAgendas(DEMO_MONTH));
    expect(agendas.some((agenda) => agenda.overdue.length + agenda.due.length > 0)).toBe(true);
  }, 120_000);

  // Last: it writes to the shared store.
  it("stores the whole portfolio's agendas of a day once, and after a write serves them stale only when asked", async () => {
    // The properties above store whichever whole-portfolio day they judged
    // last; start from a day that is not the stored one.
    const before = await store.results.getDayAgendas(DEMO_MONTH);
    const date = before?.day === `${DEMO_MONTH}-12` ? `${DEMO_MONTH}-13` : `${DEMO_MONTH}-12`;
    const reads = vi.spyOn(store, 'listInteractions');
    const first = await agendasOn({ store, policies, month: DEMO_MONTH, date });
    expect(reads).toHaveBeenCalledTimes(1);
    const stored = await store.results.getDayAgendas(DEMO_MONTH);
    expect(stored).toMatchObject({ day: date, dataGeneration: await store.results.dataGeneration() });
    // The next reader of the day reads the stored row: no interaction is read again.
    expect((await agendasOn({ store, policies, month: DEMO_MONTH, date })).agendas).toEqual(first.agendas);
    expect(reads).toHaveBeenCalledTimes(1);
    // A visit recorded on an account with an overdue action changes the day's list.
    const [ownerId, accountId] = first.agendas
      .flatMap((agenda) => agenda.overdue.map((action) => [agenda.ownerId, action.accountId] as const))
      .find(([owner, account]) => owner !== null && account !== null) ?? [null, null];
    expect(accountId).not.toBeNull();
    await store.insertInteractions([
      {
        id: 'agendas-on-visit',
        accountId: accountId!,
        kind: 'visit',
        at: `${date}T02:00:00Z`,
        userId: ownerId!,
        actorLevel: 'specialist',
      },
    ]);
    const stale = await agendasOn({ store, policies, month: DEMO_MONTH, date, acceptStale: true });
    expect(stale.agendas).toEqual(first.agendas);
    expect(stale.staleSince).toEqual({ computedAt: stored!.computedAt });
    expect(reads).toHaveBeenCalledTimes(1);
    const fresh = await agendasOn({ store, policies, month: DEMO_MONTH, date });
    expect(fresh.staleSince).toBeUndefined();
    expect(reads).toHaveBeenCalledTimes(2);
    const run = await runPortfolio({ store, policies, asOf: DEMO_MONTH, today: date, save: false });
    expect(fresh.agendas).toEqual(run.agendas);
    expect(fresh.agendas).not.toEqual(first.agendas);
    reads.mockRestore();
  }, 300_000);
});
