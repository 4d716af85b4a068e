import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKamError, type KamError } from '../errors/kam-error.js';
import { loadAdmissionPolicy, loadTierPolicy, loadTierPolicyFile } from './load-policy.js';

function failure(run: () => unknown): KamError {
  try {
    run();
  } catch (error) {
    if (isKamError(error)) return error;
    throw error;
  }
  throw new Error('expected a KamError');
}

const paths = (error: KamError) => error.issues.map((issue) => issue.path);

const ladder = {
  kind: 'ladder',
  id: 'retail',
  figure: { metric: 'revenue', window: { unit: 'cumulative' } },
  tiers: [
    { id: 'A', min: '¥1,500,000' },
    { id: 'B', min: '100万' },
    { id: 'C', min: 80_000_000 },
  ],
};

const grid = {
  kind: 'grid',
  id: 'airline',
  rows: {
    figure: { metric: 'marketTotal' },
    bands: [{ id: 'big', min: '¥10,000,000' }, { id: 'small' }],
  },
  columns: { figure: { metric: 'shareOfWallet' }, bands: [{ id: 'high', min: '60%' }, { id: 'low' }] },
  cells: [
    ['L1', 'L2'],
    ['L2', 'L3'],
  ],
  tiers: [{ id: 'L1' }, { id: 'L2' }, { id: 'L3' }],
};

describe('loadTierPolicy', () => {
  it('reads money thresholds as fen, ¥ or 万, and ratios as 0.6 or 60%', () => {
    const policy = loadTierPolicy(ladder);
    const engine = policy.engine;
    expect(engine.kind === 'banded' && engine.axes[0]!.bands.map((band) => band.interval.lo)).toEqual([
      150_000_000, 100_000_000, 80_000_000,
    ]);
    const loaded = loadTierPolicy(grid).engine;
    expect(loaded.kind === 'banded' && loaded.axes[1]!.bands[0]!.interval.lo).toBe(0.6);
    expect(policy.tiers.map((tier) => tier.id)).toEqual(['A', 'B', 'C']);
    expect(policy.name).toEqual({ 'zh-CN': 'retail', en: 'retail' });
  });

  it('names missing fields', () => {
    const error = failure(() => loadTierPolicy({ kind: 'ladder', id: 'x', tiers: [{ id: 'A' }] }));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(paths(error)).toEqual(expect.arrayContaining(['figure', 'tiers[0].min']));
    expect(error.messageIn('zh-CN')).toContain('分级策略无效');
  });

  it('names an unknown kind and an unknown metric with what was expected', () => {
    expect(paths(failure(() => loadTierPolicy({ ...ladder, kind: 'staircase' })))).toEqual(['kind']);
    const error = failure(() => loadTierPolicy({ ...ladder, figure: { metric: 'turnover' } }));
    expect(error.path).toBe('figure.metric');
    expect(error.message).toContain('expected one of: revenue');
  });

  it('rejects ladder thresholds out of order', () => {
    const error = failure(() =>
      loadTierPolicy({
        ...ladder,
        tiers: [
          { id: 'A', min: '¥1,000,000' },
          { id: 'B', min: '¥1,500,000' },
        ],
      }),
    );
    expect(error.path).toBe('tiers[1].min');
    expect(error.message).toContain('best first');
  });

  it('rejects overlapping ranges and open lower ranges', () => {
    const error = failure(() =>
      loadTierPolicy({
        kind: 'ranges',
        id: 'postal',
        figure: { metric: 'revenue' },
        tiers: [
          { id: 'platinum', min: '¥1,000,000', max: '¥5,000,000' },
          { id: 'gold', min: '¥500,000', max: '¥1,200,000' },
          { id: 'vip', min: '¥10,000' },
        ],
      }),
    );
    expect(paths(error)).toEqual(['tiers[1].max', 'tiers[2].max']);
    expect(error.message).toContain('do not overlap');
  });

  it('rejects a tier a rule, a default or a cell names but the policy lacks', () => {
    const rules = failure(() =>
      loadTierPolicy({
        kind: 'rules',
        id: 'insurance',
        tiers: [{ id: 'heavy' }, { id: 'sme' }],
        rules: [{ tier: 'large', when: { flag: 'VIP' } }],
        default: 'micro',
      }),
    );
    expect(paths(rules)).toEqual(['rules[0].tier', 'default']);
    expect(rules.message).toContain('unknown tier "large"');
    const cell = failure(() =>
      loadTierPolicy({
        ...grid,
        cells: [
          ['L1', { tier: 'L9' }],
          ['L2', 'L3'],
        ],
      }),
    );
    expect(cell.path).toBe('cells[0][1].tier');
  });

  it('rejects a grid table of the wrong shape', () => {
    expect(paths(failure(() => loadTierPolicy({ ...grid, cells: [['L1', 'L2']] })))).toEqual(['cells']);
    expect(paths(failure(() => loadTierPolicy({ ...grid, cells: [['L1', 'L2'], ['L3']] })))).toEqual([
      'cells[1]',
    ]);
  });

  it('rejects thresholds not in the figure unit, and bad conditions at their path', () => {
    const error = failure(() =>
      loadTierPolicy({ ...ladder, figure: { metric: 'frequency' }, tiers: [{ id: 'A', min: '¥100' }] }),
    );
    expect(error.path).toBe('tiers[0].min');
    expect(error.message).toContain('a number in count');
    const money = failure(() => loadTierPolicy({ ...ladder, tiers: [{ id: 'A', min: 'lots' }] }));
    expect(money.message).toContain('¥1,500,000 or 150万');
    const condition = failure(() =>
      loadTierPolicy({
        kind: 'rules',
        id: 'r',
        tiers: [{ id: 'x' }],
        rules: [
          {
            tier: 'x',
            when: { all: [{ flag: 'VIP' }, { figure: { metric: 'revenue' }, op: '≥', value: 1 }] },
          },
        ],
      }),
    );
    expect(condition.path).toBe('rules[0].when.all[1].op');
  });

  it('rejects a money amount as a grid margin and volume-with-us on other figures', () => {
    const error = failure(() =>
      loadTierPolicy({
        ...grid,
        rows: { ...grid.rows, figure: { metric: 'revenue' } },
        upgrade: 'volume-with-us',
        hysteresis: { marginBand: { amount: 100 } },
      }),
    );
    expect(paths(error)).toEqual(['upgrade', 'hysteresis.marginBand.amount']);
  });
});

