/** The contract every ReviewRepository passes (memory, PGlite, PostgreSQL server). */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Appeal } from '../appeal.js';
import type { Nomination } from '../nomination.js';
import type { ReviewRepository } from '../repository.js';
import { type Submission, submissionHash } from '../submission.js';
import { testCycle } from './build.js';

function nomination(cycleId: string, id: string, subjectId: string, raterKey: string): Nomination {
  return {
    id,
    cycleId,
    subjectId,
    relation: 'peer',
    rater: { userId: raterKey, name: raterKey, contact: `${raterKey}@x.cn`, external: false },
    raterKey,
    status: 'approved',
    proposedBy: 'u-subject',
    decidedBy: 'u-boss',
    reason: null,
    replacedBy: null,
    createdAt: '2026-06-01T00:00:00.000Z',
    updatedAt: '2026-06-01T00:00:00.000Z',
  };
}

function draft(cycleId: string, nominationId: string, value: number): Omit<Submission, 'version'> {
  const answers = { 'lead-direction': value, 'lead-decision': value };
  return {
    cycleId,
    nominationId,
    subjectId: 's1',
    raterKey: `user:${nominationId}`,
    relation: 'peer',
    answers,
    comments: {},
    status: 'submitted',
    contentHash: submissionHash({ answers, comments: {}, status: 'submitted' }),
    updatedAt: '2026-06-12T00:00:00.000Z',
    submittedAt: '2026-06-12T00:00:00.000Z',
  };
}

