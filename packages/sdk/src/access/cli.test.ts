import { Command, CommanderError } from 'commander';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.js';
import type { AuditEntry, Store } from '../store/port.js';
import { AT, seedPortfolio, USERS } from './__fixtures__/portfolio.js';
import { registerAuditCommand } from './cli.js';
import { scopeStore } from './scoped-store.js';

let store: Store;

beforeEach(async () => {
  let tick = 0;
  // Each write one minute after the last, so --since/--until have something to cut.
  store = createMemoryStore({ clock: () => new Date(Date.parse(AT) + 60_000 * tick++) });
  await seedPortfolio(store);
  await scopeStore(store, USERS.gm.id, { now: () => new Date('2026-10-20T02:00:00Z') }).moveAccount(
    'A-peer',
    'west',
    '客户总部迁至成都',
  );
});

async function run(args: string[], env: Record<string, string> = { LANG: 'en_US.UTF-8' }) {
  let out = '';
  let err = '';
  const program = new Command('kamkit').exitOverride().configureOutput({
    writeOut: (text) => {
      out += text;
    },
    writeErr: (text) => {
      err += text;
    },
  });
  registerAuditCommand(program, {
    openStore: async () => store,
    write: (text) => {
      out += text;
    },
    env,
  });
  let exitCode = 0;
  try {
    await program.parseAsync(['node', 'kamkit', 'audit', ...args]);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    exitCode = error.exitCode;
  }
  return { out, err, exitCode };
}

const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AuditEntry);

describe('kamkit audit', () => {
  it('prints the move as a table in English with the change and reason', async () => {
    const { out, exitCode } = await run(['--action', 'account.move']);
    expect(exitCode).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^#\s+time\s+actor\s+action\s+entity\s+id\s+change\s+reason$/);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('2026-10-20 10:00:00');
    expect(lines[2]).toContain('account.move');
    expect(lines[2]).toContain('division: east → west');
    expect(lines[2]).toContain('ownerA: u-am2 → null');
    expect(lines[2]).toContain('客户总部迁至成都');
  });

  it('speaks Chinese when KAMKIT_LOCALE or LANG says zh', async () => {
    const zh = await run(['--action', 'account.move'], { KAMKIT_LOCALE: 'zh-CN', LANG: 'en_US.UTF-8' });
    expect(zh.out.split('\n')[0]).toMatch(/^序号\s+时间\s+操作人\s+动作/);
    const lang = await run(['--action', 'nothing'], { LANG: 'zh_CN.UTF-8' });
    expect(lang.out.trim()).toBe('（没有符合条件的审计记录）');
  });

  it('filters by actor, entity and id, newest first, and limits', async () => {
    const byActor = jsonLines((await run(['--actor', USERS.gm.id, '--json'])).out);
    expect(byActor.map((entry) => entry.action)).toEqual(['account.move', 'account.update']);

    const contacts = jsonLines((await run(['--entity', 'contact', '--json'])).out);
    expect(contacts).toHaveLength(3);
    expect(contacts.map((entry) => entry.id)).toEqual(
      [...contacts.map((entry) => entry.id)].sort((a, b) => b - a),
    );

    const one = jsonLines((await run(['--entity', 'contact', '--id', 'C-A-west', '--json'])).out);
    expect(one).toMatchObject([{ entityId: 'C-A-west', action: 'contact.create' }]);

    const limited = jsonLines((await run(['--limit', '2', '--json'])).out);
    expect(limited.map((entry) => entry.action)).toEqual(['account.move', 'account.update']);
    const oldest = jsonLines((await run(['--limit', '1', '--oldest-first', '--json'])).out);
    expect(oldest[0]?.id).toBe(1);
  });

  it('reads --since and --until as days in Asia/Shanghai, or as instants', async () => {
    const lastSeeded = (await store.listAudit({ order: 'desc', limit: 3 }))[2] as AuditEntry;
    const since = jsonLines((await run(['--since', '2026-10-20', '--json'])).out);
    expect(since.map((entry) => entry.action)).toEqual(['account.move', 'account.update']);
    const until = jsonLines((await run(['--until', '2026-10-19', '--json'])).out);
    expect(until[0]).toEqual(lastSeeded);
    const instant = jsonLines(
      (await run(['--since', '2026-10-20T01:59:59Z', '--until', '2026-10-20T02:00:00Z', '--json'])).out,
    );
    expect(instant).toHaveLength(2);
  });

  it('shows a division head only their division with --as', async () => {
    const operator = { LANG: 'en_US.UTF-8', KAMKIT_OPERATOR: USERS.sa.id };
    const west = jsonLines((await run(['--as', USERS.dhw.id, '--json'], operator)).out);
    expect(west.length).toBeGreaterThan(0);
    expect(west.some((entry) => entry.entityId === 'A-own')).toBe(false);
    expect(west.some((entry) => entry.action === 'account.move')).toBe(true);
    const unknown = await run(['--as', 'u-nobody'], operator);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.err).toContain('No user found: u-nobody');
  });

  it('honours --as only for an operator who may act as that user', async () => {
    const withoutOperator = await run(['--as', USERS.dhw.id, '--json']);
    expect(withoutOperator.exitCode).toBe(1);
    expect(withoutOperator.err).toContain('KAMKIT_OPERATOR');
    // The east division admin manages east users, not the west head nor the system admin.
    const east = { LANG: 'en_US.UTF-8', KAMKIT_OPERATOR: USERS.da.id };
    const west = await run(['--as', USERS.dhw.id], east);
    const missing = await run(['--as', 'u-nobody'], east);
    expect(west.exitCode).toBe(1);
    expect(west.err.replace(USERS.dhw.id, '<id>')).toBe(missing.err.replace('u-nobody', '<id>'));
    // The system admin is outside the east admin's sight: refused like a missing user.
    const above = await run(['--as', USERS.sa.id], east);
    expect(above.exitCode).toBe(1);
    expect(above.err.replace(USERS.sa.id, '<id>')).toBe(missing.err.replace('u-nobody', '<id>'));
    // The operator alone: their own audit scope.
    const own = jsonLines((await run(['--json'], east)).out);
    expect(own.length).toBeGreaterThan(0);
    expect(own.some((entry) => entry.entityId === 'A-west')).toBe(false);
  });

  it('rejects a bad limit or date in the user’s language and touches no store', async () => {
    let opened = 0;
    const open = store;
    store = new Proxy(open, {
      get: (target, key) => {
        if (key === 'listAudit') opened += 1;
        return Reflect.get(target, key);
      },
    });
    const limit = await run(['--limit', '0'], { LANG: 'zh_CN.UTF-8' });
    expect(limit.exitCode).toBe(1);
    expect(limit.err).toContain('--limit 应为正整数');
    const date = await run(['--since', '2026-13-01']);
    expect(date.exitCode).toBe(1);
    expect(date.err).toContain('--since expects a date YYYY-MM-DD');
    expect(opened).toBe(0);
  });
});
