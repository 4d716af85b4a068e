/**
 * Deterministic transaction data for P2 and P5, written once as CSV files
 * under bench/.data/ and reused: an accounts file (`id,name,division`) and a
 * transactions file whose columns are both KAMkit import headers and the
 * store's column names, so our `importFile`, PGlite's `COPY` and DuckDB's
 * `read_csv` all read the very same bytes.
 *
 * @module
 */
import { once } from 'node:events';
import { createWriteStream, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { createRandom, randomTools } from './random.mjs';

/** The last month of data; transactions span the 24 months up to it. */
export const AS_OF = '2026-10';
const FIRST_DAY = Date.UTC(2024, 10, 1);
const DAYS = Math.round((Date.UTC(2026, 10, 1) - FIRST_DAY) / 86_400_000);
const CATEGORIES = [
  'PEK-SHA',
  'PEK-CAN',
  'SHA-SZX',
  '标准快递',
  '国际包裹',
  '大工业用电',
  '车险',
  '非车险',
  '办公用品',
  '礼品',
];
/** The divisions accounts are spread over (account `i` is in `DIVISIONS[i % 3]`). */
export const DIVISIONS = ['华北事业部', '华东事业部', '华南事业部'];

/** Columns of the transactions file, in order (also the store's column names). */
export const TRANSACTION_COLUMNS = [
  'id',
  'account_id',
  'date',
  'amount_fen',
  'category',
  'units',
  'cost_fen',
  'market_total_fen',
];

/** The account id of account number `index` (fixed width, so text order = number order). */
export function accountId(index) {
  return `a${String(index).padStart(7, '0')}`;
}

/**
 * Paths of the generated files for `accounts` accounts with `perAccount`
 * transactions each on average, creating them when missing.
 *
 * @param {{ dataDir: string, accounts: number, perAccount: number }} options
 * @returns {Promise<{ accountsPath: string, transactionsPath: string, transactions: number }>}
 */
export async function ensureTransactionFiles({ dataDir, accounts, perAccount }) {
  const transactions = accounts * perAccount;
  const accountsPath = join(dataDir, `accounts-${accounts}.csv`);
  const transactionsPath = join(dataDir, `transactions-${accounts}x${perAccount}.v1.csv`);
  if (!existsSync(accountsPath)) await writeAccounts(accountsPath, accounts);
  if (!existsSync(transactionsPath)) await writeTransactions(transactionsPath, accounts, transactions);
  return { accountsPath, transactionsPath, transactions };
}

/**
 * The path of the generated accounts file for `accounts` accounts (`id,name,division`), created when missing.
 *
 * @param {{ dataDir: string, accounts: number }} options
 * @returns {Promise<string>}
 */
export async function ensureAccountsFile({ dataDir, accounts }) {
  const accountsPath = join(dataDir, `accounts-${accounts}.csv`);
  if (!existsSync(accountsPath)) await writeAccounts(accountsPath, accounts);
  return accountsPath;
}

/**
 * Write `count` generated lines under a header to `path` (via a `.partial` file, renamed when complete).
 *
 * @param {string} path
 * @param {number} count
 * @param {(index: number) => string} lineOf - line `index`, with its newline
 * @param {string} header
 */
export async function writeLines(path, count, lineOf, header) {
  const partial = `${path}.partial`;
  const stream = createWriteStream(partial);
  stream.write(`${header}\n`);
  let buffer = '';
  for (let index = 0; index < count; index++) {
    buffer += lineOf(index);
    if (buffer.length > 1 << 20) {
      if (!stream.write(buffer)) await once(stream, 'drain');
      buffer = '';
    }
  }
  stream.write(buffer);
  stream.end();
  await once(stream, 'finish');
  renameSync(partial, path);
}

function writeAccounts(path, accounts) {
  return writeLines(
    path,
    accounts,
    (index) => `${accountId(index)},客户${index},${DIVISIONS[index % DIVISIONS.length]}\n`,
    'id,name,division',
  );
}

function writeTransactions(path, accounts, transactions) {
  const tools = randomTools(createRandom(10_000_000 + accounts));
  // Account sizes are skewed: a few large accounts carry much of the volume.
  const typical = new Float64Array(accounts);
  for (let index = 0; index < accounts; index++) typical[index] = tools.skewed(80_000, 1);
  process.stderr.write(`  generating ${transactions.toLocaleString('en')} transactions → ${path}\n`);
  return writeLines(
    path,
    transactions,
    (index) => {
      const account = Math.floor(tools.random() * accounts);
      const day = new Date(FIRST_DAY + Math.floor(tools.random() * DAYS) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const amount = Math.max(1, Math.round(typical[account] * tools.skewed(1, 0.6)));
      const category = CATEGORIES[(account + Math.floor(tools.random() * 3)) % CATEGORIES.length];
      const units = Math.round(tools.random() * 2000);
      const cost = tools.random() < 0.8 ? String(Math.round(amount * (0.5 + 0.4 * tools.random()))) : '';
      const market = tools.random() < 0.2 ? String(Math.round(amount * (1 + 3 * tools.random()))) : '';
      return `t${index},${accountId(account)},${day},${amount},${category},${units},${cost},${market}\n`;
    },
    TRANSACTION_COLUMNS.join(','),
  );
}
