/**
 * `kamkit users list|add|freeze|import`: manage the people who use KAMkit
 * without writing code. Every command acts as one user (`KAMKIT_OPERATOR`,
 * or `--as` a user they manage) through the scoped store, so the access policy decides who
 * may see and change whom, and every change is audited. On a store with no
 * users yet, `add` and `import` may run without `--as` (as `system`) to
 * create the first system administrator.
 *
 * @module
 */
import { type Command, Option } from 'commander';
import { readUserFile } from '../access/read-user-file.js';
import { scopeStore } from '../access/scoped-store.js';
import { ROLES, type Role, type User, type UserInput, UserSchema } from '../domain/user.js';
import { parseWith } from '../errors/from-zod.js';
import { KAM_ERROR_CODES, KamError, type Locale } from '../errors/kam-error.js';
import type { ImportEncoding } from '../import/decode.js';
import type { ImportFormat } from '../import/read-rows.js';
import type { Store } from '../store/port.js';
import { actingUserId, actingUserRequired, requireActingUser } from './acting-user.js';
import type { CliContext } from './context.js';
import { padEnd } from './options.js';

const USER_SUBJECT = { 'zh-CN': '用户', en: 'user' };

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Open the store and the locale; the store is closed afterwards. */
async function withStore<T>(
  context: CliContext,
  use: (store: Store, locale: Locale) => Promise<T>,
): Promise<T> {
  const config = await context.config();
  const store = await context.openStore();
  try {
    return await use(store, config.locale);
  } finally {
    await store.close();
  }
}

/**
 * Write `users` as the acting user, in one transaction; on a store without
 * users and without an acting user, as `system` — and then at least one of
 * them must be a system administrator (so someone can manage the rest).
 */
async function putUsers(
  store: Store,
  as: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  users: readonly UserInput[],
  reason: string | undefined,
): Promise<{ created: string[]; updated: string[]; actor: string }> {
  const actorId = await actingUserId(store, as, env);
  const created: string[] = [];
  const updated: string[] = [];
  if (actorId === undefined) {
    if ((await store.listUsers()).length > 0) throw actingUserRequired();
    if (!users.some((user) => user.role === 'system-admin'))
      throw new KamError({
        code: KAM_ERROR_CODES.FORBIDDEN,
        path: 'role',
        message: {
          'zh-CN': '库中还没有用户：第一个用户必须是 system-admin（之后再以其身份 --as 添加其他人）',
          en: 'No users yet: the first user must be a system-admin (then add the others --as that user)',
        },
      });
    await store.transaction(async (tx) => {
      for (const user of users) {
        ((await tx.getUser(user.id)) ? updated : created).push(user.id);
        await tx.putUser(user, { actor: 'system', reason: reason ?? 'bootstrap: first users' });
      }
    });
    return { created, updated, actor: 'system' };
  }
  const scoped = scopeStore(store, actorId);
  await scoped.transaction(async (tx) => {
    for (const user of users) {
      const existing = await store.getUser(user.id);
      await tx.putUser(user, reason === undefined ? {} : { reason });
      (existing ? updated : created).push(user.id);
    }
  });
  return { created, updated, actor: actorId };
}

function userLine(user: User): string[] {
  return [user.id, user.name, user.role, user.division ?? '—', user.status, user.email ?? ''];
}

/**
 * Register `kamkit users` and its subcommands `list`, `add`, `freeze` and
 * `import`. Each takes `--as <userId>` and `--json`.
 */
