/**
 * The channel-neutral conversation engine: one incoming message → the replies
 * to send, as data. Identity, dialog state and idempotency live in the store;
 * every command runs through `scopeStore`, so an account the user may not see
 * reads exactly like one that does not exist.
 *
 * @module
 */
import type { AccessPolicy } from '../access/permissions.js';
import { type ScopedStore, scopeStore } from '../access/scoped-store.js';
import type { AlertCause } from '../alerts/alert-policy.js';
import { alertId, toStoredAlert } from '../alerts/alert-work.js';
import { mayReadWholePortfolio, principalOf } from '../authz/principal.js';
import type { OwnerAgenda } from '../cadence/due-actions.js';
import { dueAgendas } from '../cadence/due-items.js';
import { PENDING_CLAIM_STATUSES } from '../claims/claim.js';
import { claimActors } from '../claims/claim-actors.js';
import { complaintClocks } from '../complaints/complaint-clock.js';
import { loadComplaintPreset } from '../complaints/complaint-policy.js';
import { contractLine } from '../contracts/contract.js';
import type { Account } from '../domain/account.js';
import type { User } from '../domain/user.js';
import {
  isKamError,
  KAM_ERROR_CODES,
  KamError,
  type Locale,
  type LocalisedText,
} from '../errors/kam-error.js';
import { formatPercent } from '../money/decimal.js';
import { formatMoneyList } from '../money/money.js';
import { defaultMonth, noDataMessage } from '../portfolio/default-month.js';
import { defaultPolicies, type PortfolioPolicies } from '../portfolio/policies.js';
import {
  type ProfileCompleteness,
  profileCompleteness,
  profileLine,
} from '../profile/profile-completeness.js';
import { agendasOn } from '../refresh/agendas-on.js';
import { ensureMonthResults } from '../refresh/ensure-month.js';
import type { RefreshJobs } from '../refresh/refresh-jobs.js';
import { type ComputeMonthFunction, refreshMonth } from '../refresh/refresh-month.js';
import { createWorkerCompute } from '../refresh/worker-compute.js';
import { relationshipPlanHalfYears } from '../relationship-plans/relationship-plan.js';
import { loadAccountReport } from '../reports/data/account-report.js';
import { type PortfolioAnalysis, withUnitPlans } from '../reports/data/portfolio-analysis.js';
import { policyFingerprint } from '../results/fingerprint.js';
import { computedAtLabel, type Freshness, refreshingNote, staleNote } from '../results/freshness.js';
import type { ResultsMeta } from '../results/results-store.js';
import type { Review360Engine } from '../review360/engine.js';
import type { ReviewRepository } from '../review360/repository.js';
import { accountSatisfaction } from '../satisfaction/satisfaction-index.js';
import { defaultSurvey } from '../satisfaction/survey.js';
import type { Store, StoredAlert } from '../store/port.js';
import { DEFAULT_TIME_ZONE, localDate } from '../time/calendar.js';
import { readUnitPlans } from '../unit-plans/unit-plan.js';
import { bindingCodeCommand } from './binding-code-command.js';
import { claimCommand } from './claim-command.js';
import { forgetSlot, readSlot } from './dialog-cache.js';
import {
  dialogKeys,
  type MoreState,
  MoreStateSchema,
  type QuestionState,
  QuestionStateSchema,
} from './dialog-state.js';
import { type DueListItem, dueListReply } from './due-list.js';
import {
  type AccountNameKeys,
  accountNameKeys,
  findAccounts,
  findByNameKeys,
  nameKey,
} from './find-accounts.js';
import { helpText } from './help.js';
import {
  linkByVerifiedEmail,
  linkedUserId,
  type PlatformUser,
  readAsker,
  redeemBindingCode,
} from './identity.js';
import { type ParsedCommand, parseCommand } from './parse-command.js';
import { type AccountQuestion, answerAccountQuestion, quoteTyped } from './questions.js';
import { relationshipPlanCommand } from './relationship-plan-command.js';
import { type ListEntry, localised, type Reply } from './replies.js';
import { createReviewDialog, type ReviewDialog } from './review-dialog.js';
import { recordSatisfaction, satisfactionReply } from './satisfaction-command.js';
import { statusCardView } from './status-card.js';
import { assignReply, type TaskTurn, taskDoneReply, tasksDue, tasksReply } from './task-replies.js';
import { turnStore } from './turn-store.js';
import { unitPlanCommand } from './unit-plan-command.js';

/** Options of {@link createChatEngine}. */
export interface ChatEngineOptions {
  store: Store;
  /** The 360° engine and its repository; without them `评价 / review` says reviews are not set up. */
  review?: { engine: Review360Engine; repository: ReviewRepository };
  /**
   * Policies for the figures and the surveys `满意度` and the status card score by (default
   * {@link defaultPolicies}); read when the engine is made — to change them, make a new engine.
   */
  policies?: PortfolioPolicies;
  /** Who may do what (default: the five roles of the seeds). */
  accessPolicy?: AccessPolicy;
  /**
   * The month figures are shown for, `YYYY-MM` (default: {@link defaultMonth},
   * the last complete month with data, read again at most every `sourceTtlMs`).
   */
  asOf?: () => string | Promise<string>;
  /** Clock (default `() => new Date()`); tests pass a fixed one. */
  now?: () => Date;
  /** Organisation time zone (default Asia/Shanghai). */
  timeZone?: string;
  /** How long an idle dialog lives (default 12 hours); a saved review draft outlives it. */
  dialogTtlMs?: number;
  /** How long a message id is remembered (default 24 hours). */
  idempotencyTtlMs?: number;
  /**
   * How long the default month (the last complete month with data) is
   * remembered before it is read again (default 60 seconds). The figures
   * themselves are never held: every answer reads the month's stored results.
   */
  sourceTtlMs?: number;
  /**
   * The refresh jobs of the process (`startRefreshJobs`): a stale month read
   * by a message is requested from them. Without them the engine refreshes a
   * stale month itself, once at a time, in the background.
   */
  refresh?: Pick<RefreshJobs, 'request'>;
  /**
   * Where a month is computed when the engine does it (no results stored yet,
   * or a stale month without `refresh`): default a worker thread
   * (`createWorkerCompute`) when the built worker script is there, else this
   * thread.
   */
  compute?: ComputeMonthFunction;
  /**
   * Called when a background refresh (of a month's stored results, or of a
   * day's agendas) fails; the engine keeps answering from what is stored and
   * tries again on the next message that finds it stale. Default: written to
   * `console.error`.
   */
  onSourceError?: (error: unknown, month: string) => void;
}

