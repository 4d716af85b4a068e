/**
 * Money: integer fen in storage and arithmetic; parsing of amounts as people
 * write them in policies (`¥1,500,000`, `150万`, `1.5亿元`); display with ¥ and
 * 万 / 亿 in zh-CN.
 *
 * @module
 */
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';

const MONEY_PATTERN = /^(-)?\s*(?:¥|￥|CNY|RMB)?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万|亿)?\s*(元)?$/i;

/**
 * Parse an amount into fen. Numbers are taken as fen already; strings are yuan
 * with optional ¥, thousands separators, and 万 (10⁴) or 亿 (10⁸).
 *
 * @example parseMoney('¥1,500,000') // 150000000
 * @example parseMoney('150万')     // 150000000
 * @throws KamError when the text is not an amount; `path` names the field.
 */
export function parseMoney(value: number | string, path = 'amount'): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw moneyError(String(value), path);
    return Math.round(value);
  }
  const match = MONEY_PATTERN.exec(value.trim().replaceAll('，', ','));
  if (!match) throw moneyError(value, path);
  const scale = match[3] === '亿' ? 1e8 : match[3] === '万' ? 1e4 : 1;
  const yuan = Number(match[2]!.replaceAll(',', '')) * scale;
  const fen = Math.round(yuan * 100);
  return match[1] ? -fen : fen;
}

function moneyError(value: string, path: string): KamError {
  return new KamError({
    code: KAM_ERROR_CODES.INVALID_INPUT,
    path,
    message: {
      'zh-CN': `${path}：无法识别的金额“${value}”，应写作 ¥1,500,000、150万 或以分为单位的整数`,
      en: `${path}: "${value}" is not an amount; write ¥1,500,000, 150万 or a whole number of fen`,
    },
  });
}

/**
 * Format fen for people. zh-CN uses 万 and 亿 above ten thousand yuan
 * (`¥150万`, `¥1.25亿`); en uses thousands separators (`¥1,500,000`).
 */
export function formatMoney(fen: number, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  if (!Number.isFinite(fen)) return '—';
  const sign = fen < 0 ? '-' : '';
  const yuan = Math.abs(fen) / 100;
  if (locale === 'zh-CN') {
    if (yuan >= 1e8) return `${sign}¥${trim(yuan / 1e8)}亿`;
    if (yuan >= 1e4) return `${sign}¥${trim(yuan / 1e4)}万`;
    return `${sign}¥${trim(yuan)}`;
  }
  return `${sign}¥${(yuan >= 10_000 ? WHOLE_YUAN : CENTS).format(yuan)}`;
}

// One formatter each, built once: `toLocaleString` with options builds a new one per call,
// which dominates when a whole portfolio is explained.
const WHOLE_YUAN = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const CENTS = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

function trim(value: number): string {
  return Number(value.toFixed(2)).toString();
}
