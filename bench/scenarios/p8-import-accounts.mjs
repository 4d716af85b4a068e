/**
 * P8 — `kamkit import accounts` of N accounts, as a whole command.
 *
 * Ours: the built `kamkit import accounts <file> --json`, in its own process,
 * in a folder whose `.kamkit/db` is an empty, migrated store (a fresh copy
 * each repetition, untimed): it opens the store, parses and validates every
 * row, and writes each account's profile, first version and audit entry in
 * one transaction (set-based `putAccounts`).
 * Baseline: a Node program of its own (`lib/copy-accounts.mjs`) that opens a
 * PGlite folder holding an empty `accounts (id, name, division)` table and
 * runs PGlite's `COPY … FROM '/dev/blob'` of the same file — no validation,
 * no versions, no audit.
 *
 * Both sides are timed from process start to exit (opening the database
 * included); peak RSS is each command's own.
 *
 * @module
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pgliteOptions } from '../lib/pglite-options.mjs';
import { runNodeProcess } from '../lib/process.mjs';
import { ensureAccountsFile } from '../lib/transactions.mjs';

const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const KAMKIT = resolve(benchDir, '../packages/sdk/dist/cli/main.js');
const COPY_PROGRAM = join(benchDir, 'lib/copy-accounts.mjs');

/** What both sides must agree on: the number of accounts and a digest of every id, name and division. */
const FINGERPRINT = (name) => `SELECT count(*)::int AS accounts,
  md5(string_agg(id || '|' || ${name} || '|' || division, ',' ORDER BY id COLLATE "C")) AS digest FROM accounts`;

/** A folder copied afresh from `template` (replacing it). */
function fresh(template, folder) {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(dirname(folder), { recursive: true });
  cpSync(template, folder, { recursive: true });
}

const ours = {
  label: '`kamkit import accounts` (validated, versioned, audited)',
  async setup({ size, dataDir, sdk }) {
    const accountsPath = await ensureAccountsFile({ dataDir, accounts: size });
    const template = join(dataDir, 'p8-empty-store');
    rmSync(template, { recursive: true, force: true });
    await (await sdk.openStore({ dataDir: template })).close();
    return { sdk, accountsPath, template, work: join(dataDir, `p8-ours-${size}`), note: `${size} rows` };
  },
  beforeEach(context) {
    fresh(context.template, join(context.work, '.kamkit/db'));
  },
  async run({ work, accountsPath }) {
    const done = await runNodeProcess({
      args: [KAMKIT, 'import', 'accounts', accountsPath, '--json'],
      cwd: work,
      env: { KAMKIT_DATABASE_URL: '' },
    });
    return { ...done, result: JSON.parse(done.stdout) };
  },
  async fingerprint(context, { result }) {
    const store = await context.sdk.openStore({ dataDir: join(context.work, '.kamkit/db') });
    try {
      const { rows } = await store.sql.query(FINGERPRINT("(data->>'name')"));
      const versions = await store.sql.query('SELECT count(*)::int AS n FROM account_versions');
      if (result.inserted !== rows[0].accounts || versions.rows[0].n !== rows[0].accounts)
        throw new Error(
          `import reported ${result.inserted} accounts; stored ${rows[0].accounts} with ${versions.rows[0].n} versions`,
        );
      return rows[0];
    } finally {
      await store.close();
    }
  },
  teardown(context) {
    rmSync(context.work, { recursive: true, force: true });
    rmSync(context.template, { recursive: true, force: true });
  },
};

const baseline = {
  label: "PGlite's COPY FROM (csv), its own process",
  async setup({ size, dataDir }) {
    const accountsPath = await ensureAccountsFile({ dataDir, accounts: size });
    const { PGlite } = await import('@electric-sql/pglite');
    const template = join(dataDir, 'p8-empty-copy');
    rmSync(template, { recursive: true, force: true });
    const db = await PGlite.create(template, pgliteOptions());
    await db.exec('CREATE TABLE accounts (id text PRIMARY KEY, name text NOT NULL, division text NOT NULL)');
    await db.close();
    return { PGlite, accountsPath, template, folder: join(dataDir, `p8-copy-${size}`), note: `${size} rows` };
  },
  beforeEach(context) {
    fresh(context.template, context.folder);
  },
  run({ folder, accountsPath }) {
    return runNodeProcess({ args: [COPY_PROGRAM, folder, accountsPath], cwd: benchDir });
  },
  async fingerprint({ PGlite, folder }) {
    const db = await PGlite.create(folder, pgliteOptions());
    try {
      return (await db.query(FINGERPRINT('name'))).rows[0];
    } finally {
      await db.close();
    }
  },
  teardown(context) {
    rmSync(context.folder, { recursive: true, force: true });
    rmSync(context.template, { recursive: true, force: true });
  },
};

function compare(oursPrint, baselinePrint) {
  return Object.keys(baselinePrint)
    .filter((key) => oursPrint[key] !== baselinePrint[key])
    .map((key) => `${key}: ours ${oursPrint[key]}, COPY ${baselinePrint[key]}`);
}

export default {
  id: 'P8',
  title: '`kamkit import accounts` as a whole command, against COPY in its own process',
  unit: 'accounts',
  sizes: { full: [10_000, 100_000], quick: [2_000] },
  headlineSize: 100_000,
  target: {
    kind: 'throughput',
    minThroughputRatio: 0.8,
    text: '≥ 0.8 × COPY’s throughput, whole processes (100k accounts)',
  },
  requires: ['openStore'],
  repetitions: (size, quick) => (quick || size < 100_000 ? 3 : 2),
  warmup: () => 0,
  notes: [
    'Both sides are whole processes timed from start to exit, opening the database included; the store folder is a fresh copy of an empty, migrated one each repetition.',
  ],
  async prepare({ size, dataDir }) {
    await ensureAccountsFile({ dataDir, accounts: size });
  },
  ours,
  baseline,
  compare,
};
