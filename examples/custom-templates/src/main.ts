/**
 * Custom report templates: a folder of Handlebars files named after the
 * built-in templates they replace (`portfolio.md.hbs`,
 * `account-card.md.zh-CN.hbs`, …), loaded once and passed to `renderReport`.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import {
  buildAccountCard,
  buildPortfolioAnalysis,
  createMemoryStore,
  type Locale,
  loadReportSource,
  loadTemplateOverrides,
  type RenderedReport,
  renderReport,
} from '@kamkit/sdk';
import { seed } from './data.js';

/** This example's template folder (next to `src/` and `dist/`). */
export const TEMPLATES_DIR = fileURLToPath(new URL('../templates/', import.meta.url));

/** Options for {@link main}. */
export interface CustomTemplatesOptions {
  /** The report month, `YYYY-MM`. Default `2026-10`. */
  asOf?: string;
  /** The folder of overrides. Default {@link TEMPLATES_DIR}. */
  templatesDir?: string;
}

/** The reports rendered with the overrides, per locale. */
export interface CustomTemplatesOutput {
  portfolio: Record<Locale, string>;
  card: Record<Locale, string>;
  /** The built-in Markdown portfolio, for comparison. */
  builtInPortfolio: string;
  /** Everything above as one printable text. */
  text: string;
}

const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

/**
 * Render the portfolio analysis and an account card through the overrides, in both locales.
 *
 * @throws KamError `INVALID_CONFIG` naming the file when a template in the folder does not compile.
 * @example
 * ```ts
 * const { portfolio } = await main();
 * console.log(portfolio.en); // "# Board brief · 2026-10" …
 * ```
 */
export async function main(options: CustomTemplatesOptions = {}): Promise<CustomTemplatesOutput> {
  const asOf = options.asOf ?? '2026-10';
  const templates = await loadTemplateOverrides(options.templatesDir ?? TEMPLATES_DIR);
  const store = createMemoryStore();
  try {
    await seed(store, asOf);
    const source = await loadReportSource({ store, asOf });
    const analysis = buildPortfolioAnalysis(source);
    const card = buildAccountCard(source, 'hengtong');
    const markdown = (rendered: RenderedReport) => (rendered.format === 'md' ? rendered.text : '');
    const generatedAt = new Date(`${asOf}-28T00:00:00Z`);
    const portfolio = {} as Record<Locale, string>;
    const cards = {} as Record<Locale, string>;
    for (const locale of LOCALES) {
      portfolio[locale] = markdown(renderReport(analysis, { locale, format: 'md', templates, generatedAt }));
      cards[locale] = markdown(renderReport(card, { locale, format: 'md', templates, generatedAt }));
    }
    const builtInPortfolio = markdown(renderReport(analysis, { locale: 'en', format: 'md', generatedAt }));
    const text = [portfolio['zh-CN'], portfolio.en, cards['zh-CN'], cards.en].join('\n---\n\n');
    return { portfolio, card: cards, builtInPortfolio, text };
  } finally {
    await store.close();
  }
}
