import { execFile } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWN_PER_ROUND, SHARED_ACCOUNTS, SHARED_PER_ROUND } from './__fixtures__/concurrent-plan.js';
import { SKIP_MESSAGE, serverUrl, uniqueSchema, urlWithSchema } from './__fixtures__/server.js';
import { createPostgresStore } from './postgres-store.js';
import { pgPoolDriver } from './sql-driver.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = 12;

if (!serverUrl) console.warn(`${SKIP_MESSAGE} (concurrency tests)`);

/** Bundle the writer script (TypeScript) into one ESM file that plain `node` runs; packages stay external. */
async function buildWriter(): Promise<string> {
  const require = createRequire(import.meta.url);
  // esbuild comes with tsup (the build tool); only its `build` call is needed here.
  const esbuild = createRequire(require.resolve('tsup'))('esbuild') as {
    build(options: Record<string, unknown>): Promise<unknown>;
  };
  const outDir = join(here, '../../node_modules/.cache/kamkit-store-tests');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `concurrent-writer-${process.pid}.mjs`);
  await esbuild.build({
    entryPoints: [join(here, '__fixtures__/concurrent-writer.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

async function spawnWriter(script: string, args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [script, ...args], { timeout: 120_000 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
}

describe.skipIf(!serverUrl)('two processes on one PostgreSQL server', () => {
  let script: string;
  const schemas: string[] = [];
  const admin = new pg.Pool({ connectionString: serverUrl, max: 2 });

  beforeAll(async () => {
    script = await buildWriter();
  }, 60_000);
  afterAll(async () => {
    for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    if (script) rmSync(script, { force: true });
  });

  async function freshSchema(label: string): Promise<string> {
    const schema = uniqueSchema(label);
    schemas.push(schema);
    await admin.query(`CREATE SCHEMA ${schema}`);
    return schema;
  }

  it('both open a fresh database at once; migrations are applied exactly once', async () => {
    const schema = await freshSchema('open');
    const url = urlWithSchema(serverUrl as string, schema);
    const results = await Promise.all([
      spawnWriter(script, [url, 'open']),
      spawnWriter(script, [url, 'open']),
    ]);
    expect(results).toEqual([{ opened: true }, { opened: true }]);
    const { rows } = await admin.query(
      `SELECT id, count(*)::int AS n FROM ${schema}.kamkit_migrations GROUP BY id`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.n === 1)).toBe(true);
  }, 120_000);

  it('lose no update when writing the same accounts and roll-up at once', async () => {
    const schema = await freshSchema('write');
    const url = urlWithSchema(serverUrl as string, schema);
    const [first, second] = await Promise.all([
      spawnWriter(script, [url, 'write', 'alpha', String(ROUNDS)]),
      spawnWriter(script, [url, 'write', 'beta', String(ROUNDS)]),
    ]);
    // Every idempotency key was claimed by exactly one process.
    expect(Number(first?.claimed) + Number(second?.claimed)).toBe(ROUNDS);
    // Shared transaction ids were inserted once between them.
    const expectedRows = 2 * ROUNDS * OWN_PER_ROUND + ROUNDS * SHARED_PER_ROUND;
    expect(Number(first?.inserted) + Number(second?.inserted)).toBe(expectedRows);

    const pool = new pg.Pool({ connectionString: url, max: 2 });
    const store = await createPostgresStore({ client: pgPoolDriver(pool) });
    try {
      for (const id of SHARED_ACCOUNTS) {
        const history = await store.accountHistory(id);
        expect(history.map((version) => version.version)).toEqual(
          Array.from({ length: 2 * ROUNDS }, (_, index) => index + 1),
        );
        expect(await store.listAudit({ entity: 'account', entityId: id })).toHaveLength(2 * ROUNDS);
      }
      const ownRevenue = Array.from({ length: OWN_PER_ROUND }, (_, index) => 100 + index).reduce(
        (a, b) => a + b,
        0,
      );
      const expectedRevenue = 2 * ROUNDS * ownRevenue + ROUNDS * SHARED_PER_ROUND * 1000;
      const aggregates = await store.aggregate();
      expect(aggregates.reduce((sum, row) => sum + row.revenueFen, 0)).toBe(expectedRevenue);
      expect(aggregates.reduce((sum, row) => sum + row.count, 0)).toBe(expectedRows);
    } finally {
      await store.close();
    }
  }, 180_000);
});
