/**
 * The P3 store: accounts with owners, the account managers who own them and
 * their Slack links, plus the shared transactions file imported through
 * `importFile` so the account card has real figures, and the month's
 * results ({@link AS_OF}) stored with `refreshMonth` under the default
 * policies — what the bot's cards are read from, as after `kamkit run`.
 * Built once per size under bench/.data/ and copied fresh for each side's
 * run (the bot writes idempotency keys into it).
 *
 * Account `i` (id `a000000i`, name `客户i`, division `DIVISIONS[i % 3]`) is
 * owned by account manager `i % managers`; managers number one per
 * {@link ACCOUNTS_PER_MANAGER} accounts (a multiple of 3, so a manager's
 * accounts are all in the manager's division). Manager `k` is user `u-am-k`,
 * linked to Slack user `U-AM-k`.
 *
 * @module
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshCopy } from './store-fixture.mjs';
import { AS_OF, accountId, DIVISIONS, ensureTransactionFiles, writeLines } from './transactions.mjs';

/** Marker file written once the fixture folder is complete. */
const READY = 'bench-ready.json';
/** Accounts each account manager owns (owner A). */
export const ACCOUNTS_PER_MANAGER = 99;
/** Transactions per account in the P3 store (its figures, not its size, are what the card shows). */
export const TRANSACTIONS_PER_ACCOUNT = 10;

/** How many account managers own a store of `accounts` accounts. */
export function managerCount(accounts) {
  return Math.max(3, Math.ceil(accounts / ACCOUNTS_PER_MANAGER / 3) * 3);
}

/** The KAMkit user id of manager `k`. */
export function managerUserId(k) {
  return `u-am-${k}`;
}

/** The Slack user id of manager `k`. */
export function managerSlackId(k) {
  return `U-AM-${k}`;
}

/** The account name of account `index` (what `/kam status` is asked with). */
export function accountName(index) {
  return `客户${index}`;
}

/**
 * A store folder for `accounts` accounts with owners, managers, Slack links,
 * transactions and the month's stored results, built on first use
 * (one-time setup, not timed).
 *
 * @param {{ sdk: any, dataDir: string, accounts: number }} options
 * @returns {Promise<string>} the folder
 */
export async function ensureSlackStore({ sdk, dataDir, accounts }) {
  // v2: with the month's stored results.
  const folder = join(dataDir, `store-slack-${accounts}.v2`);
  if (existsSync(join(folder, READY))) return folder;
  const managers = managerCount(accounts);
  const accountsPath = join(dataDir, `accounts-owned-${accounts}.csv`);
  if (!existsSync(accountsPath))
    await writeLines(
      accountsPath,
      accounts,
      (index) =>
        `${accountId(index)},${accountName(index)},${DIVISIONS[index % DIVISIONS.length]},${managerUserId(index % managers)}\n`,
      'id,name,division,ownerA',
    );
  const { transactionsPath } = await ensureTransactionFiles({
    dataDir,
    accounts,
    perAccount: TRANSACTIONS_PER_ACCOUNT,
  });
  const work = `${folder}.building`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  process.stderr.write(`  building the P3 store for ${accounts} accounts (one-time setup)\n`);
  const store = await sdk.openStore({ dataDir: work });
  try {
    for (let k = 0; k < managers; k++) {
      await store.putUser(
        {
          id: managerUserId(k),
          name: `客户经理${k}`,
          email: `am${k}@kamkit.example`,
          role: 'account-manager',
          division: DIVISIONS[k % DIVISIONS.length],
          locale: 'en',
        },
        { actor: 'bench' },
      );
      await sdk.linkPlatformUser(
        store,
        { platform: 'slack', platformUserId: managerSlackId(k) },
        managerUserId(k),
      );
    }
    // skip-invalid commits each batch of 5,000 on its own: one all-or-nothing
    // import of ~20k+ accounts runs PGlite out of lock slots (one advisory
    // lock per account, held to the end of the transaction). Every row must
    // still be stored, which is checked here.
    for (const [kind, path, rows] of [
      ['accounts', accountsPath, accounts],
      ['transactions', transactionsPath, accounts * TRANSACTIONS_PER_ACCOUNT],
    ]) {
      const result = await sdk.importFile({
        store,
        kind,
        path,
        actor: 'bench',
        mode: 'skip-invalid',
        batchSize: 5_000,
      });
      if (result.inserted !== rows || result.rejected !== 0)
        throw new Error(
          `P3 store: ${kind} import stored ${result.inserted} of ${rows} rows (${result.rejected} rejected)`,
        );
    }
    // The month's results under the policies the bot uses (its default ones), so cards are read, not computed.
    const outcome = await sdk.refreshMonth({ store, policies: sdk.defaultPolicies(), month: AS_OF });
    if (outcome.status !== 'computed' || outcome.accounts !== accounts)
      throw new Error(`P3 store: the results of ${AS_OF} were not stored for ${accounts} accounts`);
  } finally {
    await store.close();
  }
  rmSync(folder, { recursive: true, force: true });
  renameSync(work, folder);
  writeFileSync(join(folder, READY), JSON.stringify({ accounts, managers }));
  return folder;
}

/**
 * A fresh working copy of the P3 store for one side's run.
 *
 * @param {{ sdk: any, dataDir: string, accounts: number }} options
 * @returns {Promise<string>} the working folder
 */
export async function slackStoreCopy(options) {
  const template = await ensureSlackStore(options);
  const work = join(options.dataDir, `store-slack-${options.accounts}.work-${process.pid}`);
  freshCopy(template, work);
  return work;
}
