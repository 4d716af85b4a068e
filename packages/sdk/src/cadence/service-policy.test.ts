import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKamError, type KamError } from '../errors/kam-error.js';
import { loadServicePolicy, loadServicePolicyFile } from './service-policy.js';

const label = { 'zh-CN': '电话回访', en: 'Phone call' };
const minimal = {
  id: 'p',
  name: { 'zh-CN': '策略', en: 'Policy' },
  rules: [{ kind: 'interval', id: 'call', label, kinds: ['call'], every: { count: 2, unit: 'week' } }],
};

function failure(raw: unknown): KamError {
  try {
    loadServicePolicy(raw);
  } catch (error) {
    if (isKamError(error)) return error;
    throw error;
  }
  throw new Error('expected the policy to be rejected');
}

describe('loadServicePolicy', () => {
  it('fills defaults', () => {
    const policy = loadServicePolicy(minimal);
    expect(policy.responsible).toBe('both');
    expect(policy.horizonDays).toBe(7);
    const rule = policy.rules[0]!;
    expect(rule.tiers).toBe('all');
    expect(rule.kind === 'interval' && rule.actorLevel).toBe('specialist');
  });

  it('rejects an interval of zero with the path', () => {
    const error = failure({
      ...minimal,
      rules: [{ ...minimal.rules[0], every: { count: 0, unit: 'week' } }],
    });
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.path).toBe('rules[0].every.count');
  });

  it('rejects an unknown interaction kind, a duplicate id and a tier the policy does not declare', () => {
    const error = failure({
      ...minimal,
      tiers: ['A-1'],
      rules: [
        { ...minimal.rules[0], kinds: ['telepathy'] },
        { ...minimal.rules[0], tiers: ['A-9'] },
      ],
    });
    expect(error.issues.map((issue) => issue.path)).toContain('rules[0].kinds[0]');
    const refined = failure({
      ...minimal,
      tiers: ['A-1'],
      rules: [minimal.rules[0], { ...minimal.rules[0], tiers: ['A-9'] }],
    });
    expect(refined.issues.map((issue) => issue.path)).toEqual(['rules[1].id', 'rules[1].tiers[0]']);
    expect(refined.messageIn('en')).toContain('unknown tier A-9');
  });

  it('rejects atMost below atLeast and an impossible occasion date', () => {
    const frequency = failure({
      ...minimal,
      rules: [{ kind: 'frequency', id: 'v', label, kinds: ['visit'], atLeast: 2, atMost: 1, per: 'month' }],
    });
    expect(frequency.path).toBe('rules[0].atMost');
    const occasion = failure({
      ...minimal,
      rules: [{ kind: 'occasion', id: 'o', label, kinds: ['card'], occasions: ['02-30'] }],
    });
    expect(occasion.path).toBe('rules[0].occasions[0]');
  });

  it('reads JSON and YAML files, and names the file when it cannot', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'kamkit-cadence-'));
    const yamlPath = join(folder, 'policy.yaml');
    await writeFile(
      yamlPath,
      [
        'id: p',
        'name: { zh-CN: 策略, en: Policy }',
        'rules:',
        '  - kind: frequency',
        '    id: visit',
        '    label: { zh-CN: 走访, en: Visit }',
        '    kinds: [visit]',
        '    atLeast: 1',
        '    per: month',
      ].join('\n'),
    );
    const policy = await loadServicePolicyFile(yamlPath);
    expect(policy.rules[0]).toMatchObject({ kind: 'frequency', atLeast: 1, per: 'month' });
    const jsonPath = join(folder, 'policy.json');
    await writeFile(jsonPath, JSON.stringify(minimal));
    expect((await loadServicePolicyFile(jsonPath)).id).toBe('p');
    await writeFile(jsonPath, '{ not json');
    await expect(loadServicePolicyFile(jsonPath)).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      path: jsonPath,
    });
    await expect(loadServicePolicyFile(join(folder, 'missing.yaml'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
