/**
 * Turns a raw row into a validated domain record (account, contact,
 * transaction or interaction) or the list of problems that stop it — each
 * with row, column, value found and expected form.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AlertTarget } from '../alerts/alert-changes.js';
import { alertId } from '../alerts/alert-work.js';
import { type Contract, ContractSchema } from '../contracts/contract.js';
import { type Account, AccountSchema } from '../domain/account.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { Id } from '../domain/common.js';
import { type Complaint, ComplaintSchema } from '../domain/complaint.js';
import { type Contact, ContactSchema } from '../domain/contact.js';
import { type Interaction, InteractionSchema } from '../domain/interaction.js';
import { type Payment, PaymentSchema } from '../domain/payment.js';
import { STORABLE_TEXT, unstorableTextIssues, visibleText } from '../domain/storable-text.js';
import { type Transaction, TransactionSchema } from '../domain/transaction.js';
import type { LocalisedText } from '../errors/kam-error.js';
import {
  type RelationshipPlanInput,
  RelationshipPlanInputSchema,
  relationshipPlanId,
} from '../relationship-plans/relationship-plan.js';
import { type SurveyResponse, SurveyResponseSchema } from '../satisfaction/survey.js';
import { ALERT_STATUSES } from '../store/port.js';
import { type Task, TaskSchema } from '../tasks/task.js';
import { type UnitPlanInput, UnitPlanInputSchema, unitPlanId } from '../unit-plans/unit-plan.js';
import { type ColumnSpec, cellText, columnFor, KIND_COLUMNS, normaliseHeader } from './columns.js';
import type { DecodeState, DetectedEncoding } from './decode.js';
import { type FastTransactionPlan, planFastTransactions, readFastTransaction } from './fast-transaction.js';
import type { ImportKind, RowProblem } from './import-error.js';
import type { RawRow } from './read-rows.js';

/** The record type of each import kind. */
export interface ImportRecordOf {
  accounts: Account;
  contacts: Contact;
  transactions: Transaction;
  interactions: Interaction;
  payments: Payment;
  complaints: Complaint;
  contracts: Contract;
  tasks: Task;
  /** `recordedBy` is the importing actor when the file does not say. */
  surveys: SurveyResponse;
  'unit-plans': UnitPlanRow;
  'relationship-plans': RelationshipPlanRow;
  alerts: AlertRow;
}

/**
 * One row of an alerts file: the stored alert it names (its id, given or
 * made of monitor, account and month) and how it should be — a field left
 * out keeps the stored value.
 */
export type AlertRow = AlertTarget & { id: string };

const AlertRowSchema = z
  .object({
    id: z.string().optional(),
    accountId: z.string().optional(),
    monitorId: z.string().optional(),
    period: z.string().optional(),
    status: z.enum(ALERT_STATUSES).optional(),
    assignee: Id.optional(),
    cause: z.string().optional(),
    note: z.string().optional(),
  })
  .superRefine((row, context) => {
    // The id names the alert (not every id is made of its columns: `complaint-overdue|<account>|<complaint>`);
    // without it, the monitor, account and month make it.
    if (
      row.id === undefined &&
      (row.monitorId === undefined || row.accountId === undefined || row.period === undefined)
    )
      context.addIssue({
        code: 'custom',
        path: ['id'],
        message: 'an alert id, or monitor + account + month',
      });
  })
  .transform(
    ({ id, accountId, monitorId, period, ...target }): AlertRow => ({
      ...target,
      id: id ?? alertId({ monitorId: monitorId!, accountId: accountId!, period: period! }),
    }),
  );

/**
 * One division's month of an imported narrative file: the texts it gives
 * (a text left out keeps the stored one) and the narrative's id
 * `<division>|<period>`.
 */
export type UnitPlanRow = UnitPlanInput & { id: string };

/**
 * One account's half-year of an imported plan file: the sections it gives
 * (a section left out keeps the stored one) and the plan's id
 * `<account>|<half-year>`.
 */
export type RelationshipPlanRow = RelationshipPlanInput & { id: string };

/** Any imported record. */
export type ImportRecord = ImportRecordOf[ImportKind];

/** A mapped row: the record, or why it was refused. */
export type MappedRow =
  | { ok: true; row: number; record: ImportRecord }
  | { ok: false; row: number; problems: RowProblem[] };

