/**
 * Helpers shared by every store adapter: input checks, instants, record
 * equality and the audit entries that writes produce. Internal to `store/`.
 *
 * @module
 */
import { z } from 'zod';
import { ClaimSchema } from '../claims/claim.js';
import { ContractSchema } from '../contracts/contract.js';
import { AccountSchema } from '../domain/account.js';
import { IsoDate, IsoDateTime } from '../domain/common.js';
import { ComplaintSchema } from '../domain/complaint.js';
import { ContactSchema } from '../domain/contact.js';
import { type Interaction, InteractionSchema } from '../domain/interaction.js';
import { type Payment, PaymentSchema } from '../domain/payment.js';
import {
  isStorableText,
  MAX_KEY_LENGTH,
  STORABLE_TEXT,
  unstorableTextIssues,
} from '../domain/storable-text.js';
import type { Transaction } from '../domain/transaction.js';
import { UserSchema } from '../domain/user.js';
import {
  issuesFromZod,
  KAM_ERROR_CODES,
  type LocalisedText,
  parseWith,
  validationError,
} from '../errors/index.js';
import { RelationshipPlanSchema } from '../relationship-plans/relationship-plan.js';
import { SurveyResponseSchema } from '../satisfaction/survey.js';
import { TaskSchema } from '../tasks/task.js';
import { UnitPlanSchema } from '../unit-plans/unit-plan.js';
import type { AuditEntry, StoredTierAssignment, TierOverride, WriteMeta } from './port.js';

/** Subjects named in validation errors, per record kind. */
export const SUBJECTS = {
  account: { 'zh-CN': '客户档案', en: 'account' },
  user: { 'zh-CN': '用户', en: 'user' },
  contact: { 'zh-CN': '联系人', en: 'contact' },
  complaint: { 'zh-CN': '投诉', en: 'complaint' },
  contract: { 'zh-CN': '合同', en: 'contract' },
  claim: { 'zh-CN': '归属申请', en: 'attribution claim' },
  unitPlan: { 'zh-CN': '单位月度小结', en: 'unit narrative' },
  relationshipPlan: { 'zh-CN': '客户关系发展计划', en: 'relationship plan' },
  task: { 'zh-CN': '任务', en: 'task' },
  surveyResponse: { 'zh-CN': '满意度问卷回答', en: 'survey response' },
  override: { 'zh-CN': '分级人工调整', en: 'tier override' },
  transaction: { 'zh-CN': '交易记录', en: 'transaction' },
  interaction: { 'zh-CN': '联系记录', en: 'interaction' },
  payment: { 'zh-CN': '回款记录', en: 'payment' },
  writeMeta: { 'zh-CN': '写入信息', en: 'write metadata' },
  score: { 'zh-CN': '评分', en: 'score' },
  alert: { 'zh-CN': '预警', en: 'alert' },
  tierAssignment: { 'zh-CN': '分级结果', en: 'tier assignment' },
  audit: { 'zh-CN': '审计记录', en: 'audit entry' },
  instant: { 'zh-CN': '时间', en: 'instant' },
} as const;

const TierOverrideSchema = z.object({
  id: z.string().trim().min(1),
  accountId: z.string().trim().min(1),
  policyId: z.string().trim().min(1),
  tier: z.string().trim().min(1),
  reason: z.string().trim().min(1),
  author: z.string().trim().min(1),
  createdAt: IsoDateTime,
  expiresOn: IsoDate.nullable(),
});

const WriteMetaSchema = z.object({
  actor: z.string().trim().min(1),
  at: IsoDateTime.optional(),
  reason: z.string().optional(),
});

const input = KAM_ERROR_CODES.INVALID_INPUT;

/**
 * Refuse text the database cannot store (a NUL, an unpaired surrogate) anywhere
 * in `value`, naming each path under `path`.
 *
 * @throws KamError `INVALID_INPUT` listing every such field.
 */
