/**
 * P5 — CSV import of N transactions into the embedded store.
 *
 * Ours: `importFile({ kind: 'transactions' })` into a PGlite store that
 * already holds the accounts: streaming parse, per-row validation against
 * the domain schema, account references checked, duplicates skipped, the
 * monthly roll-up maintained, one transaction (all-or-nothing) — run as the
 * store's bulk load (`COPY` per 50,000-row batch, roll-up refreshed once).
 * Baseline: PGlite's own `COPY … FROM '/dev/blob' (FORMAT csv, HEADER)` of
 * the same file into a table with the same columns, primary key and index as
 * the store's `transactions` table — no validation, no roll-up.
 *
 * Both sides use an on-disk PGlite folder; each repetition starts from a
 * fresh copy (untimed).
 *
 * @module
 */
import { openAsBlob, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pgliteOptions } from '../lib/pglite-options.mjs';
import { ensureAccountsTemplate, freshCopy, hasLoadedStore, keepLoadedStore } from '../lib/store-fixture.mjs';
import { ensureTransactionFiles, TRANSACTION_COLUMNS } from '../lib/transactions.mjs';

/** Transactions per account: 100 at full size (100k accounts → 10M rows), 10 with --quick. */
export function perAccountFor(quick) {
  return quick ? 10 : 100;
}

const FINGERPRINT_SQL = `SELECT count(*)::bigint AS rows, sum(amount_fen)::text AS amount, sum(cost_fen)::text AS cost,
  count(market_total_fen)::bigint AS with_market, count(DISTINCT account_id)::bigint AS accounts FROM transactions`;

/** Total rows, amounts and accounts: what both sides must agree on exactly. */
function normalise(row) {
  return {
    rows: Number(row.rows),
    amount: String(row.amount),
    cost: String(row.cost),
    withMarket: Number(row.with_market),
    accounts: Number(row.accounts),
  };
}

const ours = {
  label: 'importFile (validated, roll-up maintained)',
  async setup({ size, quick, dataDir, sdk }) {
    const files = await ensureTransactionFiles({ dataDir, accounts: size, perAccount: perAccountFor(quick) });
    const template = await ensureAccountsTemplate({
      sdk,
      dataDir,
      accountsPath: files.accountsPath,
      accounts: size,
    });
    return {
      sdk,
      files,
      template,
      dataDir,
      folder: join(dataDir, `p5-ours-${size}`),
      note: `${files.transactions} rows`,
    };
  },
  async beforeEach(context) {
    freshCopy(context.template, context.folder);
    context.store = await context.sdk.openStore({ dataDir: context.folder });
  },
  async run({ sdk, store, files }) {
    return sdk.importFile({ store, kind: 'transactions', path: files.transactionsPath, actor: 'bench' });
  },
  async fingerprint(context, result) {
    const { rows } = await context.store.sql.query(FINGERPRINT_SQL);
    if (result.inserted !== context.files.transactions)
      throw new Error(`importFile inserted ${result.inserted} of ${context.files.transactions} rows`);
    return normalise(rows[0]);
  },
  async afterEach(context) {
    await context.store.close();
  },
  teardown(context) {
    // The last imported store is what P2 reads, unless one is kept already.
    if (hasLoadedStore(context.dataDir, context.files.transactionsPath))
      rmSync(context.folder, { recursive: true });
    else keepLoadedStore(context.folder, context.dataDir, context.files.transactionsPath);
  },
};

const baseline = {
  label: "PGlite's COPY FROM (csv)",
  async setup({ size, quick, dataDir }) {
    const files = await ensureTransactionFiles({ dataDir, accounts: size, perAccount: perAccountFor(quick) });
    const { PGlite } = await import('@electric-sql/pglite');
    return { PGlite, files, folder: join(dataDir, `p5-copy-${size}`), note: `${files.transactions} rows` };
  },
  async beforeEach(context) {
    rmSync(context.folder, { recursive: true, force: true });
    context.db = await context.PGlite.create(context.folder, pgliteOptions());
    // The same columns, key and index as the store's transactions table (keyed by account and id
    // since the store's migration 0016_account_scoped_ids).
    await context.db.exec(`CREATE TABLE transactions (
      id text NOT NULL,
      account_id text NOT NULL,
      date text NOT NULL CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
      category text NOT NULL,
      units double precision,
      unit text,
      cost_fen bigint,
      profit_fen bigint,
      market_total_fen bigint,
      PRIMARY KEY (account_id, id)
    );
    CREATE INDEX transactions_account_date ON transactions (account_id, date);`);
  },
  async run({ db, files }) {
    const blob = await openAsBlob(files.transactionsPath);
    await db.query(
      `COPY transactions (${TRANSACTION_COLUMNS.join(', ')}) FROM '/dev/blob' WITH (FORMAT csv, HEADER)`,
      [],
      {
        blob,
      },
    );
  },
  async fingerprint({ db }) {
    const { rows } = await db.query(FINGERPRINT_SQL);
    return normalise(rows[0]);
  },
  async afterEach(context) {
    await context.db.close();
    rmSync(context.folder, { recursive: true, force: true });
  },
};

function compare(oursPrint, baselinePrint) {
  return Object.keys(baselinePrint)
    .filter((key) => oursPrint[key] !== baselinePrint[key])
    .map((key) => `${key}: ours ${oursPrint[key]}, COPY ${baselinePrint[key]}`);
}

export default {
  id: 'P5',
  title: 'CSV import of transactions into the embedded store',
  unit: 'accounts',
  sizes: { full: [10_000, 100_000], quick: [1_000, 2_000] },
  headlineSize: 100_000,
  target: {
    kind: 'throughput',
    minThroughputRatio: 0.8,
    text: '≥ 0.8 × COPY’s throughput (100 rows per account: 10M rows)',
  },
  requires: ['openStore', 'importFile'],
  repetitions: (size, quick) => (quick || size < 100_000 ? 3 : 2),
  warmup: () => 0,
  notes: [
    'Sizes are accounts × 100 transactions (× 10 with --quick): 100k accounts = 10M rows. 1M accounts (100M rows, ~7 GB of CSV) is beyond this machine’s disk budget for a repeated run.',
  ],
  async prepare({ size, quick, dataDir }) {
    await ensureTransactionFiles({ dataDir, accounts: size, perAccount: perAccountFor(quick) });
  },
  ours,
  baseline,
  compare,
};
