/**
 * `importFile`: stream accounts, contacts, transactions, interactions, payments,
 * complaints, contracts, tasks, survey responses, units' monthly narratives or
 * the work on stored alerts (status, assignee, cause, note) from a CSV or JSON Lines file into a {@link Store}, validating every row.
 *
 * @module
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { scopeStore } from '../access/scoped-store.js';
import { alertChangesFor } from '../alerts/alert-changes.js';
import { type AlertCause, DEFAULT_ALERT_CAUSES } from '../alerts/alert-policy.js';
import type { Contract } from '../contracts/contract.js';
import type { Account } from '../domain/account.js';
import { canonicalJson } from '../domain/canonical-json.js';
import type { Complaint } from '../domain/complaint.js';
import type { Contact } from '../domain/contact.js';
import type { Interaction } from '../domain/interaction.js';
import type { Payment } from '../domain/payment.js';
import type { Transaction } from '../domain/transaction.js';
import type { User } from '../domain/user.js';
import { isKamError, KAM_ERROR_CODES, KamError, type LocalisedText } from '../errors/kam-error.js';
import { RELATIONSHIP_PLAN_SECTIONS } from '../relationship-plans/relationship-plan.js';
import {
  checkAnswers,
  defaultSurvey,
  type SurveyDefinition,
  type SurveyResponse,
  surveyOf,
  surveyPresets,
} from '../satisfaction/survey.js';
import type { AddTransactions, Store } from '../store/port.js';
import type { Task } from '../tasks/task.js';
import { type DecodeState, type DetectedEncoding, decodeText, type ImportEncoding } from './decode.js';
import { ImportError, type ImportKind, type RowProblem } from './import-error.js';
import { type ImportFormat, readRows } from './read-rows.js';
import { RejectReportWriter } from './reject-report.js';
import {
  type AlertRow,
  type ImportRecord,
  type RelationshipPlanRow,
  RowMapper,
  UNTIMED_TASK,
  type UnitPlanRow,
} from './row-mapper.js';

/** How bad rows are handled. */
export type ImportMode = 'all-or-nothing' | 'skip-invalid';

/** Counts reported while an import runs (after every batch) and at its end. */
export interface ImportProgress {
  /** Data rows read so far. */
  rowsRead: number;
  /** Bytes of the file read so far. */
  bytesRead: number;
  /** Size of the file, when reading from a path. */
  totalBytes: number | undefined;
  inserted: number;
  updated: number;
  skipped: number;
  rejected: number;
}

/** Options of {@link importFile}. Give `path` or `stream`. */
export interface ImportFileOptions {
  /** Where the records go. */
  store: Store;
  /** What the file holds. */
  kind: ImportKind;
  /** The file to read. */
  path?: string;
  /** Bytes to read instead of a file (a `Readable` or any async iterable of chunks). */
  stream?: AsyncIterable<Uint8Array | string>;
  /** Name recorded in the audit log and messages; defaults to the path's base name, or `stream`. */
  fileName?: string;
  /** `csv` or `jsonl`; by default from the extension (`.jsonl`, `.ndjson`, `.json` → jsonl; else csv). */
  format?: ImportFormat;
  /** `utf-8`, `gbk` or `auto` (default: valid UTF-8, else GBK). A BOM is stripped. */
  encoding?: ImportEncoding;
  /** `all-or-nothing` (default): one transaction, any bad row stores nothing. `skip-invalid`: store the good rows, report the rest. */
  mode?: ImportMode;
  /**
   * Where the reject report goes. Default in `skip-invalid` mode with a `path`:
   * next to the file as `<name>.rejected.csv`; in `all-or-nothing` mode only when given.
   */
  rejectReportPath?: string;
  /**
   * The user id recorded as author of every write and of the audit entry.
   * Units' narratives (`unit-plans`) and relationship plans (`relationship-plans`, owners only) are written as this user, through
   * their scoped store: it must be an active user, and a row of a division
   * they may not write is refused like one of a missing division.
   */
  actor: string;
  /** Called after every batch and at the end. */
  onProgress?: (progress: ImportProgress) => void;
  /**
   * Rows per batch (default 5,000; 50,000 for an all-or-nothing transactions
   * import into a store with a bulk load, where each batch is one `COPY`). In
   * `skip-invalid` mode each batch commits on its own.
   */
  batchSize?: number;
  /** In `all-or-nothing` mode, stop after this many problems (default 20). */
  maxProblems?: number;
  /**
   * The surveys imported responses (`kind: 'surveys'`) are checked against —
   * the configured `policies.surveys`; a row without a survey column takes the
   * first. Default: the shipped surveys ({@link surveyPresets}).
   */
  surveys?: readonly SurveyDefinition[];
  /**
   * The causes an imported alert (`kind: 'alerts'`) may be explained by —
   * the configured `policies.alerts.causes`. Default: {@link DEFAULT_ALERT_CAUSES}.
   */
  alertCauses?: readonly AlertCause[];
}

