/**
 * `kamkit serve` through the built binary: it owns the embedded folder while
 * other `kamkit` processes import, open a 360° cycle and tier through its
 * socket; a second serve is refused naming the first; SIGTERM stops it and
 * frees the folder; a binding code issued through it is redeemable afterwards;
 * two imports racing through serve both land. And two imports racing on one folder without serve:
 * nothing committed is lost (the second waits for nothing — it fails loudly,
 * naming the first).
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { linkedUserId, redeemBindingCode } from '../src/chat/identity.js';
import { openStore } from '../src/store/open-store.js';

const binary = join(dirname(fileURLToPath(import.meta.url)), '../dist/cli/main.js');
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function environment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: '1', KAMKIT_LOCALE: 'en' };
  for (const name of [
    'KAMKIT_DATABASE_URL',
    'KAMKIT_CONFIG',
    'KAMKIT_OPERATOR',
    'SLACK_SIGNING_SECRET',
    'SLACK_BOT_TOKEN',
    'WECHATY_PUPPET',
  ])
    delete env[name];
  // The demo's system administrator is at the terminal.
  env.KAMKIT_OPERATOR = 'u-sysadmin';
  return env;
}

interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

function kamkit(cwd: string, args: string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binary, ...args], { cwd, env: environment() });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end();
  });
}

async function ok(pending: Promise<Outcome>): Promise<Outcome> {
  const outcome = await pending;
  expect(outcome.status, `${outcome.stderr}\n${outcome.stdout}`).toBe(0);
  return outcome;
}

/** Start `kamkit serve --port 0`; resolves with its process and its `ready` log line. */
function serve(
  cwd: string,
): Promise<{ child: ChildProcessWithoutNullStreams; ready: Record<string, unknown>; lines: string[] }> {
  const child = spawn(process.execPath, [binary, 'serve', '--port', '0'], { cwd, env: environment() });
  const lines: string[] = [];
  let pending = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        const parsed = JSON.parse(line) as Record<string, unknown>;
        if (parsed.event === 'ready') resolve({ child, ready: parsed, lines });
      }
    });
    child.on('close', (status) => reject(new Error(`serve exited ${status}: ${stderr}`)));
  });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('close', (status) => resolve(status));
  });
}

