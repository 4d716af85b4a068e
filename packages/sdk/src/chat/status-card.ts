/**
 * The status card as chat shows it: one glance at an account, built from its
 * stored monthly card, the day (in the organisation's time zone) and its
 * contacts. Every channel renders this one model: text channels with a
 * sparkline, Slack as blocks.
 *
 * @module
 */
import type { Contact, ContactRole } from '../domain/contact.js';
import { CONTACT_ROLE_LABELS, RELATIONSHIP_STAGE_LABELS } from '../domain/contact.js';
import type { LocalisedText } from '../errors/kam-error.js';
import { formatMoneyList } from '../money/money.js';
import { type ProfileCompleteness, profileLine } from '../profile/profile-completeness.js';
import type { AccountCard } from '../reports/data/account-card.js';
import { REPORT_MESSAGES } from '../reports/render/messages.js';
import type { AccountSatisfaction } from '../satisfaction/satisfaction-index.js';
import { daysBetween } from '../time/calendar.js';
import { localised } from './replies.js';

/** The status card of one account, ready for any channel. */
export interface StatusCardView {
  accountId: string;
  name: string;
  /** Division and industry, e.g. `华北事业部 · 电力`. */
  division: string;
  industry: string | null;
  /** The month the figures are of, `YYYY-MM`. */
  asOf: string;
  tier: {
    id: string | null;
    label: LocalisedText;
    /** Tier and the gap to the next one: `VIP 客户 · 距金牌还差 ¥37.89万` / `VIP · ¥378,900 to Gold`. */
    headline: LocalisedText;
  };
  revenue: {
    /** This month's revenue, formatted like every other amount of the card. */
    month: LocalisedText;
    /** Change against the previous month and the same month a year before, as ratios; `null` without a base. */
    monthOnMonth: number | null;
    yearOnYear: number | null;
  };
  /** The last twelve months, oldest first, with the same data as a sparkline (`▁▂▃▄▅▆▇█`). */
  trend: { months: string[]; revenueFen: number[]; sparkline: string };
  /** The earliest open service action; `daysOverdue` > 0 when its date has passed. */
  nextAction: { date: string; label: LocalisedText; daysOverdue: number } | null;
  lastContact: { date: string; kind: LocalisedText; by: string } | null;
  owners: { a: string | null; b: string | null };
  /** The decision maker (else the key person) at the customer, with role, title and stage. */
  keyContact: { name: string; title: string | null; role: LocalisedText; stage: LocalisedText } | null;
  alerts: LocalisedText[];
  /**
   * The account's satisfaction index when it has survey responses in the
   * window: `满意度 87.5（2 份问卷，最近 2026-10-15）` /
   * `Satisfaction 87.5 (2 responses, latest 2026-10-15)`; absent otherwise.
   */
  satisfaction?: LocalisedText;
  /**
   * The account's profile against the configured checklist
   * (`policies.profile`): `客户档案 5/7 项，缺：…` / `Profile 5 of 7, missing: …`,
   * with the counts and the missing items; absent without a checklist.
   */
  profile?: { line: LocalisedText; filled: number; total: number; missing: LocalisedText[] };
}

const SPARK = '▁▂▃▄▅▆▇█';
const ROLE_EN: Record<ContactRole, string> = {
  'decision-maker': 'decision maker',
  'key-person': 'key person',
  insider: 'insider',
  guide: 'guide',
  other: 'contact',
};
const STAGE_EN: Record<Contact['stage'], string> = {
  acquaintance: 'acquaintance',
  interest: 'interest',
  trust: 'trust',
  alliance: 'alliance',
};

/** A contact's role in both locales (决策人 / decision maker). */
export function contactRoleText(role: ContactRole): LocalisedText {
  return localised(CONTACT_ROLE_LABELS[role], ROLE_EN[role]);
}

/** A relationship stage in both locales (信任 / trust). */
export function relationshipStageText(stage: Contact['stage']): LocalisedText {
  return localised(RELATIONSHIP_STAGE_LABELS[stage], STAGE_EN[stage]);
}
/** Who counts as the key contact, best first. */
const KEY_ROLES: readonly ContactRole[] = ['decision-maker', 'key-person'];

/**
 * Values as a text sparkline, one block per value scaled from zero to the
 * largest (`[0, 5, 10]` → `▁▅█`); all zero reads as the lowest block.
 */
export function sparkline(values: readonly number[]): string {
  const top = Math.max(0, ...values);
  return values
    .map((value) => SPARK[top <= 0 ? 0 : Math.round((Math.max(0, value) / top) * (SPARK.length - 1))])
    .join('');
}

