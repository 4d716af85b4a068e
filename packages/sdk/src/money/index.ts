export {
  atLeast,
  type FormatNumberOptions,
  type FormatPercentOptions,
  formatNumber,
  formatPercent,
  formatPercentPair,
  groupThousands,
  ratioExceeds,
  roundDecimal,
  SCORE_TOLERANCE,
} from './decimal.js';
export { formatMoney, formatMoneyList, parseMoney } from './money.js';
