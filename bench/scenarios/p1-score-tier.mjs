/**
 * P1 — score and tier a portfolio: N accounts × 8 factors, each normalised to
 * its percentile (`percent_rank`), weighted into a 0–100 score, then a
 * ladder tier on the score.
 *
 * Ours: `loadScoringModel` + `scoreColumns` over Float64Array columns, then a
 * ladder policy (`loadTierPolicy`) on the score column through the tiering
 * batch path `evaluateTierColumns`. Baseline: the same computation as one
 * DuckDB SQL statement (`percent_rank() OVER (ORDER BY …)` per factor,
 * weighted sum, `CASE` for the tier), materialised as a DuckDB table.
 *
 * @module
 */
import { createRandom, randomTools } from '../lib/random.mjs';

/** The factors: id, weight, direction, and how the generated raw figure is drawn. */
export const FACTORS = [
  { id: 'profit', weight: 3, direction: 'higher-is-better', draw: (tools) => tools.skewed(200_000, 1.2) },
  { id: 'revenue', weight: 2, direction: 'higher-is-better', draw: (tools) => tools.skewed(1_000_000, 1) },
  {
    id: 'growth',
    weight: 1.5,
    direction: 'higher-is-better',
    draw: (tools) => 0.05 + 0.2 * tools.gaussian(),
  },
  // Whole numbers: many ties, which percent_rank gives the lowest shared rank.
  { id: 'frequency', weight: 1, direction: 'higher-is-better', draw: (tools) => tools.int(0, 200) },
  { id: 'recencyDays', weight: 1, direction: 'lower-is-better', draw: (tools) => tools.int(0, 365) },
  { id: 'shareOfWallet', weight: 1, direction: 'higher-is-better', draw: (tools) => tools.fine() },
  { id: 'credit', weight: 0.5, direction: 'higher-is-better', draw: (tools) => 650 + 80 * tools.gaussian() },
  {
    id: 'headcount',
    weight: 0.5,
    direction: 'higher-is-better',
    draw: (tools) => Math.round(tools.skewed(300, 1.5)),
  },
];

/** The ladder on the score: each bound inclusive; below the last, no tier. */
export const LADDER = [
  { tier: 'A', min: 70 },
  { tier: 'B', min: 60 },
  { tier: 'C', min: 50 },
  { tier: 'D', min: 40 },
];

/**
 * Generate the raw factor columns for `size` accounts.
 *
 * @param {number} size
 * @returns {Float64Array[]} one column per factor, aligned by account
 */
export function generateFactorColumns(size) {
  const tools = randomTools(createRandom(20_261_123));
  const columns = FACTORS.map(() => new Float64Array(size));
  for (let row = 0; row < size; row++) {
    for (let factor = 0; factor < FACTORS.length; factor++)
      columns[factor][row] = FACTORS[factor].draw(tools);
  }
  return columns;
}

const SAMPLES = 64;

/**
 * What both sides must agree on: tier counts exactly, the score sum and a
 * sample of individual scores to 1e-9.
 */
function fingerprintOf(scores, tierOf) {
  const counts = { none: 0 };
  for (const { tier } of LADDER) counts[tier] = 0;
  let sum = 0;
  for (let row = 0; row < scores.length; row++) {
    sum += scores[row];
    const tier = tierOf(row) ?? 'none';
    counts[tier] = (counts[tier] ?? 0) + 1;
  }
  const sample = [];
  for (let index = 0; index < SAMPLES; index++) {
    const row = Math.floor((index * scores.length) / SAMPLES);
    sample.push([row, scores[row]]);
  }
  return { counts, scoreSum: sum, sample };
}

const ours = {
  label: 'scoreColumns + ladder tier',
  async setup({ size, sdk }) {
    const model = sdk.loadScoringModel({
      id: 'bench-p1',
      name: { 'zh-CN': '贡献值', en: 'Contribution value' },
      factors: FACTORS.map((factor) => ({
        id: factor.id,
        source: { attribute: factor.id },
        weight: factor.weight,
        normalise: 'percentile',
        direction: factor.direction,
      })),
    });
    const raw = generateFactorColumns(size);
    const columns = Object.fromEntries(FACTORS.map((factor, index) => [factor.id, raw[index]]));
    const policy = sdk.loadTierPolicy({
      id: 'bench-p1-ladder',
      kind: 'ladder',
      figure: { attribute: 'score' },
      tiers: LADDER.map((step) => ({ id: step.tier, min: step.min })),
    });
    const accountIds = Array.from({ length: size }, (_, index) => `a${index}`);
    return { sdk, model, columns, policy, accountIds };
  },
  run(context) {
    const { sdk, model, columns, policy, accountIds } = context;
    const scored = sdk.scoreColumns({ model, columns });
    // The tiering batch path reads figures through a FigureContext-shaped
    // object ({ accountIds, column }); here the one figure is the score column,
    // so no per-account objects are built.
    const scoreContext = { accountIds, asOf: '2026-10', column: () => scored.scores };
    const tiers = sdk.evaluateTierColumns(policy, scoreContext);
    return { scores: scored.scores, tier: tiers.tier };
  },
  fingerprint(_context, result) {
    return fingerprintOf(result.scores, (row) => LADDER[result.tier[row]]?.tier);
  },
};

