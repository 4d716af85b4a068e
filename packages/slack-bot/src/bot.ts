/**
 * The Slack bot: a thin Bolt adapter over the SDK's conversation engine.
 * Receive, ask the engine, render the reply data as Block Kit or a modal, send.
 *
 * @module
 */
import {
  type ChatEngine,
  type ChatEngineOptions,
  createChatEngine,
  DEFAULT_TIME_ZONE,
  errorReply,
  InteractionSchema,
  isKamError,
  type Locale,
  localDate,
  type Reply,
  type ReportData,
  type Review360Engine,
  type ReviewRepository,
  type Store,
  scopeStore,
  type User,
} from '@kamkit/sdk';
import {
  App,
  type AppOptions,
  type BlockAction,
  type ButtonAction,
  type Logger,
  type LogLevel,
  type RespondFn,
  type types,
  type webApi,
} from '@slack/bolt';
import {
  ACTION_IDS,
  COMMENT_ACTION_ID,
  commentBlockId,
  homeView,
  itemBlockId,
  RATING_ACTION_ID,
  REVIEW_CALLBACK_ID,
  type ReviewFormReply,
  type ReviewModalMetadata,
  replyMessage,
  resultModal,
  reviewModal,
  unlinkedHomeView,
} from './blocks.js';
import { resolveSlackUser, SLACK_PLATFORM, type SlackUser } from './identity.js';
import { type ChartDestination, directMessageCharts, postReport } from './post-report.js';
import { retryingRespond } from './respond-retry.js';
import { createSlackTimeZones } from './time-zones.js';

/** Options of {@link createSlackBot}. */
export interface SlackBotOptions {
  /** The KAMkit store: identity links, dialog state, idempotency keys and the data. */
  store: Store;
  /** The app's signing secret (Basic Information → App Credentials). */
  signingSecret: string;
  /** The bot token, `xoxb-…`. */
  token: string;
  /** An app-level token, `xapp-…`: when given, the bot connects by Socket Mode instead of HTTP. */
  appToken?: string;
  /** The 360° engine and its repository; without them reviews are "not set up". */
  review?: { engine: Review360Engine; repository: ReviewRepository };
  /** Further options of the conversation engine (as-of month, clock, time zone, TTLs). */
  chat?: Omit<ChatEngineOptions, 'store' | 'review'>;
  /**
   * Options of Bolt's Web API client. The default retries (ten within thirty
   * minutes) and honours `Retry-After` on 429; tests pass a short `retryConfig`
   * and `slackApiUrl`.
   */
  clientOptions?: webApi.WebClientOptions;
  /**
   * Pauses before each new attempt when Slack answers a `response_url` post with a 5xx or 429
   * (default 1 s, 2 s, 4 s; see {@link retryingRespond}); `[]` posts once.
   */
  respondRetryDelaysMs?: readonly number[];
  /** HTTP receiver: the path Slack posts to (default `/slack/events`). */
  endpoint?: string;
  logLevel?: LogLevel;
  /** Bolt's logger (default: Bolt's console logger); failed chart uploads are warned here. */
  logger?: Logger;
  /** Clock (default `() => new Date()`); tests pass a fixed one. */
  now?: () => Date;
  /**
   * How long a user's time zone read from Slack (`users.info` → `user.tz`)
   * is kept (default 1 hour). Dates a reply derives from now are in the
   * user's zone; without the `users:read` scope, or when the call fails, in
   * the organisation's (`chat.timeZone`).
   */
  timeZoneTtlMs?: number;
}

/** How long a review form offered as a button is kept for opening (30 days). */
const FORM_TTL_MS = 30 * 24 * 3600 * 1000;

const KEYWORDS = {
  'zh-CN': {
    status: '查询',
    why: '为什么',
    more: '更多',
    report: '报表',
    review: '评价',
    due: '待办',
    alerts: '预警',
    confirm: '确认',
    cancel: '取消',
  },
  en: {
    status: 'status',
    why: 'why',
    more: 'more',
    report: 'report',
    review: 'review',
    due: 'due',
    alerts: 'alerts',
    confirm: 'confirm',
    cancel: 'cancel',
  },
} as const;

/** Where the replies to one request go. */
interface Destination {
  client: webApi.WebClient;
  user: SlackUser;
  /** The slash command's or interaction's response URL (ephemeral replies). */
  respond?: RespondFn;
  /** A channel to post in; without `respond` and `channel`, a direct message. */
  channel?: string;
  threadTs?: string;
  /** A fresh trigger id (≤ 3 s old) to open the review modal with. */
  triggerId?: string;
}