/** Register the contract tests for one repository implementation. */
export function describeReviewRepositoryContract(name: string, open: () => Promise<ReviewRepository>): void {
  describe(`ReviewRepository contract: ${name}`, () => {
    // Unique ids so a shared server database can be reused between runs.
    const fresh = () => `c-${randomUUID()}`;

    it('creates cycles once and updates them only from the current version', async () => {
      const repository = await open();
      const id = fresh();
      const created = await repository.createCycle({ ...testCycle('annual-review'), id });
      expect(created.version).toBe(1);
      await expect(repository.createCycle({ ...testCycle('annual-review'), id })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      const updated = await repository.updateCycle({ ...created, state: 'nominating' });
      expect(updated).toMatchObject({ version: 2, state: 'nominating' });
      await expect(repository.updateCycle({ ...created, state: 'open' })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      expect(await repository.getCycle(id)).toEqual(updated);
      expect((await repository.listCycles()).some((cycle) => cycle.id === id)).toBe(true);
      expect(await repository.getCycle(fresh())).toBeUndefined();
    });

    it('stores nominations, invitations, appeals and results', async () => {
      const repository = await open();
      const cycleId = fresh();
      await repository.createCycle({ ...testCycle('annual-review'), id: cycleId });
      const first = nomination(cycleId, `${cycleId}-n1`, 's1', 'user:a');
      await repository.putNomination(first);
      await repository.putNomination(nomination(cycleId, `${cycleId}-n2`, 's2', 'user:a'));
      await repository.putNomination({ ...first, status: 'declined', reason: '不熟悉' });
      expect(await repository.getNomination(first.id)).toMatchObject({
        status: 'declined',
        reason: '不熟悉',
      });
      expect((await repository.listNominations(cycleId, { raterKey: 'user:a' })).length).toBe(2);
      expect(
        (await repository.listNominations(cycleId, { subjectId: 's2' })).map((n) => n.subjectId),
      ).toEqual(['s2']);

      const invitation = {
        tokenHash: `hash-${cycleId}`,
        nominationId: first.id,
        cycleId,
        expiresAt: '2026-06-18T01:00:00.000Z',
        createdAt: '2026-06-11T01:00:00.000Z',
      };
      await repository.putInvitation(invitation);
      expect(await repository.findInvitation(invitation.tokenHash)).toEqual(invitation);

      const appeal: Appeal = {
        id: `${cycleId}-a1`,
        cycleId,
        subjectId: 's1',
        filedBy: 'u-s1',
        reason: '不公',
        filedAt: '2026-06-20T00:00:00.000Z',
        status: 'pending',
        decidedBy: null,
        decidedAt: null,
        decision: null,
      };
      await repository.putAppeal(appeal);
      await repository.putAppeal({ ...appeal, id: `${cycleId}-a2`, status: 'rejected' });
      expect(await repository.listAppeals(cycleId, { status: 'pending' })).toEqual([appeal]);
      expect(await repository.getAppeal(appeal.id)).toEqual(appeal);

      expect(await repository.getResult(cycleId, 's1')).toBeUndefined();
      const result = {
        cycleId,
        subjectId: 's1',
        version: 1,
        computedAt: '2026-06-14T00:00:00.000Z',
        result: { overall: { score: 3.95 } } as never,
        outlierFlags: [],
      };
      await repository.saveResult(result);
      await repository.saveResult({ ...result, version: 2 });
      expect(await repository.getResult(cycleId, 's1')).toMatchObject({
        version: 2,
        result: { overall: { score: 3.95 } },
      });
    });

    it('keeps one submission per nomination: identical content is not rewritten, changes bump the version', async () => {
      const repository = await open();
      const cycleId = fresh();
      const first = await repository.upsertSubmission(draft(cycleId, 'n1', 4));
      expect(first).toMatchObject({
        changed: true,
        submission: { version: 1, answers: { 'lead-direction': 4 } },
      });
      const same = await repository.upsertSubmission({
        ...draft(cycleId, 'n1', 4),
        updatedAt: '2026-06-13T00:00:00.000Z',
      });
      expect(same).toEqual({ changed: false, submission: first.submission });
      const changed = await repository.upsertSubmission(draft(cycleId, 'n1', 2));
      expect(changed).toMatchObject({
        changed: true,
        submission: { version: 2, answers: { 'lead-direction': 2 } },
      });
      expect(await repository.getSubmission(cycleId, 'n1')).toEqual(changed.submission);
      await repository.upsertSubmission({
        ...draft(cycleId, 'n2', 3),
        status: 'draft',
        submittedAt: null,
        contentHash: 'd',
      });
      expect((await repository.listSubmissions(cycleId)).length).toBe(2);
      expect(
        (await repository.listSubmissions(cycleId, { status: 'submitted' })).map((s) => s.nominationId),
      ).toEqual(['n1']);
    });

    it('500 concurrent submissions: none lost, none duplicated', async () => {
      const repository = await open();
      const cycleId = fresh();
      const writes = Array.from({ length: 500 }, (_, index) =>
        draft(cycleId, `n${index % 250}`, (index % 5) + 1),
      );
      // Each nomination is written twice with the same content, all at once.
      const outcomes = await Promise.all(
        writes.map((write, index) =>
          repository.upsertSubmission(
            index < 250
              ? write
              : {
                  ...write,
                  answers: { ...writes[index - 250]!.answers },
                  contentHash: writes[index - 250]!.contentHash,
                },
          ),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.changed).length).toBe(250);
      const stored = await repository.listSubmissions(cycleId);
      expect(stored.length).toBe(250);
      expect(new Set(stored.map((submission) => submission.nominationId)).size).toBe(250);
      expect(stored.every((submission) => submission.version === 1)).toBe(true);
    });

    it('appends audit entries with increasing ids and filters them', async () => {
      const repository = await open();
      const entityId = fresh();
      const first = await repository.appendAudit({
        actor: 'u-hr',
        action: 'review360.appeal.decide',
        entity: 'review360-appeal',
        entityId,
        before: { status: 'pending' },
        after: { status: 'upheld' },
        reason: '委员会裁决',
        at: '2026-06-20T00:00:00.000Z',
      });
      const second = await repository.appendAudit({
        actor: 'u-hr',
        action: 'review360.result.recompute',
        entity: 'review360-result',
        entityId,
        before: null,
        after: { version: 2 },
      });
      expect(second.id).toBeGreaterThan(first.id);
      expect(first.at).toBe('2026-06-20T00:00:00.000Z');
      const entries = await repository.listAudit({ entityId });
      expect(entries.map((entry) => entry.action)).toEqual([
        'review360.appeal.decide',
        'review360.result.recompute',
      ]);
      expect(entries[0]).toMatchObject({ reason: '委员会裁决', before: { status: 'pending' } });
      expect((await repository.listAudit({ entityId, action: 'review360.result.recompute' })).length).toBe(1);
    });
  });
}
