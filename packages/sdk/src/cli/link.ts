/**
 * `kamkit link code --user <id> [--platform slack|wechat]`: print a one-time
 * binding code for a user, so they can link their chat account by sending
 * `绑定 ‹code›` / `bind ‹code›` to the bot. Acts as the operator (`KAMKIT_OPERATOR`, or
 * `--as` a user they manage), who must be allowed to manage that user; the issue is
 * audited.
 *
 * @module
 */
import { type Command, Option } from 'commander';
import {
  BINDING_CODE_PLATFORMS,
  type BindingCodePlatform,
  issueBindingCodeAs,
} from '../chat/admin-binding-code.js';
import { requireActingUser } from './acting-user.js';
import type { CliContext } from './context.js';
import { countOption } from './options.js';

/** Register `kamkit link code`. */
export function registerLinkCommand(program: Command, context: CliContext): Command {
  const zhHelp = context.helpLocale === 'zh-CN';
  const link = program
    .command('link')
    .description(zhHelp ? '把聊天账号绑定到 KAMkit 用户' : 'Link chat accounts to KAMkit users');
  link
    .command('code')
    .description(
      zhHelp
        ? '为用户生成一次性绑定码（需有管理该用户的权限）'
        : 'Issue a one-time binding code for a user (you must be allowed to manage them)',
    )
    .requiredOption('--user <userId>', 'the user the code links')
    .addOption(
      new Option('--platform <platform>', 'only this chat platform may redeem it (default: any)').choices(
        BINDING_CODE_PLATFORMS,
      ),
    )
    .option('--hours <n>', 'hours the code stays valid', '24')
    .option('--as <userId>', 'act as a user you manage (you are KAMKIT_OPERATOR)')
    .option('--json', 'print JSON')
    .action(
      async (flags: {
        user: string;
        platform?: BindingCodePlatform;
        hours: string;
        as?: string;
        json?: boolean;
      }) => {
        const config = await context.config();
        const hours = countOption(flags.hours, '--hours');
        const store = await context.openStore();
        try {
          const actorId = await requireActingUser(store, flags.as, context.env);
          const issued = await issueBindingCodeAs(store, {
            actorId,
            userId: flags.user,
            ttlMs: hours * 3600 * 1000,
            ...(flags.platform ? { platform: flags.platform } : {}),
          });
          const bot = {
            slack: { 'zh-CN': 'Slack 机器人', en: 'the Slack bot' },
            wechat: { 'zh-CN': '微信机器人', en: 'the WeChat bot' },
          } as const;
          const where =
            issued.platform === null ? { 'zh-CN': '机器人', en: 'the bot' } : bot[issued.platform];
          context.write(
            flags.json
              ? `${JSON.stringify(issued, null, 2)}\n`
              : config.locale === 'zh-CN'
                ? `${issued.code}\n${issued.userName}（${issued.userId}）的绑定码，有效至 ${issued.expiresAt}，只能用一次。请对方向${where['zh-CN']}发送：绑定 ${issued.code}\n`
                : `${issued.code}\nBinding code for ${issued.userName} (${issued.userId}), valid until ${issued.expiresAt}, once. Ask them to send ${where.en}: bind ${issued.code}\n`,
          );
        } finally {
          await store.close();
        }
      },
    );
  return link;
}
