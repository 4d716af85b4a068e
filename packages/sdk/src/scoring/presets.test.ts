import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '../metrics/metric-table.js';
import { loadScoringModelFile } from './load-model-file.js';
import { CONTRIBUTION_VALUE_MODEL, RFM_MODEL, SCORING_PRESETS } from './presets.js';

const preset = (name: string) => fileURLToPath(new URL(`./presets/${name}`, import.meta.url));

describe('scoring presets', () => {
  it('load from disk exactly as bundled', async () => {
    expect(await loadScoringModelFile(preset('rfm.json'))).toEqual(RFM_MODEL);
    expect(await loadScoringModelFile(preset('contribution-value.json'))).toEqual(CONTRIBUTION_VALUE_MODEL);
    expect(Object.keys(SCORING_PRESETS).sort()).toEqual(['contribution-value', 'rfm']);
  });

  it('RFM: recency lower-is-better, frequency and spend over a rolling 12 months, by percentile', () => {
    expect(
      RFM_MODEL.factors.map((factor) => [
        factor.id,
        'metric' in factor.source && factor.source.metric,
        'metric' in factor.source && factor.source.window,
        factor.normalise.method,
        factor.direction,
      ]),
    ).toEqual([
      ['recency', 'recencyDays', { unit: 'rolling', months: 12 }, 'percentile', 'lower-is-better'],
      ['frequency', 'frequency', { unit: 'rolling', months: 12 }, 'percentile', 'higher-is-better'],
      ['monetary', 'revenue', { unit: 'rolling', months: 12 }, 'percentile', 'higher-is-better'],
    ]);
  });

  it('contribution value: profit first, then revenue, growth, frequency, credit, potential, standing', () => {
    const factors = CONTRIBUTION_VALUE_MODEL.factors;
    expect(factors.map((factor) => factor.id)).toEqual([
      'profit',
      'revenue',
      'growth',
      'frequency',
      'credit',
      'potential',
      'industry',
    ]);
    const weights = factors.map((factor) => factor.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    expect(weights.reduce((sum, weight) => sum + weight, 0)).toBe(100);
    expect(factors.find((factor) => factor.id === 'credit')?.source).toEqual({ attribute: 'creditScore' });
    for (const factor of factors) {
      if ('metric' in factor.source) expect(METRIC_NAMES).toContain(factor.source.metric);
    }
  });
});
