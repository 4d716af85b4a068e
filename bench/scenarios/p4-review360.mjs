/**
 * P4 — 360° aggregation: S subjects × 12 raters × 27 items (9 dimensions × 3
 * items, seed000). Relation groups: supervisor (1 rater), peers (5),
 * subordinates (5), self (1), weighted 70/10/10/10 (seed002). Each group's
 * ratings of an item are combined with an Olympic trimmed mean (drop the
 * highest and the lowest when the group has at least 5 ratings), beside the
 * same aggregate of each rating's leniency z-score (the rating against its
 * rater's own mean and spread over everyone they rated). Then dimension
 * means, weighted group scores and the weighted overall of both.
 *
 * About 1 % of answers are left blank, so some peer/subordinate cells have
 * fewer than 5 ratings and fall back to a plain mean.
 *
 * Ours: `aggregateRatingBatch` over typed arrays. Baseline: the same in one
 * DuckDB SQL statement (rater statistics, z join, per-cell trimmed mean as
 * `(sum − min − max) / (n − 2)`, dimension, group and overall roll-ups).
 *
 * @module
 */
import { createRandom, randomTools } from '../lib/random.mjs';

const ITEMS = 27;
const ITEMS_PER_DIMENSION = 3;
const DIMENSIONS = ITEMS / ITEMS_PER_DIMENSION;
/** Relation groups: weight, raters per subject, anonymity minimum. */
const GROUPS = [
  { id: 'supervisor', weight: 0.7, raters: 1, minRaters: 1 },
  { id: 'peer', weight: 0.1, raters: 5, minRaters: 3 },
  { id: 'subordinate', weight: 0.1, raters: 5, minRaters: 3 },
  { id: 'self', weight: 0.1, raters: 1, minRaters: 1 },
];
const RATERS_PER_SUBJECT = GROUPS.reduce((sum, group) => sum + group.raters, 0);
const TRIM_MIN_COUNT = 5;
const BLANK_SHARE = 0.01;

/**
 * Generate a cycle's ratings in rows (subject × rater), `NaN` for a blank answer.
 * Rater ids: employees 0…S−1 rate peers, their managers and themselves;
 * managers S… each supervise 8 subjects.
 *
 * @param {number} subjects
 */
export function generateRatings(subjects) {
  const tools = randomTools(createRandom(360_2026));
  const managers = Math.ceil(subjects / 8);
  const raterCount = subjects + managers;
  const leniency = new Float64Array(raterCount);
  for (let rater = 0; rater < raterCount; rater++) leniency[rater] = 0.6 * tools.gaussian();
  const rows = subjects * RATERS_PER_SUBJECT;
  const rowSubject = new Int32Array(rows);
  const rowRater = new Int32Array(rows);
  const rowGroup = new Int32Array(rows);
  const scores = new Float64Array(rows * ITEMS);
  let row = 0;
  for (let subject = 0; subject < subjects; subject++) {
    const quality = 0.5 * tools.gaussian();
    const raters = [
      subjects + Math.floor(subject / 8),
      ...[1, 2, 3, 4, 5].map((k) => (subject + k) % subjects),
      ...[1, 2, 3, 4, 5].map((k) => (subject + 5 + 97 * k) % subjects),
      subject,
    ];
    const groups = GROUPS.flatMap((group, index) => Array.from({ length: group.raters }, () => index));
    for (let slot = 0; slot < RATERS_PER_SUBJECT; slot++) {
      rowSubject[row] = subject;
      rowRater[row] = raters[slot];
      rowGroup[row] = groups[slot];
      const bias = leniency[raters[slot]] + quality + (groups[slot] === 3 ? 0.4 : 0);
      for (let item = 0; item < ITEMS; item++) {
        const value = Math.round(3.4 + bias + 0.7 * tools.gaussian());
        scores[row * ITEMS + item] =
          tools.random() < BLANK_SHARE ? Number.NaN : Math.min(5, Math.max(1, value));
      }
      row++;
    }
  }
  return { subjectCount: subjects, raterCount, itemCount: ITEMS, rowSubject, rowRater, rowGroup, scores };
}

