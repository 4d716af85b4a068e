/**
 * The 360° persistence port (`ReviewRepository`) and its in-memory
 * implementation. The PostgreSQL implementation over `SqlClient` is in
 * `sql-repository.ts`; both pass the same contract tests.
 *
 * @module
 */
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import type { AuditEntry, AuditFilter } from '../store/port.js';
import type { Appeal } from './appeal.js';
import type { Cycle } from './cycle.js';
import type { Invitation, Nomination } from './nomination.js';
import {
  auditedState,
  type ReviewRecord,
  type ReviewWriteMeta,
  recordAudit,
  SYSTEM_REVIEW_WRITE,
} from './record-audit.js';
import type { OutlierFlag, SubjectResult } from './results.js';
import type { Submission } from './submission.js';

/** A computed result as stored, with its version (bumped on recomputation). */
export interface StoredResult {
  cycleId: string;
  subjectId: string;
  version: number;
  computedAt: string;
  result: SubjectResult;
  /** Admin-only outlier flags. */
  outlierFlags: OutlierFlag[];
}

/** Outcome of writing a submission: `changed` is false when identical content was already stored. */
export interface UpsertSubmissionResult {
  submission: Submission;
  changed: boolean;
}

/** An audit entry to append (id and time filled by the repository when missing). */
export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at?: string };

/**
 * Everything the 360° engine keeps. All writes are atomic per call;
 * `upsertSubmission` is safe under concurrency (one row per nomination).
 * Every write that changes a record appends a `review360.<kind>.save` entry
 * to the repository's audit trail in the same atomic write (actor from
 * `meta`, default `system`; states and versions only — see `record-audit.ts`).
 */
export interface ReviewRepository {
  /** `memory` or `postgres` (PGlite or a server). */
  readonly kind: 'memory' | 'postgres';
  /** @throws KamError `CONFLICT` when the id exists. */
  createCycle(cycle: Cycle, meta?: ReviewWriteMeta): Promise<Cycle>;
  /** Save `cycle` if the stored version is still `cycle.version`; returns it with the version bumped. @throws KamError `CONFLICT` otherwise. */
  updateCycle(cycle: Cycle, meta?: ReviewWriteMeta): Promise<Cycle>;
  /** One cycle by id, or `undefined`. */
  getCycle(id: string): Promise<Cycle | undefined>;
  /** Every cycle. */
  listCycles(): Promise<Cycle[]>;

  /** Create or replace a nomination by id. */
  putNomination(nomination: Nomination, meta?: ReviewWriteMeta): Promise<void>;
  /** One nomination by id, or `undefined`. */
  getNomination(id: string): Promise<Nomination | undefined>;
  /** The nominations of a cycle, optionally of one subject or one rater. */
  listNominations(cycleId: string, filter?: { subjectId?: string; raterKey?: string }): Promise<Nomination[]>;

  /** Create or replace an invitation (only the hash of its token is kept). */
  putInvitation(invitation: Invitation, meta?: ReviewWriteMeta): Promise<void>;
  /** The invitation whose token hashes to `tokenHash`, or `undefined`. */
  findInvitation(tokenHash: string): Promise<Invitation | undefined>;

  /** Insert or replace the submission of `(cycleId, nominationId)`; identical content is left untouched. */
  upsertSubmission(
    submission: Omit<Submission, 'version'>,
    meta?: ReviewWriteMeta,
  ): Promise<UpsertSubmissionResult>;
  /** The submission (draft or submitted) of one nomination, or `undefined`. */
  getSubmission(cycleId: string, nominationId: string): Promise<Submission | undefined>;
  /** The submissions of a cycle, optionally of one subject or status. */
  listSubmissions(
    cycleId: string,
    filter?: { subjectId?: string; status?: Submission['status'] },
  ): Promise<Submission[]>;

