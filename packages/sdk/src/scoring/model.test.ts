import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isKamError, type KamError } from '../errors/index.js';
import { loadScoringModelFile } from './load-model-file.js';
import { loadScoringModel, scoringLabelText } from './model.js';

const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));

function failure(run: () => unknown): KamError {
  try {
    run();
  } catch (error) {
    if (isKamError(error)) return error;
    throw error;
  }
  throw new Error('expected a KamError');
}

function issuePaths(error: KamError): string[] {
  return error.issues.map((issue) => issue.path);
}

const revenue = { metric: 'revenue' };

describe('loadScoringModel', () => {
  it('fills defaults: percentile, higher-is-better, missing 0, this month', () => {
    const model = loadScoringModel({
      id: 'm',
      name: 'M',
      factors: [{ id: 'r', source: revenue, weight: 2 }],
    });
    expect(model.factors[0]).toEqual({
      id: 'r',
      source: { metric: 'revenue', window: { unit: 'month', offset: 0 }, rollUp: false },
      weight: 2,
      normalise: { method: 'percentile' },
      direction: 'higher-is-better',
      missing: 0,
    });
  });

  it('accepts bilingual names, attribute and flag sources, and shorthand methods', () => {
    const model = loadScoringModel({
      id: 'm',
      name: { 'zh-CN': '模型', en: 'Model' },
      factors: [
        { id: 'a', source: { attribute: 'headcount' }, weight: 1, normalise: 'log' },
        { id: 'f', source: { flag: 'VIP' }, weight: 1, normalise: { method: 'z-score' }, missing: 'exclude' },
      ],
    });
    expect(scoringLabelText(model.name, 'zh-CN')).toBe('模型');
    expect(model.factors[1]?.normalise).toEqual({ method: 'z-score', clamp: 3 });
  });

  it('reports a missing weight at its path', () => {
    const error = failure(() =>
      loadScoringModel({ id: 'm', name: 'M', factors: [{ id: 'a', source: revenue }] }),
    );
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.path).toBe('factors[0].weight');
    expect(error.message).toContain('factors[0].weight: expected number');
  });

  it('rejects a weight of 0 or below, saying it must be greater than 0', () => {
    for (const weight of [0, -1]) {
      const error = failure(() =>
        loadScoringModel({ id: 'm', name: 'M', factors: [{ id: 'a', source: revenue, weight }] }),
      );
      expect(error.issues).toEqual([
        {
          path: 'factors[0].weight',
          expected: { 'zh-CN': '应为大于 0 的数', en: 'expected a number greater than 0' },
        },
      ]);
    }
  });

  it('names an unknown metric and lists the known ones', () => {
    const error = failure(() =>
      loadScoringModel({
        id: 'm',
        name: 'M',
        factors: [{ id: 'a', source: { metric: 'revnue' }, weight: 1 }],
      }),
    );
    expect(error.path).toBe('factors[0].source.metric');
    expect(error.issues[0]?.expected.en).toMatch(/^expected one of: revenue, profit, margin/);
    expect(error.messageIn('zh-CN')).toContain('factors[0].source.metric: 应为以下之一：revenue');
  });

  it('explains a source that is none of metric, attribute or flag', () => {
    const error = failure(() =>
      loadScoringModel({ id: 'm', name: 'M', factors: [{ id: 'a', source: { column: 'x' }, weight: 1 }] }),
    );
    expect(error.path).toBe('factors[0].source');
    expect(error.message).toContain('expected one of { metric, window }, { attribute } or { flag }');
  });

  it('rejects duplicate factor ids at the second one', () => {
    const error = failure(() =>
      loadScoringModel({
        id: 'm',
        name: 'M',
        factors: [
          { id: 'a', source: revenue, weight: 1 },
          { id: 'a', source: { metric: 'profit' }, weight: 1 },
        ],
      }),
    );
    expect(error.path).toBe('factors[1].id');
    expect(error.message).toContain('"a" is already used by factors[0]');
  });

  it('rejects points thresholds that do not ascend, at the offending row', () => {
    const error = failure(() =>
      loadScoringModel({
        id: 'm',
        name: 'M',
        factors: [
          {
            id: 'a',
            source: revenue,
            weight: 1,
            normalise: {
              method: 'points',
              table: [
                { min: 10, points: 1 },
                { min: 20, points: 2 },
                { min: 20, points: 3 },
              ],
            },
          },
        ],
      }),
    );
    expect(error.path).toBe('factors[0].normalise.table[2].min');
    expect(error.message).toContain("expected more than the previous row's 20");
  });

  it('rejects an unknown normalisation and an unreadable amount', () => {
    const error = failure(() =>
      loadScoringModel({
        id: 'm',
        name: 'M',
        factors: [
          { id: 'a', source: revenue, weight: 1, normalise: 'rank' },
          {
            id: 'b',
            source: revenue,
            weight: 1,
            normalise: { method: 'points', table: [{ min: 'lots', points: 1 }] },
          },
        ],
      }),
    );
    expect(issuePaths(error)).toEqual(['factors[0].normalise.method', 'factors[1].normalise.table[0].min']);
    expect(error.issues[0]?.expected.en).toBe('expected one of: min-max, percentile, z-score, log, points');
  });

  it('rejects an empty factor list', () => {
    const error = failure(() => loadScoringModel({ id: 'm', name: 'M', factors: [] }));
    expect(error.path).toBe('factors');
    expect(error.messageIn('en')).toBe('Invalid scoring model — factors: expected at least one factor');
  });

  it('lists every bad field at once', () => {
    const error = failure(() =>
      loadScoringModel({
        id: '',
        name: 'M',
        factors: [
          { id: 'a', source: { metric: 'nope' } },
          { id: 'b', source: revenue, weight: -2, direction: 'up' },
        ],
      }),
    );
    expect(issuePaths(error).sort()).toEqual(
      [
        'id',
        'factors[0].source.metric',
        'factors[0].weight',
        'factors[1].weight',
        'factors[1].direction',
      ].sort(),
    );
  });
});

describe('loadScoringModelFile', () => {
  it('reads a YAML model, with amounts in points tables read as fen', async () => {
    const model = await loadScoringModelFile(fixture('prospect-model.yaml'));
    expect(model.id).toBe('prospect');
    expect(model.factors.map((factor) => factor.id)).toEqual(['headcount', 'spend', 'signed']);
    expect(model.factors[1]?.normalise).toEqual({
      method: 'points',
      below: 0,
      table: [
        { min: 15_000_000, points: 1 },
        { min: 100_000_000, points: 3 },
        { min: 500_000_000, points: 5 },
      ],
    });
  });

  it('names the file and every bad field', async () => {
    const error = await loadScoringModelFile(fixture('bad-model.yaml')).then(
      () => undefined,
      (reason: unknown) => reason as KamError,
    );
    expect(error?.code).toBe('INVALID_CONFIG');
    expect(error?.message).toContain('bad-model.yaml');
    expect(error && issuePaths(error)).toEqual([
      'factors[0].source.metric',
      'factors[0].weight',
      'factors[1].weight',
      'factors[1].normalise.table[1].min',
    ]);
  });

  it('reports malformed JSON and a missing file', async () => {
    await expect(loadScoringModelFile(fixture('malformed.json'))).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringContaining('is not valid JSON/YAML'),
    });
    await expect(loadScoringModelFile(fixture('no-such-model.yaml'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