export function checkStorable<T>(value: T, subject: LocalisedText, path = ''): T {
  const issues = unstorableTextIssues(value, path);
  if (issues.length > 0) throw validationError(subject, issues, input);
  return value;
}

/** Parse with the schema, then refuse unstorable text in any field. */
function parseStorable<T extends z.ZodType>(schema: T, value: unknown, subject: LocalisedText): z.output<T> {
  return checkStorable(parseWith(schema, value, subject, input), subject);
}

/** Validate a record before it is written, so a bad write fails with a {@link KamError} and stores nothing. */
export const check = {
  account: (value: unknown) => parseStorable(AccountSchema, value, SUBJECTS.account),
  user: (value: unknown) => parseStorable(UserSchema, value, SUBJECTS.user),
  contact: (value: unknown) => parseStorable(ContactSchema, value, SUBJECTS.contact),
  complaint: (value: unknown) => parseStorable(ComplaintSchema, value, SUBJECTS.complaint),
  contract: (value: unknown) => parseStorable(ContractSchema, value, SUBJECTS.contract),
  claim: (value: unknown) => parseStorable(ClaimSchema, value, SUBJECTS.claim),
  unitPlan: (value: unknown) => parseStorable(UnitPlanSchema, value, SUBJECTS.unitPlan),
  relationshipPlan: (value: unknown) =>
    parseStorable(RelationshipPlanSchema, value, SUBJECTS.relationshipPlan),
  task: (value: unknown) => parseStorable(TaskSchema, value, SUBJECTS.task),
  surveyResponse: (value: unknown) => parseStorable(SurveyResponseSchema, value, SUBJECTS.surveyResponse),
  override: (value: unknown): TierOverride => parseStorable(TierOverrideSchema, value, SUBJECTS.override),
  interaction: (value: unknown) => parseStorable(InteractionSchema, value, SUBJECTS.interaction),
  meta: (value: unknown): WriteMeta => parseStorable(WriteMetaSchema, value, SUBJECTS.writeMeta),
};

/**
 * Validate a batch of records of one kind, so a bad record fails the whole
 * bulk write before anything is stored.
 *
 * @throws KamError `INVALID_INPUT` naming `rows[i].field` and what was expected.
 */
export const checkMany = {
  account: (rows: readonly unknown[]) => checkEach(AccountSchema, SUBJECTS.account, rows),
  user: (rows: readonly unknown[]) => checkEach(UserSchema, SUBJECTS.user, rows),
  contact: (rows: readonly unknown[]) => checkEach(ContactSchema, SUBJECTS.contact, rows),
};

function checkEach<Schema extends z.ZodType>(
  schema: Schema,
  subject: (typeof SUBJECTS)[keyof typeof SUBJECTS],
  rows: readonly unknown[],
): z.output<Schema>[] {
  return rows.map((row, index) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) throw validationError(subject, issuesFromZod(parsed.error, `rows[${index}]`), input);
    return checkStorable(parsed.data, subject, `rows[${index}]`);
  });
}

/**
 * Split records into rounds in which every id appears once, keeping order:
 * round `r` holds each id's `r`-th occurrence. Writing the rounds one after
 * another is the same as writing the records one by one, while each round can
 * be one set-based statement.
 */
export function roundsById<T extends { id: string }>(records: readonly T[]): T[][] {
  const rounds: T[][] = [];
  const seen = new Map<string, number>();
  for (const record of records) {
    const round = seen.get(record.id) ?? 0;
    seen.set(record.id, round + 1);
    const list = rounds[round];
    if (list) list.push(record);
    else rounds[round] = [record];
  }
  return rounds;
}

/**
 * Validate a batch of payments against the domain schema (defaults applied).
 * Payments are few next to transactions, so every row gets the full schema.
 *
 * @throws KamError `INVALID_INPUT` naming `rows[i].field` and what was expected.
 */
