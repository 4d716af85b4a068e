/**
 * The alert record and the formatting its messages share.
 *
 * @module
 */
import type { LocalisedText } from '../errors/kam-error.js';
import { formatPercent } from '../money/decimal.js';
import { formatMoney } from '../money/money.js';
import type { MonitorKind, Severity } from './alert-policy.js';

/** A value that raised an alert: a number (fen, ratio, days, rank) or a label (tier, date). */
export type AlertFigure = number | string | null;

/** One alert: which account, which monitor, the figures that raised it, and a message. */
export interface Alert {
  accountId: string;
  kind: MonitorKind;
  /** The id of the monitor in the policy that raised it. */
  monitorId: string;
  severity: Severity;
  /** The period it concerns: a month `YYYY-MM`, a quarter `YYYY-Q3`, a year, or a date. */
  period: string;
  /** The numbers that raised it (money in fen, ratios as fractions). */
  figures: Record<string, AlertFigure>;
  message: LocalisedText;
}

/** A tier change to check for downgrades. */
export interface TierChange {
  accountId: string;
  /** Tier before (`null`: was not a key account). */
  from: string | null;
  /** Tier after (`null`: no longer a key account). */
  to: string | null;
  /** Period of the change (defaults to the run's month). */
  period?: string;
}

/** A ratio as a percentage with one decimal (the number policy): `0.31` → `31.0%`. */
export function percent(ratio: number): string {
  return formatPercent(ratio);
}

/** Money in both locales. */
export function money(fen: number): LocalisedText {
  return { 'zh-CN': formatMoney(fen, 'zh-CN'), en: formatMoney(fen, 'en') };
}
