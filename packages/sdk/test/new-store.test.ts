/**
 * A new embedded store, opened through the built SDK as a user's first
 * command opens it: it starts from the build's initialised data folder
 * unpacked on the disk (no `initdb`; every migration already applied when
 * the SDK was built), with KAMkit's 32MB buffer pool, and leaves nothing
 * beside its folder. `test/build-once.ts` builds dist/ first when needed.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const dist = join(dirname(fileURLToPath(import.meta.url)), '../dist');
const parent = mkdtempSync(join(tmpdir(), 'kamkit-new-store-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

/** Open the store in `dataDir` in a process of its own and report what it holds. */
async function openInProcess(dataDir: string) {
  const script = `
    const { openStore } = await import(${JSON.stringify(join(dist, 'index.js'))});
    const store = await openStore({ dataDir: ${JSON.stringify(dataDir)} });
    const { rows } = await store.sql.query(
      "SELECT array_agg(id ORDER BY id) AS ids, max(applied_at) AS applied, current_setting('shared_buffers') AS buffers FROM kamkit_migrations");
    await store.close();
    process.stdout.write(JSON.stringify(rows[0]));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, KAMKIT_PGLITE_SHARED_BUFFERS: '' },
  });
  return JSON.parse(stdout) as { ids: string[]; applied: string; buffers: string };
}

describe('a new embedded store', () => {
  it('is unpacked from the initialised data folder, migrated at build time, and opens again as it is', async () => {
    const { migrations } = JSON.parse(readFileSync(join(dist, 'pglite/initdb.json'), 'utf8')) as {
      migrations: string[];
    };
    const startedAt = Date.now();
    const dataDir = join(parent, 'db');
    const first = await openInProcess(dataDir);
    expect(first.ids).toEqual([...migrations].sort());
    // Applied when the SDK was built, not now: no initdb, no migrations on the first command.
    expect(new Date(first.applied).getTime()).toBeLessThan(startedAt);
    expect(first.buffers).toBe('32MB');
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    expect(readdirSync(parent)).toEqual(['db']);
    expect(await openInProcess(dataDir)).toEqual(first);
  }, 120_000);
});
