/**
 * Fixtures for the whole-command scenarios on stored results (P6, P7): a
 * project folder whose `.kamkit/db` is an embedded store holding the
 * accounts, their transactions and the month's stored results (`kamkit run
 * --as-of <month>`, run once, untimed), and a DuckDB file holding the same
 * accounts and transactions for the baselines. Both are built on first use
 * under bench/.data/ and kept; how long building took is kept with them.
 *
 * @module
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { runNodeProcess } from './process.mjs';
import { ensureLoadedStore, freshCopy, hasLoadedStore } from './store-fixture.mjs';
import { AS_OF, ensureTransactionFiles } from './transactions.mjs';

const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The built CLI. */
export const KAMKIT = resolve(benchDir, '../packages/sdk/dist/cli/main.js');
/** The baselines' program. */
export const DUCKDB_PROGRAM = join(benchDir, 'lib/duckdb-tier-report.mjs');
/** Environment of every `kamkit` command the scenarios run: the folder's own store, English text. */
export const KAMKIT_ENV = { KAMKIT_DATABASE_URL: '', KAMKIT_LOCALE: 'en', KAMKIT_CONFIG: '' };
const READY = 'bench-ready.json';

/** `transactions-1000x100.v1` for those files. */
function nameOf(transactionsPath) {
  return transactionsPath
    .split('/')
    .at(-1)
    .replace(/\.csv$/, '');
}

/**
 * A project folder (`<folder>/.kamkit/db`) with the accounts, transactions and
 * `AS_OF`'s stored results, built on first use.
 *
 * @param {{ sdk: any, dataDir: string, accounts: number, perAccount: number }} options
 * @returns {Promise<{ folder: string, transactions: number, built: { loadMs?: number, runMs: number, runMaxRssKb: number } }>}
 */
export async function ensureResultsProject({ sdk, dataDir, accounts, perAccount }) {
  const files = await ensureTransactionFiles({ dataDir, accounts, perAccount });
  const folder = join(dataDir, `project-results-${nameOf(files.transactionsPath)}-${AS_OF}`);
  if (existsSync(join(folder, READY)))
    return {
      folder,
      transactions: files.transactions,
      built: JSON.parse(readFileSync(join(folder, READY), 'utf8')),
    };
  // A loaded store left by P5 or P2 is reused; its load is then not timed here.
  const reused = hasLoadedStore(dataDir, files.transactionsPath);
  const loadStart = performance.now();
  const loaded = await ensureLoadedStore({ sdk, dataDir, ...files, accounts });
  const loadMs = reused ? undefined : performance.now() - loadStart;
  const work = `${folder}.building`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, '.kamkit'), { recursive: true });
  freshCopy(loaded, join(work, '.kamkit/db'));
  process.stderr.write(`  kamkit run --as-of ${AS_OF} on ${accounts} accounts (one-time setup)\n`);
  const run = await runNodeProcess({
    args: [KAMKIT, 'run', '--as-of', AS_OF, '--json'],
    cwd: work,
    env: KAMKIT_ENV,
  });
  const stored = JSON.parse(run.stdout);
  if (stored.accountCount !== accounts)
    throw new Error(`kamkit run stored results for ${stored.accountCount} of ${accounts} accounts`);
  const built = {
    ...(loadMs === undefined ? {} : { loadMs: Math.round(loadMs) }),
    runMs: Math.round(run.elapsedMs),
    runMaxRssKb: run.processMaxRssKb,
  };
  rmSync(folder, { recursive: true, force: true });
  renameSync(work, folder);
  writeFileSync(join(folder, READY), JSON.stringify(built));
  return { folder, transactions: files.transactions, built };
}

/**
 * A DuckDB file with `accounts (id, name, division)` and `transactions` (the
 * CSV's columns) read from the same files, built on first use.
 *
 * @param {{ dataDir: string, accounts: number, perAccount: number }} options
 * @returns {Promise<{ file: string, transactions: number }>}
 */
export async function ensureDuckDbFile({ dataDir, accounts, perAccount }) {
  const files = await ensureTransactionFiles({ dataDir, accounts, perAccount });
  const file = join(dataDir, `${nameOf(files.transactionsPath)}.duckdb`);
  if (existsSync(file)) return { file, transactions: files.transactions };
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  rmSync(`${partial}.wal`, { force: true });
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(partial);
  const connection = await instance.connect();
  await connection.run(`CREATE TABLE accounts AS SELECT * FROM read_csv('${files.accountsPath}', header = true,
    columns = {'id': 'VARCHAR', 'name': 'VARCHAR', 'division': 'VARCHAR'})`);
  await connection.run(`CREATE TABLE transactions AS SELECT * FROM read_csv('${files.transactionsPath}',
    header = true, columns = {'id': 'VARCHAR', 'account_id': 'VARCHAR', 'date': 'DATE', 'amount_fen': 'BIGINT',
    'category': 'VARCHAR', 'units': 'DOUBLE', 'cost_fen': 'BIGINT', 'market_total_fen': 'BIGINT'})`);
  await connection.run('CHECKPOINT');
  connection.closeSync();
  instance.closeSync();
  renameSync(partial, file);
  return { file, transactions: files.transactions };
}

/** Run the DuckDB baseline program; its JSON line parsed as `result`. */
export async function runDuckDbProgram(args) {
  const done = await runNodeProcess({ args: [DUCKDB_PROGRAM, ...args], cwd: benchDir });
  return { ...done, result: JSON.parse(done.stdout) };
}

/** Run `kamkit <args>` in `folder`; its JSON output parsed as `result`. */
export async function runKamkit(folder, args) {
  const done = await runNodeProcess({ args: [KAMKIT, ...args], cwd: folder, env: KAMKIT_ENV });
  return { ...done, result: JSON.parse(done.stdout) };
}
