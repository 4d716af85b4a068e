import type { OwnerAgenda } from '../../cadence/due-actions.js';
import type { LocalisedText } from '../../errors/kam-error.js';
import { defaultMonth } from '../../portfolio/default-month.js';
import type { PortfolioPolicies } from '../../portfolio/policies.js';
import type { PortfolioRun } from '../../portfolio/run-portfolio.js';
import { agendasOn } from '../../refresh/agendas-on.js';
import type { Freshness } from '../../results/freshness.js';
import type { Store } from '../../store/port.js';

/** One action in a digest. */
export interface DigestAction {
  accountId: string | null;
  account: string | null;
  label: LocalisedText;
  dueDate: string;
  daysOverdue: number;
}

/** The daily digest of due and overdue actions, per owner. */
export interface DueDigest {
  kind: 'due-digest';
  date: string;
  owners: {
    ownerId: string | null;
    name: string;
    overdue: DigestAction[];
    due: DigestAction[];
    /** Actions beyond `perOwner` not listed. */
    more: number;
  }[];
  totals: { overdue: number; due: number };
}

/**
 * Build the daily digest of due and overdue actions from a run's agendas,
 * most overdue first, at most `perOwner` actions listed per owner.
 *
 * @example
 * ```ts
 * const digest = buildDueDigest(run, { names: new Map(users.map((u) => [u.id, u.name])) });
 * ```
 */
export function buildDueDigest(
  run: Pick<PortfolioRun, 'today' | 'agendas' | 'accounts'>,
  options: { names?: ReadonlyMap<string, string>; ownerId?: string; perOwner?: number } = {},
): DueDigest {
  const perOwner = options.perOwner ?? 10;
  const accountNames = new Map(
    run.accounts.map((account) => [account.id, account.shortName ?? account.name] as const),
  );
  const toAction = (action: OwnerAgenda['overdue'][number]): DigestAction => ({
    accountId: action.accountId,
    account: action.accountId === null ? null : (accountNames.get(action.accountId) ?? action.accountId),
    label: action.label,
    dueDate: action.dueDate,
    daysOverdue: action.daysOverdue,
  });
  const owners = run.agendas
    .filter((agenda) => options.ownerId === undefined || agenda.ownerId === options.ownerId)
    .filter((agenda) => agenda.overdue.length + agenda.due.length > 0)
    .map((agenda) => {
      const overdue = agenda.overdue.slice(0, perOwner).map(toAction);
      const due = agenda.due.slice(0, Math.max(0, perOwner - overdue.length)).map(toAction);
      return {
        ownerId: agenda.ownerId,
        name: agenda.ownerId === null ? '—' : (options.names?.get(agenda.ownerId) ?? agenda.ownerId),
        overdue,
        due,
        more: agenda.overdue.length + agenda.due.length - overdue.length - due.length,
      };
    });
  return {
    kind: 'due-digest',
    date: run.today,
    owners,
    totals: {
      overdue: run.agendas.reduce((sum, agenda) => sum + agenda.overdue.length, 0),
      due: run.agendas.reduce((sum, agenda) => sum + agenda.due.length, 0),
    },
  };
}

/** Options of {@link loadDueDigest}. */
export interface LoadDueDigestOptions {
  store: Store;
  policies: PortfolioPolicies;
  /** The day, `YYYY-MM-DD`. */
  date: string;
  /** The organisation's time zone (default Asia/Shanghai). */
  timeZone?: string;
  /** Actions listed per owner (default 10). */
  perOwner?: number;
}

/**
 * The digest of `date` from the stored results: the service cadence applied
 * on the day to the tiers of the last complete month with data
 * (`agendasOn`), owners named from the users table. Nothing of the portfolio
 * is recomputed.
 *
 * @example
 * ```ts
 * const { digest } = await loadDueDigest({ store, policies, date: '2026-11-05' });
 * ```
 */
export async function loadDueDigest(
  options: LoadDueDigestOptions,
): Promise<{ digest: DueDigest; month: string; freshness: Freshness }> {
  const { store, policies, date } = options;
  const timeZone = options.timeZone === undefined ? {} : { timeZone: options.timeZone };
  const month = await defaultMonth(store, { today: date });
  const [{ agendas, freshness }, accounts, users] = await Promise.all([
    agendasOn({ store, policies, month, date, ...timeZone }),
    store.listAccounts(),
    store.listUsers(),
  ]);
  const digest = buildDueDigest(
    { today: date, agendas, accounts },
    {
      names: new Map(users.map((user) => [user.id, user.name] as const)),
      ...(options.perOwner === undefined ? {} : { perOwner: options.perOwner }),
    },
  );
  return { digest, month, freshness };
}