export function checkPayments(rows: readonly unknown[]): Payment[] {
  return checkEach(PaymentSchema, SUBJECTS.payment, rows);
}

/**
 * Validate a batch of interactions against the domain schema.
 *
 * @throws KamError `INVALID_INPUT` naming `rows[i].field` and what was expected.
 */
export function checkInteractions(rows: readonly unknown[]): Interaction[] {
  return checkEach(InteractionSchema, SUBJECTS.interaction, rows);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Cheap per-row checks for bulk transaction inserts (the full schema is the
 * importer's job; this keeps a bad row from reaching the roll-up).
 *
 * @throws KamError `INVALID_INPUT` naming `rows[i].field`.
 */
export function checkTransactions(rows: readonly Transaction[]): void {
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index] as Transaction;
    const bad = (field: string, en: string, zh: string) =>
      validationError(
        SUBJECTS.transaction,
        [{ path: `rows[${index}].${field}`, expected: { 'zh-CN': zh, en } }],
        input,
      );
    const key = (value: unknown) =>
      typeof value === 'string' &&
      value.trim() !== '' &&
      value.length <= MAX_KEY_LENGTH &&
      isStorableText(value);
    const keyText = (en: string, zh: string) =>
      [
        `${en} of at most ${MAX_KEY_LENGTH} characters, ${STORABLE_TEXT.en}`,
        `${zh}（最多 ${MAX_KEY_LENGTH} 个字符，${STORABLE_TEXT['zh-CN']}）`,
      ] as const;
    if (!key(row.id)) throw bad('id', ...keyText('a non-empty id', '非空编号'));
    if (!key(row.accountId)) throw bad('accountId', ...keyText('a non-empty account id', '非空客户编号'));
    if (typeof row.date !== 'string' || !DATE.test(row.date) || !IsoDate.safeParse(row.date).success) {
      throw bad('date', 'a real calendar date YYYY-MM-DD', '真实日期 YYYY-MM-DD');
    }
    if (!Number.isSafeInteger(row.amountFen) || row.amountFen < 0) {
      throw bad('amountFen', 'a non-negative whole number of fen', '非负整数（分）');
    }
    if (!key(row.category)) throw bad('category', ...keyText('a non-empty category', '非空类别'));
    if (row.unit !== undefined && !key(row.unit)) throw bad('unit', ...keyText('a unit', '单位'));
    for (const field of ['costFen', 'profitFen', 'marketTotalFen'] as const) {
      const value = row[field];
      if (value !== undefined && !Number.isSafeInteger(value)) {
        throw bad(field, 'a whole number of fen', '整数（分）');
      }
    }
    if (row.units !== undefined && !(Number.isFinite(row.units) && row.units >= 0)) {
      throw bad('units', 'a non-negative number', '非负数');
    }
  }
}

/**
 * Normalise an instant to `YYYY-MM-DDTHH:mm:ss.sssZ`, the form every adapter returns.
 *
 * @throws KamError `INVALID_INPUT` when `value` is not an instant.
 */
export function normaliseInstant(value: string, path = 'at'): string {
  const time = Date.parse(value);
  if (!IsoDateTime.safeParse(value).success || Number.isNaN(time)) {
    throw validationError(
      SUBJECTS.instant,
      [{ path, expected: { 'zh-CN': 'ISO-8601 时间（带时区）', en: 'an ISO-8601 instant with offset' } }],
      input,
    );
  }
  return new Date(time).toISOString();
}

export { canonicalJson } from '../domain/canonical-json.js';

/** A JSON-safe deep copy, so callers never share mutable state with a store. */
export function copy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** The audit entry a versioned/audited `put…` writes. `before` is `null` on creation. */
export function auditOfPut(
  entity: string,
  entityId: string,
  before: unknown,
  after: unknown,
  meta: WriteMeta,
  at: string,
): Omit<AuditEntry, 'id'> {
  return {
    at,
    actor: meta.actor,
    action: before === null || before === undefined ? `${entity}.create` : `${entity}.update`,
    entity,
    entityId,
    before: before ?? null,
    after,
    reason: meta.reason,
  };
}

