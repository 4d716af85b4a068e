import type { Account } from '../domain/account.js';
import type { Interaction, InteractionKind } from '../domain/interaction.js';
import { addMonths, dateFromDayNumber, dayNumber, lastDayOfMonth } from '../time/calendar.js';
import { createRandom, randomTools } from './random.js';

/** Options for {@link generateContactHistory}. */
export interface GenerateContactHistoryOptions {
  /** Last month of data `YYYY-MM`: the history runs to its last day. */
  asOf: string;
  /** Months of history (default 12). */
  months?: number;
  /** PRNG seed (default 20261123), independent of the rest of the portfolio's sequence. */
  seed?: number;
  /** Share of owned accounts whose owner has let things slide (default 0.12). */
  lateShare?: number;
}

/** One owned account's contact history in the demo. */
export interface DemoContactHabit {
  /** Days before the end of `asOf` since which the owner has not been in touch; 0 for an account served on time. */
  lapseDays: number;
}

/**
 * Generate the contact history (联系记录) of a demo portfolio's owned
 * accounts, deterministically, following the default service cadence
 * (`portfolio/presets/service.json`). The generator does not know the tiers,
 * so every account gets what the strictest tier of each rule asks for: a
 * visit or call at most 13 days apart (the two-week phone follow-up), two
 * account-manager visits in every calendar month (Gold), a profile update
 * every 3–4 weeks (VIP's monthly refresh) and a leadership-led visit in each
 * calendar year (Platinum; an executive visit also counts for the unit-head
 * visit). One owner in eight or so has let things slide: the account's contact
 * stops 2–14 weeks before the end of `asOf`, so a few duties are days to a few
 * months late. Accounts without an owner have no history.
 *
 * Reads the accounts only, so adding or changing the history leaves every
 * other generated figure unchanged.
 *
 * @example
 * ```ts
 * const portfolio = generatePortfolio({ asOf: '2026-10' });
 * const { interactions } = generateContactHistory(portfolio.accounts, { asOf: '2026-10' });
 * ```
 */
export function generateContactHistory(
  accounts: readonly Account[],
  options: GenerateContactHistoryOptions,
): { interactions: Interaction[]; habits: Map<string, DemoContactHabit> } {
  const tools = randomTools(createRandom((options.seed ?? 20_261_123) ^ 0x3c3c_c3c3));
  const { int, chance } = tools;
  const lateShare = options.lateShare ?? 0.12;
  const lastDay = dayNumber(lastDayOfMonth(options.asOf));
  const firstDay = dayNumber(`${addMonths(options.asOf, -((options.months ?? 12) - 1))}-01`);
  const interactions: Interaction[] = [];
  const habits = new Map<string, DemoContactHabit>();
  let number = 0;

  for (const account of accounts) {
    if (!account.ownerA) continue;
    const ownerA = account.ownerA;
    const ownerB = account.ownerB;
    const lapseDays = chance(lateShare) ? int(14, 98) : 0;
    habits.set(account.id, { lapseDays });
    const until = lastDay - lapseDays;
    const rows: { day: number; kind: InteractionKind; actorLevel: Interaction['actorLevel'] }[] = [];

    // Visits and calls, newest first, never more than 13 days apart; two a month are visits.
    const contactDays: number[] = [];
    for (let day = lastDay - int(0, 4); day >= firstDay; day -= int(8, 13)) contactDays.push(day);
    const byMonth = new Map<string, number[]>();
    for (const day of contactDays.reverse()) {
      const month = dateFromDayNumber(day).slice(0, 7);
      const days = byMonth.get(month);
      if (days) days.push(day);
      else byMonth.set(month, [day]);
    }
    for (const days of byMonth.values()) {
      const visits = new Set<number>();
      while (visits.size < Math.min(days.length, chance(0.2) ? 3 : 2)) visits.add(int(0, days.length - 1));
      days.forEach((day, position) => {
        rows.push({ day, kind: visits.has(position) ? 'visit' : 'call', actorLevel: 'specialist' });
      });
    }
    // Now and then an email besides; it counts for no duty.
    for (let email = int(0, 2); email > 0; email--)
      rows.push({ day: int(firstDay, lastDay), kind: 'email', actorLevel: 'specialist' });
    // Profile updates every 3–4 weeks.
    for (let day = lastDay - int(0, 20); day >= firstDay; day -= int(22, 28))
      rows.push({ day, kind: 'profile-update', actorLevel: 'specialist' });
    // A leadership-led visit in each calendar year, now and then a second.
    const firstYear = Number(dateFromDayNumber(firstDay).slice(0, 4));
    const lastYear = Number(dateFromDayNumber(lastDay).slice(0, 4));
    for (let year = firstYear; year <= lastYear; year++) {
      const from = Math.max(firstDay, dayNumber(`${year}-01-01`));
      const to = Math.min(lastDay - 7, dayNumber(`${year}-12-31`));
      if (from > to) continue;
      for (let visit = chance(0.2) ? 2 : 1; visit > 0; visit--)
        rows.push({ day: int(from, to), kind: 'visit', actorLevel: 'executive' });
    }

    for (const row of rows) {
      if (row.day > until) continue;
      const hour = int(9, 17);
      interactions.push({
        id: `int-${String(++number).padStart(6, '0')}`,
        accountId: account.id,
        kind: row.kind,
        at: new Date(
          Date.parse(`${dateFromDayNumber(row.day)}T${String(hour).padStart(2, '0')}:00:00+08:00`) +
            int(0, 59) * 60_000,
        ).toISOString(),
        userId: chance(0.8) || !ownerB ? ownerA : ownerB,
        actorLevel: row.actorLevel,
        contactId: `${account.id}-c1`,
      });
    }
  }
  interactions.sort((a, b) => a.at.localeCompare(b.at));
  return { interactions, habits };
}
