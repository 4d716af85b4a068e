#!/usr/bin/env node
/**
 * Build the initialised PGlite data folder that new embedded stores start
 * from (dist/pglite/initdb.tar.gz + initdb.json naming the PGlite version):
 * `initdb` once at build time instead of in every user's first command. The
 * tarball is PGlite's own `dumpDataDir('gzip')` of a fresh database; it is
 * cached per PGlite version under node_modules/.cache/kamkit, so rebuilds
 * reuse it. `pnpm build` runs this after tsup.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The installed PGlite's version, from the package.json above its entry point. */
function pgliteVersion() {
  let folder = dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
  while (!existsSync(join(folder, 'package.json'))) folder = dirname(folder);
  return JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')).version;
}

const version = pgliteVersion();
const cacheDir = join(root, 'node_modules/.cache/kamkit');
const cached = join(cacheDir, `pglite-${version}-initdb.tar.gz`);
if (!existsSync(cached)) {
  const db = await PGlite.create('memory://');
  const dump = await db.dumpDataDir('gzip');
  await db.close();
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(`${cached}.partial`, Buffer.from(await dump.arrayBuffer()));
  copyFileSync(`${cached}.partial`, cached);
}
const target = join(root, 'dist/pglite');
mkdirSync(target, { recursive: true });
copyFileSync(cached, join(target, 'initdb.tar.gz'));
writeFileSync(join(target, 'initdb.json'), `${JSON.stringify({ pglite: version })}\n`);
console.log(`PGlite ${version}: initialised data folder → dist/pglite/initdb.tar.gz`);
