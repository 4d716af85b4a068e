/**
 * The PGlite start-up the baselines use: PGlite's own parameters with the
 * same 32MB buffer pool (`shared_buffers`) KAMkit's embedded store starts
 * with (`packages/sdk/src/store/pglite-template.ts`), so a baseline's COPY
 * runs on the database as ours does and its open costs what ours does.
 *
 * @module
 */
import { PGlite } from '@electric-sql/pglite';

/** `PGlite.create(folder, pgliteOptions())`. */
export function pgliteOptions() {
  return { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'] };
}
