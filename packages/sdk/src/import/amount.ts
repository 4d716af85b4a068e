/**
 * Exact amount parsing for imported rows: yuan as spreadsheets write them
 * (`1500000`, `1,500,000.50`, `¥1,500,000`, `150万`, `1.5亿元`) → integer fen,
 * with decimal-string arithmetic so no binary floating point ever touches the
 * value. More than two decimal places of yuan is an error, not a rounding.
 *
 * @module
 */
import { KAM_ERROR_CODES, KamError, type LocalisedText } from '../errors/kam-error.js';

/** The outcome of reading one amount: fen, or why the text is not an amount. */
export type AmountResult = { ok: true; fen: number } | { ok: false; reason: LocalisedText };

const YUAN_PATTERN = /^([+-])?(?:¥|￥|RMB|CNY)?([+-])?(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?(万|亿)?(?:元)?$/i;
const FEN_PATTERN = /^([+-])?(\d{1,3}(?:,\d{3})+|\d+)$/;

const NOT_AN_AMOUNT: LocalisedText = {
  'zh-CN': '金额（元），最多两位小数，如 1500000、1,500,000.50、¥1,500,000 或 150万',
  en: 'an amount in yuan with at most 2 decimals, e.g. 1500000, 1,500,000.50, ¥1,500,000 or 150万',
};
const TOO_PRECISE: LocalisedText = {
  'zh-CN': '金额最多精确到分（两位小数）',
  en: 'an amount precise to the fen (at most 2 decimal places of yuan)',
};
const TOO_LARGE: LocalisedText = {
  'zh-CN': '金额超出可精确表示的范围',
  en: 'an amount small enough to be held exactly (below about ¥90 trillion)',
};
const NOT_FEN: LocalisedText = {
  'zh-CN': '以分为单位的整数金额，如 150000',
  en: 'a whole number of fen, e.g. 150000',
};

/** Normalise full-width digits, signs and separators, and drop inner spaces. */
function normalise(text: string): string {
  return text.normalize('NFKC').replaceAll('，', ',').replace(/\s+/g, '');
}

/**
 * Read an amount written in yuan into exact fen.
 *
 * @param text - e.g. `1,500,000.50`, `¥1,500,000`, `150万`, `-3.5`.
 * @returns `{ ok: true, fen }` or `{ ok: false, reason }` (bilingual).
 */
export function readYuan(text: string): AmountResult {
  const match = YUAN_PATTERN.exec(normalise(text));
  if (!match || (match[1] && match[2])) return { ok: false, reason: NOT_AN_AMOUNT };
  const integerDigits = (match[3] ?? '').replaceAll(',', '');
  const fractionDigits = match[4] ?? '';
  if (integerDigits === '' && fractionDigits === '') return { ok: false, reason: NOT_AN_AMOUNT };
  // Shift the decimal point: fen = digits × 10^(2 + scale − fraction length).
  const shift = 2 + (match[5] === '亿' ? 8 : match[5] === '万' ? 4 : 0) - fractionDigits.length;
  let digits = `${integerDigits}${fractionDigits}`.replace(/^0+(?=\d)/, '');
  if (shift >= 0) {
    digits += '0'.repeat(shift);
  } else {
    const dropped = digits.slice(shift);
    if (/[^0]/.test(dropped)) return { ok: false, reason: TOO_PRECISE };
    digits = digits.slice(0, shift) || '0';
  }
  const fen = Number(digits);
  if (!Number.isSafeInteger(fen)) return { ok: false, reason: TOO_LARGE };
  const negative = (match[1] ?? match[2]) === '-';
  return { ok: true, fen: negative && fen !== 0 ? -fen : fen };
}

/**
 * Read an amount already in fen (a whole number, thousands separators allowed).
 *
 * @returns `{ ok: true, fen }` or `{ ok: false, reason }` (bilingual).
 */
export function readFen(text: string): AmountResult {
  const match = FEN_PATTERN.exec(normalise(text));
  if (!match) return { ok: false, reason: NOT_FEN };
  const fen = Number(match[2]!.replaceAll(',', ''));
  if (!Number.isSafeInteger(fen)) return { ok: false, reason: TOO_LARGE };
  return { ok: true, fen: match[1] === '-' && fen !== 0 ? -fen : fen };
}

/**
 * Parse an amount in yuan into exact integer fen — no floating-point drift:
 * `'0.29'` is 29 fen, `'1,500,000.50'` is 150000050 fen, `'150万'` is
 * 150000000 fen.
 *
 * @param text - the amount as written.
 * @param path - the field, for the error (default `amount`).
 * @throws KamError `INVALID_INPUT` when the text is not an amount, has more than
 *   two decimal places of yuan, or is too large to hold exactly.
 * @example
 * ```ts
 * parseYuanToFen('¥1,234.56'); // 123456
 * parseYuanToFen('1.5万');      // 1500000
 * ```
 */
export function parseYuanToFen(text: string, path = 'amount'): number {
  const result = readYuan(text);
  if (result.ok) return result.fen;
  throw new KamError({
    code: KAM_ERROR_CODES.INVALID_INPUT,
    path,
    message: {
      'zh-CN': `${path}：“${text}”不是有效金额，应为${result.reason['zh-CN']}`,
      en: `${path}: "${text}" is not valid; expected ${result.reason.en}`,
    },
  });
}
