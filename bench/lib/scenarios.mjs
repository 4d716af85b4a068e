/**
 * The scenario registry: id → module under `bench/scenarios/`.
 *
 * A scenario module's default export is
 * `{ id, title, unit, sizes: { full, quick }, headlineSize, target, requires,
 *    repetitions(size, quick), warmup(size, quick), prepare?({ size, quick, dataDir, sdk? }),
 *    ours, baseline, compare }`
 * where `ours` and `baseline` are sides
 * `{ label, setup({ size, quick, dataDir, sdk }), beforeEach?(context), run(context),
 *    afterEach?(context, result), fingerprint(context, result), measureWindow?(context),
 *    teardown?(context) }`
 * and `compare(oursFingerprint, baselineFingerprint)` returns the list of
 * disagreements (empty when the two results agree). `prepare` runs in the
 * harness's process before both sides (with the SDK when ours can run). A
 * `run` may return `{ latenciesMs, eventLoopDelay }` (P3's requests and the
 * app's event-loop delay, `lib/event-loop.mjs`); a scenario whose
 * `target.kind` is `latency` is then reported and judged by p50 / p99
 * instead of median time. `measureWindow` runs once after the timed
 * repetitions and returns `{ label, durationMs, latenciesMs?,
 * eventLoopDelay?, note? }`, reported apart (P3: while a refresh runs).
 *
 * @module
 */

/**
 * Scenario ids in run order, with their module file names. P5 runs before P2:
 * the store P5's last import leaves behind is the one P2 reads (otherwise P2
 * loads it itself).
 */
export const SCENARIO_FILES = {
  P1: 'p1-score-tier.mjs',
  P4: 'p4-review360.mjs',
  P5: 'p5-import.mjs',
  P2: 'p2-portfolio.mjs',
  P3: 'p3-slack.mjs',
  P8: 'p8-import-accounts.mjs',
  P6: 'p6-tier-account.mjs',
  P6s: 'p6s-tier-account-serve.mjs',
  P7: 'p7-report-portfolio.mjs',
};

/**
 * The registered id a user's text names, whatever its case (`p6s`, `P6S` → `P6s`),
 * or the text itself when it names none.
 *
 * @param {string} text
 */
export function scenarioId(text) {
  const wanted = text.trim().toUpperCase();
  return Object.keys(SCENARIO_FILES).find((id) => id.toUpperCase() === wanted) ?? text.trim();
}

/**
 * Load one scenario module.
 *
 * @param {string} id - `P1` … `P8`, `P6s` (any case)
 */
export async function loadScenario(id) {
  const file = SCENARIO_FILES[scenarioId(id)];
  if (!file) throw new Error(`unknown scenario ${id}; known: ${Object.keys(SCENARIO_FILES).join(', ')}`);
  const module = await import(new URL(`../scenarios/${file}`, import.meta.url).href);
  return module.default;
}
