import type { Alert, AlertFigure } from '../../alerts/alert.js';
import type { DueAction } from '../../cadence/due-actions.js';
import type { Interaction } from '../../domain/interaction.js';
import type { LocalisedText } from '../../errors/kam-error.js';
import { notFound } from '../../errors/kam-error.js';
import { monthlyRevenueSeries } from '../../metrics/monthly-series.js';
import { scoringLabelText } from '../../scoring/model.js';
import { gapAmountText } from '../../tiering/condition.js';
import { localDate } from '../../time/calendar.js';
import { accountName, type ReportSource, userName } from './source.js';

/** A person on our side, by id and name. */
export interface StaffRef {
  id: string;
  name: string;
}

/** The status card of one account: where it stands and what is next. */
export interface AccountCard {
  kind: 'account-card';
  accountId: string;
  name: string;
  division: string;
  industry: string | null;
  asOf: string;
  tier: {
    id: string | null;
    label: LocalisedText;
    /** Why the account has this tier (rule and figures). */
    why: LocalisedText;
    /** What the next tier needs, `null` at the top. */
    upgrade: LocalisedText | null;
    /**
     * The next tier and, when one figure stands in the way, how far off it
     * is: `gapFen` for money, `gap` worded in the figure's unit otherwise;
     * `null` at the top.
     */
    next: { label: LocalisedText; gapFen: number | null; gap: LocalisedText | null } | null;
  };
  score: {
    value: number;
    /** The three factors that earned the most points. */
    topFactors: { id: string; label: LocalisedText; contribution: number }[];
  };
  /** Revenue of the last twelve months, oldest first. */
  trend: { months: string[]; revenueFen: number[] };
  /** Revenue of the same month a year before `asOf` (the base of the year-on-year change). */
  yearAgoRevenueFen: number;
  owners: { a: StaffRef | null; b: StaffRef | null };
  lastContact: { date: string; kind: string; by: StaffRef } | null;
  nextContact: { dueDate: string; status: string; label: LocalisedText } | null;
  openAlerts: {
    kind: string;
    severity: string;
    message: LocalisedText;
    figures: Record<string, AlertFigure>;
  }[];
}

/** A source's rows by account, in the source's order: what one card reads. */
interface CardIndex {
  /** Thirteen months of revenue per account, ending with the run's month: the first is the year-ago base, the last twelve the trend. */
  revenue: { months: string[]; byAccount: Map<string, Float64Array> };
  interactions: Map<string, Interaction[]>;
  /** Every agenda's overdue, due and upcoming actions, agenda by agenda. */
  actions: Map<string, DueAction[]>;
  alerts: Map<string, Alert[]>;
}

const cardIndexes = new WeakMap<ReportSource, CardIndex>();

function groupBy<T>(rows: Iterable<T>, key: (row: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const id = key(row);
    if (id === null) continue;
    const group = groups.get(id);
    if (group) group.push(row);
    else groups.set(id, [row]);
  }
  return groups;
}

/**
 * The source's rows grouped by account, built once per source: a chat bot
 * answers many cards from one loaded source, and scanning every aggregate,
 * contact, action and alert of the portfolio for each card made a card's
 * cost grow with the portfolio.
 */
function cardIndexOf(source: ReportSource): CardIndex {
  let index = cardIndexes.get(source);
  if (!index) {
    index = {
      revenue: monthlyRevenueSeries(source.aggregates, source.run.asOf, 13),
      interactions: groupBy(source.interactions, (row) => row.accountId),
      actions: groupBy(
        source.run.agendas.flatMap((agenda) => [...agenda.overdue, ...agenda.due, ...agenda.upcoming]),
        (action) => action.accountId,
      ),
      alerts: groupBy(source.run.alerts, (alert) => alert.accountId),
    };
    cardIndexes.set(source, index);
  }
  return index;
}

/**
 * Build the status card of one account from a report source.
 *
 * @throws KamError `NOT_FOUND` for an account the portfolio does not hold.
 * @example
 * ```ts
 * const source = await loadReportSource({ store, asOf: '2026-10' });
 * const card = buildAccountCard(source, 'acc-001');
 * card.tier.label['zh-CN']; card.score.topFactors; card.nextContact?.dueDate;
 * ```
 */
export function buildAccountCard(source: ReportSource, accountId: string): AccountCard {
  const { run } = source;
  const index = run.context.indexOf(accountId);
  if (index === undefined) throw notFound('account', accountId);
  const account = run.accounts[index]!;
  const assignment = run.tiers[index]!;
  const explanation = run.explain(accountId);
  const rows = cardIndexOf(source);
  // Thirteen months: the first is the year-ago base, the last twelve the trend.
  const series = rows.revenue;
  const values = [...(series.byAccount.get(accountId) ?? new Float64Array(13))];
  const upgrade = assignment.upgrade;
  const gap =
    upgrade?.gaps.length === 1 && upgrade.gaps[0]!.kind === 'increase' ? upgrade.gaps[0]! : undefined;
  const gapKnown = gap !== undefined && Number.isFinite(gap.amount);
  const staff = (id: string | null): StaffRef | null =>
    id === null ? null : { id, name: userName(source, id) ?? id };

  let last: AccountCard['lastContact'] = null;
  for (const interaction of rows.interactions.get(accountId) ?? []) {
    const date = localDate(new Date(interaction.at), source.timeZone);
    if (date > run.today) continue;
    if (last === null || date > last.date) {
      last = { date, kind: interaction.kind, by: staff(interaction.userId)! };
    }
  }

  let next: AccountCard['nextContact'] = null;
  for (const action of rows.actions.get(accountId) ?? []) {
    if (next === null || action.dueDate < next.dueDate) {
      next = { dueDate: action.dueDate, status: action.status, label: action.label };
    }
  }

  return {
    kind: 'account-card',
    accountId,
    name: accountName(source, accountId),
    division: account.division,
    industry: account.industry ?? null,
    asOf: run.asOf,
    tier: {
      id: assignment.tier,
      label: assignment.label,
      why: assignment.explanation.text,
      upgrade: upgrade?.text ?? null,
      next: upgrade
        ? {
            label: upgrade.label,
            gapFen: gapKnown && gap.unit.kind === 'fen' ? gap.amount : null,
            gap: gapKnown ? gapAmountText(gap.amount, gap.unit) : null,
          }
        : null,
    },
    score: {
      value: round(explanation.score, 1),
      topFactors: explanation.factors.slice(0, 3).map((factor) => ({
        id: factor.id,
        label: {
          'zh-CN': scoringLabelText(factor.label, 'zh-CN', factor.id),
          en: scoringLabelText(factor.label, 'en', factor.id),
        },
        contribution: round(factor.contribution, 1),
      })),
    },
    trend: { months: series.months.slice(1), revenueFen: values.slice(1) },
    yearAgoRevenueFen: values[0]!,
    owners: { a: staff(account.ownerA), b: staff(account.ownerB) },
    lastContact: last,
    nextContact: next,
    openAlerts: (rows.alerts.get(accountId) ?? []).map((alert) => ({
      kind: alert.kind,
      severity: alert.severity,
      message: alert.message,
      figures: alert.figures,
    })),
  };
}

/** Round to `digits` decimals. */
export function round(value: number, digits: number): number {
  if (!Number.isFinite(value)) return 0;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
