import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { updateAlert } from '../../alerts/alert-work.js';
import type { Account } from '../../domain/account.js';
import { defaultPolicies } from '../../portfolio/policies.js';
import { runPortfolio } from '../../portfolio/run-portfolio.js';
import { createMemoryStore } from '../../store/memory-store.js';
import { renderReport } from '../render/render-report.js';
import { churnFigures, type LossReason } from './churn.js';
import { buildKpiScorecard } from './kpi-scorecard.js';
import { buildPortfolioAnalysis } from './portfolio-analysis.js';
import { loadReportSource } from './source.js';

const account = (id: string, ownerA: string): Account => ({
  id,
  name: id,
  aliases: [],
  parentId: null,
  type: 'private',
  division: '华东',
  flags: [],
  ownerA,
  ownerB: null,
  attributes: {},
});

/**
 * Six key accounts in September 2026 (¥5,000 a month since January 2025);
 * three of them buy nothing in October and leave the key-account list:
 * `closed-1` (u-a) explained as closed (normal), `rival-2` (u-a) as gone to a
 * competitor (abnormal), `silent-3` (u-b) not explained yet.
 */
async function smallPortfolio() {
  const store = createMemoryStore();
  const defaults = defaultPolicies();
  // Without the two-month confirmation, an account that fails admission leaves the list at once.
  const policies = {
    ...defaults,
    tiers: { ...defaults.tiers, hysteresis: { confirmPeriods: 1, marginBand: undefined } },
  };
  const owners: Record<string, string> = {
    'keep-1': 'u-a',
    'keep-2': 'u-a',
    'closed-1': 'u-a',
    'rival-2': 'u-a',
    'keep-3': 'u-b',
    'silent-3': 'u-b',
  };
  const rows = [];
  for (const [id, owner] of Object.entries(owners)) {
    await store.putAccount(account(id, owner), { actor: 'test' });
    const months = id.startsWith('keep') ? 22 : 21;
    for (let index = 0; index < months; index++) {
      const month = `${2025 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
      rows.push({
        id: `${id}-${month}`,
        accountId: id,
        date: `${month}-10`,
        amountFen: 500_000,
        category: 'general',
      });
    }
  }
  await store.insertTransactions(rows);
  await runPortfolio({ store, policies, asOf: '2026-09', actor: 'u-admin' });
  const run = await runPortfolio({ store, policies, asOf: '2026-10', actor: 'u-admin' });
  return { store, policies, run };
}

describe('churn and abnormal churn (流失率 / 异常流失率)', () => {
  it('on a small portfolio: rates by hand, per manager and in total, unexplained losses counted as abnormal', async () => {
    const { store, policies, run } = await smallPortfolio();
    expect(run.tiers.filter((row) => row.tier === null).map((row) => row.accountId)).toEqual([
      'closed-1',
      'rival-2',
      'silent-3',
    ]);
    const meta = { actor: 'u-a' };
    await updateAlert(
      store,
      'tier-downgrade|closed-1|2026-10',
      { action: 'explain', cause: 'closed', note: '企业注销' },
      { causes: policies.alerts.causes, meta },
    );
    await updateAlert(
      store,
      'tier-downgrade|rival-2|2026-10',
      { action: 'explain', cause: '转向竞争对手' },
      { causes: policies.alerts.causes, meta },
    );
    const source = await loadReportSource({ store, asOf: '2026-10', policies });

    const scorecard = buildKpiScorecard(source);
    const line = (owner: string) => scorecard.lines.find((entry) => entry.ownerId === owner)!.churn;
    // u-a: 4 key accounts in September, 2 lost (1 normal, 1 abnormal) → 50 %, abnormal 25 %.
    expect(line('u-a')).toEqual({
      keyAccountsAtStart: 4,
      lost: 2,
      normal: 1,
      abnormal: 1,
      unexplained: 0,
      churnRate: 0.5,
      abnormalChurnRate: 0.25,
    });
    // u-b: 2 key accounts, 1 lost and not yet explained → abnormal until explained: 50 %, 50 %.
    expect(line('u-b')).toEqual({
      keyAccountsAtStart: 2,
      lost: 1,
      normal: 0,
      abnormal: 1,
      unexplained: 1,
      churnRate: 0.5,
      abnormalChurnRate: 0.5,
    });
    expect(scorecard.totals.churn).toEqual({
      keyAccountsAtStart: 6,
      lost: 3,
      normal: 1,
      abnormal: 2,
      unexplained: 1,
      churnRate: 0.5,
      abnormalChurnRate: 2 / 6,
    });

    const analysis = buildPortfolioAnalysis(source);
    expect(analysis.churn).toEqual(scorecard.totals.churn);
    expect(Object.fromEntries(analysis.lost.map((entry) => [entry.accountId, entry.loss]))).toEqual({
      'closed-1': {
        kind: 'normal',
        cause: { 'zh-CN': '客户关闭或注销', en: 'business closed' },
        note: '企业注销',
      },
      'rival-2': { kind: 'abnormal', cause: { 'zh-CN': '转向竞争对手', en: 'competitor' }, note: null },
      'silent-3': { kind: 'abnormal', cause: null, note: null },
    });

    const text = renderReport(analysis, { locale: 'zh-CN', format: 'txt' });
    expect(text.format === 'txt' && text.text).toContain(
      '流失率 50.0%（3/6）：正常流失 1，异常流失 2（其中 1 个尚未说明原因，按异常计）；异常流失率 33.3%',
    );
    expect(text.format === 'txt' && text.text).toContain('closed-1 (正常流失, 客户关闭或注销 — 企业注销)');
    expect(text.format === 'txt' && text.text).toContain('silent-3 (异常流失, 原因未说明，按异常流失计)');
    const kpi = renderReport(scorecard, { locale: 'en', format: 'md' });
    expect(kpi.format === 'md' && kpi.text).toContain(
      'Churn 50.0% (2 of 4): 1 normal, 1 abnormal (0 not yet explained, counted as abnormal); abnormal churn 25.0%',
    );
  }, 60_000);

  it('normal + abnormal = lost, unexplained ≤ abnormal, and the rates are those counts over the key accounts at the start', () => {
    const reason = fc.record({
      kind: fc.constantFrom('normal' as const, 'abnormal' as const),
      cause: fc.option(fc.constant({ 'zh-CN': '其他', en: 'other' }), { nil: null }),
      note: fc.constant(null),
    });
    fc.assert(
      fc.property(fc.array(reason, { maxLength: 40 }), fc.nat(60), (losses: LossReason[], extra) => {
        const start = losses.length + extra;
        const churn = churnFigures(start, losses);
        expect(churn.normal + churn.abnormal).toBe(churn.lost);
        expect(churn.lost).toBe(losses.length);
        expect(churn.unexplained).toBeLessThanOrEqual(churn.abnormal);
        expect(churn.normal).toBe(losses.filter((loss) => loss.kind === 'normal').length);
        if (start === 0) {
          expect(churn.churnRate).toBeNull();
          expect(churn.abnormalChurnRate).toBeNull();
        } else {
          expect(churn.churnRate).toBe(churn.lost / start);
          expect(churn.abnormalChurnRate).toBe(churn.abnormal / start);
          expect(churn.abnormalChurnRate!).toBeLessThanOrEqual(churn.churnRate!);
        }
      }),
    );
  });
});
