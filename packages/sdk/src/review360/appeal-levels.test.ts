/**
 * Appeals in two levels (seed002: appeals go to HR, the committee rules
 * last): the subject escalates a decided appeal once; only the committee
 * (`review360.committee`) decides it, finally; a decision may void disputed
 * ratings, which drop out of the recomputed result without naming a rater.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { faceWithout } from '../access/__fixtures__/entry-points.js';
import { seedPortfolio, USERS } from '../access/__fixtures__/portfolio.js';
import { type User, UserSchema } from '../domain/user.js';
import { isKamError, type KamError } from '../errors/kam-error.js';
import { createMemoryStore } from '../store/memory-store.js';
import { answersAll, cycleInputOf } from './__fixtures__/build.js';
import type { Appeal } from './appeal.js';
import { createReview360Engine, type Review360Engine } from './engine.js';
import { competencyModelPreset } from './presets.js';
import { createMemoryReviewRepository } from './repository.js';

const model = competencyModelPreset('dcfin-27');
const userOf = (handle: keyof typeof USERS): User => UserSchema.parse(USERS[handle]);
const peer = (id: string): User =>
  UserSchema.parse({ id, name: id, role: 'account-manager', division: 'east' });
const am = userOf('am');
const am2 = userOf('am2');
const dh = userOf('dh');
const da = userOf('da');
const sa = userOf('sa');
const gm = userOf('gm');
const dhw = userOf('dhw');
const amw = userOf('amw');
/** Four peers of the east manager; the fourth gives 1 throughout (the quarrel of seed002). */
const PEERS = ['u-p1', 'u-p2', 'u-p3', 'u-p4'].map(peer);

async function failure(promise: Promise<unknown>): Promise<KamError> {
  const outcome = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isKamError(outcome)) throw new Error(`expected a KamError, got ${String(outcome)}`);
  return outcome;
}

