import { defineConfig } from 'tsup';

/**
 * One entry per public subpath (see `exports` in package.json), each from its
 * folder's `index.ts`, with code splitting: `@kamkit/sdk/scoring` loads only
 * the modules scoring reaches, not storage, import, templates or the CLI.
 * Declarations come from `tsc -p tsconfig.build.json` (one `.d.ts` per source file).
 */
export const SUBPATHS = [
  'alerts',
  'cadence',
  'chat',
  'cli',
  'errors',
  'import',
  'reports',
  'review360',
  'scoring',
  'store',
  'tiering',
] as const;

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'cli/main': 'src/cli/main.ts',
    'refresh/compute-worker': 'src/refresh/compute-worker.ts',
    ...Object.fromEntries(SUBPATHS.map((subpath) => [`${subpath}/index`, `src/${subpath}/index.ts`])),
  },
  format: ['esm'],
  dts: false,
  clean: true,
  sourcemap: true,
  target: 'node20',
  splitting: true,
  outDir: 'dist',
});
