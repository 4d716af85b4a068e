import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateFactorColumns } from '../scenarios/p1-score-tier.mjs';
import { generateRatings } from '../scenarios/p4-review360.mjs';
import {
  addMonths,
  decidingFigure,
  decidingFigureOfReason,
  moneyTextEn,
  windowsOf,
} from './postal-tiers.mjs';
import { loadScenario, SCENARIO_FILES, scenarioId } from './scenarios.mjs';
import { serveEnvironment } from './serve-fixture.mjs';

describe('scenarios', () => {
  it('each has sizes, a headline size it runs at full size, a target and both sides', async () => {
    for (const id of Object.keys(SCENARIO_FILES)) {
      const scenario = await loadScenario(id);
      assert.equal(scenario.id, id);
      assert.ok(scenario.sizes.full.includes(scenario.headlineSize), `${id} headline size`);
      assert.ok(scenario.sizes.quick.length > 0);
      for (const side of [scenario.ours, scenario.baseline]) {
        for (const step of ['setup', 'run', 'fingerprint']) assert.equal(typeof side[step], 'function');
      }
    }
  });

  it('report any disagreement between the two sides', async () => {
    const p1 = await loadScenario('P1');
    const print = { counts: { A: 10, B: 20, none: 5 }, scoreSum: 1234.5, sample: [[0, 50.25]] };
    assert.deepEqual(p1.compare(print, structuredClone(print)), []);
    const moved = structuredClone(print);
    moved.counts.A = 11;
    moved.sample[0][1] = 50.26;
    assert.equal(p1.compare(moved, print).length, 2);

    const p5 = await loadScenario('P5');
    const rows = { rows: 10, amount: '100', cost: '50', withMarket: 2, accounts: 3 };
    assert.deepEqual(p5.compare(rows, { ...rows }), []);
    assert.deepEqual(p5.compare({ ...rows, rows: 9 }, rows), ['rows: ours 9, COPY 10']);
  });

  it('generate the same data on every call', () => {
    assert.deepEqual(generateFactorColumns(500), generateFactorColumns(500));
    const first = generateRatings(50);
    const second = generateRatings(50);
    assert.deepEqual(first.scores, second.scores);
    assert.deepEqual(first.rowRater, second.rowRater);
    assert.equal(first.rowSubject.length, 50 * 12);
  });

  it('P6 and P7: compare the tier and figures, and read the deciding figure out of an explanation', async () => {
    const p6 = await loadScenario('P6');
    const print = { accountId: 'a0000370', tier: 'vip', figure: 'last 12 months ¥30,806' };
    assert.deepEqual(p6.compare(print, { ...print }), []);
    assert.deepEqual(p6.compare({ ...print, tier: 'gold' }, print), ['tier: ours gold, DuckDB vip']);
    assert.equal(
      decidingFigureOfReason(
        'annual revenue (last 12 months) ¥30,806, in band VIP (≥ ¥10,000 and < ¥500,000) → VIP',
      ),
      decidingFigure({ admitted: true, rolling12: 3_080_551, lastYear: 0, month: 0 }),
    );
    assert.equal(
      decidingFigureOfReason(
        "admission not met (Postal key-account admission: (flag “agreement” not set or (last year's revenue ¥31,480 ≥ ¥10,000 (met) and this month's revenue ¥999.91 ≥ ¥1,000 (not met)))) → not a key account",
      ),
      decidingFigure({ admitted: false, rolling12: 3_045_560, lastYear: 3_147_970, month: 99_991 }),
    );
    assert.equal(moneyTextEn(99_900), '¥999');
    assert.equal(moneyTextEn(102_793_171), '¥1,027,932');

    const p7 = await loadScenario('P7');
    const report = {
      month: 10,
      monthOnMonth: 0.089,
      tiers: 'gold:11:79615465 vip:816:624697407 -:172:9868956',
    };
    assert.deepEqual(p7.compare(report, { ...report }), []);
    assert.equal(p7.compare({ ...report, tiers: 'gold:12:79615465' }, report).length, 1);
  });

  it('P6 and P7: month windows for the rule and the report', () => {
    assert.equal(addMonths('2026-10', -11), '2025-11');
    assert.equal(addMonths('2026-01', -1), '2025-12');
    assert.equal(addMonths('2026-12', 1), '2027-01');
    const windows = windowsOf('2026-10');
    assert.deepEqual(windows.rolling12, ["DATE '2025-11-01'", "DATE '2026-11-01'"]);
    assert.deepEqual(windows.lastYear, ["DATE '2025-01-01'", "DATE '2026-01-01'"]);
    assert.deepEqual(windows.yearToDateLastYear, ["DATE '2025-01-01'", "DATE '2025-11-01'"]);
  });

  it('P6s: named in any case, P6’s baseline and fingerprint, serve started with no chat platform', async () => {
    assert.equal(scenarioId('p6s'), 'P6s');
    assert.equal(scenarioId(' P6S '), 'P6s');
    assert.equal(scenarioId('p2'), 'P2');
    assert.equal(scenarioId('P9'), 'P9');
    const p6 = await loadScenario('P6');
    const p6s = await loadScenario('p6s');
    assert.equal(p6s.id, 'P6s');
    assert.equal(p6s.baseline, p6.baseline);
    assert.equal(p6s.compare, p6.compare);
    assert.equal(p6s.target.maxRatio, 1.5);
    const env = serveEnvironment({
      PATH: '/bin',
      SLACK_BOT_TOKEN: 'x',
      SLACK_SIGNING_SECRET: 'y',
      WECHATY_PUPPET: 'wechaty-puppet-mock',
      KAMKIT_DATABASE_URL: 'postgres://elsewhere',
    });
    assert.deepEqual(env, { PATH: '/bin', KAMKIT_DATABASE_URL: '', KAMKIT_LOCALE: 'en', KAMKIT_CONFIG: '' });
  });
});
