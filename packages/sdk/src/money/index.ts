export { formatMoney, parseMoney } from './money.js';
