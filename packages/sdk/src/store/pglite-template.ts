/**
 * New embedded databases start from a data folder initialised at build time
 * (`scripts/build-pglite-template.mjs`: PGlite's own `dumpDataDir` of a fresh
 * database), so a first command skips PostgreSQL's `initdb` — the slowest
 * and most memory-hungry part of opening a new store (about 800 MB peak
 * against about 360 MB from the template). Internal to `store/`.
 *
 * @module
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgliteServerDatabase } from './sql-driver.js';

/** The folder above `start` that holds a package.json whose name is `name`. */
function packageRoot(start: string, name?: string): string | undefined {
  let folder = start;
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (
      existsSync(manifest) &&
      (name === undefined || JSON.parse(readFileSync(manifest, 'utf8')).name === name)
    ) {
      return folder;
    }
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

let template: Promise<string | undefined> | undefined;

/**
 * The build's initialised data folder as a `.tar.gz` file's path, when it was
 * built for the PGlite version installed here; `undefined` otherwise (then
 * PGlite runs `initdb` itself, as it always can).
 */
function initialisedDataFolder(): Promise<string | undefined> {
  template ??= (async () => {
    try {
      const sdkRoot = packageRoot(dirname(fileURLToPath(import.meta.url)), '@kamkit/sdk');
      const pgliteRoot = packageRoot(dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite'))));
      if (sdkRoot === undefined || pgliteRoot === undefined) return undefined;
      const built = join(sdkRoot, 'dist/pglite');
      if (!existsSync(join(built, 'initdb.json'))) return undefined;
      const { pglite } = JSON.parse(await readFile(join(built, 'initdb.json'), 'utf8')) as { pglite: string };
      const installed = JSON.parse(await readFile(join(pgliteRoot, 'package.json'), 'utf8')) as {
        version: string;
      };
      return pglite === installed.version ? join(built, 'initdb.tar.gz') : undefined;
    } catch {
      return undefined;
    }
  })();
  return template;
}

/**
 * Unpack the initialised data folder into `dataDir` with `tar` on the disk:
 * into a sibling folder first, then each entry moved into `dataDir`,
 * `PG_VERSION` last, so a crash never leaves a folder that looks like a
 * database (`dataDir` may already hold the owner's lock file). PGlite's own
 * `loadDataDir` writes each file through its WebAssembly file system: a
 * first command took seconds and ~100 MB more that way.
 */
async function unpackTemplate(archive: string, dataDir: string): Promise<void> {
  const { extract } = await import('tar');
  const work = `${dataDir}.unpacking-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true, mode: 0o700 });
  try {
    await extract({ file: archive, cwd: work });
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const entries = readdirSync(work).sort((left, right) =>
      left === 'PG_VERSION' ? 1 : right === 'PG_VERSION' ? -1 : 0,
    );
    for (const entry of entries) {
      // Left by an unpacking that died before PG_VERSION: not a database yet.
      rmSync(join(dataDir, entry), { recursive: true, force: true });
      renameSync(join(work, entry), join(dataDir, entry));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Create a PGlite database in `dataDir` (a folder, or `memory://`): a new
 * folder unpacked from the build's initialised data folder when there is one
 * for this PGlite version (a new `memory://` database loads it through
 * PGlite), an existing folder as it is.
 */
export async function createPglite(dataDir: string): Promise<PgliteServerDatabase> {
  const { PGlite } = await import('@electric-sql/pglite');
  const inMemory = dataDir.startsWith('memory://');
  const isNew = inMemory || !existsSync(join(dataDir, 'PG_VERSION'));
  const archive = isNew ? await initialisedDataFolder() : undefined;
  if (archive !== undefined && !inMemory) await unpackTemplate(archive, dataDir);
  const loadDataDir = archive !== undefined && inMemory ? new Blob([await readFile(archive)]) : undefined;
  const startParams = [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers()}`];
  return PGlite.create(dataDir, { startParams, ...(loadDataDir ? { loadDataDir } : {}) });
}

/**
 * PostgreSQL's buffer pool inside PGlite: `KAMKIT_PGLITE_SHARED_BUFFERS`
 * (PostgreSQL's units, e.g. `128MB`), 32MB by default. PGlite clears its
 * whole pool in WebAssembly memory when it starts, so its default 128MB
 * costs every command about 0.6 s and 110 MB before its first query; the
 * operating system's page cache still holds the files.
 */
function sharedBuffers(): string {
  const given = process.env.KAMKIT_PGLITE_SHARED_BUFFERS?.trim();
  return given && /^\d+(kB|MB|GB)?$/.test(given) ? given : '32MB';
}