/** The part of a tier assignment the audit log records on a tier change. */
export function tierAuditValue(row: Pick<StoredTierAssignment, 'policyId' | 'period' | 'tier'>): {
  policyId: string;
  period: string;
  tier: string | null;
} {
  return { policyId: row.policyId, period: row.period, tier: row.tier };
}

/**
 * Keep the last of several rows that share a key (a batch may repeat one), in
 * first-seen order.
 */
export function lastByKey<T>(rows: readonly T[], keyOf: (row: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) byKey.set(keyOf(row), row);
  return [...byKey.values()];
}

/**
 * The key of a record under an account: records are keyed by account and id,
 * so the same id under two accounts names two records.
 */
export function recordKey(row: { accountId: string; id: string }): string {
  return `${row.accountId}\u0000${row.id}`;
}

/** Keep the first of several rows that share an account and id (insert-only batches: the first one wins, as on a re-run). */
export function firstByKey<T extends { accountId: string; id: string }>(rows: readonly T[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const row of rows) {
    const key = recordKey(row);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(row);
  }
  return out;
}

/**
 * Order aggregate rows month by month, then by account and category — the
 * `order: 'month'` of `Store.aggregateColumns`.
 */
export function compareMonthFirst(
  left: { month: string; accountId: string; category: string },
  right: { month: string; accountId: string; category: string },
): number {
  return (
    compareText(left.month, right.month) ||
    compareText(left.accountId, right.accountId) ||
    compareText(left.category, right.category)
  );
}

/** Code units from the first surrogate up: where code-unit and code-point order can part. */
const HIGH_UNITS = /[\uD800-\uFFFF]/;

/**
 * Compare two strings by Unicode code point — the order of PostgreSQL's
 * `COLLATE "C"` on UTF-8 text, so every store sorts alike. JavaScript's `<`
 * compares UTF-16 code units, which differs only where a surrogate pair (an
 * emoji, a rare CJK character) meets a character from U+E000 up, so that is
 * the only case that takes the slow path.
 */
export function compareText(left: string, right: string): number {
  const native = left < right ? -1 : left > right ? 1 : 0;
  if (native === 0 || !HIGH_UNITS.test(left) || !HIGH_UNITS.test(right)) return native;
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const x = left.charCodeAt(index);
    const y = right.charCodeAt(index);
    if (x !== y) return codePointRank(x) < codePointRank(y) ? -1 : 1;
  }
  return native;
}

/** A UTF-16 code unit's rank in code-point order: surrogates sort above every other BMP character. */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}

/** The previous assignment a saved tier assignment is compared with, and the audit entry when the tier changed. */
export interface TierChange {
  row: StoredTierAssignment;
  before: StoredTierAssignment | undefined;
}

/**
 * Tier changes in a batch of assignments: for each row, the previous
 * assignment is the stored one for the same account, policy and period (a
 * re-run), else the latest earlier period among stored rows and the batch
 * itself. A change is a tier different from the previous one (no previous
 * counts as `null`, so a first "not a key account" is not a change).
 *
 * @param stored - the stored assignments of one account under one policy.
 */
export function tierChanges(
  batch: readonly StoredTierAssignment[],
  stored: (accountId: string, policyId: string) => readonly StoredTierAssignment[],
): TierChange[] {
  const batchByPair = new Map<string, StoredTierAssignment[]>();
  for (const row of batch) {
    const key = `${row.accountId}\u0000${row.policyId}`;
    const list = batchByPair.get(key);
    if (list) list.push(row);
    else batchByPair.set(key, [row]);
  }
  const changes: TierChange[] = [];
  for (const row of batch) {
    const existing = stored(row.accountId, row.policyId);
    let before = existing.find((candidate) => candidate.period === row.period);
    if (!before) {
      const earlier = [
        ...existing.filter((candidate) => candidate.period < row.period),
        ...(batchByPair.get(`${row.accountId}\u0000${row.policyId}`) ?? []).filter(
          (candidate) => candidate.period < row.period,
        ),
      ];
      // Stored rows come first, so on a tied period the batch row (later in the list) wins.
      for (const candidate of earlier) {
        if (!before || candidate.period >= before.period) before = candidate;
      }
    }
    if ((before?.tier ?? null) !== row.tier) changes.push({ row, before });
  }
  return changes;
}

