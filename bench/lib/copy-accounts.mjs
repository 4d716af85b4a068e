/**
 * P8's baseline as a program of its own: open a PGlite folder that holds an
 * empty `accounts (id, name, division)` table and `COPY` a CSV file into it.
 *
 * Usage: node copy-accounts.mjs <folder> <file.csv>
 *
 * @module
 */
import { openAsBlob } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pgliteOptions } from './pglite-options.mjs';

const [folder, file] = process.argv.slice(2);
const db = await PGlite.create(folder, pgliteOptions());
const blob = await openAsBlob(file);
const { affectedRows } = await db.query(
  `COPY accounts (id, name, division) FROM '/dev/blob' WITH (FORMAT csv, HEADER)`,
  [],
  { blob },
);
await db.close();
process.stdout.write(`${JSON.stringify({ copied: affectedRows })}\n`);