const SAMPLES = 64;

/** Sums and a sample of both overalls: what both sides must agree on (to 1e-9). */
function fingerprintOf(overall, overallZ) {
  let sum = 0;
  let zSum = 0;
  let missing = 0;
  for (let subject = 0; subject < overall.length; subject++) {
    if (Number.isNaN(overall[subject])) missing++;
    else {
      sum += overall[subject];
      zSum += overallZ[subject];
    }
  }
  const sample = [];
  for (let index = 0; index < SAMPLES; index++) {
    const subject = Math.floor((index * overall.length) / SAMPLES);
    sample.push([subject, overall[subject], overallZ[subject]]);
  }
  return { subjects: overall.length, missing, overallSum: sum, overallZSum: zSum, sample };
}

const ours = {
  label: 'aggregateRatingBatch (typed arrays)',
  setup({ size, sdk }) {
    const input = generateRatings(size);
    const itemDimension = new Int32Array(ITEMS);
    for (let item = 0; item < ITEMS; item++) itemDimension[item] = Math.floor(item / ITEMS_PER_DIMENSION);
    const config = {
      itemDimension,
      dimensionWeights: new Float64Array(DIMENSIONS).fill(1),
      groupWeights: Float64Array.from(GROUPS, (group) => group.weight),
      groupMinRaters: Int32Array.from(GROUPS, (group) => group.minRaters),
      poolMinRaters: 3,
      withheldPolicy: 'exclude',
      aggregation: { method: 'trimmed-mean', minCount: TRIM_MIN_COUNT, trim: 1 },
    };
    return { sdk, input, config };
  },
  run({ sdk, input, config }) {
    return sdk.aggregateRatingBatch(input, config);
  },
  fingerprint(_context, result) {
    return fingerprintOf(result.overall, result.overallZ);
  },
};

const baseline = {
  label: 'DuckDB SQL',
  async setup({ size }) {
    const { openDuckDb, loadColumns } = await import('../lib/duckdb.mjs');
    const database = await openDuckDb();
    const input = generateRatings(size);
    // Long format, one row per answered item; blanks are simply absent.
    let answered = 0;
    for (const value of input.scores) if (!Number.isNaN(value)) answered++;
    const subject = new Int32Array(answered);
    const rater = new Int32Array(answered);
    const group = new Int32Array(answered);
    const item = new Int32Array(answered);
    const score = new Float64Array(answered);
    let next = 0;
    for (let row = 0; row < input.rowSubject.length; row++) {
      for (let index = 0; index < ITEMS; index++) {
        const value = input.scores[row * ITEMS + index];
        if (Number.isNaN(value)) continue;
        subject[next] = input.rowSubject[row];
        rater[next] = input.rowRater[row];
        group[next] = input.rowGroup[row];
        item[next] = index;
        score[next] = value;
        next++;
      }
    }
    await loadColumns(database.connection, 'p4_ratings', [
      { name: 'subject', type: 'INTEGER', values: subject },
      { name: 'rater', type: 'INTEGER', values: rater },
      { name: 'grp', type: 'INTEGER', values: group },
      { name: 'item', type: 'INTEGER', values: item },
      { name: 'score', type: 'DOUBLE', values: score },
    ]);
    await loadColumns(database.connection, 'p4_groups', [
      { name: 'grp', type: 'INTEGER', values: GROUPS.map((_, index) => index) },
      { name: 'weight', type: 'DOUBLE', values: GROUPS.map((entry) => entry.weight) },
    ]);
    await loadColumns(database.connection, 'p4_dimensions', [
      { name: 'dimension', type: 'INTEGER', values: Array.from({ length: DIMENSIONS }, (_, index) => index) },
      { name: 'weight', type: 'DOUBLE', values: new Float64Array(DIMENSIONS).fill(1) },
    ]);
    const sql = `CREATE OR REPLACE TABLE p4_result AS
    WITH raters AS (
      SELECT rater, avg(score) AS mean, stddev_pop(score) AS sd, count(*) AS n FROM p4_ratings GROUP BY rater),
    rated AS (
      SELECT r.subject, r.grp, r.item, r.score,
        CASE WHEN k.n >= 2 AND k.sd > 1e-9 THEN (r.score - k.mean) / k.sd ELSE 0 END AS z
      FROM p4_ratings r JOIN raters k USING (rater)),
    cells AS (
      SELECT subject, grp, item,
        CASE WHEN count(*) >= ${TRIM_MIN_COUNT} THEN (sum(score) - min(score) - max(score)) / (count(*) - 2) ELSE avg(score) END AS s,
        CASE WHEN count(*) >= ${TRIM_MIN_COUNT} THEN (sum(z) - min(z) - max(z)) / (count(*) - 2) ELSE avg(z) END AS z
      FROM rated GROUP BY subject, grp, item),
    dims AS (
      SELECT subject, grp, item // ${ITEMS_PER_DIMENSION} AS dimension, avg(s) AS s, avg(z) AS z
      FROM cells GROUP BY subject, grp, dimension),
    units AS (
      SELECT subject, grp, sum(w.weight * s) / sum(w.weight) AS s, sum(w.weight * z) / sum(w.weight) AS z
      FROM dims JOIN p4_dimensions w USING (dimension) GROUP BY subject, grp)
    SELECT subject, sum(g.weight * s) / sum(g.weight) AS overall, sum(g.weight * z) / sum(g.weight) AS overall_z
    FROM units JOIN p4_groups g USING (grp) GROUP BY subject`;
    return { ...database, sql, size };
  },
  async run(context) {
    await context.connection.run(context.sql);
  },
  async fingerprint(context) {
    const { queryRows } = await import('../lib/duckdb.mjs');
    const overall = new Float64Array(context.size).fill(Number.NaN);
    const overallZ = new Float64Array(context.size).fill(Number.NaN);
    for (const row of await queryRows(
      context.connection,
      'SELECT subject, overall, overall_z FROM p4_result',
    )) {
      overall[row.subject] = row.overall;
      overallZ[row.subject] = row.overall_z;
    }
    return fingerprintOf(overall, overallZ);
  },
  teardown(context) {
    context.connection.closeSync();
    context.instance.closeSync();
  },
};

