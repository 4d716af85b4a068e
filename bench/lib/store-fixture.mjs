/**
 * Embedded-store fixtures for P2 and P5: a PGlite store folder holding the
 * generated accounts (the template every import starts from), and a folder
 * holding accounts plus all transactions (what P2 reads). Folders are
 * cached under bench/.data/ and copied, never rebuilt when present.
 *
 * @module
 */
import { cpSync, existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Marker file written once a fixture folder is complete. */
const READY = 'bench-ready.json';

/**
 * A store folder with the accounts imported, created on first use.
 *
 * @param {{ sdk: any, dataDir: string, accountsPath: string, accounts: number }} options
 * @returns {Promise<string>} the folder
 */
export async function ensureAccountsTemplate({ sdk, dataDir, accountsPath, accounts }) {
  const folder = join(dataDir, `store-accounts-${accounts}`);
  if (existsSync(join(folder, READY))) return folder;
  rmSync(folder, { recursive: true, force: true });
  const store = await sdk.openStore({ dataDir: folder });
  try {
    await sdk.importFile({ store, kind: 'accounts', path: accountsPath, actor: 'bench', batchSize: 20_000 });
  } finally {
    await store.close();
  }
  writeFileSync(join(folder, READY), JSON.stringify({ accounts }));
  return folder;
}

/**
 * Copy a fixture folder to a fresh working folder (replacing it).
 *
 * @param {string} from
 * @param {string} to
 */
export function freshCopy(from, to) {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  rmSync(join(to, READY), { force: true });
}

/** The folder of a store holding `transactionsPath`'s rows (see {@link keepLoadedStore}). */
export function loadedStoreFolder(dataDir, transactionsPath) {
  const name = transactionsPath
    .split('/')
    .at(-1)
    .replace(/\.csv$/, '');
  return join(dataDir, `store-${name}`);
}

/** Whether a complete loaded store exists for that transactions file. */
export function hasLoadedStore(dataDir, transactionsPath) {
  return existsSync(join(loadedStoreFolder(dataDir, transactionsPath), READY));
}

/**
 * Keep a store folder that has the whole transactions file imported, for P2.
 *
 * @param {string} folder - a closed store folder
 * @param {string} dataDir
 * @param {string} transactionsPath
 */
export function keepLoadedStore(folder, dataDir, transactionsPath) {
  const target = loadedStoreFolder(dataDir, transactionsPath);
  rmSync(target, { recursive: true, force: true });
  renameSync(folder, target);
  writeFileSync(join(target, READY), JSON.stringify({ transactionsPath }));
}

/**
 * A store folder with accounts and every transaction of the file imported
 * through our `importFile`, built on first use.
 *
 * @param {{ sdk: any, dataDir: string, accountsPath: string, transactionsPath: string, accounts: number }} options
 * @returns {Promise<string>}
 */
export async function ensureLoadedStore(options) {
  const { sdk, dataDir, transactionsPath } = options;
  const target = loadedStoreFolder(dataDir, transactionsPath);
  if (existsSync(join(target, READY))) return target;
  const template = await ensureAccountsTemplate(options);
  const work = `${target}.building`;
  freshCopy(template, work);
  const store = await sdk.openStore({ dataDir: work });
  try {
    process.stderr.write(`  loading ${transactionsPath} into the embedded store (one-time setup)\n`);
    await sdk.importFile({ store, kind: 'transactions', path: transactionsPath, actor: 'bench' });
  } finally {
    await store.close();
  }
  keepLoadedStore(work, dataDir, transactionsPath);
  return target;
}
