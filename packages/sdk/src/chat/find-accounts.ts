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
export function findAccounts(accounts: readonly Account[], query: string): Account[] {
  const key = nameKey(query);
  if (key === '') return [];
  const exact: Account[] = [];
  const partial: Account[] = [];
  for (const account of accounts) {
    const names = [account.name, account.shortName ?? '', ...account.aliases, account.id].map(nameKey);
    if (names.includes(key)) exact.push(account);
    else if (names.some((name) => name !== '' && name.includes(key))) partial.push(account);
  }
  if (exact.length > 0) return exact;
  return partial.sort((a, b) => a.name.length - b.name.length || a.id.localeCompare(b.id));
}
