/**
 * The store as one chat turn (one message) sees it: the same store, with
 * what the turn already read served again instead of read twice. The
 * authorisation layer (the scoped store made over it) still checks every
 * read; only the rows it checks come from the turn's reading.
 *
 * A status card needs the asker, the account (once for the lookup, once per
 * check of the contacts and of the survey answers), the contacts and the
 * survey answers: on PostgreSQL each was a statement of its own, and on the
 * embedded database each statement costs ~0.3 ms of fixed work on the bot's
 * one thread whatever it reads. {@link TurnStore.readAhead} reads the
 * account with its contacts and survey answers in one statement
 * ({@link Store.getAccountRecords}); the scoped store's reads of them are then
 * answered from it.
 *
 * What the turn read is let go as soon as the turn writes anything (a
 * method that is not a `get…`, `list…` or `count…` read), before and after
 * the write, so a read after a write sees the write. Each message makes a
 * new one, so a freeze, a move or a new owner acts on the next message.
 *
 * @module
 */
import type { Account } from '../domain/account.js';
import type { User } from '../domain/user.js';
import type { AccountFilter, AccountRecords, Store } from '../store/port.js';

/** A turn's view of the store; see the module. */
export interface TurnStore {
  /** The store to scope for the turn. */
  store: Store;
  /**
   * Read one account with its contacts and survey answers in one read; the
   * turn's next reads of them (through any scoped store made over
   * {@link TurnStore.store}) are answered from it until the turn writes.
   */
  readAhead(accountId: string): Promise<void>;
}

/** Reads that never change anything: served or passed through without letting the turn's reading go. */
const READ = /^(?:get|list|count)/u;

/**
 * The store for one turn of `userId`: the user is read once (or taken from
 * `known`, the channel's reading for this message), and accounts read ahead
 * are served from the turn's reading. `onWrite` is told of every write the
 * turn makes (before it is sent).
 *
 * @example
 * ```ts
 * const turn = turnStore(store, 'u-li', undefined);
 * await turn.readAhead('a-1');
 * const card = scopeStore(turn.store, 'u-li'); // its checks of a-1 read nothing more
 * ```
 */
export function turnStore(
  store: Store,
  userId: string,
  known: User | undefined,
  onWrite?: () => void,
): TurnStore {
  let user: Promise<User | undefined> | undefined = known?.id === userId ? Promise.resolve(known) : undefined;
  /** Accounts read ahead, by id; `undefined` records an account that is not stored. */
  const ahead = new Map<string, AccountRecords | undefined>();

  const getUser = (id: string): Promise<User | undefined> => {
    if (id !== userId) return store.getUser(id);
    user ??= store.getUser(id);
    return user;
  };
  const getAccount = (id: string): Promise<Account | undefined> =>
    ahead.has(id) ? Promise.resolve(ahead.get(id)?.account) : store.getAccount(id);
  const listContacts: Store['listContacts'] = (accountId) =>
    accountId !== undefined && ahead.has(accountId)
      ? Promise.resolve(ahead.get(accountId)?.contacts ?? [])
      : store.listContacts(accountId);
  const listSurveyResponses: Store['listSurveyResponses'] = (filter = {}) => {
    const only = filter.ids === undefined ? soleId(filter.accountIds) : undefined;
    return only !== undefined && ahead.has(only)
      ? Promise.resolve(ahead.get(only)?.surveyResponses ?? [])
      : store.listSurveyResponses(filter);
  };
  const listAccounts = (filter: AccountFilter = {}): Promise<Account[]> => {
    const only =
      filter.division === undefined && filter.ownerId === undefined ? soleId(filter.ids) : undefined;
    if (only === undefined || !ahead.has(only)) return store.listAccounts(filter);
    const account = ahead.get(only)?.account;
    return Promise.resolve(account === undefined ? [] : [account]);
  };
  const served: Partial<Record<keyof Store, unknown>> = {
    getUser,
    getAccount,
    listContacts,
    listSurveyResponses,
    listAccounts,
  };

  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      if (typeof property === 'string' && property in served) return served[property as keyof Store];
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string' || READ.test(property)) return value;
      // A write (or a transaction, which may write): the turn's reading no longer holds.
      return (...args: unknown[]) => {
        ahead.clear();
        onWrite?.();
        const result = Reflect.apply(value, target, args);
        if (result instanceof Promise) return result.finally(() => ahead.clear());
        ahead.clear();
        return result;
      };
    },
  });

  return {
    store: proxy,
    async readAhead(accountId) {
      const records = await store.getAccountRecords(accountId);
      ahead.set(accountId, records);
    },
  };
}

/** The one id of `ids`, else `undefined`. */
function soleId(ids: readonly string[] | undefined): string | undefined {
  return ids?.length === 1 ? ids[0] : undefined;
}