const SCHEMAS: Record<ImportKind, z.ZodType<ImportRecord>> = {
  accounts: AccountSchema,
  contacts: ContactSchema,
  transactions: TransactionSchema,
  interactions: InteractionSchema,
  payments: PaymentSchema,
  complaints: ComplaintSchema as unknown as z.ZodType<Complaint>,
  contracts: ContractSchema as unknown as z.ZodType<Contract>,
  // A task without an assignment time is stamped when it is written (kept on a re-run).
  tasks: z.preprocess(
    (input) =>
      typeof input === 'object' && input !== null && !('createdAt' in input)
        ? { ...input, createdAt: UNTIMED_TASK }
        : input,
    TaskSchema,
  ) as unknown as z.ZodType<Task>,
  // Channel `import` unless the file says (the default survey is filled in by the mapper); the writer fills `recordedBy`.
  surveys: SurveyResponseSchema.extend({
    channel: SurveyResponseSchema.shape.channel.default('import'),
    recordedBy: Id.optional(),
  }) as unknown as z.ZodType<SurveyResponse>,
  // The id is the narrative's own (`<division>|<period>`); a row gives at least one text.
  'unit-plans': UnitPlanInputSchema.extend({ id: z.string().optional() })
    .superRefine((plan, context) => {
      if (plan.wentWell === undefined && plan.nextPlan === undefined)
        context.addIssue({ code: 'custom', path: ['wentWell'], message: 'give one text or both' });
    })
    .transform(
      (plan): UnitPlanRow => ({ ...plan, id: unitPlanId(plan) }),
    ) as unknown as z.ZodType<UnitPlanRow>,
  // The id is the plan's own (`<account>|<half-year>`); a row gives at least one section.
  'relationship-plans': RelationshipPlanInputSchema.extend({ id: z.string().optional() })
    .superRefine((plan, context) => {
      if (plan.goals === undefined && plan.actions === undefined && plan.progress === undefined)
        context.addIssue({ code: 'custom', path: ['goals'], message: 'give at least one section' });
    })
    .transform(
      (plan): RelationshipPlanRow => ({ ...plan, id: relationshipPlanId(plan) }),
    ) as unknown as z.ZodType<RelationshipPlanRow>,
  alerts: AlertRowSchema as unknown as z.ZodType<AlertRow>,
};

/** The assignment time of an imported task whose file gave none, until it is written. */
export const UNTIMED_TASK = '1970-01-01T00:00:00.000Z';

/** What a length limit (an id or key longer than its index allows) asks for, in both locales. */
function limitOf(issue: z.core.$ZodIssue): LocalisedText | undefined {
  if (issue.code !== 'too_big' || issue.origin !== 'string') return undefined;
  const maximum = String(issue.maximum);
  return { 'zh-CN': `最多 ${maximum} 个字符`, en: `at most ${maximum} characters` };
}

/**
 * The deterministic import id of a record without a natural id: a hash of the
 * kind and the normalised (validated) content, so re-importing the same row —
 * however its amount or date was written — gives the same id.
 */
export function importId(kind: ImportKind, content: unknown): string {
  const digest = createHash('sha256')
    .update(`${kind}\n${canonicalJson(content)}`)
    .digest('hex');
  return `imp-${digest.slice(0, 24)}`;
}

function encodingProblem(encoding: DetectedEncoding | undefined): LocalisedText {
  if (encoding === 'gbk') {
    return {
      'zh-CN': '有效的 GBK 文本；该单元格含有无法按 GBK 解码的字节 — 文件可能是 UTF-8，请用 --encoding utf-8',
      en: 'valid GBK text; the cell holds bytes that are not GBK — is the file UTF-8? Use --encoding utf-8',
    };
  }
  return {
    'zh-CN':
      '有效的 UTF-8 文本；该单元格含有无法按 UTF-8 解码的字节（或替换字符 �）— 文件可能是 GBK，请用 --encoding gbk',
    en: 'valid UTF-8 text; the cell holds bytes that are not UTF-8 (or replacement characters �) — is the file GBK? Use --encoding gbk',
  };
}

const MISLABELLED_UTF8: LocalisedText = {
  'zh-CN': '可识别的表头；文件内容是有效的 UTF-8，却按 GBK 读取 — 请用 --encoding utf-8（或 auto）',
  en: 'a recognisable header; the file is valid UTF-8 but was read as GBK — use --encoding utf-8 (or auto)',
};

const UNREADABLE_COLUMN = '(line)';
const EXTRA_VALUES: LocalisedText = {
  'zh-CN': '不超过表头列数的值（多出的值没有列名）',
  en: 'no more values than the header has columns (extra values have no column name)',
};
const DUPLICATE_FIELD: LocalisedText = {
  'zh-CN': '每个字段只出现一次（例如不要同时给出 金额(元) 和 金额(分)）',
  en: 'each field given once (e.g. not both amount and amount_fen)',
};

