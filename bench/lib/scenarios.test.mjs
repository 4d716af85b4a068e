import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateFactorColumns } from '../scenarios/p1-score-tier.mjs';
import { generateRatings } from '../scenarios/p4-review360.mjs';
import { loadScenario, SCENARIO_FILES } from './scenarios.mjs';

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
});
