/**
 * {@link ReviewRepository} over PostgreSQL (PGlite or a server through `pg`),
 * on the tables of `review360Migrations`. Submissions are written with one
 * `INSERT … ON CONFLICT … DO UPDATE … WHERE content changed` statement, so
 * concurrent and repeated submissions leave exactly one row per nomination.
 *
 * @module
 */
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import type { AuditEntry, SqlClient } from '../store/port.js';
import type { Appeal } from './appeal.js';
import type { Cycle } from './cycle.js';
import { review360Migrations } from './migrations.js';
import type { Invitation, Nomination } from './nomination.js';
import {
  auditedState,
  type ReviewRecord,
  type ReviewWriteMeta,
  recordAudit,
  SYSTEM_REVIEW_WRITE,
} from './record-audit.js';
import { conflict, type ReviewRepository, type StoredResult } from './repository.js';
import type { Submission } from './submission.js';

const iso = (value: unknown): string =>
  (value instanceof Date ? value : new Date(String(value))).toISOString();
const json = (value: unknown): string => JSON.stringify(value ?? null);

interface SubmissionRow {
  cycle_id: string;
  nomination_id: string;
  subject_id: string;
  rater_key: string;
  relation: Submission['relation'];
  answers: Record<string, number>;
  comments: Record<string, string>;
  status: Submission['status'];
  content_hash: string;
  version: number;
  updated_at: unknown;
  submitted_at: unknown;
}

function submissionFromRow(row: SubmissionRow): Submission {
  return {
    cycleId: row.cycle_id,
    nominationId: row.nomination_id,
    subjectId: row.subject_id,
    raterKey: row.rater_key,
    relation: row.relation,
    answers: row.answers,
    comments: row.comments,
    status: row.status,
    contentHash: row.content_hash,
    version: Number(row.version),
    updatedAt: iso(row.updated_at),
    submittedAt: row.submitted_at === null ? null : iso(row.submitted_at),
  };
}

async function run<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (cause) {
    if (cause instanceof KamError) throw cause;
    throw new KamError({
      code: KAM_ERROR_CODES.STORAGE,
      message: {
        'zh-CN': `360 度数据读写失败：${(cause as Error).message}`,
        en: `360° storage failed: ${(cause as Error).message}`,
      },
      cause,
    });
  }
}

/**
 * Apply the 360° migrations directly (for a database not managed by the
 * store's migration runner, e.g. in tests). Idempotent.
 */
export async function applyReview360Migrations(sql: SqlClient): Promise<void> {
  for (const migration of review360Migrations) await sql.exec(migration.sql);
}

/**
 * A {@link ReviewRepository} over a {@link SqlClient} whose database has the
 * `review360Migrations` applied (the PostgreSQL store applies them; use
 * {@link applyReview360Migrations} otherwise).
 *
 * @example
 * ```ts
 * const store = await openStore({ kind: 'postgres' });
 * const repository = createSqlReviewRepository(store.sql!);
 * ```
 */
