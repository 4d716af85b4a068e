import type Handlebars from 'handlebars';
import { KAM_ERROR_CODES, KamError, type Locale } from '../../errors/kam-error.js';
import { formatNumber, formatPercent } from '../../money/decimal.js';
import { formatMoney, formatMoneyList } from '../../money/money.js';
import type { TierMigrations } from '../../tiering/history.js';
import { localDateTime } from '../../time/calendar.js';
import { REPORT_MESSAGES } from './messages.js';

/** What a template run knows besides its data: passed as Handlebars `@data`. */
export interface RenderData {
  locale: Locale;
  /** `md`, `txt`, `slack` or `html`. */
  format: string;
  timeZone: string;
}

type HelperOptions = Handlebars.HelperOptions;

function renderData(options: HelperOptions): RenderData {
  const data = options.data as Partial<RenderData> | undefined;
  return {
    locale: data?.locale ?? 'zh-CN',
    format: data?.format ?? 'md',
    timeZone: data?.timeZone ?? 'Asia/Shanghai',
  };
}

/** Handlebars passes its options object last; this splits it from the arguments. */
function split(values: unknown[]): { args: unknown[]; options: HelperOptions } {
  return { args: values.slice(0, -1), options: values[values.length - 1] as HelperOptions };
}

/**
 * Look up a message and fill `{name}` placeholders; `{name|one|other}`
 * picks `one` when the number `name` is 1, else `other` (English plurals).
 *
 * @throws KamError `INVALID_CONFIG` when the key is missing in the locale.
 */
export function message(locale: Locale, key: string, params: Readonly<Record<string, unknown>> = {}): string {
  const text = REPORT_MESSAGES[locale][key];
  if (text === undefined) {
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_CONFIG,
      path: key,
      message: {
        'zh-CN': `报表文案缺少键 ${key}（${locale}）`,
        en: `Report messages lack the key ${key} (${locale})`,
      },
    });
  }
  return text
    .replace(/\{(\w+)\|([^|}]*)\|([^}]*)\}/g, (_whole, name: string, one: string, other: string) =>
      Number(params[name]) === 1 ? one : other,
    )
    .replace(/\{(\w+)\}/g, (whole, name: string) =>
      params[name] === undefined || params[name] === null ? whole : String(params[name]),
    );
}

const dash = '—';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** A ratio as a percentage with one decimal (`0.314` → `31.4%`). */
export function percentText(value: unknown): string {
  return isNumber(value) ? formatPercent(value) : dash;
}

/** A relative change with its sign (`+12.0%`, `-31.0%`). */
export function changeText(value: unknown): string {
  if (!isNumber(value)) return dash;
  return formatPercent(value, { signed: true });
}

/** An instant as `YYYY-MM-DD HH:mm` in `timeZone`. */
export function dateTimeText(instant: string | Date, timeZone: string): string {
  return localDateTime(instant, timeZone).slice(0, 16);
}

/** The off-diagonal cells of a migration matrix with their labels, largest first. */
export function migrationMoves(
  migrations: Pick<TierMigrations, 'counts'> & { labels: readonly unknown[] },
): { from: unknown; to: unknown; count: number }[] {
  const moves: { from: unknown; to: unknown; count: number }[] = [];
  migrations.counts.forEach((row, from) => {
    row.forEach((count, to) => {
      if (from !== to && count > 0)
        moves.push({ from: migrations.labels[from], to: migrations.labels[to], count });
    });
  });
  return moves.sort((a, b) => b.count - a.count);
}

/**
 * Register the report helpers on a Handlebars environment: `t` (messages),
 * `l` (pick the locale of a localised text), `money`, `moneyIn` (an amount
 * in the format it shares with the other amounts of its sentence), `percent`, `change`,
 * `fixed`, `date` (organisation time zone), format-aware `h1`/`h2`/`b`/`hr`,
 * and small utilities (`inc`, `at`, `concat`, `eq`, `first`, `isNumber`,
 * `moves`, `trendClass`).
 */
export function registerReportHelpers(handlebars: typeof Handlebars): typeof Handlebars {
  handlebars.registerHelper('t', (key: string, options: HelperOptions) =>
    message(renderData(options).locale, String(key), options.hash as Record<string, unknown>),
  );
  handlebars.registerHelper('l', (value: unknown, options: HelperOptions) => {
    if (value === null || value === undefined) return dash;
    if (typeof value === 'string') return value;
    const text = (value as Record<string, string>)[renderData(options).locale];
    return text ?? dash;
  });
  handlebars.registerHelper('money', (value: unknown, options: HelperOptions) =>
    isNumber(value) ? formatMoney(value, renderData(options).locale) : dash,
  );
  // An amount in the one format it shares with the other amounts of its sentence:
  // (moneyIn value other …); others that are not numbers (no target) are left out.
  handlebars.registerHelper('moneyIn', (...values: unknown[]) => {
    const { args, options } = split(values);
    const [value, ...others] = args;
    return isNumber(value)
      ? formatMoneyList([value, ...others.filter(isNumber)], renderData(options).locale)[0]!
      : dash;
  });
  handlebars.registerHelper('percent', (value: unknown) => percentText(value));
  handlebars.registerHelper('change', (value: unknown) => changeText(value));
  handlebars.registerHelper('trendClass', (value: unknown) =>
    isNumber(value) ? (value > 0 ? 'up' : value < 0 ? 'down' : '') : '',
  );
  handlebars.registerHelper('fixed', (value: unknown, digits: unknown) =>
    isNumber(value) ? formatNumber(value, { decimals: isNumber(digits) ? digits : 2, fixed: true }) : dash,
  );
  handlebars.registerHelper('date', (value: unknown, options: HelperOptions) =>
    typeof value === 'string' || value instanceof Date
      ? dateTimeText(value, renderData(options).timeZone)
      : dash,
  );
  handlebars.registerHelper('h1', (text: unknown, options: HelperOptions) => {
    switch (renderData(options).format) {
      case 'txt':
        return `【${String(text)}】`;
      case 'slack':
        return `# ${String(text)}`;
      default:
        return `# ${String(text)}`;
    }
  });
  handlebars.registerHelper('h2', (text: unknown, options: HelperOptions) => {
    switch (renderData(options).format) {
      case 'txt':
        return `■ ${String(text)}`;
      case 'slack':
        return `*${String(text)}*`;
      default:
        return `## ${String(text)}`;
    }
  });
  handlebars.registerHelper('b', (text: unknown, options: HelperOptions) => {
    switch (renderData(options).format) {
      case 'txt':
        return String(text);
      case 'slack':
        return `*${String(text)}*`;
      default:
        return `**${String(text)}**`;
    }
  });
  handlebars.registerHelper('hr', (options: HelperOptions) =>
    renderData(options).format === 'txt' ? '————————' : '---',
  );
  handlebars.registerHelper('inc', (value: unknown) => (isNumber(value) ? value + 1 : value));
  handlebars.registerHelper('at', (list: unknown, index: unknown) =>
    Array.isArray(list) && isNumber(index) ? list[index] : undefined,
  );
  handlebars.registerHelper('concat', (...values: unknown[]) => split(values).args.map(String).join(''));
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  handlebars.registerHelper('isNumber', (value: unknown) => isNumber(value));
  handlebars.registerHelper('first', (list: unknown, count: unknown) =>
    Array.isArray(list) ? list.slice(0, isNumber(count) ? count : list.length) : [],
  );
  handlebars.registerHelper('moves', (migrations: Parameters<typeof migrationMoves>[0]) =>
    migrationMoves(migrations),
  );
  return handlebars;
}
