#!/usr/bin/env node
/**
 * Render the HTML portfolio report of the demo portfolio and screenshot it in
 * headless Chromium (Debian's `chromium`), saving docs/images/portfolio-report.png.
 *
 *   node packages/sdk/scripts/screenshot-report.mjs [--locale zh-CN|en] [--out <png>] [--html <file>]
 *
 * The SDK sources are bundled on the fly with esbuild, so no prior build is
 * needed. Exits non-zero when Chromium is missing or writes no image.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const sdk = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(sdk, '..', '..');
const { values } = parseArgs({
  options: {
    locale: { type: 'string', default: 'zh-CN' },
    out: { type: 'string', default: join(repo, 'docs/images/portfolio-report.png') },
    html: { type: 'string' },
    width: { type: 'string', default: '1280' },
    height: { type: 'string', default: '2400' },
  },
});

// Inside the package so the bundle resolves the SDK's dependencies.
mkdirSync(join(sdk, 'node_modules', '.cache'), { recursive: true });
const work = mkdtempSync(join(sdk, 'node_modules', '.cache', 'kamkit-screenshot-'));
try {
  const entry = join(work, 'entry.ts');
  writeFileSync(
    entry,
    `
import { seedDemoStore, DEMO_MONTH } from ${JSON.stringify(join(sdk, 'src/reports/__fixtures__/demo-source.ts'))};
import { loadReportSource } from ${JSON.stringify(join(sdk, 'src/reports/data/source.ts'))};
import { buildPortfolioAnalysis } from ${JSON.stringify(join(sdk, 'src/reports/data/portfolio-analysis.ts'))};
import { renderReport } from ${JSON.stringify(join(sdk, 'src/reports/render/render-report.ts'))};
export async function html(locale) {
  const { store } = await seedDemoStore();
  const source = await loadReportSource({ store, asOf: DEMO_MONTH });
  const rendered = renderReport(buildPortfolioAnalysis(source), { locale, format: 'html', generatedAt: new Date('2026-11-01T01:30:00Z') });
  await store.close();
  return rendered.html;
}
`,
  );
  const bundle = join(work, 'bundle.mjs');
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    packages: 'external',
    nodePaths: [join(sdk, 'node_modules')],
    absWorkingDir: sdk,
    logLevel: 'error',
  });
  const { html } = await import(pathToFileURL(bundle).href);
  const page = values.html ? resolve(values.html) : join(work, 'portfolio-report.html');
  writeFileSync(page, await html(values.locale));

  const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find(
    (command) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0,
  );
  if (!chromium) {
    process.stderr.write('chromium not found: apt-get install -y chromium\n');
    process.exit(1);
  }
  const out = resolve(values.out);
  mkdirSync(dirname(out), { recursive: true });
  if (existsSync(out)) rmSync(out);
  const result = spawnSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      `--user-data-dir=${join(work, 'profile')}`,
      `--screenshot=${out}`,
      `--window-size=${values.width},${values.height}`,
      pathToFileURL(page).href,
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (!existsSync(out) || statSync(out).size === 0) {
    process.stderr.write(`chromium wrote no screenshot (exit ${result.status})\n${result.stderr}\n`);
    process.exit(1);
  }
  process.stdout.write(`wrote ${out} (${statSync(out).size} bytes)\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
