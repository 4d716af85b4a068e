import { type Issue, KAM_ERROR_CODES, KamError, type LocalisedText } from '../errors/kam-error.js';

/** What an import reads: one kind of record. */
export type ImportKind =
  | 'accounts'
  | 'contacts'
  | 'transactions'
  | 'interactions'
  | 'payments'
  | 'complaints'
  | 'contracts'
  | 'tasks'
  | 'surveys'
  | 'unit-plans'
  | 'relationship-plans'
  | 'alerts';

/** The kinds, in the order they are usually imported (accounts first). */
export const IMPORT_KINDS = [
  'accounts',
  'contacts',
  'transactions',
  'interactions',
  'payments',
  'complaints',
  'contracts',
  'tasks',
  'surveys',
  'unit-plans',
  'relationship-plans',
  'alerts',
] as const;

/** Names of each kind for messages. */
export const IMPORT_KIND_LABELS: Record<ImportKind, LocalisedText> = {
  accounts: { 'zh-CN': '客户', en: 'accounts' },
  contacts: { 'zh-CN': '联系人', en: 'contacts' },
  transactions: { 'zh-CN': '交易', en: 'transactions' },
  interactions: { 'zh-CN': '联系记录', en: 'interactions' },
  payments: { 'zh-CN': '回款', en: 'payments' },
  complaints: { 'zh-CN': '投诉', en: 'complaints' },
  contracts: { 'zh-CN': '合同', en: 'contracts' },
  tasks: { 'zh-CN': '任务', en: 'tasks' },
  surveys: { 'zh-CN': '满意度问卷', en: 'survey responses' },
  'unit-plans': { 'zh-CN': '单位月度小结', en: 'units’ monthly narratives' },
  'relationship-plans': { 'zh-CN': '客户关系发展计划', en: 'relationship plans' },
  alerts: { 'zh-CN': '预警处理情况', en: 'alert work (status, assignee, cause, note)' },
};

/** One problem with one row: where (row and column), what was found, and what was expected. */
export interface RowProblem {
  /** 1-based row number as the spreadsheet shows it (the CSV header is row 1). */
  row: number;
  /** The column as the file names it (or the field name when the column is absent). */
  column: string;
  /** The value found, as text (empty when missing). */
  value: string;
  /** The expected form, in both locales. */
  expected: LocalisedText;
}

/** Describe a problem in one locale, e.g. `row 3, column 日期: "2026-13-01" — expected …`. */
export function describeProblem(problem: RowProblem, locale: 'zh-CN' | 'en'): string {
  const shown = problem.value.length > 60 ? `${problem.value.slice(0, 57)}...` : problem.value;
  if (locale === 'zh-CN') {
    const found = problem.value === '' ? '为空' : `为“${shown}”`;
    return `第 ${problem.row} 行“${problem.column}”列${found}，应为${problem.expected['zh-CN']}`;
  }
  const found = problem.value === '' ? 'is empty' : `is "${shown}"`;
  return `row ${problem.row}, column ${problem.column} ${found}; expected ${problem.expected.en}`;
}

/** The {@link Issue} form of a row problem: path `row 3, column 日期`. */
export function problemIssue(problem: RowProblem): Issue {
  return {
    path: `row ${problem.row}, column ${problem.column}`,
    expected: {
      'zh-CN': describeProblem(problem, 'zh-CN'),
      en: describeProblem(problem, 'en'),
    },
  };
}

/** Options for {@link ImportError}. */
export interface ImportErrorOptions {
  kind: ImportKind;
  file: string;
  problems: readonly RowProblem[];
  cause?: unknown;
}

/**
 * An all-or-nothing import that stopped: nothing was stored. Code
 * `IMPORT_FAILED`; `problems` lists each bad row with its column and expected
 * form, and `issues` carries the same as KAMkit {@link Issue}s.
 */
export class ImportError extends KamError {
  /** What was being imported. */
  readonly kind: ImportKind;
  /** The file name (or `stream`). */
  readonly file: string;
  /** Every problem found before the import stopped, in row order. */
  readonly problems: readonly RowProblem[];

  constructor(options: ImportErrorOptions) {
    const first = options.problems[0];
    const label = IMPORT_KIND_LABELS[options.kind];
    const list = (locale: 'zh-CN' | 'en') =>
      options.problems.map((problem) => describeProblem(problem, locale)).join('; ');
    super({
      code: KAM_ERROR_CODES.IMPORT_FAILED,
      path: first ? `row ${first.row}, column ${first.column}` : undefined,
      issues: options.problems.map(problemIssue),
      cause: options.cause,
      message: {
        'zh-CN': `导入${label['zh-CN']}失败（${options.file}），未写入任何数据：${list('zh-CN')}`,
        en: `Import of ${label.en} from ${options.file} failed; nothing was stored: ${list('en')}`,
      },
    });
    this.name = 'ImportError';
    this.kind = options.kind;
    this.file = options.file;
    this.problems = options.problems;
  }
}
