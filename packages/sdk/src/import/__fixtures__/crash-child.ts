/**
 * Child process of the crash-safety test: imports a transactions file into a
 * PGlite folder, printing `batch <inserted>` after every batch so the parent
 * knows when to kill it, and `done <json>` at the end.
 *
 * Usage: node crash-child.mjs <dataDir> <file> <all-or-nothing|skip-invalid>
 */
import { openStore } from '../../store/open-store.js';
import type { ImportMode } from '../import-file.js';
import { importFile } from '../import-file.js';

const [dataDir, file, mode] = process.argv.slice(2);
const store = await openStore({ dataDir: dataDir! });
const result = await importFile({
  store,
  kind: 'transactions',
  path: file!,
  actor: 'crash-test',
  mode: mode as ImportMode,
  batchSize: 5000,
  onProgress: (progress) => {
    process.stdout.write(`batch ${progress.rowsRead} ${progress.inserted}\n`);
  },
});
process.stdout.write(`done ${JSON.stringify(result)}\n`);
await store.close();
