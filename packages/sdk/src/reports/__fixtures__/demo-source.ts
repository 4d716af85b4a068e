/** The demo portfolio in a memory store, run for three months, as a report source (tests only). */
import { type DemoPortfolio, generatePortfolio } from '../../demo/generate-portfolio.js';
import { seedDemoPortfolio } from '../../demo/seed-demo.js';
import { defaultPolicies } from '../../portfolio/policies.js';
import { runPortfolio } from '../../portfolio/run-portfolio.js';
import { createMemoryStore } from '../../store/index.js';
import type { Store } from '../../store/port.js';
import { addMonths } from '../../time/calendar.js';
import { loadReportSource, type ReportSource } from '../data/source.js';

/** The demo's last month. */
export const DEMO_MONTH = '2026-10';

let cached: Promise<{ store: Store; portfolio: DemoPortfolio; source: ReportSource }> | undefined;

/** Seed a fresh memory store with the demo portfolio (as `kamkit demo` does) and run three months. */
export async function seedDemoStore(): Promise<{ store: Store; portfolio: DemoPortfolio }> {
  const store = createMemoryStore();
  const portfolio = generatePortfolio({ asOf: DEMO_MONTH });
  await seedDemoPortfolio(store, portfolio);
  const policies = defaultPolicies();
  for (let offset = -2; offset <= 0; offset++) {
    await runPortfolio({
      store,
      policies,
      asOf: addMonths(DEMO_MONTH, offset),
      actor: 'demo',
      now: () => new Date('2026-11-01T00:00:00Z'),
    });
  }
  return { store, portfolio };
}

/** The demo report source for {@link DEMO_MONTH}, built once per test file. */
export function demoSource(): Promise<{ store: Store; portfolio: DemoPortfolio; source: ReportSource }> {
  cached ??= (async () => {
    const { store, portfolio } = await seedDemoStore();
    const source = await loadReportSource({ store, asOf: DEMO_MONTH });
    return { store, portfolio, source };
  })();
  return cached;
}