function formKey(slackUserId: string, nominationId: string): string {
  return `slack:review-form:${slackUserId}:${nominationId}`;
}

/** Mentions of the bot removed from a message's text. */
export function stripMentions(text: string): string {
  return text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/gu, ' ').trim();
}

/**
 * The rating and comment answers of a review modal's state: ratings as
 * numbers by item id, non-empty comments by dimension id.
 */
export function readReviewState(values: ViewStateValues): {
  answers: Record<string, number>;
  comments: Record<string, string>;
} {
  const answers: Record<string, number> = {};
  const comments: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(values)) {
    if (blockId.startsWith('item:')) {
      const selected = actions[RATING_ACTION_ID]?.selected_option?.value;
      if (selected) answers[blockId.slice('item:'.length)] = Number(selected);
    } else if (blockId.startsWith('comment:')) {
      const value = actions[COMMENT_ACTION_ID]?.value?.trim();
      if (value) comments[blockId.slice('comment:'.length)] = value;
    }
  }
  return { answers, comments };
}

/** `view.state.values` of a submitted or closed modal. */
export type ViewStateValues = Record<
  string,
  Record<string, { selected_option?: { value: string } | null; value?: string | null }>
>;

/**
 * The `errors` object of a `view_submission` response for an engine error
 * reply: each `answers.<item>` / `comments.<dimension>` issue on its block;
 * any other error on the first rating block. `locale` is the modal's (default the reply's).
 */
export function modalErrors(
  reply: Extract<Reply, { kind: 'error' }>,
  blockIds: readonly string[],
  locale: Locale = reply.locale,
): Record<string, string> {
  const errors: Record<string, string> = {};
  const message = reply.message[locale];
  for (const issue of reply.issues ?? []) {
    const match = /^(answers|comments)\.(.+)$/u.exec(issue.path);
    if (!match) continue;
    const blockId = match[1] === 'answers' ? itemBlockId(match[2]!) : commentBlockId(match[2]!);
    if (blockIds.includes(blockId)) errors[blockId] = issue.expected[locale];
  }
  const first = blockIds.find((id) => id.startsWith('item:')) ?? blockIds[0];
  if (Object.keys(errors).length === 0 && first !== undefined)
    errors[first] = message.split('\n')[0] ?? message;
  return errors;
}

/**
 * Create the Slack bot: a Bolt `App` with the `/kam` slash command, app
 * mentions and direct messages running the engine's commands, account-card
 * buttons, the 360° review modal and the App Home. HTTP receiver by default;
 * Socket Mode when `appToken` is given. Start it with `app.start(port)`.
 *
 * Every handler acks first (within Slack's 3 seconds) and works after; only
 * `view_submission` validates before acking, because its errors travel in the
 * ack. Event retries and repeated events never act twice: each message is
 * claimed in the store by its channel and timestamp.
 *
 * @example
 * ```ts
 * const store = await openStore();
 * const app = createSlackBot({
 *   store,
 *   signingSecret: process.env.SLACK_SIGNING_SECRET!,
 *   token: process.env.SLACK_BOT_TOKEN!,
 * });
 * await app.start(3000);
 * ```
 */