/** Where the two fingerprints disagree (overalls to 1e-9). */
function compare(oursPrint, baselinePrint) {
  const problems = [];
  const close = (a, b) =>
    Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)) || (Number.isNaN(a) && Number.isNaN(b));
  if (oursPrint.missing !== baselinePrint.missing)
    problems.push(`subjects without an overall: ours ${oursPrint.missing}, DuckDB ${baselinePrint.missing}`);
  if (!close(oursPrint.overallSum, baselinePrint.overallSum))
    problems.push(`sum of overalls: ours ${oursPrint.overallSum}, DuckDB ${baselinePrint.overallSum}`);
  if (!close(oursPrint.overallZSum, baselinePrint.overallZSum))
    problems.push(`sum of z overalls: ours ${oursPrint.overallZSum}, DuckDB ${baselinePrint.overallZSum}`);
  baselinePrint.sample.forEach(([subject, overall, overallZ], index) => {
    const [, mine, mineZ] = oursPrint.sample[index] ?? [];
    if (!close(mine, overall) || !close(mineZ, overallZ))
      problems.push(`subject ${subject}: ours ${mine} / z ${mineZ}, DuckDB ${overall} / z ${overallZ}`);
  });
  return problems;
}

export default {
  id: 'P4',
  title: '360° aggregation, 12 raters × 27 items, trimmed means + leniency z',
  unit: 'subjects',
  sizes: { full: [1_000, 10_000, 100_000], quick: [2_000, 10_000] },
  headlineSize: 10_000,
  target: { kind: 'time', maxRatio: 1, text: '≤ 1 × DuckDB' },
  requires: ['aggregateRatingBatch'],
  repetitions: (size) => (size >= 100_000 ? 3 : 5),
  warmup: () => 1,
  notes: [
    '1M subjects (324M ratings) is beyond one machine’s memory for the DuckDB long table; scaling is shown over 1k–100k subjects.',
  ],
  ours,
  baseline,
  compare,
};
