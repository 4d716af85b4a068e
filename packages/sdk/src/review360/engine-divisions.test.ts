import { beforeEach, describe, expect, it } from 'vitest';
import { type User, UserSchema } from '../domain/user.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { answersAll, cycleInputOf } from './__fixtures__/build.js';
import { createReview360Engine, type Review360Engine } from './engine.js';
import { competencyModelPreset } from './presets.js';
import { createMemoryReviewRepository, type ReviewRepository } from './repository.js';

const person = (id: string, role: User['role'], division: string): User =>
  UserSchema.parse({ id, name: id, role, division });
const sysadmin = person('u-sys', 'system-admin', 'hq');
const eastAdmin = person('u-admin-east', 'division-admin', 'east');
const westAdmin = person('u-admin-west', 'division-admin', 'west');
const eastHead = person('u-head-east', 'division-head', 'east');
const westHead = person('u-head-west', 'division-head', 'west');
const eastStaff = person('u-east', 'account-manager', 'east');
const westStaff = person('u-west', 'account-manager', 'west');
const raters = ['u-r1', 'u-r2', 'u-r3', 'u-r4', 'u-r5'].map((id) => person(id, 'account-manager', 'west'));
const model = competencyModelPreset('dcfin-27');

const cycle = (subjects: Parameters<typeof cycleInputOf>[1], id = 'c1') =>
  cycleInputOf(id, subjects, '2026 H1');
const eastSubject = {
  kind: 'staff',
  id: 's-east',
  name: '东区经理',
  userId: eastStaff.id,
  supervisorId: eastHead.id,
  departmentHeadId: null,
} as const;
const westSubject = {
  kind: 'staff',
  id: 's-west',
  name: '西区经理',
  userId: westStaff.id,
  supervisorId: westHead.id,
  departmentHeadId: null,
} as const;