export function createSlackBot(options: SlackBotOptions): App {
  const { store } = options;
  const now = options.now ?? options.chat?.now ?? (() => new Date());
  const engine: ChatEngine = createChatEngine({
    // A failed background reload of the figures goes to the app's logger (the old figures keep serving).
    onSourceError: (error, month) => app.logger.error(`refreshing the results of ${month} failed`, error),
    ...options.chat,
    now,
    store,
    ...(options.review ? { review: options.review } : {}),
  });
  const appOptions: AppOptions = {
    token: options.token,
    signingSecret: options.signingSecret,
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
    ...(options.appToken
      ? { socketMode: true, appToken: options.appToken }
      : { endpoints: options.endpoint ?? '/slack/events' }),
  };
  const app: App = new App(appOptions);
  const organisationZone = options.chat?.timeZone ?? DEFAULT_TIME_ZONE;
  const timeZones = createSlackTimeZones({
    fallback: organisationZone,
    now,
    ...(options.timeZoneTtlMs === undefined ? {} : { ttlMs: options.timeZoneTtlMs }),
    onError: (error, slackUserId) =>
      app.logger.warn(
        `users.info for ${slackUserId} failed (the app needs users:read); dates in ${organisationZone}`,
        error,
      ),
  });
  /** Who is talking, with their time zone. */
  const resolveUser = (client: webApi.WebClient, slackUserId: string) =>
    resolveSlackUser(store, client, slackUserId, { now, timeZones });

  async function post(destination: Destination, content: { text: string; blocks: types.KnownBlock[] }) {
    if (destination.respond) {
      const respond = retryingRespond(destination.respond, options.respondRetryDelaysMs, (error, attempt) =>
        app.logger.warn(`posting to the response_url failed (attempt ${attempt}); trying again`, error),
      );
      await respond({ response_type: 'ephemeral', replace_original: false, ...content });
      return;
    }
    await destination.client.chat.postMessage({
      channel: destination.channel ?? destination.user.slackUserId,
      ...(destination.threadTs ? { thread_ts: destination.threadTs } : {}),
      ...content,
    });
  }

  /** The model's dimensions for the rater's modal, read through the engine (only the rater gets them). */
  async function dimensionsOf(nominationId: string, user: User) {
    if (!options.review) return [];
    const context = await options.review.engine
      .reviewContext(nominationId, { user })
      .catch((error: unknown) => {
        if (isKamError(error) && error.code === 'NOT_FOUND') return undefined;
        throw error;
      });
    if (!context) return [];
    return context.model.dimensions.map((dimension) => ({ id: dimension.id, name: dimension.name }));
  }

  /** Open the review modal; on an expired trigger, offer it as a button instead. */
  async function openReview(destination: Destination, form: ReviewFormReply): Promise<void> {
    await store.putDialog(
      formKey(destination.user.slackUserId, form.nominationId),
      form,
      new Date(now().getTime() + FORM_TTL_MS).toISOString(),
    );
    if (destination.triggerId && destination.user.userId && options.review) {
      const user = await store.getUser(destination.user.userId);
      const draft = user ? await options.review.engine.mySubmission(form.nominationId, { user }) : undefined;
      const answers = draft?.status === 'draft' ? draft.answers : {};
      const fresh: ReviewFormReply = {
        ...form,
        items: form.items.map((item) => ({ ...item, answer: answers[item.itemId] ?? item.answer })),
      };
      const view = reviewModal(
        fresh,
        user ? await dimensionsOf(form.nominationId, user) : [],
        draft?.status === 'draft' ? draft.comments : {},
      );
      try {
        await destination.client.views.open({ trigger_id: destination.triggerId, view });
        return;
      } catch (error) {
        app.logger.warn(`views.open failed, offering the form as a button: ${String(error)}`);
      }
    }
    await post(destination, replyMessage(form));
  }

  /**
   * Where a report's charts go: the conversation and thread the report was
   * posted in; for an ephemeral reply (slash command, button on an ephemeral
   * message) or a DM by user id, the user's DM with the bot — files cannot be
   * ephemeral, and a chart must not show figures to a channel the text was hidden from.
   */
  async function chartDestination(
    destination: Destination,
    title: string,
    locale: Locale,
  ): Promise<ChartDestination> {
    if (destination.channel && !destination.respond)
      return {
        channel: destination.channel,
        ...(destination.threadTs ? { threadTs: destination.threadTs } : {}),
      };
    return directMessageCharts(destination.client, destination.user.slackUserId, title, locale);
  }

  async function deliverReport(destination: Destination, report: ReportData, locale: Locale): Promise<void> {
    await postReport({
      client: destination.client,
      report,
      locale,
      generatedAt: now(),
      timeZone: destination.user.timeZone ?? organisationZone,
      logger: app.logger,
      post: (message) => post(destination, message),
      chartDestination: (title) => chartDestination(destination, title, locale),
    });
  }

  async function deliver(destination: Destination, replies: readonly Reply[]): Promise<void> {
    for (const reply of replies) {
      if (reply.kind === 'review-form') await openReview(destination, reply);
      else if (reply.kind === 'account-report') await deliverReport(destination, reply.report, reply.locale);
      else if (reply.kind === 'portfolio-report')
        await deliverReport(destination, reply.analysis, reply.locale);
      else await post(destination, replyMessage(reply));
    }
  }

  async function run(destination: Destination, text: string, messageId: string | undefined): Promise<void> {
    const result = await engine.handle({
      platform: SLACK_PLATFORM,
      platformUserId: destination.user.slackUserId,
      text,
      forms: true,
      // An ephemeral reply (response URL) or a direct message is seen by the sender alone.
      privateReply: destination.respond !== undefined || destination.channel === undefined,
      ...(messageId === undefined ? {} : { messageId }),
      // Read for this message by resolveSlackUser: the engine reads neither link nor user again.
      ...(destination.user.user ? { user: destination.user.user } : {}),
      ...(destination.user.dataGeneration === undefined
        ? {}
        : { dataGeneration: destination.user.dataGeneration }),
      // Dates derived from now (today, overdue) in the user's own time zone.
      ...(destination.user.timeZone ? { timeZone: destination.user.timeZone } : {}),
    });
    if (result.duplicate) return;
    await deliver(destination, result.replies);
  }

  function keywords(user: SlackUser) {
    return KEYWORDS[user.locale];
  }

  // ── /kam ────────────────────────────────────────────────────────────────
  app.command('/kam', async ({ command, ack, client, respond }) => {
    await ack();
    const user = await resolveUser(client, command.user_id);
    await run(
      { client, user, respond, triggerId: command.trigger_id },
      command.text,
      `command:${command.trigger_id}`,
    );
  });

  // ── mentions and direct messages ────────────────────────────────────────
  app.event('app_mention', async ({ event, client }) => {
    if (!event.user) return;
    const user = await resolveUser(client, event.user);
    await run(
      { client, user, channel: event.channel, threadTs: event.thread_ts ?? event.ts },
      stripMentions(event.text),
      `message:${event.channel}:${event.ts}`,
    );
  });

  app.event('message', async ({ event, client }) => {
    if (event.channel_type !== 'im' || event.subtype !== undefined) return;
    if ('bot_id' in event && event.bot_id) return;
    const user = await resolveUser(client, event.user);
    // Keyed by channel and ts, like mentions: a message that is both never runs twice.
    await run(
      { client, user, channel: event.channel },
      stripMentions(event.text ?? ''),
      `message:${event.channel}:${event.ts}`,
    );
  });

  // ── buttons ─────────────────────────────────────────────────────────────
  function actionDestination(
    body: BlockAction,
    client: webApi.WebClient,
    user: SlackUser,
    respond: RespondFn,
  ): Destination {
    const fromMessage = body.response_url !== undefined && body.container?.type !== 'view';
    return {
      client,
      user,
      ...(fromMessage ? { respond } : {}),
      triggerId: body.trigger_id,
    };
  }

  for (const kind of ['call', 'visit'] as const) {
    const actionId = kind === 'call' ? ACTION_IDS.logCall : ACTION_IDS.logVisit;
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client, respond }) => {
      await ack();
      const user = await resolveUser(client, body.user.id);
      const destination = actionDestination(body, client, user, respond);
      if (!user.userId) {
        await run(destination, '', undefined);
        return;
      }
      const accountId = action.value ?? '';
      const first = await store.claimIdempotencyKey(
        `slack:action:${body.user.id}:${action.action_ts}`,
        new Date(now().getTime() + 24 * 3600 * 1000).toISOString(),
      );
      if (!first) return;
      const scoped = scopeStore(store, user.userId, { now });
      try {
        const account = await scoped.getAccount(accountId);
        const at = now().toISOString();
        await scoped.insertInteractions([
          InteractionSchema.parse({
            id: `slack-${body.user.id}-${action.action_ts}`.replaceAll('.', '-'),
            accountId: account.id,
            kind,
            at,
            userId: user.userId,
          }),
        ]);
        const name = account.shortName ?? account.name;
        // The day in the user's time zone (else the organisation's), not UTC's (yesterday in China after 16:00 UTC).
        const day = localDate(new Date(at), user.timeZone ?? organisationZone);
        await deliver(destination, [
          {
            kind: 'text',
            locale: user.locale,
            text: {
              'zh-CN': `已记录：${day} 与 ${name} 的${kind === 'call' ? '电话' : '拜访'}。`,
              en: `Logged: a ${kind} with ${name} on ${day}.`,
            },
          },
        ]);
      } catch (error) {
        if (!isKamError(error)) throw error;
        await deliver(destination, [errorReply(error, user.locale)]);
      }
    });
  }

  app.action<BlockAction<ButtonAction>>(
    ACTION_IDS.showReport,
    async ({ ack, body, action, client, respond }) => {
      await ack();
      const user = await resolveUser(client, body.user.id);
      await run(
        actionDestination(body, client, user, respond),
        `${keywords(user).report} ${action.value ?? ''}`,
        `action:${body.user.id}:${action.action_ts}`,
      );
    },
  );

  app.action<BlockAction<ButtonAction>>(
    new RegExp(`^${ACTION_IDS.answer}`, 'u'),
    async ({ ack, body, action, client, respond }) => {
      await ack();
      const user = await resolveUser(client, body.user.id);
      const value = parseValue(action.value);
      const words = keywords(user);
      const accountId = typeof value.accountId === 'string' ? value.accountId : '';
      const text =
        typeof value.number === 'number'
          ? String(value.number)
          : value.command === 'more'
            ? words.more
            : `${value.command === 'why' ? words.why : words.status} ${accountId}`;
      await run(
        actionDestination(body, client, user, respond),
        text,
        `action:${body.user.id}:${action.action_ts}`,
      );
    },
  );

  for (const choice of ['confirm', 'cancel'] as const) {
    app.action<BlockAction<ButtonAction>>(
      choice === 'confirm' ? ACTION_IDS.confirm : ACTION_IDS.cancel,
      async ({ ack, body, action, client, respond }) => {
        await ack();
        const user = await resolveUser(client, body.user.id);
        await run(
          actionDestination(body, client, user, respond),
          keywords(user)[choice],
          `action:${body.user.id}:${action.action_ts}`,
        );
      },
    );
  }

  app.action<BlockAction<ButtonAction>>(
    ACTION_IDS.openReview,
    async ({ ack, body, action, client, respond }) => {
      await ack();
      const user = await resolveUser(client, body.user.id);
      const destination = actionDestination(body, client, user, respond);
      const nominationId = action.value ?? '';
      const stored = (await store.getDialog(formKey(body.user.id, nominationId))) as
        | ReviewFormReply
        | undefined;
      if (stored?.kind === 'review-form') {
        await openReview(destination, stored);
        return;
      }
      // Not offered to this user before (e.g. a reminder): ask the engine.
      await run(destination, keywords(user).review, `action:${body.user.id}:${action.action_ts}`);
    },
  );

  // ── the review modal ────────────────────────────────────────────────────
  app.view(REVIEW_CALLBACK_ID, async ({ ack, body, view }) => {
    const metadata = parseMetadata(view.private_metadata);
    const values = view.state.values as ViewStateValues;
    const { answers, comments } = readReviewState(values);
    // Validation must come back in the ack itself: the SDK checks, then we ack.
    const replies = await engine.submitReviewForm({
      platform: SLACK_PLATFORM,
      platformUserId: body.user.id,
      nominationId: metadata.nominationId,
      answers,
      comments,
      action: 'submit',
    });
    const reply = replies[0];
    if (reply?.kind === 'error') {
      await ack({
        response_action: 'errors',
        errors: modalErrors(reply, Object.keys(values), metadata.locale),
      });
      return;
    }
    await ack(reply ? { response_action: 'update', view: resultModal(reply) } : undefined);
  });

  app.view({ callback_id: REVIEW_CALLBACK_ID, type: 'view_closed' }, async ({ ack, body, view }) => {
    await ack();
    const metadata = parseMetadata(view.private_metadata);
    const { answers, comments } = readReviewState(view.state.values as ViewStateValues);
    if (Object.keys(answers).length === 0 && Object.keys(comments).length === 0) return;
    await engine.submitReviewForm({
      platform: SLACK_PLATFORM,
      platformUserId: body.user.id,
      nominationId: metadata.nominationId,
      answers,
      comments,
      action: 'save',
    });
  });

  // ── App Home ────────────────────────────────────────────────────────────
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const user = await resolveUser(client, event.user);
    const ask = async (text: string) =>
      (
        await engine.handle({
          platform: SLACK_PLATFORM,
          platformUserId: event.user,
          text,
          forms: true,
          ...(user.timeZone ? { timeZone: user.timeZone } : {}),
        })
      ).replies;
    if (!user.userId) {
      await client.views.publish({ user_id: event.user, view: unlinkedHomeView((await ask(''))[0]!) });
      return;
    }
    const words = keywords(user);
    const reviews = await ask(words.review);
    for (const reply of reviews)
      if (reply.kind === 'review-form')
        await store.putDialog(
          formKey(event.user, reply.nominationId),
          reply,
          new Date(now().getTime() + FORM_TTL_MS).toISOString(),
        );
    await client.views.publish({
      user_id: event.user,
      view: homeView({
        locale: user.locale,
        reviews,
        due: await ask(words.due),
        alerts: await ask(words.alerts),
      }),
    });
  });

  app.error(async (error) => {
    app.logger.error(error);
  });

  return app;
}

function parseValue(value: string | undefined): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(value ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function parseMetadata(raw: string): ReviewModalMetadata {
  const value = parseValue(raw);
  return {
    nominationId: typeof value.nominationId === 'string' ? value.nominationId : '',
    locale: value.locale === 'en' ? 'en' : 'zh-CN',
    dimensionIds: Array.isArray(value.dimensionIds) ? value.dimensionIds.map(String) : [],
  };
}
