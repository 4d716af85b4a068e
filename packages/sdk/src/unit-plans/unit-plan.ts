/**
 * The monthly narrative of a unit (单位月度小结): for one division and one
 * month, what went well (做得好的 / good practice) and next month's plan
 * (下月工作计划), entered by the unit (seed001: the monthly analysis explains
 * every swing, records good practice and sets the next month's plan) — and
 * what follows from them: the report's sections and the reminders of units
 * that have not written theirs as the deadline nears.
 *
 * @module
 */
import { z } from 'zod';
import type { ReportDeadlines } from '../alerts/alert-policy.js';
import { Id, IsoDateTime } from '../domain/common.js';
import type { LocalisedText } from '../errors/kam-error.js';
import { addDays, addMonths } from '../time/calendar.js';

/** Longest narrative text, in characters. */
export const UNIT_PLAN_TEXT_MAX = 4000;

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM');
const Text = z.string().trim().min(1).max(UNIT_PLAN_TEXT_MAX);

/** The id of a unit's narrative: `<division>|<period>` (one per division and month). */
export function unitPlanId(plan: { division: string; period: string }): string {
  return `${plan.division}|${plan.period}`;
}

/**
 * A unit's narrative of one month as stored: `wentWell` (做得好的), `nextPlan`
 * (下月工作计划); at least one of them; who wrote it last and when.
 */
export const UnitPlanSchema = z
  .strictObject({
    /** `<division>|<period>`, see {@link unitPlanId}. */
    id: z.string(),
    division: Id,
    /** The month the narrative is about, `YYYY-MM`. */
    period: Month,
    wentWell: Text.optional(),
    nextPlan: Text.optional(),
    updatedBy: Id,
    updatedAt: IsoDateTime,
  })
  .superRefine((plan, context) => {
    if (plan.id !== unitPlanId(plan))
      context.addIssue({ code: 'custom', path: ['id'], message: `must be ${unitPlanId(plan)}` });
    if (plan.wentWell === undefined && plan.nextPlan === undefined)
      context.addIssue({
        code: 'custom',
        path: ['wentWell'],
        message: 'give what went well, next month’s plan, or both',
      });
  });
/** A unit's narrative of one month. */
export type UnitPlan = z.infer<typeof UnitPlanSchema>;

/**
 * A narrative as a user writes it: a text left out keeps the one already
 * stored (write what went well now, the plan later).
 */
export const UnitPlanInputSchema = z.strictObject({
  division: Id,
  period: Month,
  wentWell: Text.optional(),
  nextPlan: Text.optional(),
});
/** A narrative as a user writes it. */
export type UnitPlanInput = z.input<typeof UnitPlanInputSchema>;

/** The two texts of a narrative. */
export type UnitPlanTextField = 'wentWell' | 'nextPlan';

/** The names of a narrative's two texts, as the report, the CLI, chat and import show them. */
export const UNIT_PLAN_TEXT_LABELS: Readonly<Record<UnitPlanTextField, LocalisedText>> = {
  wentWell: { 'zh-CN': '做得好的', en: 'What went well' },
  nextPlan: { 'zh-CN': '下月工作计划', en: 'Next month’s plan' },
};

/** One division's narrative in a month's report: the texts, or `null` where the unit has not written them. */
export interface UnitPlanLine {
  division: string;
  wentWell: string | null;
  nextPlan: string | null;
  /** Who wrote it last and when; `null` when nothing is written. */
  updatedBy: string | null;
  updatedAt: string | null;
}

/** The narrative sections of a month's portfolio report. */
export interface UnitPlanSection {
  /** The month the narratives are about. */
  period: string;
  /** One line per division the reader may see, in division order; missing texts are `null`. */
  units: UnitPlanLine[];
  /** What the report says where a unit has not written its text. */
  missing: LocalisedText;
}

/** What the report says for a unit that has not written its narrative. */
export const UNIT_PLAN_MISSING: LocalisedText = {
  'zh-CN': '本单位尚未填写',
  en: 'not yet written by the unit',
};

/**
 * The narrative sections of the report of `period`: one line per division
 * (sorted), its texts from `plans` or `null` where missing — so a missing
 * narrative is said, never left out.
 *
 * @example
 * ```ts
 * const section = unitPlanSection('2026-10', ['华东事业部', '华北事业部'], await scoped.listUnitPlans({ periods: ['2026-10'] }));
 * ```
 */
export function unitPlanSection(
  period: string,
  divisions: Iterable<string>,
  plans: readonly UnitPlan[],
): UnitPlanSection {
  const byDivision = new Map(
    plans.filter((plan) => plan.period === period).map((plan) => [plan.division, plan] as const),
  );
  const units = [...new Set(divisions)].sort().map((division): UnitPlanLine => {
    const plan = byDivision.get(division);
    return {
      division,
      wentWell: plan?.wentWell ?? null,
      nextPlan: plan?.nextPlan ?? null,
      updatedBy: plan?.updatedBy ?? null,
      updatedAt: plan?.updatedAt ?? null,
    };
  });
  return { period, units, missing: UNIT_PLAN_MISSING };
}

/**
 * The day a monthly write-up of `period` is due at each unit (day `unitDay`
 * of the next month) and at the division roll-up (day `divisionDay` of the
 * month after), the first day it is reminded of, and where `today` stands:
 * `before` the reminders, `due` (up to the unit deadline, then up to the
 * division's) or `overdue`. One rule for swing alerts and unit narratives.
 */
