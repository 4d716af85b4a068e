/**
 * Money: integer fen in storage and arithmetic; parsing of amounts as people
 * write them (`¥1,500,000`, `150万`, `1.5亿元`, full-width digits); display
 * under the number policy of `./decimal.ts`:
 *
 * - amounts below ¥10,000 in full with separators, cents only when there are
 *   any (`¥9,999.50`, `¥8,000`);
 * - from ¥10,000 up (totals): zh-CN in 万 / 亿 with at most two decimals
 *   (`¥1.01万`, `¥37.89万`, `¥1.25亿`), en in whole yuan (`¥1,500,000`);
 * - rounding half away from zero on the exact fen (¥10,050 → `¥1.01万`);
 * - several amounts in one sentence share one format ({@link formatMoneyList}).
 *
 * @module
 */
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import { readYuan } from '../import/amount.js';
import { groupThousands, roundDecimal } from './decimal.js';

/**
 * Parse an amount into fen. Numbers are taken as fen already and must be
 * whole; strings are yuan with optional ¥, thousands separators, full-width
 * digits, and 万 (10⁴) or 亿 (10⁸). Nothing is rounded: a fraction of a fen
 * (`1.005`) is an error.
 *
 * @example parseMoney('¥1,500,000') // 150000000
 * @example parseMoney('150万')     // 150000000
 * @example parseMoney('１２３.４５') // 12345
 * @throws KamError `INVALID_INPUT` when the value is not an amount or is finer
 *   than a fen; `path` names the field.
 */
export function parseMoney(value: number | string, path = 'amount'): number {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw moneyError(String(value), path);
    return value;
  }
  const result = readYuan(value);
  if (!result.ok) throw moneyError(value, path);
  return result.fen;
}

function moneyError(value: string, path: string): KamError {
  return new KamError({
    code: KAM_ERROR_CODES.INVALID_INPUT,
    path,
    message: {
      'zh-CN': `${path}：无法识别的金额“${value}”，应写作 ¥1,500,000、150万 或以分为单位的整数（最多精确到分）`,
      en: `${path}: "${value}" is not an amount; write ¥1,500,000, 150万 or a whole number of fen (nothing finer than a fen)`,
    },
  });
}

/** How an amount is written: in 万/亿 (zh totals), whole yuan, or yuan and fen. */
type MoneyStyle = 'compact' | 'whole' | 'cents';

const TEN_THOUSAND_YUAN = 1_000_000; // in fen

function wholeFen(fen: number): number {
  return Number.isInteger(fen) ? fen : Number(roundDecimal(fen, 0));
}

function styleOf(fen: number, locale: 'zh-CN' | 'en'): MoneyStyle {
  if (Math.abs(fen) >= TEN_THOUSAND_YUAN) return locale === 'zh-CN' ? 'compact' : 'whole';
  return fen % 100 === 0 ? 'whole' : 'cents';
}

function write(fen: number, style: MoneyStyle): string {
  const sign = fen < 0 ? '-' : '';
  const magnitude = Math.abs(fen);
  switch (style) {
    case 'compact': {
      // 万 below 10⁸ yuan; 亿 from there, and when 万 would round up to 10,000.
      let tenThousands = roundDecimal(`${magnitude}e-6`, 2);
      if (Number(tenThousands) < 10_000) return `${sign}¥${trimZeros(tenThousands)}万`;
      tenThousands = roundDecimal(`${magnitude}e-10`, 2);
      return `${sign}¥${groupThousands(trimZeros(tenThousands))}亿`;
    }
    case 'whole':
      return `${sign}¥${groupThousands(roundDecimal(`${magnitude}e-2`, 0))}`;
    case 'cents':
      return `${sign}¥${groupThousands(roundDecimal(`${magnitude}e-2`, 2))}`;
  }
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/**
 * Format fen for people (see the module note): `¥9,999.50`, `¥8,000`;
 * from ¥10,000 zh-CN `¥1.01万` / `¥1.25亿`, en `¥1,500,000`. A fraction of a
 * fen (an average) is first rounded half away from zero. `NaN` reads `—`.
 *
 * @example formatMoney(1_005_000, 'zh-CN') // '¥1.01万'
 * @example formatMoney(999_950, 'zh-CN')   // '¥9,999.50'
 */
export function formatMoney(fen: number, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  if (!Number.isFinite(fen)) return '—';
  const whole = wholeFen(fen);
  return write(whole, styleOf(whole, locale));
}

/**
 * Several amounts that appear in one sentence, in one shared format: 万 / 亿
 * (zh) or whole yuan (en) only when every amount is a total of ¥10,000 or
 * more; otherwise all in full, all with fen when any has them.
 *
 * @example formatMoneyList([999_950, 1_300_100], 'zh-CN') // ['¥9,999.50', '¥13,001.00']
 * @example formatMoneyList([200_000_000, 260_100_000], 'zh-CN') // ['¥200万', '¥260.1万']
 */
export function formatMoneyList(fens: readonly number[], locale: 'zh-CN' | 'en' = 'zh-CN'): string[] {
  const wholes = fens.map((fen) => (Number.isFinite(fen) ? wholeFen(fen) : fen));
  const finite = wholes.filter((fen) => Number.isFinite(fen));
  const styles = finite.map((fen) => styleOf(fen, locale));
  const shared: MoneyStyle =
    styles.length > 0 && styles.every((style) => style === styles[0])
      ? styles[0]!
      : finite.some((fen) => fen % 100 !== 0)
        ? 'cents'
        : 'whole';
  return wholes.map((fen) => (Number.isFinite(fen) ? write(fen, shared) : '—'));
}
