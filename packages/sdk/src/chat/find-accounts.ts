/**
 * Account lookup for chat: by full name, short name or alias, tolerant of
 * spacing, case, full-width characters and common punctuation.
 *
 * @module
 */
import type { Account } from '../domain/account.js';

/** A name reduced for comparison: NFKC, lower case, without spaces and punctuation. */
export function nameKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');
}

/**
 * The accounts a query names, best first. An exact match on a full name,
 * short name or alias wins alone (several exact matches are all returned);
 * otherwise every account whose name, short name or alias contains the query.
 * Only `accounts` are searched: pass the ones the user may see, so an
 * account they may not see is never hinted at.
 *
 * @example
 * ```ts
 * findAccounts(accounts, '华能源'); // [the group whose alias is 华能源]
 * findAccounts(accounts, '嘉新');   // [嘉新能源, 嘉新医药]
 * ```
 */
export function findAccounts<T extends AccountNames>(accounts: readonly T[], query: string): T[] {
  return matchNames(accounts, query, nameKeysOf);
}

/** What a lookup reads of an account: its id and names. */
export type AccountNames = Pick<Account, 'id' | 'name' | 'shortName' | 'aliases'>;

/** An account's names reduced once ({@link accountNameKeys}), for many lookups over the same accounts. */
export interface AccountNameKeys {
  /** The account's id. */
  id: string;
  /** Its full name, as stored. */
  name: string;
  /** Its short name, as stored, when it has one. */
  shortName?: string;
  /** The reduced name, short name, aliases and id ({@link nameKey}). */
  keys: readonly string[];
}

/**
 * An account's names reduced for {@link findByNameKeys}.
 *
 * @example
 * ```ts
 * accountNameKeys({ id: 'A1', name: '华能集团', aliases: [] }).keys; // ['华能集团', '', 'a1']
 * ```
 */
export function accountNameKeys(account: AccountNames): AccountNameKeys {
  const kept: AccountNameKeys = { id: account.id, name: account.name, keys: nameKeysOf(account) };
  if (account.shortName !== undefined) kept.shortName = account.shortName;
  return kept;
}

/**
 * {@link findAccounts} over names already reduced: the same matches in the
 * same order, without reducing every name again.
 *
 * @example
 * ```ts
 * const kept = accounts.map(accountNameKeys);
 * findByNameKeys(kept, '嘉新').map((found) => found.id);
 * ```
 */
export function findByNameKeys(accounts: readonly AccountNameKeys[], query: string): AccountNameKeys[] {
  return matchNames(accounts, query, (account) => account.keys);
}

function nameKeysOf(account: AccountNames): string[] {
  return [account.name, account.shortName ?? '', ...account.aliases, account.id].map(nameKey);
}

function matchNames<T extends { id: string; name: string }>(
  accounts: readonly T[],
  query: string,
  keysOf: (account: T) => readonly string[],
): T[] {
  const key = nameKey(query);
  if (key === '') return [];
  const exact: T[] = [];
  const partial: T[] = [];
  for (const account of accounts) {
    const names = keysOf(account);
    if (names.includes(key)) exact.push(account);
    else if (names.some((name) => name !== '' && name.includes(key))) partial.push(account);
  }
  if (exact.length > 0) return exact;
  return partial.sort((a, b) => a.name.length - b.name.length || a.id.localeCompare(b.id));
}
