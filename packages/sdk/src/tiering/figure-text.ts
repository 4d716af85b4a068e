/**
 * How tiering talks about figures: their names, units and values, in zh-CN
 * and en. Every explanation and upgrade path is worded through here so a
 * figure reads the same everywhere.
 *
 * @module
 */
import { z } from 'zod';
import type { LocalisedText } from '../errors/kam-error.js';
import type { FigureRef } from '../metrics/figures.js';
import { METRIC_INFO } from '../metrics/metric-table.js';
import { formatNumber, formatPercent } from '../money/decimal.js';
import { formatMoney } from '../money/money.js';
import type { Window } from '../time/period.js';

/** Text written in a policy: one string for both locales, or one per locale. */
export const PolicyTextSchema = z.union([
  z.string().min(1),
  z.strictObject({ 'zh-CN': z.string().min(1), en: z.string().min(1) }),
]);
/** Text written in a policy. */
export type PolicyText = z.infer<typeof PolicyTextSchema>;

/** Both locales of a policy text. */
export function localised(text: PolicyText | undefined, fallback: LocalisedText): LocalisedText {
  if (text === undefined) return fallback;
  return typeof text === 'string' ? { 'zh-CN': text, en: text } : text;
}

/**
 * The unit a figure is measured in: money in fen, a ratio (0–1), a count, days,
 * bought units, a flag (1 or 0), or a custom unit named by the policy (`kVA`).
 */
export type FigureUnit =
  | { kind: 'fen' }
  | { kind: 'ratio' }
  | { kind: 'count' }
  | { kind: 'days' }
  | { kind: 'units'; name: string | undefined }
  | { kind: 'fen-per-unit' }
  | { kind: 'flag' }
  | { kind: 'number'; name: string | undefined };

/** A figure as a policy uses it: the reference, what to call it and its unit. */
export interface FigureMeta {
  figure: FigureRef;
  label: LocalisedText;
  unit: FigureUnit;
}

/** The unit of a figure; `unitName` (from the policy) names custom units such as `kVA` or `kWh`. */
export function unitOf(figure: FigureRef, unitName?: string): FigureUnit {
  if ('flag' in figure) return { kind: 'flag' };
  if ('attribute' in figure) return { kind: 'number', name: unitName };
  const unit = METRIC_INFO[figure.metric].unit;
  if (unit === 'units') return { kind: 'units', name: unitName };
  return { kind: unit };
}

/** The figure's unit written for people (`fen`, `%`, `kWh`…). */
export function unitName(unit: FigureUnit): string {
  switch (unit.kind) {
    case 'fen':
      return 'fen';
    case 'ratio':
      return 'ratio';
    case 'count':
      return 'count';
    case 'days':
      return 'days';
    case 'units':
      return unit.name ?? 'units';
    case 'fen-per-unit':
      return 'fen per unit';
    case 'flag':
      return 'flag';
    case 'number':
      return unit.name ?? 'number';
  }
}

function windowLabel(window: Window): LocalisedText {
  switch (window.unit) {
    case 'cumulative':
      return { 'zh-CN': '累计', en: 'cumulative' };
    case 'rolling':
      return { 'zh-CN': `近${window.months}个月`, en: `last ${window.months} months` };
    case 'month':
      return relative(window.offset, ['本月', '上月'], ['this month', 'last month'], '个月', 'months');
    case 'quarter':
      return relative(
        window.offset,
        ['本季度', '上季度'],
        ['this quarter', 'last quarter'],
        '个季度',
        'quarters',
      );
    case 'year':
      return relative(window.offset, ['本年', '上年'], ['this year', 'last year'], '年', 'years');
    case 'year-to-date':
      return window.offset === 0
        ? { 'zh-CN': '本年累计', en: 'year to date' }
        : { 'zh-CN': `${-window.offset}年前同期累计`, en: `year to date, ${-window.offset} year(s) back` };
  }
}

function relative(
  offset: number,
  zh: [string, string],
  en: [string, string],
  zhUnit: string,
  enUnit: string,
): LocalisedText {
  if (offset === 0) return { 'zh-CN': zh[0], en: en[0] };
  if (offset === -1) return { 'zh-CN': zh[1], en: en[1] };
  return { 'zh-CN': `${-offset}${zhUnit}前`, en: `${-offset} ${enUnit} ago` };
}

/** A default name for a figure: `cumulative revenue` / `累计收入`, `attribute kva`, `flag VIP`. */
export function defaultFigureLabel(figure: FigureRef): LocalisedText {
  if ('flag' in figure) return { 'zh-CN': `标记“${figure.flag}”`, en: `flag “${figure.flag}”` };
  if ('attribute' in figure)
    return { 'zh-CN': `属性“${figure.attribute}”`, en: `attribute “${figure.attribute}”` };
  const info = METRIC_INFO[figure.metric];
  const window = windowLabel(figure.window);
  const tree = figure.rollUp ? { 'zh-CN': '（含下属单位）', en: ' (whole group)' } : { 'zh-CN': '', en: '' };
  return {
    'zh-CN': `${window['zh-CN']}${info['zh-CN']}${tree['zh-CN']}`,
    en: `${info.en}, ${window.en}${tree.en}`,
  };
}

/** A number with thousands separators and at most two decimals (the number policy). */
function plain(value: number): string {
  return formatNumber(value);
}

/** A value in its unit for people: `¥150万` / `¥1,500,000`, `90%`, `2,000 kVA`; NaN reads "unknown". */
export function formatFigure(value: number, unit: FigureUnit, locale: 'zh-CN' | 'en'): string {
  if (!Number.isFinite(value)) {
    if (value === Number.POSITIVE_INFINITY) return locale === 'zh-CN' ? '无法达到' : 'unreachable';
    return locale === 'zh-CN' ? '未知' : 'unknown';
  }
  switch (unit.kind) {
    case 'fen':
      return formatMoney(value, locale);
    case 'fen-per-unit':
      return `${formatMoney(value, locale)}${locale === 'zh-CN' ? '/单位' : ' per unit'}`;
    case 'ratio':
      return formatPercent(value);
    case 'days':
      return locale === 'zh-CN' ? `${plain(value)} 天` : `${plain(value)} days`;
    case 'flag':
      return value > 0 ? (locale === 'zh-CN' ? '有' : 'set') : locale === 'zh-CN' ? '无' : 'not set';
    case 'count':
      return plain(value);
    case 'units':
    case 'number':
      return unit.name === undefined ? plain(value) : `${plain(value)} ${unit.name}`;
  }
}

/** Both locales of {@link formatFigure}. */
export function formatFigureText(value: number, unit: FigureUnit): LocalisedText {
  return { 'zh-CN': formatFigure(value, unit, 'zh-CN'), en: formatFigure(value, unit, 'en') };
}