/**
 * A batch of transactions as the ten column arrays of
 * `unnest($1::text[], … $10::int8[])`: id, account, date, amount, category,
 * units, unit, cost, profit, market total (absent fields as `null`).
 */
export function transactionColumns(batch: readonly Transaction[]): unknown[][] {
  return [
    batch.map((row) => row.id),
    batch.map((row) => row.accountId),
    batch.map((row) => row.date),
    batch.map((row) => row.amountFen),
    batch.map((row) => row.category),
    batch.map((row) => row.units ?? null),
    batch.map((row) => row.unit ?? null),
    batch.map((row) => row.costFen ?? null),
    batch.map((row) => row.profitFen ?? null),
    batch.map((row) => row.marketTotalFen ?? null),
  ];
}

/** The record kinds that bulk inserts write, and their audit actions (`transaction.insert`…). */
export type InsertedKind = 'transaction' | 'payment' | 'interaction';

/** What one account received in one bulk insert: how many rows, and the lowest and highest id (code-point order). */
export interface InsertedRange {
  accountId: string;
  inserted: number;
  firstId: string;
  lastId: string;
}

/** Collects {@link InsertedRange}s per account while a bulk insert runs. */
export class InsertedRanges {
  readonly #byAccount = new Map<string, InsertedRange>();

  /** Count rows of one account (`firstId`/`lastId`: the lowest and highest of them). */
  add(accountId: string, inserted: number, firstId: string, lastId: string): void {
    if (inserted <= 0) return;
    const range = this.#byAccount.get(accountId);
    if (!range) {
      this.#byAccount.set(accountId, { accountId, inserted, firstId, lastId });
      return;
    }
    range.inserted += inserted;
    if (compareText(firstId, range.firstId) < 0) range.firstId = firstId;
    if (compareText(lastId, range.lastId) > 0) range.lastId = lastId;
  }

  /** Count one row. */
  addRow(row: { id: string; accountId: string }): void {
    this.add(row.accountId, 1, row.id, row.id);
  }

  /**
   * The audit entries of the insert: one per account, `entity` the kind,
   * `entityId` the account id, `after` `{ accountId, inserted, firstId, lastId }`.
   */
  entries(kind: InsertedKind, meta: WriteMeta, at: string): Omit<AuditEntry, 'id'>[] {
    return [...this.#byAccount.values()]
      .sort((left, right) => compareText(left.accountId, right.accountId))
      .map((range) => ({
        at,
        actor: meta.actor,
        action: `${kind}.insert`,
        entity: kind,
        entityId: range.accountId,
        before: null,
        after: { ...range },
        reason: meta.reason,
      }));
  }
}

/** The actor of writes made without a {@link WriteMeta} (jobs, imports run by the system). */
export const SYSTEM_META: WriteMeta = { actor: 'system' };

/** The audit entry of one saved score: `score.save`, keyed by account, the score and its period and model. */
export function auditOfScore(
  row: { accountId: string; period: string; modelId: string; score: number },
  meta: WriteMeta,
  at: string,
): Omit<AuditEntry, 'id'> {
  return {
    at,
    actor: meta.actor,
    action: 'score.save',
    entity: 'score',
    entityId: row.accountId,
    before: null,
    after: { accountId: row.accountId, period: row.period, modelId: row.modelId, score: row.score },
    reason: meta.reason,
  };
}