describe('two-level appeals with voided ratings', () => {
  let engine: Review360Engine;
  let retaliation: string;
  let otherSubjectsRating: string;

  beforeEach(async () => {
    const clock = new Date('2026-06-01T02:00:00Z');
    const store = createMemoryStore({ clock: () => clock });
    await seedPortfolio(store);
    let counter = 0;
    engine = createReview360Engine({
      repository: createMemoryReviewRepository({ now: () => clock }),
      store,
      now: () => clock,
      generateId: () => `id-${String(++counter).padStart(3, '0')}`,
    });
    const subjects = [
      {
        kind: 'staff',
        id: 's-am',
        name: '李经理',
        userId: am.id,
        supervisorId: dh.id,
        departmentHeadId: null,
      },
      {
        kind: 'staff',
        id: 's-am2',
        name: '赵经理',
        userId: am2.id,
        supervisorId: dh.id,
        departmentHeadId: null,
      },
    ] as const;
    await engine.createCycle(cycleInputOf('c1', subjects), da);
    await engine.transition('c1', 'nominating', da);
    for (const person of PEERS)
      await engine.addRater(
        'c1',
        's-am',
        { name: person.id, contact: `${person.id}@kamkit.test`, relation: 'peer', userId: person.id },
        dh,
      );
    await engine.transition('c1', 'open', da);
    const people = new Map<string, User>([am, am2, dh, ...PEERS].map((person) => [person.id, person]));
    for (const nomination of await engine.listNominations('c1', da)) {
      const value = nomination.rater.userId === 'u-p4' ? 1 : 4;
      await engine.submit(
        nomination.id,
        { answers: answersAll(model, value) },
        { user: people.get(nomination.rater.userId!)! },
      );
      if (nomination.rater.userId === 'u-p4') retaliation = nomination.id;
      if (nomination.subjectId === 's-am2' && nomination.relation === 'self')
        otherSubjectsRating = nomination.id;
    }
    await engine.transition('c1', 'closed', da);
    await engine.transition('c1', 'published', da);
  });

  it('the subject escalates only after the first decision, and only once; the committee decides, finally', async () => {
    const first = await engine.fileAppeal('c1', 's-am', '同事报复性打分', am);
    expect((await failure(engine.escalateAppeal(first.id, '不服', am))).code).toBe('INVALID_STATE');
    await engine.decideAppeal(first.id, { outcome: 'rejected', reason: '证据不足' }, da);
    expect((await engine.getCycle('c1')).state).toBe('published');

    const second = await engine.escalateAppeal(first.id, '请考核领导小组复核', am);
    expect(second).toMatchObject({ level: 2, escalates: first.id, status: 'pending', filedBy: am.id });
    expect((await engine.getCycle('c1')).state).toBe('appeal');
    const again = await failure(engine.escalateAppeal(first.id, '再次升级', am));
    expect(again.code).toBe('INVALID_STATE');
    expect(again.localised.en).toBe('This appeal was already escalated; an appeal is escalated once');

    // HR decided the first level; at the second only the committee decides.
    const byAdmin = await failure(engine.decideAppeal(second.id, { outcome: 'upheld', reason: 'x' }, da));
    expect(byAdmin.code).toBe('FORBIDDEN');
    expect(byAdmin.localised['zh-CN']).toBe('升级的申诉由考核领导小组裁决');
    // The west division head sits on the committee of the west only: the appeal reads as missing.
    const west = await failure(engine.decideAppeal(second.id, { outcome: 'upheld', reason: 'x' }, dhw));
    const missing = await failure(engine.decideAppeal('ap-nowhere', { outcome: 'upheld', reason: 'x' }, dhw));
    expect(faceWithout(west, second.id)).toEqual(faceWithout(missing, 'ap-nowhere'));

    const decided = await engine.decideAppeal(second.id, { outcome: 'rejected', reason: '维持原结果' }, dh);
    expect(decided.appeal).toMatchObject({ status: 'rejected', decidedBy: dh.id, level: 2 });
    expect((await engine.getCycle('c1')).state).toBe('published');
    const final = await failure(engine.escalateAppeal(second.id, '还要申诉', am));
    expect(final.code).toBe('INVALID_STATE');
    expect(final.localised['zh-CN']).toBe('考核领导小组的裁决为最终裁决，不能再申诉');
  });

  it('whoever decided the first level may not decide the second, even on the committee', async () => {
    const first = await engine.fileAppeal('c1', 's-am', '评分不公', am);
    await engine.decideAppeal(first.id, { outcome: 'rejected', reason: '维持' }, sa);
    const second = await engine.escalateAppeal(first.id, '复核', am);
    expect(
      (await failure(engine.decideAppeal(second.id, { outcome: 'rejected', reason: 'x' }, sa))).code,
    ).toBe('FORBIDDEN');
    await engine.decideAppeal(second.id, { outcome: 'rejected', reason: '维持' }, gm);
  });

  it('voiding a disputed rating recomputes the result, says how many, never whose; all audited', async () => {
    const before = await engine.readResult('c1', 's-am', am);
    // Peers 4, 4, 4, 1 → 3.25; supervisor 4, self 4: (0.7·4 + 0.1·3.25 + 0.1·4) / 0.9.
    expect(before.overall.score).toBeCloseTo(3.525 / 0.9, 12);
    const first = await engine.fileAppeal('c1', 's-am', '同事报复性打分', am);
    await engine.decideAppeal(first.id, { outcome: 'rejected', reason: '证据不足' }, da);
    const second = await engine.escalateAppeal(first.id, '请复核 u-p4 的评分', am);
    const { appeal, result } = await engine.decideAppeal(
      second.id,
      { outcome: 'upheld', reason: '经调查属报复性评分，作废', void: [retaliation] },
      dh,
    );
    expect(appeal.voided).toEqual([retaliation]);
    expect(result?.version).toBe(2);
    const after = await engine.readResult('c1', 's-am', am);
    expect(after.overall.score).toBeCloseTo(4, 12);
    expect(after.groups.find((group) => group.id === 'peers')).toMatchObject({ score: 4, raterCount: 3 });
    expect(after.voidedRatings).toBe(1);
    expect(after.notes).toContainEqual({
      'zh-CN': '1 份评分经申诉裁决作废，不计入任何数字',
      en: '1 rating was voided on appeal and counts in no figure',
    });
    expect(JSON.stringify(after)).not.toMatch(/u-p4|id-0/);
    // The other subject's result is untouched.
    expect((await engine.readResult('c1', 's-am2', am2)).version).toBe(1);

    const trail = await engine.auditTrail(sa);
    const of = (action: string) => trail.filter((entry) => entry.action === action);
    expect(of('review360.appeal.escalate')).toEqual([
      expect.objectContaining({
        actor: am.id,
        entityId: second.id,
        after: expect.objectContaining({ level: 2 }),
      }),
    ]);
    expect(of('review360.appeal.decide').at(-1)).toMatchObject({
      actor: dh.id,
      entityId: second.id,
      after: { status: 'upheld', level: 2, final: true, voided: [retaliation] },
      reason: '经调查属报复性评分，作废',
    });
    expect(of('review360.result.recompute').at(-1)).toMatchObject({
      actor: dh.id,
      entityId: 'c1/s-am',
      before: { version: 1, voidedRatings: 0 },
      after: { version: 2, voidedRatings: 1 },
    });
  });

  it('a first-level decision may void too, and a later recomputation keeps the rating out', async () => {
    const first = await engine.fileAppeal('c1', 's-am', '报复性打分', am);
    await engine.decideAppeal(first.id, { outcome: 'upheld', reason: '作废', void: [retaliation] }, da);
    const second = await engine.escalateAppeal(first.id, '还应改用中位数', am);
    await engine.decideAppeal(
      second.id,
      { outcome: 'upheld', reason: '改用中位数', recompute: { aggregation: { method: 'median' } } },
      gm,
    );
    const after = await engine.readResult('c1', 's-am', am);
    expect(after.version).toBe(3);
    expect(after.aggregation).toEqual({ method: 'median' });
    expect(after.voidedRatings).toBe(1);
    expect(after.overall.score).toBeCloseTo(4, 12);
  });

  it('a rating of another subject reads like a missing one, and a bad void writes nothing', async () => {
    const first = await engine.fileAppeal('c1', 's-am', '评分不公', am);
    const foreign = await failure(
      engine.decideAppeal(first.id, { outcome: 'upheld', reason: 'x', void: [otherSubjectsRating] }, da),
    );
    const missing = await failure(
      engine.decideAppeal(first.id, { outcome: 'upheld', reason: 'x', void: ['n-nowhere'] }, da),
    );
    expect(foreign.code).toBe('INVALID_INPUT');
    expect(foreign.path).toBe('void[0]');
    expect(faceWithout(foreign, otherSubjectsRating)).toEqual(faceWithout(missing, 'n-nowhere'));
    const rejected = await failure(
      engine.decideAppeal(first.id, { outcome: 'rejected', reason: 'x', void: [retaliation] }, da),
    );
    expect(rejected).toMatchObject({ code: 'INVALID_INPUT', path: 'void' });
    const [stored] = (await engine.listAppeals('c1', da)) as [Appeal];
    expect(stored.status).toBe('pending');
    expect((await engine.readResult('c1', 's-am', am)).version).toBe(1);
  });

  it('only the subject escalates; a stranger’s answer is a missing appeal’s', async () => {
    const first = await engine.fileAppeal('c1', 's-am', '评分不公', am);
    await engine.decideAppeal(first.id, { outcome: 'rejected', reason: '维持' }, da);
    expect((await failure(engine.escalateAppeal(first.id, '复核', da))).code).toBe('FORBIDDEN');
    expect((await failure(engine.escalateAppeal(first.id, '复核', dh))).code).toBe('FORBIDDEN');
    for (const stranger of [amw, am2, dhw]) {
      const hidden = await failure(engine.escalateAppeal(first.id, '复核', stranger));
      const missing = await failure(engine.escalateAppeal('ap-nowhere', '复核', stranger));
      expect(faceWithout(hidden, first.id)).toEqual(faceWithout(missing, 'ap-nowhere'));
    }
  });

  it('the committee lists the escalated appeals of its reach with the appeal each escalates', async () => {
    const first = await engine.fileAppeal('c1', 's-am', '评分不公', am);
    const untouched = await engine.fileAppeal('c1', 's-am2', '也不服', am2);
    expect(await engine.listAppeals('c1', dh)).toEqual([]);
    await engine.decideAppeal(first.id, { outcome: 'rejected', reason: '维持' }, da);
    const second = await engine.escalateAppeal(first.id, '复核', am);
    expect((await engine.listAppeals('c1', dh)).map((appeal) => appeal.id).sort()).toEqual(
      [first.id, second.id].sort(),
    );
    expect(await engine.listAppeals('c1', dhw)).toEqual([]);
    expect((await engine.listAppeals('c1', da)).map((appeal) => appeal.id)).toContain(untouched.id);
    expect((await failure(engine.listAppeals('c1', am))).code).toBe('FORBIDDEN');
  });
});