export function registerUsersCommand(program: Command, context: CliContext): Command {
  const zhHelp = context.helpLocale === 'zh-CN';
  const users = program
    .command('users')
    .description(
      zhHelp
        ? '管理用户：列出、添加、冻结、从文件导入'
        : 'Manage users: list, add, freeze, import from a file',
    );
  const common = (command: Command) =>
    command
      .option('--as <userId>', 'act as a user you manage (you are KAMKIT_OPERATOR)')
      .option('--json', 'print JSON');

  common(
    users.command('list').description(zhHelp ? '列出你能看到的用户' : 'List the users you may see'),
  ).action(async (flags: { as?: string; json?: boolean }) =>
    withStore(context, async (store, locale) => {
      const list = await scopeStore(store, await requireActingUser(store, flags.as, context.env)).listUsers();
      if (flags.json) return context.write(json(list));
      const header =
        locale === 'zh-CN'
          ? ['编号', '姓名', '角色', '事业部', '状态', '邮箱']
          : ['id', 'name', 'role', 'division', 'status', 'email'];
      const rows = [header, ...list.map(userLine)];
      const widths = header.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)) + 2);
      context.write(
        `${rows
          .map((row) =>
            row
              .map((cell, column) => padEnd(cell, widths[column]!))
              .join('')
              .trimEnd(),
          )
          .join('\n')}\n`,
      );
    }),
  );

  common(
    users
      .command('add')
      .description(
        zhHelp
          ? '添加用户（第一个用户须为 system-admin，可不带 --as）'
          : 'Add a user (the first user must be a system-admin and needs no --as)',
      )
      .argument('<userId>', 'id of the new user')
      .requiredOption('--name <name>', 'the user’s name')
      .addOption(new Option('--role <role>', 'permission level').choices(ROLES).makeOptionMandatory())
      .option('--division <division>', 'the user’s division (none for group-wide roles)')
      .option('--email <email>', 'e-mail (Slack links users by a verified e-mail)')
      .option('--supervisor <userId>', 'the user’s supervisor (360° reviews)')
      .addOption(new Option('--locale <locale>', 'language of messages').choices(['zh-CN', 'en']))
      .option('--reason <text>', 'why (recorded in the audit log)'),
  ).action(
    async (
      userId: string,
      flags: {
        name: string;
        role: Role;
        division?: string;
        email?: string;
        supervisor?: string;
        locale?: 'zh-CN' | 'en';
        reason?: string;
        as?: string;
        json?: boolean;
      },
    ) =>
      withStore(context, async (store, locale) => {
        const input: UserInput = {
          id: userId,
          name: flags.name,
          role: flags.role,
          division: flags.division ?? null,
          supervisorId: flags.supervisor ?? null,
          ...(flags.email === undefined ? {} : { email: flags.email }),
          ...(flags.locale === undefined ? {} : { locale: flags.locale }),
        };
        const user = parseWith(UserSchema, input, USER_SUBJECT, KAM_ERROR_CODES.INVALID_INPUT);
        if (await store.getUser(user.id))
          throw new KamError({
            code: KAM_ERROR_CODES.CONFLICT,
            path: 'userId',
            message: {
              'zh-CN': `用户 ${user.id} 已存在；要修改请用 kamkit users import`,
              en: `User ${user.id} already exists; change users with kamkit users import`,
            },
          });
        const outcome = await putUsers(store, flags.as, context.env, [input], flags.reason);
        context.write(
          flags.json
            ? json({ user, actor: outcome.actor })
            : locale === 'zh-CN'
              ? `已添加用户 ${user.id}（${user.name}，${user.role}${user.division ? `，${user.division}` : ''}）。绑定聊天账号：kamkit link code --user ${user.id}\n`
              : `Added user ${user.id} (${user.name}, ${user.role}${user.division ? `, ${user.division}` : ''}). To link a chat account: kamkit link code --user ${user.id}\n`,
        );
      }),
  );

  common(
    users
      .command('freeze')
      .description(zhHelp ? '立即冻结用户（记录原因）' : 'Freeze a user at once (with a reason)')
      .argument('<userId>', 'the user to freeze')
      .requiredOption('--reason <text>', 'why (recorded in the audit log)'),
  ).action(async (userId: string, flags: { reason: string; as?: string; json?: boolean }) =>
    withStore(context, async (store, locale) => {
      const actorId = await requireActingUser(store, flags.as, context.env);
      const user = await scopeStore(store, actorId).freezeUser(userId, flags.reason);
      context.write(
        flags.json
          ? json(user)
          : locale === 'zh-CN'
            ? `已冻结用户 ${user.id}（${user.name}）；其聊天账号的下一条消息起即被拒绝。\n`
            : `Froze user ${user.id} (${user.name}); their chat accounts are refused from the next message.\n`,
      );
    }),
  );

  common(
    users
      .command('import')
      .description(
        zhHelp
          ? '从 CSV 或 JSON Lines 文件创建或更新用户（全部有效才写入）'
          : 'Create or update users from a CSV or JSON Lines file (all rows valid, or nothing is written)',
      )
      .argument('<file>', 'columns: id, name, role, division, email, supervisorId, status, locale')
      .addOption(
        new Option('--format <format>', 'file format (default: from the extension)').choices([
          'csv',
          'jsonl',
        ]),
      )
      .addOption(
        new Option('--encoding <encoding>', 'text encoding')
          .choices(['auto', 'utf-8', 'gbk'])
          .default('auto'),
      )
      .option('--reason <text>', 'why (recorded in the audit log)'),
  ).action(
    async (
      file: string,
      flags: {
        format?: ImportFormat;
        encoding: ImportEncoding;
        reason?: string;
        as?: string;
        json?: boolean;
      },
    ) =>
      withStore(context, async (store, locale) => {
        const rows = await readUserFile(file, {
          encoding: flags.encoding,
          ...(flags.format ? { format: flags.format } : {}),
        });
        const outcome = await putUsers(
          store,
          flags.as,
          context.env,
          rows.map((row) => row.user),
          flags.reason,
        );
        context.write(
          flags.json
            ? json({
                file,
                rows: rows.length,
                created: outcome.created,
                updated: outcome.updated,
                actor: outcome.actor,
              })
            : locale === 'zh-CN'
              ? `已导入 ${rows.length} 个用户：新增 ${outcome.created.length}，更新 ${outcome.updated.length}。\n`
              : `Imported ${rows.length} users: ${outcome.created.length} new, ${outcome.updated.length} updated.\n`,
        );
      }),
  );

  return users;
}
