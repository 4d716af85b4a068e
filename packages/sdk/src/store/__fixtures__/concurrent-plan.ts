/** What each concurrent writer does per round (shared by the writer script and the test that checks it). */

/** Accounts both writers edit. */
export const SHARED_ACCOUNTS = ['acct-1', 'acct-2', 'acct-3'] as const;
/** Transactions per round only one writer inserts. */
export const OWN_PER_ROUND = 40;
/** Transactions per round both writers insert (same ids). */
export const SHARED_PER_ROUND = 10;