/** What one header does: fill a field, become an attribute, or nothing. */
type Binding = { spec: ColumnSpec } | { attribute: string } | { ignored: true };

/** Options of {@link RowMapper}. */
export interface RowMapperOptions {
  /**
   * Read plain transaction rows with the hand-written checker of
   * `fast-transaction.ts` before falling back to the column converters and
   * the zod schema (default `true`). The result is the same either way; `false`
   * exists so tests can compare the two paths.
   */
  fastPath?: boolean;
  /**
   * The survey of a survey-response row without a survey column or value
   * (the first configured survey); without it such a row is refused for its
   * missing `surveyId`.
   */
  defaultSurveyId?: string;
}

/** Maps raw rows of one kind to validated records. Create one per import. */
export class RowMapper {
  readonly kind: ImportKind;
  /** Headers that matched no column and were ignored (transactions, interactions). */
  readonly ignoredColumns = new Set<string>();
  readonly #bindings = new Map<string, Binding>();
  readonly #fieldHeaders = new Map<string, string>();
  readonly #decoding: Pick<DecodeState, 'encoding' | 'looksLikeUtf8'>;
  readonly #fastPath: boolean;
  readonly #defaultSurveyId: string | undefined;
  /** The header the fast plan was made for, and the plan (`undefined`: the header needs the general path). */
  #fastKeys: readonly string[] | undefined;
  #fastPlan: FastTransactionPlan | undefined;

  /**
   * @param kind - what the rows are.
   * @param decoding - the file's decoding state (read when a problem is found), for wrong-encoding messages.
   * @param options - see {@link RowMapperOptions}.
   */
  constructor(
    kind: ImportKind,
    decoding: Pick<DecodeState, 'encoding' | 'looksLikeUtf8'> = { encoding: undefined },
    options: RowMapperOptions = {},
  ) {
    this.kind = kind;
    this.#decoding = decoding;
    this.#fastPath = kind === 'transactions' && options.fastPath !== false;
    this.#defaultSurveyId = options.defaultSurveyId;
  }

