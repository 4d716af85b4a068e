/**
 * How V8 compiles PGlite's WebAssembly for one `kamkit` process.
 *
 * @module
 */
import { setFlagsFromString } from 'node:v8';

/** Commands that run long enough for V8's optimised WebAssembly code to pay off: bulk loads, a month's run, the server. */
const LONG_RUNNING = new Set(['import', 'run', 'serve']);

/** The command named on a `kamkit` command line (`process.argv.slice(2)`), past the global `--config <path>`. */
export function commandName(args: readonly string[]): string | undefined {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--config') index++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/**
 * For a command that opens the store, answers and exits, compile PGlite's
 * WebAssembly with V8's baseline compiler only (Liftoff): by default V8 also
 * re-compiles PostgreSQL's hot functions with its optimising compiler, which
 * a short command pays for and never gets back. Measured at 100,000 accounts:
 * `kamkit tier --account` 1.40 s / 249 MB → 1.02 s / 168 MB, `kamkit report
 * portfolio` 2.8 s / 320 MB → 2.45 s / 255 MB, the first `kamkit demo` 6.6 s /
 * 346–378 MB → 6.2 s / 330 MB. Bulk loads, a month's run and `kamkit serve`
 * keep the optimised code (`kamkit import accounts` of 100,000 rows: 9.1 s with
 * it, 13.3 s without). Must run before the store is opened.
 *
 * @returns whether the baseline compiler was chosen
 */
export function chooseWasmTier(args: readonly string[]): boolean {
  const name = commandName(args);
  if (name === undefined || LONG_RUNNING.has(name)) return false;
  setFlagsFromString('--liftoff-only');
  return true;
}