describe('kamkit serve', () => {
  it('owns the folder while other kamkit processes import, open a 360° cycle and tier through it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'kamkit-serve-'));
    folders.push(cwd);
    await ok(kamkit(cwd, ['demo']));
    const { child, ready, lines } = await serve(cwd);
    let code = '';
    try {
      expect(ready).toMatchObject({ store: 'embedded-shared', pid: child.pid, channels: [] });
      const health = await fetch(`http://127.0.0.1:${ready.port}/healthz`).then((response) =>
        response.json(),
      );
      expect(health).toMatchObject({ status: 'ok', store: 'embedded-shared' });
      expect(typeof health.uptimeSeconds).toBe('number');

      writeFileSync(
        join(cwd, 'accounts.csv'),
        'id,name,division\nnew-1,星河旅行社,east\nnew-2,云端航空,east\n',
      );
      await ok(kamkit(cwd, ['import', 'accounts', 'accounts.csv']));
      const admin = ['--as', 'u-sysadmin'];
      await ok(
        kamkit(cwd, [
          'review',
          'create',
          'c1',
          '--name',
          '2026 H2',
          '--period',
          '2026-H2',
          '--subject',
          'u-am-11',
          ...admin,
        ]),
      );
      await ok(kamkit(cwd, ['review', 'start', 'c1', ...admin]));
      // A binding code issued from another process while serve holds the store is stored through it.
      const issued = JSON.parse(
        (
          await ok(
            kamkit(cwd, ['link', 'code', '--user', 'u-am-11', '--platform', 'wechat', '--json', ...admin]),
          )
        ).stdout,
      );
      expect(issued.code).toMatch(/^[0-9A-Z]{4,16}$/u);
      code = issued.code;
      const tier = JSON.parse((await ok(kamkit(cwd, ['tier', '--as-of', '2026-10', '--json']))).stdout);
      expect(JSON.stringify(tier)).toContain('acc-');
      const card = JSON.parse(
        (await ok(kamkit(cwd, ['tier', '--as-of', '2026-10', '--account', 'new-1', '--json']))).stdout,
      );
      expect(JSON.stringify(card)).toContain('new-1');
      // A write by another process: serve's refresh jobs see the data generation move and, once
      // writes settle, compute the stale month again, with no reader asking.
      writeFileSync(join(cwd, 'more.csv'), 'id,name,division\nnew-3,远景科技,east\n');
      await ok(kamkit(cwd, ['import', 'accounts', 'more.csv']));
      const refreshed = () =>
        lines.some((line) => {
          const parsed = JSON.parse(line);
          return (
            parsed.event === 'results.refreshed' && parsed.month === '2026-10' && parsed.status === 'computed'
          );
        });
      for (let waited = 0; !refreshed(); waited++) {
        expect(waited, lines.join('\n')).toBeLessThan(1200);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const fresh = await ok(kamkit(cwd, ['tier', '--as-of', '2026-10', '--account', 'new-3', '--json']));
      expect(fresh.stdout).toContain('new-3');
      expect(fresh.stderr).not.toMatch(/正在更新|refreshing/u);

      const second = await kamkit(cwd, ['serve', '--port', '0']);
      expect(second.status).toBe(1);
      expect(second.stderr).toContain(`PID ${child.pid}`);
      expect(second.stderr).toContain('One folder has one `kamkit serve`');
      expect(lines.some((line) => JSON.parse(line).event === 'request')).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited(child)).toBe(0);
    expect(lines.map((line) => JSON.parse(line).event)).toContain('stopped');
    expect(existsSync(join(cwd, '.kamkit/db/kamkit-owner.lock'))).toBe(false);
    // The folder is free again, with everything written through serve.
    const list = await ok(kamkit(cwd, ['tier', '--as-of', '2026-10', '--account', 'new-2', '--json']));
    expect(list.stdout).toContain('new-2');
    const store = await openStore({ dataDir: join(cwd, '.kamkit/db') });
    try {
      const contact = { platform: 'wechat', platformUserId: 'wxid-zhang' };
      expect(await redeemBindingCode(store, contact, code)).toBe('u-am-11');
      expect(await linkedUserId(store, contact)).toBe('u-am-11');
    } finally {
      await store.close();
    }
  }, 600_000);

  it('two imports racing through serve both finish, and every row of both is stored', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'kamkit-serve-race-'));
    folders.push(cwd);
    const rows = (prefix: string) =>
      `id,name,division\n${Array.from({ length: 50 }, (_, index) => `${prefix}-${index},客户 ${prefix}${index},east`).join('\n')}\n`;
    writeFileSync(join(cwd, 'a.csv'), rows('a'));
    writeFileSync(join(cwd, 'b.csv'), rows('b'));
    const { child } = await serve(cwd);
    try {
      const first = kamkit(cwd, ['import', 'accounts', 'a.csv']);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 1500)));
      const second = kamkit(cwd, ['import', 'accounts', 'b.csv']);
      await Promise.all([ok(first), ok(second)]);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited(child)).toBe(0);
    const store = await openStore({ dataDir: join(cwd, '.kamkit/db') });
    try {
      const ids = new Set((await store.listAccounts()).map((account) => account.id));
      for (const prefix of ['a', 'b'])
        for (let row = 0; row < 50; row++) expect(ids.has(`${prefix}-${row}`), `${prefix}-${row}`).toBe(true);
    } finally {
      await store.close();
    }
  }, 600_000);

  it('two imports racing on one folder lose nothing: each finishes, or fails loudly naming the other', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'kamkit-race-'));
    folders.push(cwd);
    const rows = (prefix: string) =>
      `id,name,division\n${Array.from({ length: 50 }, (_, index) => `${prefix}-${index},客户 ${prefix}${index},east`).join('\n')}\n`;
    writeFileSync(join(cwd, 'a.csv'), rows('a'));
    writeFileSync(join(cwd, 'b.csv'), rows('b'));
    const first = kamkit(cwd, ['import', 'accounts', 'a.csv']);
    await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 1500)));
    const second = kamkit(cwd, ['import', 'accounts', 'b.csv']);
    const outcomes = await Promise.all([first, second]);
    for (const outcome of outcomes) {
      if (outcome.status === 0) continue;
      expect(outcome.status).toBe(1);
      expect(outcome.stderr).toMatch(/in use by another process: PID \d+/);
    }
    expect(outcomes.some((outcome) => outcome.status === 0)).toBe(true);
    // Every account of every import that said it finished is stored; none of one that failed.
    const store = await openStore({ dataDir: join(cwd, '.kamkit/db') });
    try {
      const ids = new Set((await store.listAccounts()).map((account) => account.id));
      for (const [index, prefix] of ['a', 'b'].entries()) {
        const stored = Array.from({ length: 50 }, (_, row) => `${prefix}-${row}`).filter((id) => ids.has(id));
        expect(stored).toHaveLength(outcomes[index]?.status === 0 ? 50 : 0);
      }
    } finally {
      await store.close();
    }
  }, 600_000);
});
