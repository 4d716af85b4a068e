import { PassThrough, Writable } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../cli/demo.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { registerChatCommand } from './cli.js';

/** Run `kamkit chat` over the lines given, on a demo store; return what it printed. */
async function chatSession(
  store: Store,
  env: Record<string, string>,
  args: string[],
  lines: string[],
): Promise<string> {
  let printed = '';
  const output = new Writable({
    write(chunk, _encoding, done) {
      printed += String(chunk);
      done();
    },
  });
  const input = new PassThrough();
  input.end(lines.map((line) => `${line}\n`).join(''));
  const program = new Command('kamkit').exitOverride().configureOutput({ writeErr: () => undefined });
  // The store outlives the command so the test can reuse it.
  registerChatCommand(program, {
    openStore: async () => ({ ...store, close: async () => undefined }) as Store,
    input,
    output,
    asOf: '2026-10',
    env,
  });
  await program.parseAsync(['node', 'kamkit', 'chat', ...args]);
  return printed;
}

describe('kamkit chat', () => {
  it('answers one line at a time as the operator, in their language or the one asked for', async () => {
    const store = createMemoryStore({ clock: () => new Date('2026-11-05T02:00:00Z') });
    await runDemo({ store, locale: 'zh-CN', asOf: '2026-10', write: () => undefined });
    const zh = await chatSession(
      store,
      { KAMKIT_OPERATOR: 'u-am-11' },
      [],
      ['查询 华能源', '分级 嘉新能源', '退出', '帮助'],
    );
    expect(zh).toContain('你好，杨军芳');
    expect(zh).toContain('■ 华能源集团');
    expect(zh).toContain('⚠ 未找到客户：嘉新能源');
    // Nothing after 退出 is answered.
    expect(zh).not.toContain('可用命令');
    const en = await chatSession(store, { KAMKIT_OPERATOR: 'u-ceo' }, ['--lang', 'en'], ['查询 嘉新', '1']);
    expect(en).toContain('Hello, 总部 周总');
    expect(en).toMatch(/accounts match "嘉新"; reply with a number:\n1\. /u);
    expect(en).toMatch(/Revenue 2026-10 ¥[\d,]+, MoM /u);
  }, 60_000);

  it('refuses an unknown operator, and --as without one', async () => {
    const store = createMemoryStore();
    await expect(chatSession(store, { KAMKIT_OPERATOR: 'u-nobody' }, [], ['help'])).rejects.toThrow(
      /u-nobody/u,
    );
    await expect(chatSession(store, {}, ['--as', 'u-am-11'], ['help'])).rejects.toThrow(/KAMKIT_OPERATOR/u);
  });
});