/** What an import did. */
export interface ImportResult {
  kind: ImportKind;
  /** The file name recorded in the audit log. */
  file: string;
  format: ImportFormat;
  /** The encoding the file was read in. */
  encoding: DetectedEncoding;
  /** Why that encoding: a BOM, the declaration, or what `auto` detection saw. */
  encodingReason: LocalisedText;
  mode: ImportMode;
  /** Data rows read (blank rows not counted). */
  rows: number;
  /** New records stored. */
  inserted: number;
  /** Stored records that differed and were updated (accounts: a new profile version; alerts: each row that changed an alert). */
  updated: number;
  /** Rows already present (same id and content), including repeats within the file. */
  skipped: number;
  /** Rows refused (`skip-invalid` mode). */
  rejected: number;
  /** The reject report, when one was written. */
  rejectReportPath?: string;
  /** Headers that matched no field and were ignored (transactions, interactions and payments). */
  ignoredColumns: string[];
}

interface Accepted {
  row: number;
  record: ImportRecord;
  original: readonly string[];
}

const DEFAULT_BATCH_SIZE = 5000;
/** Batch size of an all-or-nothing transactions import through {@link Store.loadTransactions}. */
const BULK_BATCH_SIZE = 50_000;
const DEFAULT_MAX_PROBLEMS = 20;

function formatOf(path: string | undefined): ImportFormat {
  const extension = path === undefined ? '' : extname(path).toLowerCase();
  return extension === '.jsonl' || extension === '.ndjson' || extension === '.json' ? 'jsonl' : 'csv';
}

function defaultReportPath(path: string): string {
  const extension = extname(path);
  return `${extension === '' ? path : path.slice(0, -extension.length)}.rejected.csv`;
}

function unknownAccount(field: 'accountId' | 'parentId'): LocalisedText {
  return field === 'parentId'
    ? {
        'zh-CN': '已存在的上级客户编号（在库中，或在本文件更靠前的行中）',
        en: 'the id of an existing parent account (in the store, or on an earlier row of this file)',
      }
    : {
        'zh-CN': '已存在的客户编号（在库中，或在本文件更靠前的行中）；请先导入客户',
        en: 'the id of an existing account (in the store, or on an earlier row of this file); import accounts first',
      };
}

/**
 * What a unit-narrative row needs of its division. One text whether the
 * division is missing, out of the importing user's reach, or only readable
 * to them: the import says nothing more about divisions than the CLI does.
 */
const WRITABLE_PLAN: LocalisedText = {
  'zh-CN': '你是 A 角或 B 角的客户（只有负责人可以编写客户关系发展计划）',
  en: 'an account where you are owner A or B (only its owners write its relationship plan)',
};

const WRITABLE_DIVISION: LocalisedText = {
  'zh-CN': '你有权填写单位月度小结的单位（本单位）',
  en: 'a division whose monthly narrative you may write (your own)',
};

/** What an assignee (of a task, of an alert) must be. */
const ACTIVE_USER: LocalisedText = {
  'zh-CN': '在职用户的编号（kamkit users list）；请先导入用户',
  en: 'the id of an active user (kamkit users list); import users first',
};

/**
 * What an alerts row must name. One text whether the alert is missing, of
 * an account the importing user may not see, or one they may only read:
 * the import tells no more about alerts than `kamkit alerts list` does.
 */
