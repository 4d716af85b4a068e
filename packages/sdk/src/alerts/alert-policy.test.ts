import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKamError, type KamError } from '../errors/kam-error.js';
import { loadAlertPolicy, loadAlertPolicyFile } from './alert-policy.js';

function failure(monitors: unknown[]): KamError {
  try {
    loadAlertPolicy({ id: 'p', monitors });
  } catch (error) {
    if (isKamError(error)) return error;
    throw error;
  }
  throw new Error('expected the policy to be rejected');
}

describe('loadAlertPolicy', () => {
  it('fills the seed defaults: 30 % fluctuation excluding one-off accounts, 180 days dormancy', () => {
    const policy = loadAlertPolicy({ id: 'p', monitors: [{ kind: 'fluctuation' }, { kind: 'dormancy' }] });
    expect(policy.monitors[0]).toMatchObject({
      threshold: 0.3,
      oneOff: { flags: ['one-off'] },
      severity: 'warning',
    });
    expect(policy.monitors[1]).toMatchObject({ days: 180, includeNeverActive: false });
  });

  it('rejects a threshold out of range with its path', () => {
    expect(failure([{ kind: 'fluctuation', threshold: 0 }]).path).toBe('monitors[0].threshold');
    expect(failure([{ kind: 'dormancy' }, { kind: 'fluctuation', threshold: 11 }]).path).toBe(
      'monitors[1].threshold',
    );
    expect(failure([{ kind: 'below-average', indicator: { metric: 'revenue' }, factor: -1 }]).path).toBe(
      'monitors[0].factor',
    );
  });

  it('rejects an unknown metric at the metric, listing the known ones', () => {
    const error = failure([{ kind: 'below-average', indicator: { metric: 'revnue' } }]);
    expect(error.path).toBe('monitors[0].indicator.metric');
    expect(error.messageIn('en')).toContain('revenue');
    expect(error.code).toBe('INVALID_CONFIG');
  });

  it('rejects N < 1', () => {
    expect(failure([{ kind: 'decline', periods: 0 }]).path).toBe('monitors[0].periods');
    expect(failure([{ kind: 'dormancy', days: 0 }]).path).toBe('monitors[0].days');
    expect(failure([{ kind: 'fluctuation', oneOff: { minActiveMonths: 0 } }]).path).toBe(
      'monitors[0].oneOff.minActiveMonths',
    );
  });

  it('rejects two monitors with one id, and a tier listed twice', () => {
    expect(failure([{ kind: 'dormancy' }, { kind: 'dormancy', days: 90 }]).path).toBe('monitors[1].id');
    expect(failure([{ kind: 'tier-downgrade', tierOrder: ['A', 'B', 'A'] }]).path).toBe(
      'monitors[0].tierOrder[2]',
    );
    expect(
      loadAlertPolicy({
        id: 'p',
        monitors: [{ kind: 'dormancy' }, { kind: 'dormancy', id: 'short', days: 90 }],
      }).monitors,
    ).toHaveLength(2);
  });

  it('reads a YAML file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'kamkit-alerts-'));
    const path = join(folder, 'alerts.yml');
    await writeFile(
      path,
      'id: power\nmonitors:\n  - kind: dormancy\n    days: 180\n    excludeFlags: [suspended]\n  - kind: below-average\n    indicator: { metric: revenue, window: { unit: rolling, months: 12 } }\n',
    );
    const policy = await loadAlertPolicyFile(path);
    expect(policy.monitors[0]).toMatchObject({ kind: 'dormancy', excludeFlags: ['suspended'] });
    expect(policy.monitors[1]).toMatchObject({
      indicator: { metric: 'revenue', window: { unit: 'rolling', months: 12 } },
    });
  });
});