/** An interaction kind in both locales (`visit` → 拜访 / visit). */
export function interactionKindText(kind: string): LocalisedText {
  const key = `interaction.${kind}`;
  return localised(REPORT_MESSAGES['zh-CN'][key] ?? kind, REPORT_MESSAGES.en[key] ?? kind);
}

function change(current: number, base: number): number | null {
  return base > 0 ? (current - base) / base : null;
}

/**
 * The chat view of a stored card on `today` (`YYYY-MM-DD` in the
 * organisation's time zone): the next action is marked overdue from that day,
 * never shown as upcoming once its date has passed. `profile`, when a
 * checklist is configured, puts the profile's completeness on the card.
 */
export function statusCardView(
  card: AccountCard,
  today: string,
  contacts: readonly Contact[],
  satisfaction?: AccountSatisfaction | null,
  profile?: ProfileCompleteness | null,
): StatusCardView {
  const revenue = card.trend.revenueFen;
  const monthFen = revenue.at(-1) ?? 0;
  // Cards stored before the next tier was kept have only the upgrade text.
  const next = card.tier.next ?? null;
  // One format for every amount on the card: the month's revenue and the gap.
  const [monthZh, gapZh] = formatMoneyList(
    next?.gapFen != null ? [monthFen, next.gapFen] : [monthFen],
    'zh-CN',
  );
  const [monthEn, gapEn] = formatMoneyList(next?.gapFen != null ? [monthFen, next.gapFen] : [monthFen], 'en');
  const gap = gapZh !== undefined && gapEn !== undefined ? localised(gapZh, gapEn) : (next?.gap ?? null);
  const headline = !next
    ? card.tier.upgrade
      ? localised(
          `${card.tier.label['zh-CN']} · ${card.tier.upgrade['zh-CN']}`,
          `${card.tier.label.en} · ${card.tier.upgrade.en}`,
        )
      : localised(`${card.tier.label['zh-CN']} · 已是最高级`, `${card.tier.label.en} · top tier`)
    : gap
      ? localised(
          `${card.tier.label['zh-CN']} · 距${next.label['zh-CN']}还差 ${gap['zh-CN']}`,
          `${card.tier.label.en} · ${gap.en} to ${next.label.en}`,
        )
      : localised(
          `${card.tier.label['zh-CN']} · 下一级：${next.label['zh-CN']}`,
          `${card.tier.label.en} · next: ${next.label.en}`,
        );
  const key = KEY_ROLES.map((role) => contacts.find((contact) => contact.role === role)).find(Boolean);
  const nextContact = card.nextContact;
  return {
    accountId: card.accountId,
    name: card.name,
    division: card.division,
    industry: card.industry,
    asOf: card.asOf,
    tier: { id: card.tier.id, label: card.tier.label, headline },
    revenue: {
      month: localised(monthZh!, monthEn!),
      monthOnMonth: change(monthFen, revenue.at(-2) ?? 0),
      yearOnYear: change(monthFen, card.yearAgoRevenueFen ?? 0),
    },
    trend: { months: card.trend.months, revenueFen: revenue, sparkline: sparkline(revenue) },
    nextAction: nextContact
      ? {
          date: nextContact.dueDate,
          label: nextContact.label,
          daysOverdue: Math.max(0, daysBetween(nextContact.dueDate, today)),
        }
      : null,
    lastContact: card.lastContact
      ? {
          date: card.lastContact.date,
          kind: interactionKindText(card.lastContact.kind),
          by: card.lastContact.by.name,
        }
      : null,
    owners: { a: card.owners.a?.name ?? null, b: card.owners.b?.name ?? null },
    keyContact: key
      ? {
          name: key.name,
          title: key.title ?? null,
          role: contactRoleText(key.role),
          stage: relationshipStageText(key.stage),
        }
      : null,
    alerts: card.openAlerts.map((alert) => alert.message),
    ...(satisfaction
      ? {
          satisfaction: localised(
            `满意度 ${satisfaction.display}（${satisfaction.responses} 份问卷，最近 ${satisfaction.latest}）`,
            `Satisfaction ${satisfaction.display} (${satisfaction.responses} ${satisfaction.responses === 1 ? 'response' : 'responses'}, latest ${satisfaction.latest})`,
          ),
        }
      : {}),
    ...(profile
      ? {
          profile: {
            line: profileLine(profile),
            filled: profile.filled,
            total: profile.total,
            missing: profile.missing.map((item) => item.label),
          },
        }
      : {}),
  };
}