  /** Create or replace an appeal by id. */
  putAppeal(appeal: Appeal, meta?: ReviewWriteMeta): Promise<void>;
  /** One appeal by id, or `undefined`. */
  getAppeal(id: string): Promise<Appeal | undefined>;
  /** The appeals of a cycle, optionally of one subject or status. */
  listAppeals(cycleId: string, filter?: { subjectId?: string; status?: Appeal['status'] }): Promise<Appeal[]>;

  /** Store a subject's computed result (a recomputation replaces it). */
  saveResult(result: StoredResult, meta?: ReviewWriteMeta): Promise<void>;
  /** The stored result of one subject in a cycle, or `undefined`. */
  getResult(cycleId: string, subjectId: string): Promise<StoredResult | undefined>;

  /** Append an entry to the repository's own 360° audit trail. */
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Entries of the 360° audit trail matching the filter. */
  listAudit(filter?: AuditFilter): Promise<AuditEntry[]>;
}

/** A `CONFLICT` error for a stale or duplicate write. */
export function conflict(what: { 'zh-CN': string; en: string }): KamError {
  return new KamError({ code: KAM_ERROR_CODES.CONFLICT, message: what });
}

const clone = <T>(value: T): T => structuredClone(value);

/** Does an audit entry match a filter. */
export function auditMatches(entry: AuditEntry, filter: AuditFilter): boolean {
  return (
    (filter.actor === undefined || entry.actor === filter.actor) &&
    (filter.action === undefined || entry.action === filter.action) &&
    (filter.entity === undefined || entry.entity === filter.entity) &&
    (filter.entityId === undefined || entry.entityId === filter.entityId) &&
    (filter.since === undefined || entry.at >= filter.since) &&
    (filter.until === undefined || entry.at <= filter.until)
  );
}

/**
 * An in-memory {@link ReviewRepository}: for tests, examples and single-process
 * use. State lives in this process only and is lost on exit.
 *
 * @example
 * ```ts
 * const engine = createReview360Engine({ repository: createMemoryReviewRepository() });
 * ```
 */
