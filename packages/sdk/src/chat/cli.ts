/**
 * `kamkit chat`: the conversation engine in a terminal, on the embedded
 * database. One line in, the rendered replies out.
 *
 * @module
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import { requireActingUser } from '../cli/acting-user.js';
import type { ResolvedConfig } from '../config/load-config.js';
import { isKamError, type Locale, notFound } from '../errors/kam-error.js';
import { createReview360Engine } from '../review360/engine.js';
import { createMemoryReviewRepository, type ReviewRepository } from '../review360/repository.js';
import { createSqlReviewRepository } from '../review360/sql-repository.js';
import type { Store } from '../store/port.js';
import { createChatEngine } from './engine.js';
import { linkPlatformUser } from './identity.js';
import { renderReplyText } from './render-text.js';

/** Options of {@link registerChatCommand}. */
export interface ChatCommandOptions {
  /** Opens the store the chat runs on (the CLI passes `openStore`). */
  openStore: () => Promise<Store>;
  /** Lines come from here (default stdin). */
  input?: Readable;
  /** Replies go here (default stdout). */
  output?: Writable;
  /** The month figures are shown for (default: the last complete month). */
  asOf?: string;
  /** The resolved configuration: its 360° models and time zone are used when given. */
  config?: () => Promise<ResolvedConfig>;
  /** The environment `KAMKIT_OPERATOR` is read from (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The terminal's platform name: the speaking user's link is under it. */
export const TERMINAL_PLATFORM = 'terminal';

/**
 * Register `kamkit chat`: read lines, answer each through the conversation
 * engine (as the operator, `KAMKIT_OPERATOR`, or as a user they manage with
 * `--as`, with every access check), print the replies as plain text. Ends at
 * end of input or on `exit` / `退出`.
 *
 * @example
 * ```ts
 * const program = new Command('kamkit');
 * registerChatCommand(program, { openStore: () => openStore() });
 * await program.parseAsync(['node', 'kamkit', 'chat']); // KAMKIT_OPERATOR=u-am-11
 * // > 查询 华能源
 * ```
 */
export function registerChatCommand(program: Command, options: ChatCommandOptions): Command {
  return program
    .command('chat')
    .description('Talk to KAMkit in the terminal, as one user / 在终端中与 KAMkit 对话')
    .option('--as <userId>', 'speak as a user you manage (you are KAMKIT_OPERATOR)')
    .option(
      '--as-of <month>',
      'month the figures are for, YYYY-MM (default: the last complete month with data)',
    )
    .option('--lang <locale>', 'zh-CN or en (default: the user’s own)')
    .action(async (raw: { as?: string; asOf?: string; lang?: string }) => {
      const output = options.output ?? process.stdout;
      const config = await options.config?.();
      const store = await options.openStore();
      try {
        const userId = await requireActingUser(store, raw.as, options.env);
        const user = await store.getUser(userId);
        if (!user) throw notFound('用户 / user', userId);
        const locale: Locale | undefined = raw.lang === 'en' || raw.lang === 'zh-CN' ? raw.lang : undefined;
        const repository: ReviewRepository = store.sql
          ? createSqlReviewRepository(store.sql)
          : createMemoryReviewRepository();
        const asOf = raw.asOf ?? options.asOf;
        const chat = createChatEngine({
          store,
          review: {
            engine: createReview360Engine({
              repository,
              store,
              ...(config
                ? {
                    models: config.review360.models,
                    surveys: config.policies.surveys,
                    timeZone: config.timeZone,
                  }
                : {}),
            }),
            repository,
          },
          ...(asOf === undefined ? {} : { asOf: () => asOf }),
          ...(config ? { policies: config.policies, timeZone: config.timeZone } : {}),
        });
        const platformUser = { platform: TERMINAL_PLATFORM, platformUserId: user.id };
        await linkPlatformUser(store, platformUser, user.id);
        const prompt = '> ';
        output.write(
          (locale ?? user.locale) === 'zh-CN'
            ? `你好，${user.name}。发送 帮助 查看命令，退出 结束。\n${prompt}`
            : `Hello, ${user.name}. Send help for the commands, exit to quit.\n${prompt}`,
        );
        const lines = createInterface({ input: options.input ?? process.stdin, terminal: false });
        for await (const line of lines) {
          const text = line.trim();
          if (text === 'exit' || text === 'quit' || text === '退出') break;
          try {
            const result = await chat.handle({ ...platformUser, text, privateReply: true });
            for (const reply of result.replies)
              output.write(`${renderReplyText(reply, locale ?? reply.locale)}\n`);
          } catch (error) {
            if (!isKamError(error)) throw error;
            output.write(`⚠ ${error.messageIn(locale ?? user.locale)}\n`);
          }
          output.write(prompt);
        }
        output.write('\n');
      } finally {
        await store.close();
      }
    });
}
