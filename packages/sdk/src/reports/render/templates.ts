import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { KAM_ERROR_CODES, KamError } from '../../errors/kam-error.js';
import { registerReportHelpers } from './helpers.js';
import { PRECOMPILED_TEMPLATES } from './templates.generated.js';

/** A compiled report template. */
export type ReportTemplate = Handlebars.TemplateDelegate;

/** Templates by name (`portfolio.text`, `portfolio.md`, `portfolio.html.en`, `layout.html`…). */
export type TemplateSet = ReadonlyMap<string, ReportTemplate>;

/** The Handlebars environment the report templates run in, with the report helpers. */
export const reportHandlebars: typeof Handlebars = registerReportHelpers(Handlebars.create());

let builtIn: Map<string, ReportTemplate> | undefined;

/** The built-in templates, from the module precompiled at build. */
export function builtInTemplates(): TemplateSet {
  if (!builtIn) {
    builtIn = new Map();
    for (const [name, spec] of Object.entries(PRECOMPILED_TEMPLATES)) {
      builtIn.set(name, reportHandlebars.template(spec as TemplateSpecification));
    }
  }
  return builtIn;
}

/**
 * Compile one template source the way the build does: text templates without
 * HTML escaping, HTML templates (`*.html`, `*.html.<locale>`) with it.
 */
export function compileTemplate(name: string, source: string): ReportTemplate {
  const html = /\.html(\.|$)/.test(name);
  return reportHandlebars.compile(source, { noEscape: !html });
}

/**
 * Load template overrides from a folder: every `<name>.hbs` replaces the
 * built-in template of that name. Names may be format- and locale-specific:
 * `portfolio.md.hbs`, `portfolio.txt.zh-CN.hbs`, `portfolio.html.hbs`,
 * `layout.html.hbs`.
 *
 * @throws KamError `INVALID_CONFIG` naming the file when a template does not compile.
 * @example
 * ```ts
 * const templates = await loadTemplateOverrides('./templates');
 * renderReport(analysis, { locale: 'zh-CN', format: 'md', templates });
 * ```
 */
export async function loadTemplateOverrides(directory: string): Promise<TemplateSet> {
  const out = new Map<string, ReportTemplate>();
  for (const file of (await readdir(directory)).sort()) {
    if (!file.endsWith('.hbs')) continue;
    const name = file.slice(0, -'.hbs'.length);
    const source = await readFile(join(directory, file), 'utf8');
    try {
      const template = compileTemplate(name, source);
      // Compile now so a syntax error is reported at load, not at the first report.
      reportHandlebars.precompile(source);
      out.set(name, template);
    } catch (error) {
      throw new KamError({
        code: KAM_ERROR_CODES.INVALID_CONFIG,
        path: file,
        message: {
          'zh-CN': `模板 ${file} 无法编译：${error instanceof Error ? error.message : String(error)}`,
          en: `Template ${file} does not compile: ${error instanceof Error ? error.message : String(error)}`,
        },
        cause: error,
      });
    }
  }
  return out;
}