export function createMemoryReviewRepository(options: { now?: () => Date } = {}): ReviewRepository {
  const now = options.now ?? (() => new Date());
  const cycles = new Map<string, Cycle>();
  const nominations = new Map<string, Nomination>();
  const invitations = new Map<string, Invitation>();
  const submissions = new Map<string, Submission>();
  const appeals = new Map<string, Appeal>();
  const results = new Map<string, StoredResult>();
  const audit: AuditEntry[] = [];
  const key = (cycleId: string, id: string) => `${cycleId}\u0000${id}`;
  const appendEntry = (entry: NewAuditEntry): AuditEntry => {
    const stored: AuditEntry = {
      ...clone(entry),
      id: audit.length + 1,
      at: entry.at ?? now().toISOString(),
    };
    audit.push(stored);
    return clone(stored);
  };
  /** Audit one write (the memory repository's writes cannot fail half-way). */
  const audited = (written: ReviewRecord, before: ReviewRecord | undefined, meta: ReviewWriteMeta) =>
    appendEntry(recordAudit(written, before === undefined ? null : auditedState(before), meta));

  return {
    kind: 'memory',
    async createCycle(cycle, meta = SYSTEM_REVIEW_WRITE) {
      if (cycles.has(cycle.id))
        throw conflict({ 'zh-CN': `考核周期已存在：${cycle.id}`, en: `Cycle already exists: ${cycle.id}` });
      const stored = { ...clone(cycle), version: 1 };
      cycles.set(cycle.id, stored);
      audited({ kind: 'cycle', record: stored }, undefined, meta);
      return clone(stored);
    },
    async updateCycle(cycle, meta = SYSTEM_REVIEW_WRITE) {
      const current = cycles.get(cycle.id);
      if (!current || current.version !== cycle.version)
        throw conflict({
          'zh-CN': `考核周期 ${cycle.id} 已被他人修改，请重试`,
          en: `Cycle ${cycle.id} was changed by someone else; retry`,
        });
      const stored = { ...clone(cycle), version: cycle.version + 1 };
      cycles.set(cycle.id, stored);
      audited({ kind: 'cycle', record: stored }, { kind: 'cycle', record: current }, meta);
      return clone(stored);
    },
    async getCycle(id) {
      const cycle = cycles.get(id);
      return cycle && clone(cycle);
    },
    async listCycles() {
      return [...cycles.values()].map(clone);
    },
    async putNomination(nomination, meta = SYSTEM_REVIEW_WRITE) {
      const before = nominations.get(nomination.id);
      nominations.set(nomination.id, clone(nomination));
      audited(
        { kind: 'nomination', record: nomination },
        before && { kind: 'nomination', record: before },
        meta,
      );
    },
    async getNomination(id) {
      const nomination = nominations.get(id);
      return nomination && clone(nomination);
    },
    async listNominations(cycleId, filter = {}) {
      return [...nominations.values()]
        .filter(
          (nomination) =>
            nomination.cycleId === cycleId &&
            (filter.subjectId === undefined || nomination.subjectId === filter.subjectId) &&
            (filter.raterKey === undefined || nomination.raterKey === filter.raterKey),
        )
        .map(clone);
    },
    async putInvitation(invitation, meta = SYSTEM_REVIEW_WRITE) {
      const before = invitations.get(invitation.tokenHash);
      invitations.set(invitation.tokenHash, clone(invitation));
      audited(
        { kind: 'invitation', record: invitation },
        before && { kind: 'invitation', record: before },
        meta,
      );
    },
    async findInvitation(tokenHash) {
      const invitation = invitations.get(tokenHash);
      return invitation && clone(invitation);
    },
    async upsertSubmission(submission, meta = SYSTEM_REVIEW_WRITE) {
      const id = key(submission.cycleId, submission.nominationId);
      const current = submissions.get(id);
      if (current && current.contentHash === submission.contentHash)
        return { submission: clone(current), changed: false };
      const stored: Submission = { ...clone(submission), version: (current?.version ?? 0) + 1 };
      submissions.set(id, stored);
      audited(
        { kind: 'submission', record: submission },
        current && { kind: 'submission', record: { ...current, version: undefined } },
        meta,
      );
      return { submission: clone(stored), changed: true };
    },
    async getSubmission(cycleId, nominationId) {
      const submission = submissions.get(key(cycleId, nominationId));
      return submission && clone(submission);
    },
    async listSubmissions(cycleId, filter = {}) {
      return [...submissions.values()]
        .filter(
          (submission) =>
            submission.cycleId === cycleId &&
            (filter.subjectId === undefined || submission.subjectId === filter.subjectId) &&
            (filter.status === undefined || submission.status === filter.status),
        )
        .map(clone);
    },
    async putAppeal(appeal, meta = SYSTEM_REVIEW_WRITE) {
      const before = appeals.get(appeal.id);
      appeals.set(appeal.id, clone(appeal));
      audited({ kind: 'appeal', record: appeal }, before && { kind: 'appeal', record: before }, meta);
    },
    async getAppeal(id) {
      const appeal = appeals.get(id);
      return appeal && clone(appeal);
    },
    async listAppeals(cycleId, filter = {}) {
      return [...appeals.values()]
        .filter(
          (appeal) =>
            appeal.cycleId === cycleId &&
            (filter.subjectId === undefined || appeal.subjectId === filter.subjectId) &&
            (filter.status === undefined || appeal.status === filter.status),
        )
        .map(clone);
    },
    async saveResult(result, meta = SYSTEM_REVIEW_WRITE) {
      const before = results.get(key(result.cycleId, result.subjectId));
      results.set(key(result.cycleId, result.subjectId), clone(result));
      audited({ kind: 'result', record: result }, before && { kind: 'result', record: before }, meta);
    },
    async getResult(cycleId, subjectId) {
      const result = results.get(key(cycleId, subjectId));
      return result && clone(result);
    },
    async appendAudit(entry) {
      return appendEntry(entry);
    },
    async listAudit(filter = {}) {
      const matching = audit.filter((entry) => auditMatches(entry, filter)).map(clone);
      return filter.limit === undefined ? matching : matching.slice(0, filter.limit);
    },
  };
}