export function createSqlReviewRepository(sql: SqlClient): ReviewRepository {
  /**
   * Run one write statement (with `RETURNING`) and, in the same statement,
   * append its audit entry when it wrote a row: the write and its audit
   * commit together or not at all, whatever connection `sql` is.
   */
  const auditedWrite = async <Row>(
    statement: string,
    params: readonly unknown[],
    written: ReviewRecord,
    before: ReviewRecord | undefined,
    meta: ReviewWriteMeta,
  ): Promise<Row[]> => {
    const entry = recordAudit(written, before === undefined ? null : auditedState(before), meta);
    const at = params.length;
    const { rows } = await sql.query<Row>(
      `WITH written AS (${statement}),
       audited AS (
         INSERT INTO r360_audit (at, actor, action, entity, entity_id, before, after, reason)
         SELECT now(), $${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}::jsonb, $${at + 6}::jsonb, $${at + 7}
         WHERE EXISTS (SELECT 1 FROM written)
       )
       SELECT * FROM written`,
      [
        ...params,
        entry.actor,
        entry.action,
        entry.entity,
        entry.entityId,
        json(entry.before),
        json(entry.after),
        entry.reason ?? null,
      ],
    );
    return rows;
  };
  const upsertRecord = (
    table: string,
    columns: string[],
    values: unknown[],
    written: ReviewRecord,
    before: ReviewRecord | undefined,
    meta: ReviewWriteMeta,
  ) => {
    const placeholders = columns.map((column, index) =>
      column === 'data' ? `$${index + 1}::jsonb` : `$${index + 1}`,
    );
    const updates = columns.slice(1).map((column) => `${column} = EXCLUDED.${column}`);
    return auditedWrite(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders.join(', ')})
       ON CONFLICT (${columns[0]}) DO UPDATE SET ${updates.join(', ')} RETURNING ${columns[0]}`,
      values,
      written,
      before,
      meta,
    );
  };
  const dataOf = async <T>(table: string, id: string): Promise<T | undefined> => {
    const { rows } = await sql.query<{ data: T }>(`SELECT data FROM ${table} WHERE id = $1`, [id]);
    return rows[0]?.data;
  };

  return {
    kind: 'postgres',
    createCycle: (cycle, meta = SYSTEM_REVIEW_WRITE) =>
      run(async () => {
        const stored = { ...cycle, version: 1 };
        const rows = await auditedWrite(
          `INSERT INTO r360_cycles (id, state, version, data) VALUES ($1, $2, 1, $3::jsonb)
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [cycle.id, cycle.state, json(stored)],
          { kind: 'cycle', record: stored },
          undefined,
          meta,
        );
        if (rows.length === 0)
          throw conflict({ 'zh-CN': `考核周期已存在：${cycle.id}`, en: `Cycle already exists: ${cycle.id}` });
        return stored;
      }),
    updateCycle: (cycle, meta = SYSTEM_REVIEW_WRITE) =>
      run(async () => {
        const stored = { ...cycle, version: cycle.version + 1 };
        const rows = await auditedWrite(
          `UPDATE r360_cycles SET state = $2, version = $3, data = $4::jsonb, updated_at = now()
           WHERE id = $1 AND version = $5 RETURNING id`,
          [cycle.id, cycle.state, stored.version, json(stored), cycle.version],
          { kind: 'cycle', record: stored },
          { kind: 'cycle', record: cycle },
          meta,
        );
        if (rows.length === 0)
          throw conflict({
            'zh-CN': `考核周期 ${cycle.id} 已被他人修改，请重试`,
            en: `Cycle ${cycle.id} was changed by someone else; retry`,
          });
        return stored;
      }),
    getCycle: (id) =>
      run(async () => {
        const { rows } = await sql.query<{ data: Cycle }>('SELECT data FROM r360_cycles WHERE id = $1', [id]);
        return rows[0]?.data;
      }),
    listCycles: () =>
      run(async () => {
        const { rows } = await sql.query<{ data: Cycle }>('SELECT data FROM r360_cycles ORDER BY id');
        return rows.map((row) => row.data);
      }),

    putNomination: (nomination, meta = SYSTEM_REVIEW_WRITE) =>
      run(async () => {
        const before = await dataOf<Nomination>('r360_nominations', nomination.id);
        await upsertRecord(
          'r360_nominations',
          ['id', 'cycle_id', 'subject_id', 'rater_key', 'status', 'data'],
          [
            nomination.id,
            nomination.cycleId,
            nomination.subjectId,
            nomination.raterKey,
            nomination.status,
            json(nomination),
          ],
          { kind: 'nomination', record: nomination },
          before && { kind: 'nomination', record: before },
          meta,
        );
      }),
    getNomination: (id) =>
      run(async () => {
        const { rows } = await sql.query<{ data: Nomination }>(
          'SELECT data FROM r360_nominations WHERE id = $1',
          [id],
        );
        return rows[0]?.data;
      }),
    listNominations: (cycleId, filter = {}) =>
      run(async () => {
        const { rows } = await sql.query<{ data: Nomination }>(
          `SELECT data FROM r360_nominations WHERE cycle_id = $1
           AND ($2::text IS NULL OR subject_id = $2) AND ($3::text IS NULL OR rater_key = $3) ORDER BY id`,
          [cycleId, filter.subjectId ?? null, filter.raterKey ?? null],
        );
        return rows.map((row) => row.data);
      }),

    putInvitation: (invitation, meta = SYSTEM_REVIEW_WRITE) =>
      run(async () => {
        await auditedWrite(
          `INSERT INTO r360_invitations (token_hash, nomination_id, cycle_id, expires_at, created_at)
           VALUES ($1, $2, $3, $4, $5) RETURNING token_hash`,
          [
            invitation.tokenHash,
            invitation.nominationId,
            invitation.cycleId,
            invitation.expiresAt,
            invitation.createdAt,
          ],
          { kind: 'invitation', record: invitation },
          undefined,
          meta,
        );
      }),
    findInvitation: (tokenHash) =>
      run(async () => {
        const { rows } = await sql.query<{
          token_hash: string;
          nomination_id: string;
          cycle_id: string;
          expires_at: unknown;
          created_at: unknown;
        }>('SELECT * FROM r360_invitations WHERE token_hash = $1', [tokenHash]);
        const row = rows[0];
        if (!row) return undefined;
        const invitation: Invitation = {
          tokenHash: row.token_hash,
          nominationId: row.nomination_id,
          cycleId: row.cycle_id,
          expiresAt: iso(row.expires_at),
          createdAt: iso(row.created_at),
        };
        return invitation;
      }),

    upsertSubmission: (submission, meta = SYSTEM_REVIEW_WRITE) =>
      run(async () => {
        const previous = await sql.query<SubmissionRow>(
          'SELECT * FROM r360_submissions WHERE cycle_id = $1 AND nomination_id = $2',
          [submission.cycleId, submission.nominationId],
        );
        const current = previous.rows[0] && submissionFromRow(previous.rows[0]);
        const rows = await auditedWrite<SubmissionRow>(
          `INSERT INTO r360_submissions (cycle_id, nomination_id, subject_id, rater_key, relation, answers, comments,
             status, content_hash, version, updated_at, submitted_at)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, 1, $10, $11)
           ON CONFLICT (cycle_id, nomination_id) DO UPDATE SET
             answers = EXCLUDED.answers, comments = EXCLUDED.comments, status = EXCLUDED.status,
             content_hash = EXCLUDED.content_hash, version = r360_submissions.version + 1,
             updated_at = EXCLUDED.updated_at, submitted_at = EXCLUDED.submitted_at
           WHERE r360_submissions.content_hash <> EXCLUDED.content_hash
           RETURNING *`,
          [
            submission.cycleId,
            submission.nominationId,
            submission.subjectId,
            submission.raterKey,
            submission.relation,
            json(submission.answers),
            json(submission.comments),
            submission.status,
            submission.contentHash,
            submission.updatedAt,
            submission.submittedAt,
          ],
          { kind: 'submission', record: submission },
          current && { kind: 'submission', record: { ...current, version: undefined } },
          meta,
        );
        const written = rows[0];
        if (written) return { submission: submissionFromRow(written), changed: true };
        const existing = await sql.query<SubmissionRow>(
          'SELECT * FROM r360_submissions WHERE cycle_id = $1 AND nomination_id = $2',
          [submission.cycleId, submission.nominationId],
        );
        return { submission: submissionFromRow(existing.rows[0]!), changed: false };
      }),
    getSubmission: (cycleId, nominationId) =>
      run(async () => {
        const { rows } = await sql.query<SubmissionRow>(
          'SELECT * FROM r360_submissions WHERE cycle_id = $1 AND nomination_id = $2',
          [cycleId, nominationId],
        );
        return rows[0] && submissionFromRow(rows[0]);
      }),
    listSubmissions: (cycleId, filter = {}) =>
      run(async () => {
        const { rows } = await sql.query<SubmissionRow>(
          `SELECT * FROM r360_submissions WHERE cycle_id = $1
           AND ($2::text IS NULL OR subject_id = $2) AND ($3::text IS NULL OR status = $3)
           ORDER BY subject_id, nomination_id`,
          [cycleId, filter.subjectId ?? null, filter.status ?? null],
        );
        return rows.map(submissionFromRow);
      }),

    putAppeal: (appeal, meta = SYSTEM_REVIEW_WRITE) =>
      run(async () => {
        const before = await dataOf<Appeal>('r360_appeals', appeal.id);
        await upsertRecord(
          'r360_appeals',
          ['id', 'cycle_id', 'subject_id', 'status', 'data'],
          [appeal.id, appeal.cycleId, appeal.subjectId, appeal.status, json(appeal)],
          { kind: 'appeal', record: appeal },
          before && { kind: 'appeal', record: before },
          meta,
        );
      }),
    getAppeal: (id) =>
      run(async () => {
        const { rows } = await sql.query<{ data: Appeal }>('SELECT data FROM r360_appeals WHERE id = $1', [
          id,
        ]);
        return rows[0]?.data;
      }),
    listAppeals: (cycleId, filter = {}) =>
      run(async () => {
        const { rows } = await sql.query<{ data: Appeal }>(
          `SELECT data FROM r360_appeals WHERE cycle_id = $1
           AND ($2::text IS NULL OR subject_id = $2) AND ($3::text IS NULL OR status = $3) ORDER BY id`,
          [cycleId, filter.subjectId ?? null, filter.status ?? null],
        );
        return rows.map((row) => row.data);
      }),

    saveResult: (result, meta = SYSTEM_REVIEW_WRITE) =>
      run(async () => {
        const previous = await sql.query<{ version: unknown }>(
          'SELECT version FROM r360_results WHERE cycle_id = $1 AND subject_id = $2',
          [result.cycleId, result.subjectId],
        );
        const before = previous.rows[0];
        await auditedWrite(
          `INSERT INTO r360_results (cycle_id, subject_id, version, computed_at, result, outlier_flags)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)
           ON CONFLICT (cycle_id, subject_id) DO UPDATE SET version = EXCLUDED.version,
             computed_at = EXCLUDED.computed_at, result = EXCLUDED.result, outlier_flags = EXCLUDED.outlier_flags
           RETURNING cycle_id`,
          [
            result.cycleId,
            result.subjectId,
            result.version,
            result.computedAt,
            json(result.result),
            json(result.outlierFlags),
          ],
          { kind: 'result', record: result },
          before && { kind: 'result', record: { ...result, version: Number(before.version) } },
          meta,
        );
      }),
    getResult: (cycleId, subjectId) =>
      run(async () => {
        const { rows } = await sql.query<{
          version: number;
          computed_at: unknown;
          result: StoredResult['result'];
          outlier_flags: StoredResult['outlierFlags'];
        }>('SELECT * FROM r360_results WHERE cycle_id = $1 AND subject_id = $2', [cycleId, subjectId]);
        const row = rows[0];
        if (!row) return undefined;
        const stored: StoredResult = {
          cycleId,
          subjectId,
          version: Number(row.version),
          computedAt: iso(row.computed_at),
          result: row.result,
          outlierFlags: row.outlier_flags,
        };
        return stored;
      }),

    appendAudit: (entry) =>
      run(async () => {
        const { rows } = await sql.query<{ id: unknown; at: unknown }>(
          `INSERT INTO r360_audit (at, actor, action, entity, entity_id, before, after, reason)
           VALUES (COALESCE($1::timestamptz, now()), $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8) RETURNING id, at`,
          [
            entry.at ?? null,
            entry.actor,
            entry.action,
            entry.entity,
            entry.entityId,
            json(entry.before),
            json(entry.after),
            entry.reason ?? null,
          ],
        );
        const row = rows[0]!;
        const stored: AuditEntry = { ...entry, id: Number(row.id), at: iso(row.at) };
        return stored;
      }),
    listAudit: (filter = {}) =>
      run(async () => {
        const { rows } = await sql.query<{
          id: unknown;
          at: unknown;
          actor: string;
          action: string;
          entity: string;
          entity_id: string;
          before: unknown;
          after: unknown;
          reason: string | null;
        }>(
          `SELECT * FROM r360_audit WHERE ($1::text IS NULL OR actor = $1) AND ($2::text IS NULL OR action = $2)
           AND ($3::text IS NULL OR entity = $3) AND ($4::text IS NULL OR entity_id = $4)
           AND ($5::timestamptz IS NULL OR at >= $5) AND ($6::timestamptz IS NULL OR at <= $6)
           ORDER BY id LIMIT $7`,
          [
            filter.actor ?? null,
            filter.action ?? null,
            filter.entity ?? null,
            filter.entityId ?? null,
            filter.since ?? null,
            filter.until ?? null,
            filter.limit ?? null,
          ],
        );
        return rows.map(
          (row): AuditEntry => ({
            id: Number(row.id),
            at: iso(row.at),
            actor: row.actor,
            action: row.action,
            entity: row.entity,
            entityId: row.entity_id,
            before: row.before,
            after: row.after,
            ...(row.reason === null ? {} : { reason: row.reason }),
          }),
        );
      }),
  };
}