export function monthlyDeadline(
  period: string,
  deadlines: ReportDeadlines,
  today: string,
): { deadline: 'unit' | 'division'; dueDate: string; status: 'before' | 'due' | 'overdue' } {
  const unitDate = `${addMonths(period, 1)}-${String(deadlines.unitDay).padStart(2, '0')}`;
  const divisionDate = `${addMonths(period, 2)}-${String(deadlines.divisionDay).padStart(2, '0')}`;
  if (today < addDays(unitDate, -deadlines.remindDaysBefore))
    return { deadline: 'unit', dueDate: unitDate, status: 'before' };
  if (today <= unitDate) return { deadline: 'unit', dueDate: unitDate, status: 'due' };
  return { deadline: 'division', dueDate: divisionDate, status: today <= divisionDate ? 'due' : 'overdue' };
}

/** A unit that has not written its narrative of a month, with the deadline it must meet. */
export interface UnitPlanReminder {
  division: string;
  period: string;
  /** What is missing: what went well, next month's plan, or both. */
  missing: ('wentWell' | 'nextPlan')[];
  /** `unit`: due by the unit deadline; `division`: past it, still wanted for the division roll-up. */
  deadline: 'unit' | 'division';
  dueDate: string;
  /** `overdue` once the unit deadline has passed. */
  status: 'due' | 'overdue';
  message: LocalisedText;
}

/**
 * The units whose narrative of last month (or of the month before, until the
 * division roll-up's deadline) is missing or half-written on `today`: from
 * `remindDaysBefore` days before the unit deadline (postal: the 28th), then
 * as overdue until the division roll-up's deadline (postal: the 5th), when
 * the month's report is closed — the same deadlines as unexplained swing
 * alerts.
 *
 * @example
 * ```ts
 * unitPlanReminders(await store.listUnitPlans(), ['华东事业部'], { unitDay: 28, divisionDay: 5, remindDaysBefore: 3 }, '2026-11-26');
 * ```
 */
export function unitPlanReminders(
  plans: readonly UnitPlan[],
  divisions: Iterable<string>,
  deadlines: ReportDeadlines,
  today: string,
): UnitPlanReminder[] {
  const reminders: UnitPlanReminder[] = [];
  const month = today.slice(0, 7);
  const byId = new Map(plans.map((plan) => [plan.id, plan] as const));
  for (const period of [addMonths(month, -2), addMonths(month, -1)]) {
    const clock = monthlyDeadline(period, deadlines, today);
    if (clock.status !== 'due') continue;
    const late = clock.deadline === 'division';
    for (const division of [...new Set(divisions)].sort()) {
      const plan = byId.get(unitPlanId({ division, period }));
      const missing = (['wentWell', 'nextPlan'] as const).filter((field) => plan?.[field] === undefined);
      if (missing.length === 0) continue;
      const what: LocalisedText =
        missing.length === 2
          ? {
              'zh-CN': '月度小结（做得好的、下月工作计划）',
              en: 'monthly narrative (what went well, next month’s plan)',
            }
          : missing[0] === 'wentWell'
            ? { 'zh-CN': '做得好的', en: 'what went well' }
            : { 'zh-CN': '下月工作计划', en: 'next month’s plan' };
      reminders.push({
        division,
        period,
        missing: [...missing],
        deadline: clock.deadline,
        dueDate: clock.dueDate,
        status: late ? 'overdue' : 'due',
        message: {
          'zh-CN': `${division} ${period} 的${what['zh-CN']}尚未填写，${late ? `已逾期，请于 ${clock.dueDate}（事业部汇总）前补填` : `请于 ${clock.dueDate} 前填写`}`,
          en: `${division} has not written its ${what.en} for ${period}; ${late ? `overdue, wanted by ${clock.dueDate} for the division roll-up` : `due by ${clock.dueDate}`}`,
        },
      });
    }
  }
  return reminders.sort(
    (left, right) => left.dueDate.localeCompare(right.dueDate) || left.division.localeCompare(right.division),
  );
}

/** What {@link readUnitPlans} reads from: a store, or a user's scoped store. */
export interface UnitPlanReader {
  /** The accounts the reader may see (their divisions are the report's units). */
  listAccounts(): Promise<readonly { division: string }[]>;
  /** The narratives of the given months the reader may see. */
  listUnitPlans(filter: { periods: readonly string[] }): Promise<UnitPlan[]>;
}

/**
 * The divisions a reader's report of `period` covers (those of the accounts
 * it may see, or the `known` divisions a whole-portfolio reader's stored
 * month holds — then no account is read — kept when `mayRead` says so) and
 * their narratives of the month.
 *
 * @example
 * ```ts
 * const { divisions, plans } = await readUnitPlans(scoped, '2026-10', (division) => scoped.can('narrative.read', { division }));
 * ```
 */
export async function readUnitPlans(
  reader: UnitPlanReader,
  period: string,
  mayRead: (division: string) => boolean | Promise<boolean> = () => true,
  known?: readonly string[],
): Promise<{ divisions: string[]; plans: UnitPlan[] }> {
  const [units, plans] = await Promise.all([
    known ?? reader.listAccounts().then((accounts) => accounts.map((account) => account.division)),
    reader.listUnitPlans({ periods: [period] }),
  ]);
  const divisions: string[] = [];
  for (const division of new Set(units)) if (await mayRead(division)) divisions.push(division);
  return { divisions: divisions.sort(), plans: plans.filter((plan) => divisions.includes(plan.division)) };
}
