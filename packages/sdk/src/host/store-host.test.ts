import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AccountSchema } from '../domain/account.js';
import { isKamError } from '../errors/index.js';
import { openStore } from '../store/open-store.js';
import { OWNER_LOCK_FILE, StoreOwnedError } from './owner-lock.js';
import { hostEmbeddedStore } from './store-host.js';

const folder = mkdtempSync(join(tmpdir(), 'kamkit-host-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const account = (id: string) => AccountSchema.parse({ id, name: `客户 ${id}`, division: 'east' });

/** A Node process that stays alive until killed, for a lock held by a live foreign process. */
function sleeper(): Promise<{ pid: number; stop: () => void }> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.once('spawn', () => resolve({ pid: child.pid!, stop: () => child.kill() }));
    child.once('error', reject);
  });
}

describe('one owner per embedded folder', () => {
  it('refuses a second opener while the first holds the folder, naming it; the lock goes on close', async () => {
    const dataDir = join(folder, 'owned');
    const first = await openStore({ dataDir });
    const lock = JSON.parse(readFileSync(join(dataDir, OWNER_LOCK_FILE), 'utf8'));
    expect(lock).toMatchObject({ pid: process.pid, host: hostname() });

    const error = await openStore({ dataDir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreOwnedError);
    expect(isKamError(error) && error.code).toBe('CONFLICT');
    expect((error as StoreOwnedError).messageIn('en')).toContain(`PID ${process.pid}`);
    expect((error as StoreOwnedError).messageIn('en')).toContain('kamkit serve');
    expect((error as StoreOwnedError).messageIn('zh-CN')).toContain('正被另一个进程使用');

    await first.close();
    const again = await openStore({ dataDir });
    await again.close();
  }, 120_000);

  it('takes over the lock of a process that died, and refuses one held by a live process', async () => {
    const dataDir = join(folder, 'stale');
    const created = await openStore({ dataDir });
    await created.close();
    const live = await sleeper();
    try {
      const record = { pid: live.pid, host: hostname(), since: '2026-12-01T08:00:00.000Z', token: 'x' };
      writeFileSync(join(dataDir, OWNER_LOCK_FILE), JSON.stringify({ ...record, command: 'kamkit import' }));
      const refused = await openStore({ dataDir }).catch((caught: unknown) => caught);
      expect((refused as StoreOwnedError).holder?.pid).toBe(live.pid);
      expect((refused as StoreOwnedError).messageIn('en')).toContain('kamkit import');
    } finally {
      live.stop();
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const store = await openStore({ dataDir });
    const lock = JSON.parse(readFileSync(join(dataDir, OWNER_LOCK_FILE), 'utf8'));
    expect(lock.pid).toBe(process.pid);
    await store.close();
  }, 120_000);

  it('while hosted, other openers connect through the socket and their writes are the owner’s', async () => {
    const dataDir = join(folder, 'hosted');
    const host = await hostEmbeddedStore({ dataDir });
    try {
      const client = await openStore({ dataDir });
      expect(client.kind).toBe('postgres');
      // Writes from both sides at once, interleaved: none is lost.
      await Promise.all([
        ...Array.from({ length: 10 }, (_, index) =>
          client.putAccount(account(`c${index}`), { actor: 'u-client' }),
        ),
        ...Array.from({ length: 10 }, (_, index) =>
          host.store.putAccount(account(`h${index}`), { actor: 'u-host' }),
        ),
        client.transaction(async (tx) => {
          await tx.putAccount(account('tx-1'), { actor: 'u-client' });
          await tx.putAccount(account('tx-2'), { actor: 'u-client' });
        }),
      ]);
      // A rolled-back client transaction takes none of the owner's writes with it:
      // the owner's write waits for the client's transaction to end.
      let during: Promise<unknown> | undefined;
      await client
        .transaction(async (tx) => {
          await tx.putAccount(account('rolled-back'), { actor: 'u-client' });
          during = host.store.putAccount(account('during'), { actor: 'u-host' });
          await new Promise((resolve) => setTimeout(resolve, 200));
          throw new Error('abandon');
        })
        .catch(() => undefined);
      await during;
      expect(await host.store.countAccounts()).toBe(23);
      expect(await client.getAccount('h3')).toMatchObject({ id: 'h3' });
      expect(await host.store.getAccount('rolled-back')).toBeUndefined();
      await client.close();

      const second = await hostEmbeddedStore({ dataDir }).catch((caught: unknown) => caught);
      expect((second as StoreOwnedError).holder?.pid).toBe(process.pid);
      expect((second as StoreOwnedError).messageIn('en')).toContain('One folder has one `kamkit serve`');
    } finally {
      await host.close();
    }
    const reopened = await openStore({ dataDir });
    expect(await reopened.countAccounts()).toBe(23);
    await reopened.close();
  }, 180_000);
});