const baseline = {
  label: 'DuckDB SQL',
  async setup({ size }) {
    const { openDuckDb, loadColumns } = await import('../lib/duckdb.mjs');
    const database = await openDuckDb();
    const raw = generateFactorColumns(size);
    const ids = new Int32Array(size);
    for (let row = 0; row < size; row++) ids[row] = row;
    await loadColumns(database.connection, 'p1_input', [
      { name: 'id', type: 'INTEGER', values: ids },
      ...FACTORS.map((factor, index) => ({ name: factor.id, type: 'DOUBLE', values: raw[index] })),
    ]);
    const totalWeight = FACTORS.reduce((sum, factor) => sum + factor.weight, 0);
    const ranks = FACTORS.map(
      (factor) =>
        `percent_rank() OVER (ORDER BY "${factor.id}"${factor.direction === 'lower-is-better' ? ' DESC' : ''}) AS n_${factor.id}`,
    ).join(',\n      ');
    const weighted = FACTORS.map((factor) => `${factor.weight} * n_${factor.id}`).join(' + ');
    const cases = LADDER.map((step) => `WHEN score >= ${step.min} THEN '${step.tier}'`).join(' ');
    const sql = `CREATE OR REPLACE TABLE p1_result AS
    WITH ranked AS (SELECT id,
      ${ranks}
    FROM p1_input),
    scored AS (SELECT id, 100 * (${weighted}) / ${totalWeight} AS score FROM ranked)
    SELECT id, score, CASE ${cases} ELSE NULL END AS tier FROM scored`;
    return { ...database, sql, size };
  },
  async run(context) {
    await context.connection.run(context.sql);
  },
  async fingerprint(context) {
    const { queryRows } = await import('../lib/duckdb.mjs');
    const rows = await queryRows(context.connection, 'SELECT id, score, tier FROM p1_result ORDER BY id');
    const scores = new Float64Array(rows.length);
    const tiers = new Array(rows.length);
    for (const row of rows) {
      scores[row.id] = row.score;
      tiers[row.id] = row.tier;
    }
    return fingerprintOf(scores, (row) => tiers[row]);
  },
  teardown(context) {
    context.connection.closeSync();
    context.instance.closeSync();
  },
};

/**
 * Where the two fingerprints disagree.
 *
 * @returns {string[]}
 */
function compare(oursPrint, baselinePrint) {
  const problems = [];
  for (const [tier, count] of Object.entries(baselinePrint.counts)) {
    if (oursPrint.counts[tier] !== count)
      problems.push(`tier ${tier}: ours ${oursPrint.counts[tier]}, DuckDB ${count}`);
  }
  const relative =
    Math.abs(oursPrint.scoreSum - baselinePrint.scoreSum) / Math.max(1, Math.abs(baselinePrint.scoreSum));
  if (relative > 1e-9)
    problems.push(`score sum: ours ${oursPrint.scoreSum}, DuckDB ${baselinePrint.scoreSum}`);
  baselinePrint.sample.forEach(([row, score], index) => {
    const mine = oursPrint.sample[index]?.[1];
    if (!(Math.abs(mine - score) <= 1e-9))
      problems.push(`score of account ${row}: ours ${mine}, DuckDB ${score}`);
  });
  return problems;
}

export default {
  id: 'P1',
  title: 'Score + tier, 8 factors, percentile normalisation',
  unit: 'accounts',
  sizes: { full: [10_000, 100_000, 1_000_000], quick: [10_000, 50_000] },
  headlineSize: 1_000_000,
  target: { kind: 'time', maxRatio: 0.5, maxRssMb: 600, text: '≤ 0.5 × DuckDB, peak RSS ≤ 600 MB' },
  requires: ['loadScoringModel', 'scoreColumns', 'loadTierPolicy', 'evaluateTierColumns'],
  repetitions: (size) => (size >= 1_000_000 ? 5 : 7),
  warmup: () => 1,
  ours,
  baseline,
  compare,
};