  #fastPlanFor(keys: readonly string[]): FastTransactionPlan | undefined {
    if (keys !== this.#fastKeys) {
      this.#fastKeys = keys;
      this.#fastPlan = planFastTransactions(
        keys.map((header) => {
          const binding = this.#bind(header);
          return 'spec' in binding ? binding.spec : undefined;
        }),
      );
    }
    return this.#fastPlan;
  }

  #bind(header: string): Binding {
    let binding = this.#bindings.get(header);
    if (!binding) {
      const spec = columnFor(this.kind, header);
      if (spec) {
        binding = { spec };
        if (!this.#fieldHeaders.has(spec.field)) this.#fieldHeaders.set(spec.field, header);
      } else if (header.trim() === '') binding = { ignored: true };
      else if (KIND_COLUMNS[this.kind].keepsAttributes) binding = { attribute: header };
      else {
        binding = { ignored: true };
        this.ignoredColumns.add(header);
      }
      this.#bindings.set(header, binding);
    }
    return binding;
  }

  /** The header that fills `field` in this file (the field name when none has been seen). */
  headerFor(field: string): string {
    return this.#fieldHeaders.get(field) ?? field;
  }

  /**
   * Check a CSV header: every required field needs a column and no field may
   * have two. Problems are reported on row 1.
   */
  checkHeader(header: readonly string[]): RowProblem[] {
    const undecodable = header.filter((name) => name.includes('\uFFFD'));
    if (undecodable.length > 0) {
      // Nothing else can be judged when the header itself is in the wrong encoding.
      const expected = encodingProblem(this.#decoding.encoding);
      return undecodable.map((name) => ({ row: 1, column: name, value: name, expected }));
    }
    const problems: RowProblem[] = [];
    const seen = new Map<string, string>();
    for (const name of header) {
      const binding = this.#bind(name);
      if (!('spec' in binding)) {
        if (
          name.trim() !== '' &&
          header.filter((other) => normaliseHeader(other) === normaliseHeader(name)).length > 1
        ) {
          problems.push({ row: 1, column: name, value: name, expected: DUPLICATE_FIELD });
        }
        continue;
      }
      const earlier = seen.get(binding.spec.field);
      if (earlier !== undefined) {
        problems.push({ row: 1, column: name, value: `${earlier} + ${name}`, expected: DUPLICATE_FIELD });
      }
      seen.set(binding.spec.field, name);
    }
    for (const field of KIND_COLUMNS[this.kind].required) {
      if (seen.has(field)) continue;
      const names = KIND_COLUMNS[this.kind].columns
        .filter((column) => column.field === field)
        .flatMap((column) => column.names);
      const english = names.filter((name) => /^[a-z]/.test(name)).slice(0, 2);
      const chinese = names.filter((name) => !/^[a-z]/.test(name)).slice(0, 3);
      if (this.#decoding.looksLikeUtf8) {
        // Mojibake headers: the file is UTF-8 read as GBK.
        return [{ row: 1, column: header.join(','), value: header.join(','), expected: MISLABELLED_UTF8 }];
      }
      problems.push({
        row: 1,
        column: field,
        value: '',
        expected: {
          'zh-CN': `表头中有此列，可写作：${[...chinese, ...english].join('、')}`,
          en: `a column in the header, named e.g. ${[...english, ...chinese].join(', ')}`,
        },
      });
    }
    return problems;
  }

  /** Map one raw row to a validated record, or to its problems. */
  map(raw: RawRow): MappedRow {
    const row = raw.row;
    if (raw.unreadable) {
      return {
        ok: false,
        row,
        problems: [
          { row, column: UNREADABLE_COLUMN, value: raw.original[0] ?? '', expected: raw.unreadable },
        ],
      };
    }
    if (this.#fastPath) {
      const plan = this.#fastPlanFor(raw.keys);
      const fast = plan === undefined ? undefined : readFastTransaction(plan, raw.values);
      if (fast !== undefined) {
        const record = fast.record as ImportRecord;
        if (!fast.hasId) record.id = importId(this.kind, fast.record);
        return { ok: true, row, record };
      }
    }
    const problems: RowProblem[] = [];
    const input: Record<string, unknown> = {};
    const columnOf = new Map<string, { header: string; spec: ColumnSpec; value: unknown }>();
    let attributes: Record<string, unknown> | undefined;

    for (let index = 0; index < raw.values.length; index++) {
      const value = raw.values[index];
      const header = raw.keys[index];
      if (header === undefined) {
        if (cellText(value).trim() !== '') {
          problems.push({ row, column: `#${index + 1}`, value: cellText(value), expected: EXTRA_VALUES });
        }
        continue;
      }
      if (typeof value === 'string' && value.includes('\uFFFD')) {
        problems.push({ row, column: header, value, expected: encodingProblem(this.#decoding.encoding) });
        continue;
      }
      if (unstorableTextIssues(value, '').length > 0) {
        problems.push({ row, column: header, value: visibleText(cellText(value)), expected: STORABLE_TEXT });
        continue;
      }
      const binding = this.#bind(header);
      if ('spec' in binding) {
        const converted = binding.spec.convert(value);
        if (!converted.ok) {
          problems.push({ row, column: header, value: cellText(value), expected: converted.expected });
          continue;
        }
        if (converted.value === undefined) continue;
        const field = binding.spec.field;
        if (columnOf.has(field)) {
          problems.push({ row, column: header, value: cellText(value), expected: DUPLICATE_FIELD });
          continue;
        }
        columnOf.set(field, { header, spec: binding.spec, value });
        if (field === 'attributes')
          attributes = { ...(converted.value as Record<string, unknown>), ...attributes };
        else input[field] = converted.value;
      } else if ('attribute' in binding) {
        if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
          continue;
        attributes ??= {};
        attributes[binding.attribute] = typeof value === 'string' ? value.trim() : value;
      }
    }
    if (attributes) input.attributes = attributes;
    if (problems.length > 0) return { ok: false, row, problems };
    if (this.kind === 'surveys' && input.surveyId === undefined && this.#defaultSurveyId !== undefined)
      input.surveyId = this.#defaultSurveyId;

    const generated = input.id === undefined && KIND_COLUMNS[this.kind].derivedId !== true;
    const parsed = SCHEMAS[this.kind].safeParse(generated ? { ...input, id: 'pending' } : input);
    if (!parsed.success) {
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '(row)');
        const source = columnOf.get(field);
        const column = source?.header ?? field;
        if (seen.has(column)) continue;
        seen.add(column);
        const spec =
          source?.spec ?? KIND_COLUMNS[this.kind].columns.find((candidate) => candidate.field === field);
        problems.push({
          row,
          column,
          value: source ? cellText(source.value) : '',
          expected: limitOf(issue) ?? spec?.expected ?? { 'zh-CN': issue.message, en: issue.message },
        });
      }
      return { ok: false, row, problems };
    }
    const record = parsed.data;
    if (generated) {
      const { id: _pending, ...content } = record;
      record.id = importId(this.kind, content);
    }
    return { ok: true, row, record };
  }
}