describe('loadTierPolicyFile', () => {
  it('loads YAML and JSON files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kamkit-tiering-'));
    const yamlPath = join(dir, 'retail.yaml');
    await writeFile(
      yamlPath,
      [
        'kind: ladder',
        'id: retail',
        'figure: { metric: revenue, window: { unit: cumulative } }',
        'tiers:',
        "  - { id: A, min: '¥1,500,000' }",
        '  - { id: B, min: 100万 }',
      ].join('\n'),
    );
    expect((await loadTierPolicyFile(yamlPath)).tiers.map((tier) => tier.id)).toEqual(['A', 'B']);
    const jsonPath = join(dir, 'grid.json');
    await writeFile(jsonPath, JSON.stringify(grid));
    expect((await loadTierPolicyFile(jsonPath)).kind).toBe('grid');
  });

  it('names the file in errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kamkit-tiering-'));
    const path = join(dir, 'bad.json');
    await writeFile(path, JSON.stringify({ ...ladder, tiers: [] }));
    await expect(loadTierPolicyFile(path)).rejects.toMatchObject({ code: 'INVALID_CONFIG', path: 'tiers' });
    await expect(loadTierPolicyFile(path)).rejects.toThrow(path);
    await expect(loadTierPolicyFile(join(dir, 'missing.yaml'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await writeFile(join(dir, 'broken.json'), '{ "kind": ');
    await expect(loadTierPolicyFile(join(dir, 'broken.json'))).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
    });
  });
});

describe('loadAdmissionPolicy', () => {
  it('accepts open entry and rejects a condition without a value', () => {
    expect(loadAdmissionPolicy({ kind: 'admission', id: 'airline', when: 'always' }).admission.when).toBe(
      'always',
    );
    const error = failure(() =>
      loadAdmissionPolicy({
        kind: 'admission',
        id: 'postal',
        when: { figure: { metric: 'revenue' }, op: '>=' },
      }),
    );
    expect(error.path).toBe('when.value');
    expect(error.messageIn('zh-CN')).toContain('准入策略无效');
  });
});