/** One incoming chat message. */
export interface IncomingMessage extends PlatformUser {
  text: string;
  /** The platform's message (or event) id; a repeated id is answered once. */
  messageId?: string;
  /** The user's email as the platform reports it; used for linking only when `emailVerified`. */
  email?: string;
  emailVerified?: boolean;
  /** The channel can show a whole review as one form (Slack modal); default false: item by item. */
  forms?: boolean;
  /**
   * Only the sender sees the replies (a direct message, an ephemeral reply,
   * the terminal); default false. Binding codes are issued only then.
   */
  privateReply?: boolean;
  /**
   * The KAMkit user this platform user is linked to, as the channel already
   * read it from the store *for this message* (e.g. to pick the locale). When
   * given, the engine reads neither the link nor the user again; a frozen user
   * is still refused. Leave it out when in doubt: the engine reads both.
   */
  user?: User;
  /**
   * The store's data generation as the channel read it for this message,
   * just before `user` ({@link readAsker}); with `user`, the engine reads
   * neither again. Leave it out when in doubt.
   */
  dataGeneration?: number;
  /**
   * The sender's time zone (IANA name, e.g. Slack's `user.tz`): dates the
   * replies derive from now — today on the due list, overdue on the card,
   * contract and complaint days, the stale-results note — are the sender's.
   * Default, and for a name the runtime does not know: the organisation's
   * (`timeZone` of the engine).
   */
  timeZone?: string;
}

/** What {@link ChatEngine.handle} returns. */
export interface ChatResult {
  replies: Reply[];
  /** True when the message id was seen before: nothing was done and nothing should be sent. */
  duplicate: boolean;
  /** The linked KAMkit user, `null` when the platform user is not linked. */
  userId: string | null;
}

/** A whole review sent from a form (Slack modal): save a draft or submit. */
export interface ReviewFormInput extends PlatformUser {
  nominationId: string;
  answers: Record<string, unknown>;
  comments?: Record<string, string>;
  action: 'save' | 'submit';
}

/** The conversation engine; see {@link createChatEngine}. */
export interface ChatEngine {
  /** Answer one message. */
  handle(message: IncomingMessage): Promise<ChatResult>;
  /** Save or submit a review sent as a form; validation problems come back as an `error` reply with issues. */
  submitReviewForm(input: ReviewFormInput): Promise<Reply[]>;
}

/** Everything one command needs. */
interface Turn {
  user: User;
  scoped: ScopedStore;
  locale: Locale;
  platformUser: PlatformUser;
  forms: boolean;
  privateReply: boolean;
  /** Notes to send after the answer (stale results: "as of …; refreshing"). */
  notes: LocalisedText[];
  /** What the user typed, for a reply that quotes it. */
  typed: string;
  /** The sender's time zone (else the organisation's): "today" in the replies. */
  timeZone: string;
  /** Read an account with its contacts and survey answers in one read, for the turn's checks ({@link turnStore}). */
  readAhead: (accountId: string) => Promise<void>;
  /**
   * The data generation, read once per turn when first needed (the names kept
   * for lookups and the month's freshness compare against the same reading).
   */
  dataGeneration?: Promise<number> | undefined;
}

const LIST_LIMIT = 15;
const QUESTION_LIMIT = 9;
/** Account names kept for lookups over all askers (~300 bytes each: ~60 MB at most). */
const VISIBLE_NAMES_KEPT_MAX = 200_000;
const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;
/** Filters of `待办` meaning "overdue only". */
const OVERDUE_WORDS: ReadonlySet<string> = new Set(['逾期', '已逾期', 'overdue', 'late']);

/**
 * Create the conversation engine.
 *
 * @example
 * ```ts
 * const chat = createChatEngine({ store, review: { engine: review360, repository } });
 * const { replies } = await chat.handle({
 *   platform: 'wechat', platformUserId: 'wxid_1', messageId: 'm-1', text: '查询 华能源',
 * });
 * for (const reply of replies) console.log(renderReplyText(reply));
 * ```
 */