describe('360° rights of a division admin stop at their division', () => {
  let clock: Date;
  let store: Store;
  let repository: ReviewRepository;
  let engine: Review360Engine;

  beforeEach(async () => {
    clock = new Date('2026-06-01T02:00:00Z');
    store = createMemoryStore({ clock: () => clock });
    for (const user of [sysadmin, eastAdmin, westAdmin, eastHead, westHead, eastStaff, westStaff, ...raters])
      await store.putUser(user, { actor: 'system' });
    repository = createMemoryReviewRepository({ now: () => clock });
    engine = createReview360Engine({ repository, store, now: () => clock });
    // A cycle over both divisions, run by the system admin to publication.
    await engine.createCycle(cycle([eastSubject, westSubject]), sysadmin);
    await engine.transition('c1', 'nominating', sysadmin);
    const proposals = raters.map((rater) => ({
      name: rater.id,
      contact: `${rater.id}@kamkit.test`,
      relation: 'peer' as const,
      userId: rater.id,
    }));
    for (const nomination of await engine.proposeRaters('c1', 's-west', proposals, westStaff))
      await engine.reviewNomination(nomination.id, { action: 'approve' }, westHead);
    clock = new Date('2026-06-11T01:00:00Z');
    await engine.transition('c1', 'open', sysadmin);
    for (const nomination of await engine.listNominations('c1', sysadmin)) {
      if (nomination.subjectId !== 's-west' || nomination.rater.userId === null) continue;
      const rater = [westHead, westStaff, ...raters].find((user) => user.id === nomination.rater.userId)!;
      await engine.submit(
        nomination.id,
        { answers: answersAll(model, rater === raters[0] ? 1 : 4) },
        { user: rater },
      );
    }
    await engine.transition('c1', 'closed', sysadmin);
    await engine.transition('c1', 'published', sysadmin);
  });

  it('reads nothing of a west subject: nominations, progress, outlier flags, audit', async () => {
    const nominations = await engine.listNominations('c1', eastAdmin);
    expect(nominations.every((nomination) => nomination.subjectId === 's-east')).toBe(true);
    expect((await engine.listNominations('c1', westAdmin)).some((n) => n.subjectId === 's-west')).toBe(true);

    const progress = await engine.progress('c1', eastAdmin);
    expect(progress.subjects.map((entry) => entry.subjectId)).toEqual(['s-east']);

    const hidden = await engine.outlierFlags('c1', 's-west', eastAdmin).catch((error: unknown) => error);
    const missing = await engine.outlierFlags('c1', 's-none', eastAdmin).catch((error: unknown) => error);
    expect(hidden).toMatchObject({ code: 'NOT_FOUND' });
    expect((hidden as Error).message.replace('s-west', '?')).toBe(
      (missing as Error).message.replace('s-none', '?'),
    );
    expect(await engine.outlierFlags('c1', 's-west', westAdmin)).toEqual(expect.any(Array));

    // The 360° audit trail holds only 360° entries, and a division admin's only those of their reach:
    // the cycle spans both divisions, so its transitions are not theirs.
    await store.putAccount(
      { id: 'A-west', name: '西部客户', division: 'west', ownerA: westStaff.id, type: 'soe' },
      { actor: 'system' },
    );
    const eastTrail = await engine.auditTrail(eastAdmin);
    expect(eastTrail).toEqual([]);
    const fullTrail = await engine.auditTrail(sysadmin);
    expect(fullTrail.length).toBeGreaterThan(0);
    expect(fullTrail.every((entry) => entry.entity.startsWith('review360'))).toBe(true);
  });

  it('may not add a rater to, review a nomination of, or administer a cycle with a west subject', async () => {
    const fresh = createReview360Engine({
      repository: createMemoryReviewRepository(),
      store,
      now: () => clock,
    });
    await expect(fresh.createCycle(cycle([eastSubject, westSubject], 'c2'), eastAdmin)).rejects.toMatchObject(
      {
        code: 'FORBIDDEN',
      },
    );
    const own = await fresh.createCycle(cycle([eastSubject], 'c3'), eastAdmin);
    expect(own.id).toBe('c3');
    await fresh.createCycle(cycle([eastSubject, westSubject], 'c4'), sysadmin);
    await expect(fresh.transition('c4', 'nominating', eastAdmin)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await fresh.transition('c4', 'nominating', sysadmin);
    const rater = { name: 'r', contact: 'r@kamkit.test', relation: 'peer' as const, userId: raters[1]!.id };
    const hidden = await fresh.addRater('c4', 's-west', rater, eastAdmin).catch((error: unknown) => error);
    expect(hidden).toMatchObject({ code: 'NOT_FOUND' });
    const added = await fresh.addRater('c4', 's-west', rater, westAdmin);
    const review = await fresh
      .reviewNomination(added.id, { action: 'reject', reason: 'x' }, eastAdmin)
      .catch((error: unknown) => error);
    const missing = await fresh
      .reviewNomination('no-such-nomination', { action: 'reject', reason: 'x' }, eastAdmin)
      .catch((error: unknown) => error);
    expect(review).toMatchObject({ code: 'NOT_FOUND' });
    expect((review as Error).message.replace(added.id, '?')).toBe(
      (missing as Error).message.replace('no-such-nomination', '?'),
    );
    expect((await fresh.addRater('c4', 's-east', rater, eastAdmin)).status).toBe('approved');
  });

  it('asks the permission table, not the role name', async () => {
    const policyEngine = createReview360Engine({
      repository,
      store,
      now: () => clock,
      policy: {
        ...(await import('../access/permissions.js')).DEFAULT_ACCESS_POLICY,
        rules: {
          ...(await import('../access/permissions.js')).DEFAULT_ACCESS_POLICY.rules,
          'division-admin': {},
          'division-head': { 'review360.admin': 'division' },
        },
      },
    });
    await expect(policyEngine.progress('c1', eastAdmin)).resolves.toMatchObject({ subjects: [] });
    await expect(policyEngine.auditTrail(eastAdmin)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const westProgress = await policyEngine.progress('c1', westHead);
    expect(westProgress.subjects.map((entry) => entry.subjectId)).toEqual(['s-west']);
  });
});