const ALERT_YOU_MAY_CHANGE: LocalisedText = {
  'zh-CN': '你有权处理的预警的编号（kamkit alerts list）',
  en: 'the id of an alert you may handle (kamkit alerts list)',
};

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (cause) {
    throw new KamError({
      code: KAM_ERROR_CODES.NOT_FOUND,
      path: 'path',
      cause,
      message: { 'zh-CN': `无法读取文件：${path}`, en: `Cannot read file: ${path}` },
    });
  }
}

function noInput(): KamError {
  return new KamError({
    code: KAM_ERROR_CODES.INVALID_INPUT,
    path: 'path',
    message: { 'zh-CN': '请提供 path 或 stream 之一', en: 'Give either path or stream' },
  });
}

/**
 * Import a CSV or JSON Lines file of accounts, contacts, transactions,
 * interactions or payments (回款). Rows stream through in batches — the file is never held in
 * memory. Every row is validated against the domain schemas; references to
 * accounts must exist in the store or earlier in the file. Re-importing the
 * same file changes nothing: rows keep their `id`, or get a deterministic
 * import id (a hash of kind and normalised content). One audit entry (action
 * `import`) records each completed import.
 *
 * @throws ImportError (`IMPORT_FAILED`) in `all-or-nothing` mode when any row is
 *   bad — nothing is stored; in both modes when the header lacks a required
 *   column. KamError `IMPORT_FAILED` on a CSV syntax error or a UTF-16 file;
 *   `FORBIDDEN` for `unit-plans` and `alerts` when `actor` is no active user.
 * @example
 * ```ts
 * const store = createMemoryStore();
 * await importFile({ store, kind: 'accounts', path: 'accounts.csv', actor: 'u-admin' });
 * const result = await importFile({
 *   store, kind: 'transactions', path: '交易.csv', actor: 'u-admin', mode: 'skip-invalid',
 * });
 * console.log(result.inserted, result.rejected, result.rejectReportPath);
 * ```
 */
