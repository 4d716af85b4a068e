/**
 * Crash safety: a child process imports 200,000 rows into a PGlite folder and is
 * killed with SIGKILL mid-way. The store must then hold nothing of that import
 * (all-or-nothing) or whole batches only (skip-invalid: one transaction per
 * batch), and re-running the import must complete it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/port.js';

const ROWS = 200_000;
const BATCH = 5000;
const ACCOUNTS = 50;
const here = dirname(fileURLToPath(import.meta.url));

let work: string;
let childScript: string;
let dataFile: string;

/** Bundle the TypeScript child into one ESM file beside the package's node_modules, so bare imports resolve. */
async function bundleChild(): Promise<string> {
  const require = createRequire(import.meta.url);
  const esbuild = createRequire(require.resolve('tsup'))('esbuild') as typeof import('esbuild');
  const outDir = join(here, '..', '..', '.kamkit', `import-crash-${process.pid}`);
  await mkdir(outDir, { recursive: true });
  const outfile = join(outDir, 'crash-child.mjs');
  await esbuild.build({
    entryPoints: [join(here, '__fixtures__', 'crash-child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
  });
  return outfile;
}

async function writeLargeFile(path: string): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('id,account_id,date,amount,category\n');
  for (let index = 0; index < ROWS; index++) {
    const day = String((index % 28) + 1).padStart(2, '0');
    const month = String((index % 12) + 1).padStart(2, '0');
    await write(
      `T${index},A${index % ACCOUNTS},2025-${month}-${day},${(index % 997) + 1}.25,route-${index % 7}\n`,
    );
  }
  out.end();
  await once(out, 'finish');
}

async function withStore<T>(dataDir: string, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ dataDir });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function transactionCount(store: Store): Promise<number> {
  let count = 0;
  for (const row of await store.aggregate()) count += row.count;
  return count;
}

function startChild(dataDir: string, mode: string): ChildProcess {
  return spawn(process.execPath, [childScript, dataDir, dataFile, mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Kill the child with SIGKILL once it reports `rowsRead` rows processed; resolves with its last line. */
async function killAfter(child: ChildProcess, rowsRead: number): Promise<string> {
  let last = '';
  let killed = false;
  child.stdout!.setEncoding('utf8').on('data', (text: string) => {
    for (const line of text.trim().split('\n')) {
      last = line;
      const read = Number(line.split(' ')[1]);
      if (!killed && line.startsWith('batch') && read >= rowsRead) {
        killed = true;
        child.kill('SIGKILL');
      }
    }
  });
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  expect({ code, signal, last }).toMatchObject({ signal: 'SIGKILL' });
  return last;
}

async function runToEnd(child: ChildProcess): Promise<Record<string, unknown>> {
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => {
    out += text;
  });
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    err += text;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  expect({ code, err }).toEqual({ code: 0, err: '' });
  const done = out.split('\n').find((line) => line.startsWith('done '));
  return JSON.parse(done!.slice(5)) as Record<string, unknown>;
}

async function seed(dataDir: string): Promise<void> {
  await withStore(dataDir, async (store) => {
    await store.transaction(async (tx) => {
      for (let index = 0; index < ACCOUNTS; index++) {
        await tx.putAccount(
          {
            id: `A${index}`,
            name: `Account ${index}`,
            division: 'east',
            aliases: [],
            parentId: null,
            type: 'private',
            flags: [],
            ownerA: null,
            ownerB: null,
            attributes: {},
          },
          { actor: 'seed' },
        );
      }
    });
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'kamkit-import-crash-'));
  dataFile = join(work, 'transactions.csv');
  [childScript] = await Promise.all([bundleChild(), writeLargeFile(dataFile)]);
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  if (childScript) await rm(dirname(childScript), { recursive: true, force: true });
});

describe('import crash safety (SIGKILL mid-way, PGlite)', () => {
  it('a killed import leaves nothing (all-or-nothing) or whole batches only (skip-invalid); re-running completes it', async () => {
    const dataDir = join(work, 'db');
    await seed(dataDir);
    const state = (store: Store) =>
      Promise.all([
        transactionCount(store),
        store.listAudit({ action: 'import' }),
        store.countAccounts(),
      ]).then(([count, audit, accounts]) => ({ count, audit: audit.length, accounts }));

    // 1. All-or-nothing, killed after three batches were written inside its open transaction.
    await killAfter(startChild(dataDir, 'all-or-nothing'), 3 * BATCH);
    expect(await withStore(dataDir, state)).toEqual({ count: 0, audit: 0, accounts: ACCOUNTS });

    // 2. Skip-invalid (one transaction per batch), killed after four batches had committed.
    await killAfter(startChild(dataDir, 'skip-invalid'), 4 * BATCH);
    const kept = await withStore(dataDir, transactionCount);
    expect(kept % BATCH).toBe(0);
    expect(kept).toBeGreaterThanOrEqual(4 * BATCH);
    expect(kept).toBeLessThan(ROWS);

    // 3. Re-run to completion: the committed batches are recognised by id and skipped.
    const result = await runToEnd(startChild(dataDir, 'all-or-nothing'));
    expect(result).toMatchObject({ rows: ROWS, inserted: ROWS - kept, skipped: kept, rejected: 0 });
    expect(await withStore(dataDir, state)).toEqual({ count: ROWS, audit: 1, accounts: ACCOUNTS });
  }, 600_000);
});