export function createChatEngine(options: ChatEngineOptions): ChatEngine {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const policies = options.policies ?? defaultPolicies();
  // Every card compares the stored month's fingerprint with the policies': hashed once, not per card.
  const fingerprint = policyFingerprint(policies);
  const dialogTtlMs = options.dialogTtlMs ?? 12 * 3600 * 1000;
  const idempotencyTtlMs = options.idempotencyTtlMs ?? 24 * 3600 * 1000;
  const sourceTtlMs = options.sourceTtlMs ?? 60_000;
  let knownDefault: { month: string; readAt: number } | undefined;
  /** The month shown when none is named: the option's, or the last complete month with data. */
  const asOf = async (): Promise<string> => {
    if (options.asOf) return options.asOf();
    const at = now().getTime();
    if (knownDefault === undefined || at - knownDefault.readAt >= sourceTtlMs)
      knownDefault = { month: await defaultMonth(store, { now: now(), timeZone }), readAt: at };
    return knownDefault.month;
  };
  const onSourceError =
    options.onSourceError ??
    ((error: unknown, month: string) =>
      console.error(`KAMkit chat: refreshing the results of ${month} failed`, error));
  const policyOption = options.accessPolicy ? { policy: options.accessPolicy } : {};
  const compute = options.compute ?? createWorkerCompute();
  const refreshing = new Map<string, Promise<unknown>>();

  /**
   * The month's stored results, computed once when there are none. Stale
   * ones are answered from, with a note for the turn, and refreshed in the
   * background (by the process's refresh jobs, or here once at a time).
   */
  async function monthResults(
    turn: Turn,
    month: string,
    known?: { meta: ResultsMeta | undefined },
  ): Promise<Freshness> {
    const freshness = await ensureMonthResults({
      store,
      policies,
      policyFingerprint: fingerprint,
      ...(turn.dataGeneration === undefined ? {} : { dataGeneration: await turn.dataGeneration }),
      ...(known === undefined ? {} : { known }),
      month,
      timeZone,
      ...(compute === undefined ? {} : { compute }),
    });
    if (freshness.stale) {
      turn.notes.push(staleNote(freshness, turn.timeZone));
      if (options.refresh) options.refresh.request(month);
      else if (!refreshing.has(month)) {
        const job = refreshMonth({
          store,
          policies,
          month,
          timeZone,
          ...(compute === undefined ? {} : { compute }),
        })
          .catch((error: unknown) => onSourceError(error, month))
          .finally(() => refreshing.delete(month));
        refreshing.set(month, job);
      }
    }
    return freshness;
  }
  const expiry = (ms: number) => new Date(now().getTime() + ms).toISOString();
  /** Today in the sender's time zone (the organisation's unless the channel knows the sender's). */
  const today = (turn: Turn) => localDate(now(), turn.timeZone);

  const reviews: ReviewDialog | undefined = options.review
    ? createReviewDialog({
        engine: options.review.engine,
        repository: options.review.repository,
        store,
        dialogTtlMs,
        now,
      })
    : undefined;

  /**
   * The user's pending numbered question. On the embedded store, "none" is
   * remembered until the engine writes the slot (it alone does), so most
   * messages do not read it; a pending question is always read from the store.
   */
  async function readQuestion(platformUser: PlatformUser): Promise<QuestionState | undefined> {
    const key = dialogKeys(platformUser).question;
    return readSlot(store, key, now().getTime(), async () => {
      const parsed = QuestionStateSchema.safeParse(await store.getDialog(key));
      return parsed.success
        ? { value: parsed.data, expiresAtMs: Number.POSITIVE_INFINITY, cache: false }
        : { value: undefined, expiresAtMs: Number.POSITIVE_INFINITY };
    });
  }

  /** Write (`state`) or delete the user's question slot, keeping the slot cache right. */
  async function writeQuestion(platformUser: PlatformUser, state?: QuestionState): Promise<void> {
    const key = dialogKeys(platformUser).question;
    forgetSlot(store, key);
    try {
      if (state) await store.putDialog(key, state, expiry(dialogTtlMs));
      else await store.deleteDialog(key);
    } finally {
      forgetSlot(store, key);
    }
  }

  async function ask(turn: Turn, state: QuestionState): Promise<Reply> {
    await writeQuestion(turn.platformUser, state);
    return questionReply(state, turn.locale);
  }

  function notFoundReply(query: string, locale: Locale): Reply {
    return {
      kind: 'error',
      code: 'NOT_FOUND',
      message: localised(`未找到客户：${quoteTyped(query)}`, `No account found: ${quoteTyped(query)}`),
      locale,
    };
  }

  /** The account's profile against the configured checklist; `null` without one. */
  function profileOf(account: Account): ProfileCompleteness | null {
    return policies.profile ? profileCompleteness(account, policies.profile) : null;
  }

  async function accountCommand(
    turn: Turn,
    command: 'status' | 'tier' | 'report' | 'due' | AccountQuestion,
    account: Account,
    period: string | null,
  ): Promise<Reply> {
    if (command === 'due')
      return due(turn, { kind: 'due', overdueOnly: false, accountId: account.id, offset: 0 });
    if (command !== 'status' && command !== 'tier' && command !== 'report')
      return answerAccountQuestion(command, account, {
        store,
        scoped: turn.scoped,
        locale: turn.locale,
        card: async () => {
          const reply = await accountCommand(turn, 'status', account, null);
          if (reply.kind !== 'account-card') throw new Error('the status of a visible account is a card');
          return reply.card;
        },
      });
    const month = await asOf();
    if (command === 'report' && period !== null && /^\d{4}-\d{2}$/u.test(period)) {
      const noData = await noDataMessage(store, period);
      if (noData) return { kind: 'error', code: 'NOT_FOUND', message: noData, locale: turn.locale };
    }
    if (command === 'report') {
      // Read by index: the account's rows, and the totals of the peers whose transactions the reader may see.
      const peerIds = await principalOf(store, turn.user, policyOption).visibleAccountIds('transaction.read');
      const all = await store.listAccounts(peerIds === undefined ? {} : { ids: [...peerIds, account.id] });
      return {
        kind: 'account-report',
        report: await loadAccountReport(store, account.id, { period: period ?? month, visible: all }),
        locale: turn.locale,
      };
    }
    // One account's stored row. An account added since the month was computed has none
    // until the refresh (under way: adding it made the month stale) stores it.
    const read = await store.results.getAccountMonthWithMeta(month, account.id);
    const freshness = await monthResults(turn, month, { meta: read?.meta });
    // The month was computed (again) when nothing or other policies' results were stored: read its row.
    const row =
      read !== undefined && freshness.meta === read.meta
        ? read.row
        : await store.results.getAccountMonth(month, account.id);
    if (row === undefined) return newAccountReply(account, freshness, turn);
    const { card } = row;
    if (command === 'status') {
      const contacts = await turn.scoped.listContacts(account.id);
      const [index] = accountSatisfaction(
        await turn.scoped.listSurveyResponses({ accountIds: [account.id] }),
        { surveys: policies.surveys, today: today(turn), timeZone: turn.timeZone },
      );
      return {
        kind: 'account-card',
        card: statusCardView(card, today(turn), contacts, index ?? null, profileOf(account)),
        locale: turn.locale,
      };
    }
    const profile = profileOf(account);
    return {
      kind: 'tier',
      accountId: card.accountId,
      name: card.name,
      asOf: card.asOf,
      tier: card.tier,
      score: card.score,
      ...(profile ? { profile: profileLine(profile) } : {}),
      locale: turn.locale,
    };
  }

  /**
   * The month's portfolio analysis, from its stored results, with the
   * narratives of the units the reader may read as they are now.
   */
  async function portfolioAnalysis(turn: Turn, month: string): Promise<PortfolioAnalysis> {
    await monthResults(turn, month);
    const portfolio = await store.results.getPortfolioMonth(month);
    if (portfolio === undefined)
      throw new KamError({
        code: KAM_ERROR_CODES.INVALID_STATE,
        message: { 'zh-CN': `${month} 的结果未能保存`, en: `The results of ${month} were not stored` },
      });
    const { analysis } = portfolio;
    const { divisions, plans } = await readUnitPlans(turn.scoped, month, (division) =>
      turn.scoped.can('narrative.read', { division }),
    );
    return withUnitPlans(analysis, divisions, plans);
  }

  /** What an account without a row in the month's stored results gets: when to ask again. */
  function newAccountReply(account: Account, freshness: Freshness, turn: Turn): Reply {
    turn.notes.length = 0; // the reply says it all
    const at = computedAtLabel(freshness.meta.computedAt, turn.timeZone);
    const name = accountLabel(account);
    return {
      kind: 'text',
      text: {
        'zh-CN': `${name} 是本月结果计算（${at}）之后新增的客户，它的结果正在计算，请稍后再问。`,
        en: `${name} was added after this month's results were computed (${at}); its results are being computed, ask again in a moment.`,
      },
      locale: turn.locale,
    };
  }

  /**
   * The names of the accounts each asker may see, reduced for lookups and
   * kept while the data generation stands: any write to accounts or users (a
   * new owner, a move, a frozen user) moves it, and the names are read again.
   * Without them a division head of 33,000 accounts at 100,000 waited ~0.6 s
   * for every question while the list was read and matched again, and an
   * account manager's card cost a read of their whole book.
   */
  const visibleNames = new Map<string, { generation: number; names: AccountNameKeys[] }>();
  let visibleNamesKept = 0;

  /** The turn's reading of the data generation (one statement per turn at most). */
  function turnGeneration(turn: Turn): Promise<number> {
    turn.dataGeneration ??= store.results.dataGeneration();
    return turn.dataGeneration;
  }

  /** The visible accounts (names only) a query names, best first ({@link findAccounts}'s rule). */
  async function findVisible(turn: Turn, query: string): Promise<AccountNameKeys[]> {
    if (nameKey(query) === '') return [];
    const userId = turn.user.id;
    const kept = visibleNames.get(userId);
    const generation = await turnGeneration(turn);
    if (kept !== undefined && kept.generation === generation) {
      // Most recently used last: the first entry is the one to let go.
      visibleNames.delete(userId);
      visibleNames.set(userId, kept);
      return findByNameKeys(kept.names, query);
    }
    const names = (await turn.scoped.listAccounts()).map(accountNameKeys);
    // Tagged with the generation read before them: they are at least that new, and any
    // write since (even one while they were read) moves it, so they are read again.
    keepVisibleNames(userId, generation, names);
    return findByNameKeys(names, query);
  }

  function keepVisibleNames(userId: string, generation: number, names: AccountNameKeys[]): void {
    const before = visibleNames.get(userId);
    if (before !== undefined) {
      visibleNamesKept -= before.names.length;
      visibleNames.delete(userId);
    }
    if (names.length === 0 || names.length > VISIBLE_NAMES_KEPT_MAX) return;
    visibleNames.set(userId, { generation, names });
    visibleNamesKept += names.length;
    for (const [oldest, entry] of visibleNames) {
      if (visibleNamesKept <= VISIBLE_NAMES_KEPT_MAX) break;
      visibleNames.delete(oldest);
      visibleNamesKept -= entry.names.length;
    }
  }

  async function lookup(
    turn: Turn,
    command: 'status' | 'tier' | 'report' | 'due' | AccountQuestion,
    query: string,
    period: string | null,
  ): Promise<Reply> {
    const matches = await findVisible(turn, query);
    if (matches.length === 0) return notFoundReply(query, turn.locale);
    if (matches.length === 1) {
      // Read through the scoped store: its rights are checked now, not when the names were kept.
      // A card also shows the contacts and survey answers: read with the account, in one read.
      if (command === 'status') await turn.readAhead(matches[0]!.id);
      const account = await turn.scoped.getAccount(matches[0]!.id).catch((error: unknown) => {
        if (isKamError(error) && error.code === 'NOT_FOUND') return undefined;
        throw error;
      });
      if (account === undefined) return notFoundReply(query, turn.locale);
      return accountCommand(turn, command, account, period);
    }
    const shown = matches.slice(0, QUESTION_LIMIT);
    return ask(turn, {
      kind: 'choose-account',
      command,
      period,
      accountIds: shown.map((account) => account.id),
      prompt: localised(
        `有 ${matches.length} 个客户与「${quoteTyped(query)}」相符，请回复编号：`,
        `${matches.length} accounts match "${quoteTyped(query)}"; reply with a number:`,
      ),
      labels: shown.map((account) => localised(accountLabel(account))),
      more: matches.length - shown.length,
    });
  }

  /**
   * A message that is no command: an account's name on its own ("华瑞化工？")
   * asks for its status card, as people ask; anything else is not understood.
   */
  async function bareName(turn: Turn, text: string): Promise<Reply> {
    const key = nameKey(text);
    if (key.length < 2 || key.length > 40) return notUnderstood(turn);
    const matches = await findVisible(turn, text);
    return matches.length > 0 ? lookup(turn, 'status', text, null) : notUnderstood(turn);
  }

  async function report(turn: Turn, query: string, period: string | null): Promise<Reply> {
    if (query !== '') return lookup(turn, 'report', query, period);
    const visible = await turn.scoped.listAccounts();
    const month = period !== null && /^\d{4}-\d{2}$/u.test(period) ? period : await asOf();
    // The portfolio analysis is granted by the permission table, not by counting visible accounts.
    if (mayReadWholePortfolio(principalOf(store, turn.user, policyOption))) {
      if (period !== null && period !== month) {
        const example = await asOf();
        return {
          kind: 'error',
          code: 'INVALID_INPUT',
          message: localised(
            `组合分析按月出具，请写月份，例如 报表 ${example}`,
            `The portfolio analysis is monthly; give a month, e.g. report ${example}`,
          ),
          locale: turn.locale,
        };
      }
      const noData = period === null ? undefined : await noDataMessage(store, month);
      if (noData) return { kind: 'error', code: 'NOT_FOUND', message: noData, locale: turn.locale };
      return {
        kind: 'portfolio-report',
        analysis: await portfolioAnalysis(turn, month),
        locale: turn.locale,
      };
    }
    if (visible.length === 0) return notFoundReply('—', turn.locale);
    if (visible.length === 1) return accountCommand(turn, 'report', visible[0]!, period);
    const shown = visible.slice(0, QUESTION_LIMIT);
    return ask(turn, {
      kind: 'choose-account',
      command: 'report',
      period,
      accountIds: shown.map((account) => account.id),
      prompt: localised('要看哪个客户的报表？请回复编号：', "Which account's report? Reply with a number:"),
      labels: shown.map((account) => localised(accountLabel(account))),
      more: visible.length - shown.length,
    });
  }

  /**
   * One page of the user's due list (their own agenda, or every visible
   * account's when they own none): the cadence applied today to the month's
   * stored tiers of the accounts in view (`agendasOn`); where it stopped is
   * kept for `更多` / `more`.
   */
  async function due(turn: Turn, page: MoreState): Promise<Reply> {
    const visible = new Map(
      (await turn.scoped.listAccounts()).map((account) => [account.id, account] as const),
    );
    const month = await asOf();
    await monthResults(turn, month);
    const accountIds = [...visible.keys()];
    const [contracts, complaints, relationshipPlans] =
      accountIds.length === 0
        ? [[], [], []]
        : await Promise.all([
            turn.scoped.listContracts({ accountIds }),
            turn.scoped.listComplaints({ accountIds }),
            turn.scoped.listRelationshipPlans({
              accountIds,
              halfYears: relationshipPlanHalfYears(today(turn)),
            }),
          ]);
    // Service actions on the day, contract renewals and complaints to answer: one list, as `kamkit due` shows it.
    const service = await serviceAgendas(turn, month, visible);
    // Attribution claims the user may see, on the list of whoever must act on them.
    const [claims, users, tiers] = await Promise.all([
      turn.scoped.listClaims({ statuses: PENDING_CLAIM_STATUSES }),
      store.listUsers(),
      store.results.listTiers(month, accountIds),
    ]);
    const agendas = dueAgendas({
      agendas: service,
      accounts: visible.values(),
      contracts,
      complaints,
      claims,
      claimActors: (claim) => claimActors(claim, users, options.accessPolicy),
      complaintPolicy: policies.complaints,
      relationshipPlans,
      tierOf: (accountId) => tiers.get(accountId) ?? null,
      users,
      relationshipPlanPolicy: policies.relationshipPlans,
      today: today(turn),
      timeZone: turn.timeZone,
    });
    const mine = agendas.filter((agenda) => agenda.ownerId === turn.user.id);
    const actions: DueListItem[] = [
      ...(mine.length > 0 ? mine : agendas)
        .flatMap((agenda) => [...agenda.overdue, ...agenda.due, ...agenda.upcoming])
        .map((item) => ({
          accountId: item.accountId,
          label: item.label,
          dueDate: item.dueDate,
          ...(item.ruleId === undefined ? {} : { ruleId: item.ruleId }),
          ...(item.ruleKind === undefined ? {} : { ruleKind: item.ruleKind }),
          ...(item.lastDone === undefined ? {} : { lastDone: item.lastDone }),
          ...(item.progress === undefined ? {} : { progress: item.progress }),
        })),
      ...(await tasksDue(taskTurn(turn))),
    ]
      .filter((action) => action.accountId === null || visible.has(action.accountId))
      .filter((action) => page.accountId === null || action.accountId === page.accountId);
    const { reply, shown } = dueListReply(actions, {
      today: today(turn),
      accounts: visible,
      overdueOnly: page.overdueOnly,
      offset: page.offset,
      ...(page.accountId === null ? {} : { account: visible.get(page.accountId)! }),
    });
    await writeMore(turn.platformUser, reply.more > 0 ? { ...page, offset: page.offset + shown } : undefined);
    return { ...reply, locale: turn.locale };
  }

  /**
   * The service actions on the day for a due list (`agendasOn`: the month's
   * stored tiers, the cadence applied today). An owner's own agenda comes
   * from the accounts they own, read by index. Someone with no agenda of
   * their own sees every account in view: a reader of the whole portfolio
   * reads the day's stored agendas — when the data has changed since, as
   * they are, with a note, while they are computed again off the request
   * path — and anyone else has the cadence applied to the accounts in view.
   */
  async function serviceAgendas(
    turn: Turn,
    month: string,
    visible: ReadonlyMap<string, Account>,
  ): Promise<OwnerAgenda[]> {
    const date = today(turn);
    const userId = turn.user.id;
    const owned = [...visible.values()]
      .filter((account) => account.ownerA === userId || account.ownerB === userId)
      .map((account) => account.id);
    if (owned.length > 0) {
      // Only owner A or B of an account has its actions on their agenda.
      const { agendas } = await agendasOn({ store, policies, month, date, accountIds: owned, timeZone });
      if (agendas.some((agenda) => agenda.ownerId === userId)) return agendas;
    }
    if (!mayReadWholePortfolio(principalOf(store, turn.user, policyOption)))
      return (await agendasOn({ store, policies, month, date, accountIds: [...visible.keys()], timeZone }))
        .agendas;
    const whole = await agendasOn({ store, policies, month, date, timeZone, acceptStale: true });
    if (whole.staleSince !== undefined) {
      // One "as of …; refreshing" per reply: the month's results, when stale, already said it.
      if (turn.notes.length === 0)
        turn.notes.push(refreshingNote(whole.staleSince.computedAt, turn.timeZone));
      const key = `agendas ${month} ${date}`;
      if (!refreshing.has(key)) {
        const job = agendasOn({ store, policies, month, date, timeZone })
          .catch((error: unknown) => onSourceError(error, month))
          .finally(() => refreshing.delete(key));
        refreshing.set(key, job);
      }
    }
    return whole.agendas;
  }

  /** `待办`, `待办 逾期`, `待办 ‹客户›` (and the English forms). */
  async function dueCommand(turn: Turn, filter: string): Promise<Reply> {
    if (filter === '') return due(turn, { kind: 'due', overdueOnly: false, accountId: null, offset: 0 });
    if (OVERDUE_WORDS.has(filter.toLowerCase()))
      return due(turn, { kind: 'due', overdueOnly: true, accountId: null, offset: 0 });
    return lookup(turn, 'due', filter, null);
  }

  /** What the task commands need of a turn. */
  function taskTurn(turn: Turn): TaskTurn {
    return { scoped: turn.scoped, store, userId: turn.user.id, locale: turn.locale, today: today(turn) };
  }

  /** `更多` / `more`: the next page of the last paged list. */
  async function more(turn: Turn): Promise<Reply> {
    const parsed = MoreStateSchema.safeParse(await store.getDialog(dialogKeys(turn.platformUser).more));
    if (!parsed.success)
      return {
        kind: 'text',
        text: localised(
          '没有可以继续的列表。发送 待办 查看待办。',
          'There is no list to continue. Send due for your due list.',
        ),
        locale: turn.locale,
      };
    return due(turn, parsed.data);
  }

  async function writeMore(platformUser: PlatformUser, state: MoreState | undefined): Promise<void> {
    const key = dialogKeys(platformUser).more;
    if (state) await store.putDialog(key, state, expiry(dialogTtlMs));
    else await store.deleteDialog(key);
  }

  /**
   * `满意度 <账户>`: the satisfaction index and latest responses of the
   * accounts matching `query` (every account the user may see when empty);
   * `满意度 <账户> 5 4 5`: record a response of one account, answers in the
   * default survey's question order (the first of `policies.surveys`), channel `chat`.
   */
  async function satisfaction(turn: Turn, query: string, answers: readonly string[]): Promise<Reply> {
    const visible = await turn.scoped.listAccounts();
    const matches = query === '' ? visible : findAccounts(visible, query);
    if (matches.length === 0) return notFoundReply(query, turn.locale);
    const day = today(turn);
    if (answers.length === 0)
      return satisfactionReply(turn.scoped, matches, {
        today: day,
        timeZone: turn.timeZone,
        locale: turn.locale,
        limit: LIST_LIMIT,
        surveys: policies.surveys,
      });
    if (matches.length > 1)
      return {
        kind: 'error',
        code: 'CONFLICT',
        message: localised(
          `“${query}”对应多个客户（${matches.slice(0, 5).map(accountLabel).join('、')}），请写全客户名称后再记录。`,
          `"${query}" matches several accounts (${matches.slice(0, 5).map(accountLabel).join(', ')}); write the full name to record a response.`,
        ),
        locale: turn.locale,
      };
    return recordSatisfaction(turn.scoped, matches[0]!, answers, {
      today: day,
      timeZone: turn.timeZone,
      locale: turn.locale,
      at: now(),
      userId: turn.user.id,
      surveys: policies.surveys,
    });
  }

  /** Contracts of the accounts matching `query` (all the user may see when empty), with standing and fulfilment. */
  async function contracts(turn: Turn, query: string): Promise<Reply> {
    const visible = await turn.scoped.listAccounts();
    const matches = query === '' ? visible : findAccounts(visible, query);
    if (matches.length === 0) return notFoundReply(query, turn.locale);
    const byId = new Map(matches.map((account) => [account.id, account] as const));
    const today = localDate(now(), turn.timeZone);
    const rows = await turn.scoped.listContracts({ accountIds: [...byId.keys()] });
    const entries: ListEntry[] = rows.slice(0, LIST_LIMIT).map((contract) => {
      const account = byId.get(contract.accountId);
      const name = account?.shortName ?? account?.name ?? contract.accountId;
      const line = contractLine(contract, today);
      return {
        label: localised(`${name}：${line['zh-CN']}`, `${name}: ${line.en}`),
        accountId: contract.accountId,
      };
    });
    const title = matches.length === 1 ? accountLabel(matches[0]!) : '';
    return {
      kind: 'list',
      title: localised(`合同${title ? `（${title}）` : ''}`, `Contracts${title ? ` (${title})` : ''}`),
      entries,
      more: rows.length - entries.length,
      empty: localised('没有合同记录。', 'No contracts recorded.'),
      locale: turn.locale,
    };
  }

  /** The month's alerts on the accounts the user can see, most severe first: the numbering of `预警`. */
  async function visibleAlerts(turn: Turn) {
    const visible = new Map(
      (await turn.scoped.listAccounts()).map((account) => [account.id, account] as const),
    );
    const month = await asOf();
    await monthResults(turn, month);
    const rows =
      visible.size === 0
        ? []
        : await store.results.listAccountMonths(month, { withAlerts: true, accountIds: [...visible.keys()] });
    const mine = rows
      .flatMap((row) => row.alerts)
      .sort(
        (a, b) =>
          SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
          (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0),
      );
    return { visible, month, mine };
  }

  /**
   * The accounts whose revenue moved most from last month to this one, by
   * the amount (a small account doubling is not a big move): the user's own
   * accounts (A or B), or every account they may see when they own none.
   * Read from the month's stored rows, never recomputed.
   */
  async function movers(turn: Turn): Promise<Reply> {
    const month = await asOf();
    await monthResults(turn, month);
    const visible = await turn.scoped.listAccounts();
    const owned = visible.filter(
      (account) => account.ownerA === turn.user.id || account.ownerB === turn.user.id,
    );
    const accountIds = (owned.length > 0 ? owned : visible).map((account) => account.id);
    const rows = accountIds.length === 0 ? [] : await store.results.listAccountMonths(month, { accountIds });
    const moved = rows
      .map((row) => {
        const revenue = row.card.trend.revenueFen;
        const current = revenue.at(-1) ?? 0;
        const previous = revenue.at(-2) ?? 0;
        return { row, current, previous, delta: current - previous };
      })
      .filter((entry) => entry.delta !== 0)
      .sort(
        (a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.row.accountId.localeCompare(b.row.accountId),
      );
    const shown = moved.slice(0, LIST_LIMIT);
    // One money format for the whole list, as in every message.
    const amounts = shown.flatMap(({ current, previous, delta }) => [previous, current, Math.abs(delta)]);
    const zh = formatMoneyList(amounts, 'zh-CN');
    const en = formatMoneyList(amounts, 'en');
    const entries: ListEntry[] = shown.map(({ row, previous, delta }, index) => {
      const [fromZh, toZh, byZh] = zh.slice(index * 3, index * 3 + 3);
      const [fromEn, toEn, byEn] = en.slice(index * 3, index * 3 + 3);
      const ratio = previous > 0 ? formatPercent(delta / previous, { signed: true }) : null;
      const up = delta > 0;
      return {
        label: localised(row.name),
        detail: localised(
          `${fromZh} → ${toZh}，${up ? '增加' : '减少'} ${byZh}${ratio ? `（${ratio}）` : ''}`,
          `${fromEn} → ${toEn}, ${up ? 'up' : 'down'} ${byEn}${ratio ? ` (${ratio})` : ''}`,
        ),
        accountId: row.accountId,
      };
    });
    return {
      kind: 'list',
      title: localised(
        `${month} 收入变化最大的客户（环比）`,
        `Accounts that moved most in ${month} (month on month)`,
      ),
      entries,
      more: moved.length - entries.length,
      empty: localised('这些客户本月收入与上月相同。', 'None of these accounts moved since last month.'),
      locale: turn.locale,
    };
  }

  async function alerts(turn: Turn): Promise<Reply> {
    const { visible, month, mine } = await visibleAlerts(turn);
    const shown = mine.slice(0, LIST_LIMIT);
    const work = new Map(
      (await turn.scoped.listAlerts({ ids: shown.map((alert) => alertId(alert)) })).map(
        (row) => [row.id, row] as const,
      ),
    );
    const entries: ListEntry[] = shown.map((alert) => {
      const account = visible.get(alert.accountId)!;
      const name = account.shortName ?? account.name;
      const stored = work.get(alertId(alert));
      const detail =
        stored && stored.status !== 'open' ? alertWorkText(stored, policies.alerts.causes) : undefined;
      return {
        label: localised(`${name}：${alert.message['zh-CN']}`, `${name}: ${alert.message.en}`),
        accountId: alert.accountId,
        ...(detail ? { detail } : {}),
      };
    });
    return {
      kind: 'list',
      title: localised(`预警（${month}）`, `Alerts (${month})`),
      entries,
      more: mine.length - entries.length,
      empty: localised('没有预警。', 'No alerts.'),
      locale: turn.locale,
    };
  }

  async function explainAlert(
    turn: Turn,
    command: Extract<ParsedCommand, { kind: 'explain-alert' }>,
  ): Promise<Reply> {
    const { mine, visible } = await visibleAlerts(turn);
    const alert = mine[command.number - 1];
    if (!alert) return mine.length === 0 ? noAlertsReply(turn.locale) : rangeError(mine.length, turn.locale);
    const stored = await turn.scoped.updateAlert(
      alertId(alert),
      { action: 'explain', cause: command.cause, ...(command.note ? { note: command.note } : {}) },
      { causes: policies.alerts.causes, ifMissing: toStoredAlert(alert, now().toISOString()) },
    );
    const work = alertWorkText(stored, policies.alerts.causes);
    const account = visible.get(alert.accountId);
    const name = account ? (account.shortName ?? account.name) : alert.accountId;
    return {
      kind: 'text',
      text: localised(
        `已记录预警原因：${name}：${alert.message['zh-CN']}\n${work['zh-CN']}`,
        `Cause recorded: ${name}: ${alert.message.en}\n${work.en}`,
      ),
      locale: turn.locale,
    };
  }

  /** Open complaints on the accounts the user may see, most overdue first, with deadline and escalation. */
  async function complaints(turn: Turn): Promise<Reply> {
    const visible = new Map(
      (await turn.scoped.listAccounts()).map((account) => [account.id, account] as const),
    );
    const policy = policies.complaints ?? loadComplaintPreset('standard');
    const open = complaintClocks({
      complaints: await turn.scoped.listComplaints(),
      policy,
      // The deadline is a day of the organisation's calendar; today is the reader's.
      today: today(turn),
      timeZone: turn.timeZone,
    })
      .filter((clock) => clock.timing === 'open' || clock.timing === 'overdue')
      .sort((a, b) => b.daysLate - a.daysLate || a.deadline.localeCompare(b.deadline));
    const entries: ListEntry[] = open.slice(0, LIST_LIMIT).map((clock) => {
      const account = visible.get(clock.complaint.accountId);
      const name = account?.shortName ?? account?.name ?? clock.complaint.accountId;
      const reached = clock.escalation.filter((step) => step.reached).at(-1);
      const state =
        clock.timing === 'overdue'
          ? localised(`已逾期 ${clock.daysLate} 天`, `${clock.daysLate} days overdue`)
          : localised(`${clock.deadline} 前答复`, `answer by ${clock.deadline}`);
      const escalate = reached
        ? localised(`；应升级至${reached.to['zh-CN']}`, `; escalate to ${reached.to.en}`)
        : localised('', '');
      return {
        label: localised(
          `${name}：${clock.type.label['zh-CN']} · ${clock.complaint.summary}`,
          `${name}: ${clock.type.label.en} · ${clock.complaint.summary}`,
        ),
        detail: localised(`${state['zh-CN']}${escalate['zh-CN']}`, `${state.en}${escalate.en}`),
        accountId: clock.complaint.accountId,
      };
    });
    return {
      kind: 'list',
      title: localised('未结投诉', 'Open complaints'),
      entries,
      more: open.length - entries.length,
      empty: localised('没有未结投诉。', 'No open complaints.'),
      locale: turn.locale,
    };
  }

  async function review(turn: Turn, choice: number | null): Promise<Reply[]> {
    if (!reviews)
      return [
        {
          kind: 'text',
          text: localised('未配置 360 度评价。', '360° reviews are not set up.'),
          locale: turn.locale,
        },
      ];
    if (choice === null) {
      const resumed = await reviews.resume(turn);
      if (resumed) return resumed;
    }
    const pending = await reviews.pending(turn.user);
    if (pending.length === 0)
      return [
        {
          kind: 'text',
          text: localised('没有待完成的评价。', 'No reviews are waiting for you.'),
          locale: turn.locale,
        },
      ];
    if (choice !== null) {
      const chosen = pending[choice - 1];
      if (!chosen) return [rangeError(pending.length, turn.locale)];
      return reviews.start(turn, chosen.nominationId);
    }
    if (pending.length === 1) return reviews.start(turn, pending[0]!.nominationId);
    const shown = pending.slice(0, QUESTION_LIMIT);
    return [
      await ask(turn, {
        kind: 'choose-review',
        nominationIds: shown.map((entry) => entry.nominationId),
        prompt: localised(
          '待完成的评价，请回复编号开始：',
          'Reviews waiting for you; reply with a number to start:',
        ),
        labels: shown.map((entry) => entry.label),
        more: pending.length - shown.length,
      }),
    ];
  }

  async function answerQuestion(turn: Turn, state: QuestionState, value: number): Promise<Reply[]> {
    const count = state.kind === 'choose-account' ? state.accountIds.length : state.nominationIds.length;
    if (value < 1 || value > count)
      return [rangeError(count, turn.locale), questionReply(state, turn.locale)];
    await writeQuestion(turn.platformUser);
    if (state.kind === 'choose-review')
      return reviews ? reviews.start(turn, state.nominationIds[value - 1]!) : [];
    const accountId = state.accountIds[value - 1]!;
    // Re-checked through the scoped store: rights may have changed since the question.
    if (state.command === 'status') await turn.readAhead(accountId);
    const account = (await turn.scoped.listAccounts({ ids: [accountId] }))[0];
    if (!account) return [notFoundReply(accountId, turn.locale)];
    return [await accountCommand(turn, state.command, account, state.period)];
  }

  async function run(turn: Turn, command: ParsedCommand): Promise<Reply[]> {
    switch (command.kind) {
      case 'help':
      case 'empty':
        return [
          { kind: 'text', text: helpText({ survey: defaultSurvey(policies.surveys) }), locale: turn.locale },
        ];
      case 'status':
      case 'tier':
        return [await lookup(turn, command.kind, command.query, null)];
      case 'why':
        // The rule trace behind the card: tier reason, thresholds, score breakdown.
        return [await lookup(turn, 'tier', command.query, null)];
      case 'owner':
        return command.query === ''
          ? [
              {
                kind: 'text',
                text: localised(
                  '你是想问客户经理是谁吗？请带上客户名，例如：华能源的客户经理是谁',
                  'Did you mean to ask who owns an account? Name it, for example: who owns Acme',
                ),
                locale: turn.locale,
              },
            ]
          : [await lookup(turn, 'owner', command.query, null)];
      case 'contacts':
      case 'contact-dates':
        return [await lookup(turn, command.kind, command.query, null)];
      case 'report':
        return [await report(turn, command.query, command.period)];
      case 'due':
        return [await dueCommand(turn, command.filter)];
      case 'more':
        return [await more(turn)];
      case 'movers':
        return [await movers(turn)];
      case 'alerts':
        return [await alerts(turn)];
      case 'explain-alert':
        return [await explainAlert(turn, command)];
      case 'complaints':
        return [await complaints(turn)];
      case 'tasks':
        return [await tasksReply(taskTurn(turn))];
      case 'task-done':
        return [await taskDoneReply(taskTurn(turn), command.id, command.note)];
      case 'assign':
        return [await assignReply(taskTurn(turn), command.text)];
      case 'contracts':
        return [await contracts(turn, command.query)];
      case 'satisfaction':
        return [await satisfaction(turn, command.query, command.answers)];
      case 'unit-plan':
        return [
          await unitPlanCommand(
            { ...turn, today: today(turn) },
            { ...command, locale: turn.locale },
            {
              defaultMonth: asOf,
              ...(policies.alerts.reportDeadlines ? { deadlines: policies.alerts.reportDeadlines } : {}),
            },
          ),
        ];
      case 'claim':
        return [await claimCommand(turn, { ...command, locale: turn.locale })];
      case 'relationship-plan':
        return [
          await relationshipPlanCommand({ ...turn, today: today(turn) }, { ...command, locale: turn.locale }),
        ];
      case 'review':
        return review(turn, command.choice);
      case 'bind': {
        const userId = await redeemBindingCode(store, turn.platformUser, command.code, { now });
        return [bindReply(userId !== undefined, turn.locale)];
      }
      case 'binding-code':
        return [
          await bindingCodeCommand(
            turn,
            { ...command, locale: turn.locale },
            {
              store,
              privateReply: turn.privateReply,
              now,
              ...(options.accessPolicy ? { accessPolicy: options.accessPolicy } : {}),
            },
          ),
        ];
      case 'submit':
      case 'confirm': {
        // A late 提交 / 好的 after the review was submitted: say so, not "not understood".
        const late = reviews ? await reviews.alreadySubmitted(turn) : undefined;
        if (late) return late;
        return [notUnderstood(turn)];
      }
      case 'number':
      case 'comment':
      case 'back':
      case 'skip':
      case 'save':
      case 'cancel':
        return [notUnderstood(turn)];
      case 'unknown':
        return [await bareName(turn, command.text)];
    }
  }

  async function handle(message: IncomingMessage): Promise<ChatResult> {
    const platformUser: PlatformUser = { platform: message.platform, platformUserId: message.platformUserId };
    if (message.messageId !== undefined) {
      const first = await store.claimIdempotencyKey(
        `chat:message:${message.platform}:${message.messageId}`,
        expiry(idempotencyTtlMs),
      );
      if (!first) return { replies: [], duplicate: true, userId: null };
    }
    const command = parseCommand(message.text);
    let userId = message.user?.id ?? (await linkedUserId(store, platformUser));
    if (userId === undefined && message.email && message.emailVerified)
      userId = await linkByVerifiedEmail(store, platformUser, message.email, { now });
    if (userId === undefined) {
      const locale = command.locale ?? 'zh-CN';
      if (command.kind === 'bind') {
        const bound = await redeemBindingCode(store, platformUser, command.code, { now });
        return { replies: [bindReply(bound !== undefined, locale)], duplicate: false, userId: bound ?? null };
      }
      return { replies: [unlinkedReply(locale)], duplicate: false, userId: null };
    }
    // The asker and the data generation: as the channel read them for this message, else read here
    // (the generation first; the asker again only when it moved).
    const given = message.user?.id === userId ? message.user : undefined;
    const asker =
      given === undefined
        ? await readAsker(store, userId)
        : { user: given, dataGeneration: message.dataGeneration };
    let current: Turn | undefined;
    const view = turnStore(store, userId, asker.user, () => {
      // The turn wrote: the generation it read no longer holds for it.
      if (current !== undefined) current.dataGeneration = undefined;
    });
    const scoped = scopeStore(view.store, userId, {
      ...(options.accessPolicy ? { policy: options.accessPolicy } : {}),
      now,
    });
    let user: User;
    try {
      user = await scoped.me();
    } catch (error) {
      if (!isKamError(error)) throw error;
      return { replies: [errorReply(error, command.locale ?? 'zh-CN')], duplicate: false, userId };
    }
    const turn: Turn = {
      user,
      scoped,
      locale: command.locale ?? user.locale,
      platformUser,
      forms: message.forms ?? false,
      privateReply: message.privateReply ?? false,
      notes: [],
      typed: message.text,
      timeZone: knownTimeZone(message.timeZone) ?? timeZone,
      readAhead: view.readAhead,
      ...(asker.dataGeneration === undefined
        ? {}
        : { dataGeneration: Promise.resolve(asker.dataGeneration) }),
    };
    current = turn;
    try {
      const question = await readQuestion(platformUser);
      if (question) {
        if (command.kind === 'number') {
          const replies = await answerQuestion(turn, question, command.value);
          for (const note of turn.notes) replies.push({ kind: 'text', text: note, locale: turn.locale });
          return { replies, duplicate: false, userId };
        }
        await writeQuestion(platformUser);
      }
      if (reviews) {
        const step = await reviews.step(turn, command);
        if (step) return { replies: step, duplicate: false, userId };
      }
      const replies = await run(turn, command);
      for (const note of turn.notes) replies.push({ kind: 'text', text: note, locale: turn.locale });
      return { replies, duplicate: false, userId };
    } catch (error) {
      if (!isKamError(error)) throw error;
      return { replies: [errorReply(error, turn.locale)], duplicate: false, userId };
    }
  }

  async function submitReviewForm(input: ReviewFormInput): Promise<Reply[]> {
    const platformUser: PlatformUser = { platform: input.platform, platformUserId: input.platformUserId };
    const userId = await linkedUserId(store, platformUser);
    if (userId === undefined) return [unlinkedReply('zh-CN')];
    const scoped = scopeStore(store, userId, {
      ...(options.accessPolicy ? { policy: options.accessPolicy } : {}),
      now,
    });
    let locale: Locale = 'zh-CN';
    try {
      const user = await scoped.me();
      locale = user.locale;
      if (!reviews)
        return [
          {
            kind: 'text',
            text: localised('未配置 360 度评价。', '360° reviews are not set up.'),
            locale: user.locale,
          },
        ];
      return await reviews.submitForm(
        { user, scoped, locale: user.locale, platformUser, forms: true },
        input,
      );
    } catch (error) {
      if (!isKamError(error)) throw error;
      return [errorReply(error, locale)];
    }
  }

  return { handle, submitReviewForm };
}

function accountLabel(account: Pick<Account, 'name' | 'shortName'>): string {
  return account.shortName && account.shortName !== account.name
    ? `${account.name}（${account.shortName}）`
    : account.name;
}

function questionReply(state: QuestionState, locale: Locale): Reply {
  return {
    kind: 'question',
    prompt: state.prompt,
    options: state.labels.map((label, index) => ({ number: index + 1, label })),
    more: state.more,
    locale,
  };
}

function noAlertsReply(locale: Locale): Reply {
  return { kind: 'error', code: 'NOT_FOUND', message: localised('没有预警。', 'No alerts.'), locale };
}

/** An alert's status, cause and note in both locales: `已说明原因 · 报价 · 竞争对手降价`. */
function alertWorkText(alert: StoredAlert, causes: readonly AlertCause[]): LocalisedText {
  const cause = alert.cause ? causes.find((entry) => entry.id === alert.cause) : undefined;
  const causeText = cause?.label ?? (alert.cause ? { 'zh-CN': alert.cause, en: alert.cause } : undefined);
  const parts = (locale: Locale) =>
    [ALERT_STATUS_TEXT[alert.status][locale], causeText?.[locale], alert.note ?? undefined]
      .filter((part): part is string => part !== undefined && part !== '')
      .join(' · ');
  return localised(parts('zh-CN'), parts('en'));
}

const ALERT_STATUS_TEXT = {
  open: localised('待处理', 'open'),
  acknowledged: localised('已确认', 'acknowledged'),
  explained: localised('已说明原因', 'explained'),
  closed: localised('已关闭', 'closed'),
} as const;

/** "Not understood", quoting at most 30 characters of what was typed (a long paste is never echoed). */
function notUnderstood(turn: Turn): Reply {
  return {
    kind: 'text',
    text: localised(
      `没听懂「${quoteTyped(turn.typed.trim())}」。发送 帮助 查看可用命令。`,
      'Sorry, I did not understand that. Send help for the commands.',
    ),
    locale: turn.locale,
  };
}

function rangeError(count: number, locale: Locale): Reply {
  return {
    kind: 'error',
    code: 'INVALID_INPUT',
    message: localised(`请回复 1–${count} 之间的编号。`, `Reply with a number from 1 to ${count}.`),
    locale,
  };
}

function bindReply(bound: boolean, locale: Locale): Reply {
  return bound
    ? {
        kind: 'text',
        text: localised('绑定成功。发送 帮助 查看可用命令。', 'Linked. Send help for the commands.'),
        locale,
      }
    : {
        kind: 'error',
        code: 'NOT_FOUND',
        message: localised(
          '绑定码无效或已过期，请向管理员重新索取。',
          'That binding code is invalid or has expired; ask an administrator for a new one.',
        ),
        locale,
      };
}

function unlinkedReply(locale: Locale): Reply {
  return {
    kind: 'text',
    text: localised(
      '你的账号尚未绑定 KAMkit 用户。请向管理员索取绑定码，然后发送：绑定 ‹绑定码›',
      'Your chat account is not linked to a KAMkit user yet. Ask an administrator for a binding code, then send: bind ‹code›',
    ),
    locale,
  };
}

/** A {@link KamError} as an `error` reply. */
export function errorReply(
  error: {
    code: string;
    localised: LocalisedText;
    issues: readonly { path: string; expected: LocalisedText }[];
  },
  locale: Locale,
): Reply {
  const issues = error.issues.slice(0, 5);
  return {
    kind: 'error',
    code: error.code,
    message:
      issues.length === 0
        ? error.localised
        : localised(
            `${error.localised['zh-CN']}\n${issues.map((issue) => `· ${issue.path}：${issue.expected['zh-CN']}`).join('\n')}`,
            `${error.localised.en}\n${issues.map((issue) => `· ${issue.path}: ${issue.expected.en}`).join('\n')}`,
          ),
    issues: error.issues.map((issue) => ({ path: issue.path, expected: issue.expected })),
    locale,
  };
}

/** Zones already checked by {@link knownTimeZone} (a formatter costs ~1 ms to make; every message names one). */
const checkedZones = new Map<string, boolean>();
/** Zones remembered at most: the runtime knows ~600, and a platform might send anything. */
const CHECKED_ZONES_MAX = 1_000;

/** `zone` when the runtime knows it as a time zone, else `undefined`. */
function knownTimeZone(zone: string | undefined): string | undefined {
  if (zone === undefined || zone === '') return undefined;
  let known = checkedZones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    if (checkedZones.size < CHECKED_ZONES_MAX) checkedZones.set(zone, known);
  }
  return known ? zone : undefined;
}
