#!/usr/bin/env node
/**
 * Write the pictures and samples of docs/reports.md from the demo portfolio:
 * docs/images/{tier-distribution,tier-revenue,revenue-trend,review360-radar}.svg
 * (+ a PNG of the tier chart through resvg) and docs/images/samples/*.{md,txt,json}.
 *
 *   node packages/sdk/scripts/render-doc-samples.mjs
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const sdk = join(dirname(fileURLToPath(import.meta.url)), '..');
const images = join(sdk, '..', '..', 'docs/images');
const src = (path) => JSON.stringify(join(sdk, 'src', path));
mkdirSync(join(sdk, 'node_modules', '.cache'), { recursive: true });
const work = mkdtempSync(join(sdk, 'node_modules', '.cache', 'kamkit-samples-'));
try {
  writeFileSync(
    join(work, 'entry.ts'),
    `
import { seedDemoStore, DEMO_MONTH } from ${src('reports/__fixtures__/demo-source.ts')};
import { answersAll, rating, testCycle } from ${src('review360/__fixtures__/build.ts')};
import { competencyModelPreset } from ${src('review360/presets.ts')};
import { computeCycleResults } from ${src('review360/results.ts')};
import * as reports from ${src('reports/index.ts')};
export async function samples() {
  const { store } = await seedDemoStore();
  const source = await reports.loadReportSource({ store, asOf: DEMO_MONTH });
  const at = new Date('2026-11-01T01:30:00Z');
  const analysis = reports.buildPortfolioAnalysis(source);
  const accountId = source.run.tiers.find((tier) => tier.tier === 'gold' && tier.upgrade !== null)?.accountId ?? source.run.accounts[0].id;
  const card = reports.buildAccountCard(source, accountId);
  const account = reports.buildAccountReport(source, accountId, { period: '2026-Q3' });
  const kpi = reports.buildKpiScorecard(source, { targets: reports.loadKpiTargets(source.users.filter((u) => u.role === 'account-manager').slice(0, 3).map((u) => ({ ownerId: u.id, revenue: '30万', collections: '25万', newKeyAccounts: 1 }))) });
  const model = competencyModelPreset('dcfin-27');
  const cycle = testCycle('annual-review', {}, 2);
  const all = (v) => answersAll(model, (i) => Math.max(1, Math.min(5, v + ((i * 7) % 5) / 4 - 0.5)));
  const results = computeCycleResults({ cycle, model, submissions: [
    rating({ rater: 'boss', relation: 'supervisor', answers: all(3.6) }),
    ...[3.2, 3.4, 3.0].map((v, i) => rating({ rater: 'sub' + i, relation: 'subordinate', answers: all(v) })),
    ...[3.5, 3.8, 3.3].map((v, i) => rating({ rater: 'peer' + i, relation: 'peer', answers: all(v) })),
    rating({ rater: 'self', relation: 'self', answers: all(4.3) }),
    rating({ subjectId: 's2', rater: 'boss', relation: 'supervisor', answers: all(4) }),
  ] });
  const r360 = reports.buildReview360Individual({ result: results.resultFor('s1'), model, subjectName: '员工1' });
  const summary = reports.buildReview360Summary({ cycle, results });
  const digest = reports.buildDueDigest(source.run, { names: new Map(source.users.map((u) => [u.id, u.name])), perOwner: 4 });
  const out = {};
  const text = (data, locale, format) => { const r = reports.renderReport(data, { locale, format, generatedAt: at }); return r.format === 'html' ? r.html : r.format === 'slack' ? JSON.stringify(r.messages, null, 2) : r.format === 'txt' ? r.messages.join('\\n\\n=== next message ===\\n\\n') : r.text; };
  out['samples/portfolio.zh-CN.md'] = text(analysis, 'zh-CN', 'md');
  out['samples/portfolio.en.md'] = text(analysis, 'en', 'md');
  out['samples/portfolio.zh-CN.txt'] = text(analysis, 'zh-CN', 'txt');
  out['samples/portfolio.en.slack.json'] = text(analysis, 'en', 'slack');
  out['samples/account-card.zh-CN.md'] = text(card, 'zh-CN', 'md');
  out['samples/account-report.en.md'] = text(account, 'en', 'md');
  out['samples/kpi.zh-CN.md'] = text(kpi, 'zh-CN', 'md');
  out['samples/review360.en.md'] = text(r360, 'en', 'md');
  out['samples/review360-summary.zh-CN.md'] = text(summary, 'zh-CN', 'md');
  out['samples/due-digest.zh-CN.txt'] = text(digest, 'zh-CN', 'txt');
  out['samples/account-card.zh-CN.html'] = text(card, 'zh-CN', 'html');
  out['samples/review360.en.html'] = text(r360, 'en', 'html');
  out['tier-distribution.svg'] = reports.tierDistributionChart(analysis, 'zh-CN');
  out['tier-revenue.svg'] = reports.tierRevenueChart(analysis, 'zh-CN');
  out['revenue-trend.svg'] = reports.monthlyTrendChart(analysis.trend, 'zh-CN', 800);
  out['review360-radar.svg'] = reports.review360RadarChart(r360, 'zh-CN');
  out['review360-radar.png'] = await reports.svgToPng(out['review360-radar.svg'], 480);
  await store.close();
  return out;
}
`,
  );
  await build({
    entryPoints: [join(work, 'entry.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: join(work, 'bundle.mjs'),
    packages: 'external',
    absWorkingDir: sdk,
    logLevel: 'error',
  });
  const { samples } = await import(pathToFileURL(join(work, 'bundle.mjs')).href);
  mkdirSync(join(images, 'samples'), { recursive: true });
  for (const [name, content] of Object.entries(await samples())) {
    writeFileSync(join(images, name), content);
    process.stdout.write(`wrote docs/images/${name}\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
