#!/usr/bin/env node
/**
 * Build the initialised PGlite data folder that new embedded stores start
 * from (dist/pglite/initdb.tar.gz + initdb.json naming the PGlite version and
 * the migrations applied): `initdb` and this build's migrations once at build
 * time instead of in every user's first command. The tarball is PGlite's own
 * `dumpDataDir('gzip')` of a fresh database migrated by the built SDK
 * (`dist/store`: `runMigrations`); it is cached per PGlite version and
 * migration set under node_modules/.cache/kamkit, so rebuilds reuse it.
 * `pnpm build` runs this after tsup.
 */
import { createHash } from 'node:crypto';
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
// The built SDK's migrations: the template holds them applied, so a new store only checks them.
const { allMigrations, pgliteDriver, runMigrations } = await import(join(root, 'dist/store/index.js'));
const migrations = allMigrations();
const migrationHash = createHash('sha256')
  .update(JSON.stringify(migrations.map(({ id, sql }) => [id, sql])))
  .digest('hex')
  .slice(0, 16);
const cacheDir = join(root, 'node_modules/.cache/kamkit');
const cached = join(cacheDir, `pglite-${version}-migrated-${migrationHash}.tar.gz`);
if (!existsSync(cached)) {
  const db = await PGlite.create('memory://');
  await runMigrations(pgliteDriver(db), migrations);
  const dump = await db.dumpDataDir('gzip');
  await db.close();
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(`${cached}.partial`, Buffer.from(await dump.arrayBuffer()));
  copyFileSync(`${cached}.partial`, cached);
}
const target = join(root, 'dist/pglite');
mkdirSync(target, { recursive: true });
copyFileSync(cached, join(target, 'initdb.tar.gz'));
writeFileSync(
  join(target, 'initdb.json'),
  `${JSON.stringify({ pglite: version, migrations: migrations.map(({ id }) => id) })}\n`,
);
console.log(
  `PGlite ${version}: initialised data folder with ${migrations.length} migrations → dist/pglite/initdb.tar.gz`,
);