export async function importFile(options: ImportFileOptions): Promise<ImportResult> {
  const { store, kind, path } = options;
  if (path === undefined && options.stream === undefined) throw noInput();
  // Narratives and alert work are written as the importing user, who must be an active user.
  if (kind === 'unit-plans' || kind === 'relationship-plans' || kind === 'alerts')
    await scopeStore(store, options.actor).me();
  const mode = options.mode ?? 'all-or-nothing';
  const format = options.format ?? formatOf(path);
  const file = options.fileName ?? (path === undefined ? 'stream' : basename(path));
  const bulk = kind === 'transactions' && mode === 'all-or-nothing' && store.loadTransactions !== undefined;
  const batchSize = Math.max(1, options.batchSize ?? (bulk ? BULK_BATCH_SIZE : DEFAULT_BATCH_SIZE));
  const maxProblems = Math.max(1, options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
  const reportPath =
    options.rejectReportPath ??
    (mode === 'skip-invalid' && path !== undefined ? defaultReportPath(path) : undefined);
  const totalBytes = path === undefined ? undefined : await fileSize(path);

  const fileStream: ReadStream | undefined =
    options.stream === undefined ? createReadStream(path!, { highWaterMark: 256 * 1024 }) : undefined;
  const source = options.stream ?? fileStream!;
  const decoded: DecodeState = { encoding: undefined, bytesRead: 0 };
  const surveys = options.surveys ?? surveyPresets();
  const mapper = new RowMapper(
    kind,
    decoded,
    kind === 'surveys' ? { defaultSurveyId: defaultSurvey(surveys).id } : {},
  );
  const report = reportPath === undefined ? undefined : new RejectReportWriter(reportPath);
  let headerProblems: RowProblem[] = [];
  const rows = readRows(
    decodeText(source, options.encoding ?? 'auto', decoded),
    format,
    (header) => {
      headerProblems = mapper.checkHeader(header);
      report?.setOriginalHeader(header);
    },
    { skipInvalid: mode === 'skip-invalid' },
  );

  const counts = { rows: 0, inserted: 0, updated: 0, skipped: 0, rejected: 0 };
  const problems: RowProblem[] = [];
  /** Accounts known to exist (store or accepted earlier in the file), and ids known not to. */
  const knownAccounts = new Set<string>();
  const missingAccounts = new Set<string>();

  const progress = () =>
    options.onProgress?.({
      rowsRead: counts.rows,
      bytesRead: decoded.bytesRead,
      totalBytes,
      inserted: counts.inserted,
      updated: counts.updated,
      skipped: counts.skipped,
      rejected: counts.rejected,
    });
  const fail = () =>
    new ImportError({
      kind,
      file,
      problems: [...problems].sort((left, right) => left.row - right.row).slice(0, maxProblems),
    });

  /** Rejected rows of the current batch, written to the report in row order at the next flush. */
  let pendingRejects: { row: number; problems: readonly RowProblem[]; original: readonly string[] }[] = [];
  const reject = (rowProblems: readonly RowProblem[], original: readonly string[]) => {
    pendingRejects.push({ row: rowProblems[0]?.row ?? 0, problems: rowProblems, original });
    if (mode === 'skip-invalid') {
      counts.rejected += 1;
      return;
    }
    problems.push(...rowProblems);
    if (problems.length >= maxProblems) throw fail();
  };
  const writeRejects = async () => {
    const ordered = pendingRejects.sort((left, right) => left.row - right.row);
    pendingRejects = [];
    for (const item of ordered) await report?.write(item.problems, item.original);
  };

  /** Look up, in one query, the referenced accounts not yet known either way. */
  const learnAccounts = async (target: Store, ids: Iterable<string>) => {
    const unknown = [...new Set(ids)].filter((id) => !knownAccounts.has(id) && !missingAccounts.has(id));
    if (unknown.length === 0) return;
    const found = await target.listAccounts({ ids: unknown });
    for (const account of found) knownAccounts.add(account.id);
    for (const id of unknown) if (!knownAccounts.has(id)) missingAccounts.add(id);
  };

  /** The users, read once per import (only task rows need them). */
  let users: Promise<Map<string, User>> | undefined;
  const staff = (target: Store) => {
    users ??= target.listUsers().then((list) => new Map(list.map((user) => [user.id, user] as const)));
    return users;
  };

  /** Drop rows whose account reference is unknown; returns the rows that may be written. */
  const checkReferences = async (target: Store, batch: readonly Accepted[]): Promise<Accepted[]> => {
    const field = kind === 'accounts' ? 'parentId' : 'accountId';
    const reference = (record: ImportRecord) =>
      (record as Partial<Record<'parentId' | 'accountId', string | null>>)[field] ?? undefined;
    await learnAccounts(
      target,
      batch.map((item) => reference(item.record)).filter((id): id is string => id !== undefined),
    );
    const kept: Accepted[] = [];
    for (const item of batch) {
      const id = reference(item.record);
      if (id !== undefined && !knownAccounts.has(id)) {
        const column = mapper.headerFor(field);
        reject([{ row: item.row, column, value: id, expected: unknownAccount(field) }], item.original);
        continue;
      }
      if (kind === 'accounts') {
        knownAccounts.add(item.record.id);
        missingAccounts.delete(item.record.id);
      }
      if (kind === 'tasks') {
        // A task goes to an active member of staff, from an existing one: otherwise it would sit on no one's list.
        const task = item.record as Task;
        const users = await staff(target);
        const problems = (['assigneeId', 'assignedBy'] as const).flatMap((field) => {
          const user = users.get(task[field]);
          return user !== undefined && (field === 'assignedBy' || user.status === 'active')
            ? []
            : [
                {
                  row: item.row,
                  column: mapper.headerFor(field),
                  value: task[field],
                  expected:
                    field === 'assigneeId'
                      ? ACTIVE_USER
                      : {
                          'zh-CN': '已存在的用户编号（kamkit users list）',
                          en: 'the id of an existing user (kamkit users list)',
                        },
                },
              ];
        });
        if (problems.length > 0) {
          reject(problems, item.original);
          continue;
        }
      }
      if (kind === 'surveys') {
        // Answers are checked against the survey's questions and scales (the configured surveys).
        const response = item.record as SurveyResponse;
        try {
          checkAnswers(response, surveyOf(surveys, response.surveyId));
        } catch (error) {
          if (!isKamError(error)) throw error;
          const field = error.path === 'surveyId' ? 'surveyId' : 'answers';
          reject(
            [
              {
                row: item.row,
                column: mapper.headerFor(field),
                value: field === 'surveyId' ? response.surveyId : JSON.stringify(response.answers),
                expected: error.localised,
              },
            ],
            item.original,
          );
          continue;
        }
      }
      kept.push(item);
    }
    return kept;
  };

  /** Set while an all-or-nothing transactions import runs as the store's bulk load. */
  let addTransactions: AddTransactions | undefined;

  const write = async (target: Store, batch: readonly Accepted[]) => {
    const meta = { actor: options.actor, reason: `import ${file}` };
    switch (kind) {
      case 'accounts':
      case 'contacts': {
        const result =
          kind === 'accounts'
            ? await target.putAccounts(
                batch.map((item) => item.record as Account),
                meta,
              )
            : await target.putContacts(
                batch.map((item) => item.record as Contact),
                meta,
              );
        counts.inserted += result.inserted;
        counts.updated += result.updated;
        counts.skipped += result.unchanged;
        return;
      }
      case 'complaints': {
        const records = batch.map((item) => item.record as Complaint);
        const existing = new Map<string, string>();
        for (const complaint of await target.listComplaints({
          accountIds: [...new Set(records.map((record) => record.accountId))],
        })) {
          existing.set(complaint.id, canonicalJson(complaint));
        }
        for (const record of records) {
          const before = existing.get(record.id);
          const after = canonicalJson(record);
          if (before === after) {
            counts.skipped += 1;
            continue;
          }
          await target.putComplaint(record, meta);
          existing.set(record.id, after);
          if (before === undefined) counts.inserted += 1;
          else counts.updated += 1;
        }
        return;
      }
      case 'contracts': {
        const records = batch.map((item) => item.record as Contract);
        const existing = new Map<string, string>();
        for (const contract of await target.listContracts({ ids: records.map((record) => record.id) })) {
          existing.set(contract.id, canonicalJson(contract));
        }
        for (const record of records) {
          const before = existing.get(record.id);
          const after = canonicalJson(record);
          if (before === after) {
            counts.skipped += 1;
            continue;
          }
          await target.putContract(record, meta);
          existing.set(record.id, after);
          if (before === undefined) counts.inserted += 1;
          else counts.updated += 1;
        }
        return;
      }
      case 'tasks': {
        // Matched by account and id; what was done to a stored task (status, review) is kept.
        const records = batch.map((item) => item.record as Task);
        const existing = new Map<string, Task>();
        for (const task of await target.listTasks({ ids: records.map((record) => record.id) }))
          existing.set(`${task.accountId}\u0000${task.id}`, task);
        for (const row of records) {
          const key = `${row.accountId}\u0000${row.id}`;
          const before = existing.get(key);
          const createdAt =
            row.createdAt !== UNTIMED_TASK ? row.createdAt : (before?.createdAt ?? new Date().toISOString());
          const record: Task = before
            ? { ...before, ...row, createdAt, status: before.status, review: before.review ?? row.review }
            : {
                ...row,
                createdAt,
                ...(row.planWeek === undefined ? {} : { review: { status: 'pending' as const } }),
              };
          for (const key of Object.keys(record) as (keyof Task)[])
            if (record[key] === undefined) delete record[key];
          if (before !== undefined && canonicalJson(before) === canonicalJson(record)) {
            counts.skipped += 1;
            continue;
          }
          await target.putTask(record, meta);
          existing.set(key, record);
          if (before === undefined) counts.inserted += 1;
          else counts.updated += 1;
        }
        return;
      }
      case 'surveys': {
        const records = batch.map((item) => {
          const response = item.record as SurveyResponse;
          return { ...response, recordedBy: response.recordedBy ?? options.actor };
        });
        const existing = new Map<string, string>();
        for (const response of await target.listSurveyResponses({
          ids: records.map((record) => record.id),
        })) {
          existing.set(`${response.accountId}\0${response.id}`, canonicalJson(response));
        }
        for (const record of records) {
          const key = `${record.accountId}\0${record.id}`;
          const before = existing.get(key);
          const after = canonicalJson(record);
          if (before === after) {
            counts.skipped += 1;
            continue;
          }
          await target.putSurveyResponse(record, meta);
          existing.set(key, after);
          if (before === undefined) counts.inserted += 1;
          else counts.updated += 1;
        }
        return;
      }
      case 'unit-plans': {
        // As the importing user, through the scoped store (rights, merge of the texts, versioned
        // audit `unit-plan.create` / `unit-plan.update`); unchanged narratives are skipped.
        const scoped = scopeStore(target, options.actor);
        for (const item of batch) {
          const { id: _id, ...input } = item.record as UnitPlanRow;
          const mayWrite = await scoped.can('narrative.write', { division: input.division });
          const [before] = mayWrite
            ? await scoped.listUnitPlans({ divisions: [input.division], periods: [input.period] })
            : [];
          if (
            before !== undefined &&
            (input.wentWell ?? before.wentWell) === before.wentWell &&
            (input.nextPlan ?? before.nextPlan) === before.nextPlan
          ) {
            counts.skipped += 1;
            continue;
          }
          try {
            await scoped.putUnitPlan(input, { reason: meta.reason });
          } catch (error) {
            const refused =
              isKamError(error) &&
              (error.code === KAM_ERROR_CODES.NOT_FOUND || error.code === KAM_ERROR_CODES.FORBIDDEN);
            if (!refused) throw error;
            const column = mapper.headerFor('division');
            reject(
              [{ row: item.row, column, value: input.division, expected: WRITABLE_DIVISION }],
              item.original,
            );
            continue;
          }
          if (before === undefined) counts.inserted += 1;
          else counts.updated += 1;
        }
        return;
      }
      case 'relationship-plans': {
        // As the importing user, through the scoped store (owners only, sections merged, every
        // revision audited `relationship-plan.create` / `.update`); unchanged plans are skipped.
        const scoped = scopeStore(target, options.actor);
        for (const item of batch) {
          const { id: _id, ...input } = item.record as RelationshipPlanRow;
          const [before] = await scoped.listRelationshipPlans({
            accountIds: [input.accountId],
            halfYears: [input.halfYear],
          });
          // Only an owner's unchanged row is skipped: anyone else's is refused below, changed or not.
          const account =
            before === undefined
              ? undefined
              : await scoped.getAccount(input.accountId).catch(() => undefined);
          const owner = account !== undefined && [account.ownerA, account.ownerB].includes(options.actor);
          if (
            owner &&
            before !== undefined &&
            RELATIONSHIP_PLAN_SECTIONS.every(
              (section) => (input[section] ?? before[section]) === before[section],
            )
          ) {
            counts.skipped += 1;
            continue;
          }
          try {
            await scoped.putRelationshipPlan(input, { reason: meta.reason });
          } catch (error) {
            const refused =
              isKamError(error) &&
              (error.code === KAM_ERROR_CODES.NOT_FOUND || error.code === KAM_ERROR_CODES.FORBIDDEN);
            if (!refused) throw error;
            // An account out of the user's sight is refused as a missing one; a visible one they do not own names the rule.
            const expected =
              error.code === KAM_ERROR_CODES.NOT_FOUND ? unknownAccount('accountId') : WRITABLE_PLAN;
            reject(
              [{ row: item.row, column: mapper.headerFor('accountId'), value: input.accountId, expected }],
              item.original,
            );
            continue;
          }
          if (before === undefined) counts.inserted += 1;
          else counts.updated += 1;
        }
        return;
      }
      case 'alerts': {
        // As the importing user, through the scoped store: the rights, changes and audit entries
        // (`alert.assign`, `alert.acknowledge`, `alert.explain`, `alert.close`, `alert.note`) of
        // `kamkit alerts …`. A row that asks for what is stored is skipped.
        const scoped = scopeStore(target, options.actor);
        const causes = options.alertCauses ?? DEFAULT_ALERT_CAUSES;
        for (const item of batch) {
          const { id, ...wanted } = item.record as AlertRow;
          const refuse = (field: string, value: string, expected: LocalisedText) =>
            reject([{ row: item.row, column: mapper.headerFor(field), value, expected }], item.original);
          const [before] = await scoped.listAlerts({ ids: [id] });
          if (before === undefined) {
            refuse('id', id, ALERT_YOU_MAY_CHANGE);
            continue;
          }
          if (wanted.assignee !== undefined && wanted.assignee !== before.assignee) {
            const user = (await staff(target)).get(wanted.assignee);
            if (user?.status !== 'active') {
              refuse('assignee', wanted.assignee, ACTIVE_USER);
              continue;
            }
          }
          const plan = alertChangesFor(before, wanted, causes);
          if (!plan.ok) {
            refuse(plan.field, wanted[plan.field] ?? '', plan.expected);
            continue;
          }
          if (plan.changes.length === 0) {
            counts.skipped += 1;
            continue;
          }
          try {
            for (const change of plan.changes)
              await scoped.updateAlert(id, change, { causes, reason: meta.reason });
          } catch (error) {
            const refused =
              isKamError(error) &&
              (error.code === KAM_ERROR_CODES.NOT_FOUND || error.code === KAM_ERROR_CODES.FORBIDDEN);
            if (!refused) throw error;
            refuse('id', id, ALERT_YOU_MAY_CHANGE);
            continue;
          }
          counts.updated += 1;
        }
        return;
      }
      case 'transactions':
      case 'interactions': {
        const seen = new Set<string>();
        const unique: ImportRecord[] = [];
        for (const item of batch) {
          if (seen.has(item.record.id)) counts.skipped += 1;
          else {
            seen.add(item.record.id);
            unique.push(item.record);
          }
        }
        const result =
          kind === 'transactions'
            ? await (addTransactions ?? ((rows) => target.insertTransactions(rows, meta)))(
                unique as Transaction[],
              )
            : await target.insertInteractions(unique as Interaction[], meta);
        counts.inserted += result.inserted;
        counts.skipped += result.skipped;
        return;
      }
      case 'payments': {
        const seen = new Set<string>();
        const unique: Payment[] = [];
        for (const item of batch) {
          if (seen.has(item.record.id)) counts.skipped += 1;
          else {
            seen.add(item.record.id);
            unique.push(item.record as Payment);
          }
        }
        const result = await target.insertPayments(unique, meta);
        counts.inserted += result.inserted;
        counts.skipped += result.skipped;
        return;
      }
    }
  };

  /** Validate references and write one batch; in skip-invalid mode the batch is its own transaction. */
  const flush = async (target: Store, batch: Accepted[]) => {
    if (batch.length === 0) {
      await writeRejects();
      return;
    }
    const pending = batch.splice(0, batch.length);
    if (mode === 'skip-invalid') {
      await target.transaction(async (inner) => write(inner, await checkReferences(inner, pending)));
    } else {
      const kept = await checkReferences(target, pending);
      if (problems.length === 0) await write(target, kept);
    }
    await writeRejects();
    progress();
  };

  const run = async (target: Store): Promise<ImportResult> => {
    const batch: Accepted[] = [];
    const headerCheck = () => {
      if (headerProblems.length === 0) return;
      problems.push(...headerProblems);
      throw fail();
    };
    for await (const raw of rows) {
      headerCheck();
      counts.rows += 1;
      const mapped = mapper.map(raw);
      if (!mapped.ok) {
        reject(mapped.problems, raw.original);
      } else {
        batch.push({ row: raw.row, record: mapped.record, original: raw.original });
      }
      if (batch.length + pendingRejects.length >= batchSize) await flush(target, batch);
    }
    headerCheck();
    await flush(target, batch);
    if (problems.length > 0) throw fail();
    await report?.close();
    const result: ImportResult = {
      kind,
      file,
      format,
      encoding: decoded.encoding ?? 'utf-8',
      encodingReason: decoded.reason ?? { 'zh-CN': '文件为空', en: 'the file is empty' },
      mode,
      ...counts,
      ...(report && report.written > 0 ? { rejectReportPath: report.path } : {}),
      ignoredColumns: [...mapper.ignoredColumns],
    };
    const { kind: _kind, file: _file, encodingReason: _encodingReason, ...details } = result;
    await target.appendAudit({
      actor: options.actor,
      action: 'import',
      entity: kind,
      entityId: file,
      before: null,
      after: details,
    });
    progress();
    return result;
  };

  /** All-or-nothing transactions: one bulk load (COPY, roll-up refreshed once at the end) where the store offers it. */
  const runAll = (target: Store): Promise<ImportResult> =>
    bulk && target.loadTransactions
      ? target.loadTransactions(
          (add) => {
            addTransactions = add;
            return run(target);
          },
          { actor: options.actor, reason: `import ${file}` },
        )
      : run(target);

  try {
    return mode === 'all-or-nothing' ? await store.transaction(runAll) : await run(store);
  } finally {
    await writeRejects();
    await report?.close();
    fileStream?.destroy();
  }
}
