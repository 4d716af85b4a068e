import { beforeEach, describe, expect, it } from 'vitest';
import { type User, UserSchema } from '../domain/user.js';
import { isKamError } from '../errors/kam-error.js';
import { createMemoryStore } from '../store/memory-store.js';
import { answersAll } from './__fixtures__/build.js';
import type { CycleInput } from './cycle.js';
import { createReview360Engine, type Review360Engine } from './engine.js';
import { hashInvitationToken } from './nomination.js';
import { competencyModelPreset, relationWeightsPreset } from './presets.js';
import { createMemoryReviewRepository, type ReviewRepository } from './repository.js';

const user = (id: string, role: User['role'] = 'account-manager', extra: Partial<User> = {}): User =>
  UserSchema.parse({ id, name: id, role, ...extra });
const hr = user('u-hr', 'system-admin');
const zhang = user('u-zhang');
const qian = user('u-qian');
const boss = user('u-boss', 'division-head');
const head = user('u-head', 'division-head');
const peers = ['u-li', 'u-wang', 'u-zhao'].map((id) => user(id));
const subordinates = ['u-sun', 'u-zhou', 'u-wu'].map((id) => user(id));
const outsider = user('u-outsider');
const model = competencyModelPreset('dcfin-27');

const schedule = {
  nominationStarts: '2026-06-01',
  ratingStarts: '2026-06-11',
  ratingEnds: '2026-06-13',
  publishOn: '2026-06-14',
};

function cycleInput(overrides: Partial<CycleInput> = {}): CycleInput {
  return {
    id: 'c-2026-h1',
    name: '2026 上半年 360 度考核',
    period: '2026-H1',
    modelId: 'dcfin-27',
    weights: relationWeightsPreset('annual-review'),
    aggregation: { method: 'trimmed-mean', minCount: 5, trim: 1 },
    schedule,
    subjects: [
      {
        kind: 'staff',
        id: 's1',
        name: '张三',
        userId: 'u-zhang',
        supervisorId: 'u-boss',
        departmentHeadId: 'u-head',
      },
      {
        kind: 'staff',
        id: 's2',
        name: '钱七',
        userId: 'u-qian',
        supervisorId: 'u-boss',
        departmentHeadId: 'u-head',
      },
    ],
    ...overrides,
  };
}

const proposal = (person: User, relation: 'peer' | 'subordinate') => ({
  name: person.id,
  contact: `${person.id}@kamkit.test`,
  relation,
  userId: person.id,
});

async function expectKamError(promise: Promise<unknown>, code: string): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isKamError(error), `expected a KamError ${code}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  return error as Error;
}

describe('360° engine (memory repository)', () => {
  let clock: Date;
  let repository: ReviewRepository;
  let engine: Review360Engine;

  beforeEach(() => {
    clock = new Date('2026-06-01T02:00:00Z');
    repository = createMemoryReviewRepository({ now: () => clock });
    engine = createReview360Engine({ repository, now: () => clock });
  });

  /** A cycle with s1's peers and subordinates approved and open for rating. */
  async function openCycle(overrides: Partial<CycleInput> = {}) {
    await engine.createCycle(cycleInput(overrides), hr);
    await engine.transition('c-2026-h1', 'nominating', hr);
    const proposed = await engine.proposeRaters(
      'c-2026-h1',
      's1',
      [
        ...peers.map((person) => proposal(person, 'peer')),
        ...subordinates.map((person) => proposal(person, 'subordinate')),
      ],
      zhang,
    );
    for (const nomination of proposed)
      await engine.reviewNomination(nomination.id, { action: 'approve' }, boss);
    clock = new Date('2026-06-11T01:00:00Z');
    await engine.transition('c-2026-h1', 'open', hr);
    const nominations = await engine.listNominations('c-2026-h1', hr);
    const nominationOf = (person: User, subjectId = 's1') =>
      nominations.find(
        (nomination) => nomination.rater.userId === person.id && nomination.subjectId === subjectId,
      )!.id;
    return { nominationOf };
  }

  it('walks a cycle from draft to published and lets only the named people read the result', async () => {
    const { nominationOf } = await openCycle();
    const ratings: [User, number][] = [
      [boss, 4],
      [zhang, 5],
      [peers[0]!, 3],
      [peers[1]!, 4],
      [peers[2]!, 3.5],
      [subordinates[0]!, 3],
      [subordinates[1]!, 3],
      [subordinates[2]!, 3],
    ];
    for (const [person, value] of ratings) {
      const answers = answersAll(model, (index) => (value === 3.5 ? (index % 2 === 0 ? 3 : 4) : value));
      await engine.submit(nominationOf(person), { answers }, { user: person });
    }
    await engine.transition('c-2026-h1', 'closed', hr);
    await engine.transition('c-2026-h1', 'published', hr);

    for (const reader of [zhang, boss, head]) {
      const result = await engine.readResult('c-2026-h1', 's1', reader);
      expect(result.overall.status).toBe('complete');
      expect(result.groups.map((group) => group.status)).toEqual(['shown', 'shown', 'shown', 'shown']);
    }
    const result = await engine.readResult('c-2026-h1', 's1', zhang);
    expect(result.groups.find((group) => group.id === 'supervisor')?.score).toBe(4);
    expect(result.groups.find((group) => group.id === 'self')?.score).toBe(5);
    expect(result.version).toBe(1);

    // Everyone else gets exactly the error of a result that does not exist.
    const missing = await expectKamError(
      engine.readResult('c-2026-h1', 'no-such-subject', zhang),
      'NOT_FOUND',
    );
    for (const stranger of [peers[0]!, outsider, hr, qian]) {
      const denied = await expectKamError(engine.readResult('c-2026-h1', 's1', stranger), 'NOT_FOUND');
      expect(denied.constructor).toBe(missing.constructor);
      expect(Object.keys(denied).sort()).toEqual(Object.keys(missing).sort());
    }
    await expectKamError(engine.readResult('c-2026-h1', 's1', { ...zhang, status: 'frozen' }), 'NOT_FOUND');
    // s2 had no raters: readable by its own subject, with no overall.
    expect((await engine.readResult('c-2026-h1', 's2', qian)).overall.status).toBe('no-data');
  });

  it('keeps results unreadable before publication', async () => {
    await openCycle();
    await expectKamError(engine.readResult('c-2026-h1', 's1', zhang), 'NOT_FOUND');
  });

  it('validates answers item by item, naming the item', async () => {
    const { nominationOf } = await openCycle();
    const answers = { ...answersAll(model, 3), 'lead-direction': 6, 'talent-coach': 2.5 } as Record<
      string,
      number
    >;
    delete answers['skill-quality'];
    const error = (await expectKamError(
      engine.submit(
        nominationOf(peers[0]!),
        { answers: { ...answers, 'no-such-item': 3 } },
        { user: peers[0]! },
      ),
      'INVALID_INPUT',
    )) as Error & { issues: { path: string; expected: { en: string } }[] };
    expect(error.issues.map((issue) => issue.path).sort()).toEqual([
      'answers.lead-direction',
      'answers.no-such-item',
      'answers.skill-quality',
      'answers.talent-coach',
    ]);
    expect(error.issues.find((issue) => issue.path === 'answers.lead-direction')?.expected.en).toContain(
      'Sets a clear direction',
    );
  });

  it('saves and resumes drafts, stores one submission for identical answers, allows edits until close', async () => {
    const { nominationOf } = await openCycle();
    const nominationId = nominationOf(peers[0]!);
    const rater = { user: peers[0]! };
    await engine.saveDraft(
      nominationId,
      { answers: { 'lead-direction': 4 }, comments: { leadership: ' 很好 ' } },
      rater,
    );
    const draft = await engine.mySubmission(nominationId, rater);
    expect(draft).toMatchObject({
      status: 'draft',
      answers: { 'lead-direction': 4 },
      comments: { leadership: '很好' },
    });

    const answers = answersAll(model, 4);
    const first = await engine.submit(nominationId, { answers }, rater);
    expect(first.changed).toBe(true);
    clock = new Date('2026-06-12T01:00:00Z');
    const again = await engine.submit(nominationId, { answers: { ...answers } }, rater);
    expect(again.changed).toBe(false);
    expect(again.submission.version).toBe(first.submission.version);
    expect(again.submission.submittedAt).toBe(first.submission.submittedAt);
    expect((await repository.listSubmissions('c-2026-h1', { subjectId: 's1' })).length).toBe(1);

    const edited = await engine.submit(nominationId, { answers: { ...answers, 'lead-direction': 2 } }, rater);
    expect(edited).toMatchObject({ changed: true, submission: { version: first.submission.version + 1 } });
    await expectKamError(engine.saveDraft(nominationId, { answers: {} }, rater), 'INVALID_STATE');

    await engine.transition('c-2026-h1', 'closed', hr);
    await expectKamError(engine.submit(nominationId, { answers }, rater), 'INVALID_STATE');
  });

  it('only the rater can write their own submission', async () => {
    const { nominationOf } = await openCycle();
    const answers = answersAll(model, 1);
    for (const intruder of [zhang, boss, hr, peers[1]!, outsider])
      await expectKamError(
        engine.submit(nominationOf(peers[0]!), { answers }, { user: intruder }),
        'NOT_FOUND',
      );
    await expectKamError(
      engine.submit(nominationOf(peers[0]!), { answers }, { token: 'forged' }),
      'NOT_FOUND',
    );
    await expectKamError(engine.mySubmission(nominationOf(peers[0]!), { user: zhang }), 'NOT_FOUND');
    expect(await repository.listSubmissions('c-2026-h1')).toEqual([]);
  });

  it('nominations: the subject proposes, the supervisor approves, rejects, replaces and adds; the cap holds', async () => {
    await engine.createCycle(cycleInput({ maxReviewsPerRater: 1 }), hr);
    await expectKamError(
      engine.proposeRaters('c-2026-h1', 's1', [proposal(peers[0]!, 'peer')], zhang),
      'INVALID_STATE',
    );
    await engine.transition('c-2026-h1', 'nominating', hr);
    const automatic = await engine.listNominations('c-2026-h1', hr);
    expect(
      automatic
        .map((nomination) => `${nomination.subjectId}:${nomination.relation}:${nomination.status}`)
        .sort(),
    ).toEqual(['s1:self:approved', 's1:supervisor:approved', 's2:self:approved', 's2:supervisor:approved']);

    // Another subject's nominations are none of Qian's business: the subject reads as missing.
    await expectKamError(
      engine.proposeRaters('c-2026-h1', 's1', [proposal(peers[0]!, 'peer')], qian),
      'NOT_FOUND',
    );
    await expectKamError(
      engine.proposeRaters(
        'c-2026-h1',
        's1',
        [{ name: '客户', contact: 'c@x.cn', relation: 'customer' }],
        zhang,
      ),
      'INVALID_INPUT',
    );
    const [li, wang, zhao] = await engine.proposeRaters(
      'c-2026-h1',
      's1',
      peers.map((person) => proposal(person, 'peer')),
      zhang,
    );
    await expectKamError(
      engine.proposeRaters('c-2026-h1', 's1', [proposal(peers[0]!, 'peer')], zhang),
      'CONFLICT',
    );
    await expectKamError(engine.reviewNomination(li!.id, { action: 'approve' }, zhang), 'FORBIDDEN');
    expect((await engine.reviewNomination(li!.id, { action: 'approve' }, boss)).status).toBe('approved');
    expect(
      await engine.reviewNomination(wang!.id, { action: 'reject', reason: '合作不多' }, boss),
    ).toMatchObject({
      status: 'rejected',
      reason: '合作不多',
    });
    const replacement = await engine.reviewNomination(
      zhao!.id,
      { action: 'replace', with: proposal(subordinates[0]!, 'peer') },
      boss,
    );
    expect(replacement).toMatchObject({ status: 'approved', rater: { userId: 'u-sun' } });
    expect(await repository.getNomination(zhao!.id)).toMatchObject({
      status: 'replaced',
      replacedBy: replacement.id,
    });
    const added = await engine.addRater('c-2026-h1', 's1', proposal(subordinates[1]!, 'subordinate'), boss);
    expect(added.status).toBe('approved');

    // Li already has one review and the cap is 1.
    const [liForQian] = await engine.proposeRaters('c-2026-h1', 's2', [proposal(peers[0]!, 'peer')], qian);
    await expectKamError(engine.reviewNomination(liForQian!.id, { action: 'approve' }, boss), 'CONFLICT');
    // The supervisor sees the nominations of their subjects; the subject only their own proposals.
    expect((await engine.listNominations('c-2026-h1', zhang)).every((n) => n.proposedBy === 'u-zhang')).toBe(
      true,
    );
    expect((await engine.listNominations('c-2026-h1', outsider)).length).toBe(0);
  });

  it('a rater may decline with a reason; progress shows counts only', async () => {
    const { nominationOf } = await openCycle();
    await expectKamError(engine.decline(nominationOf(peers[2]!), ' ', { user: peers[2]! }), 'INVALID_INPUT');
    await expectKamError(engine.decline(nominationOf(peers[2]!), '不熟悉', { user: zhang }), 'NOT_FOUND');
    expect(
      await engine.decline(nominationOf(peers[2]!), '与被评价人不熟悉', { user: peers[2]! }),
    ).toMatchObject({
      status: 'declined',
      reason: '与被评价人不熟悉',
    });
    await engine.submit(nominationOf(peers[0]!), { answers: answersAll(model, 3) }, { user: peers[0]! });
    await engine.saveDraft(
      nominationOf(peers[1]!),
      { answers: { 'lead-direction': 3 } },
      { user: peers[1]! },
    );
    await expectKamError(
      engine.decline(nominationOf(peers[0]!), '改变主意', { user: peers[0]! }),
      'INVALID_STATE',
    );

    const progress = await engine.progress('c-2026-h1', hr);
    expect(progress.subjects.find((entry) => entry.subjectId === 's1')?.counts).toEqual({
      raters: 7,
      submitted: 1,
      inProgress: 1,
      notStarted: 5,
      declined: 1,
    });
    expect(JSON.stringify(progress)).not.toMatch(/u-li|u-wang|peer/);
    const own = await engine.progress('c-2026-h1', zhang);
    expect(own.subjects.map((entry) => entry.subjectId)).toEqual(['s1']);
    expect((await engine.progress('c-2026-h1', outsider)).subjects).toEqual([]);
  });

  it('emits reminder events: who has not submitted and the deadline approaching', async () => {
    const { nominationOf } = await openCycle();
    await engine.submit(nominationOf(peers[0]!), { answers: answersAll(model, 3) }, { user: peers[0]! });
    // 2026-06-12 10:00 in Shanghai: one day before ratingEnds 2026-06-13.
    const events = await engine.reminders('c-2026-h1', new Date('2026-06-12T02:00:00Z'));
    const notSubmitted = events.filter((event) => event.kind === 'not-submitted');
    expect(notSubmitted.length).toBe(9); // s1: 8 raters − 1 submitted; s2: self and supervisor
    expect(notSubmitted.some((event) => event.nominationId === nominationOf(peers[0]!))).toBe(false);
    expect(events.at(-1)).toEqual({
      kind: 'deadline-approaching',
      cycleId: 'c-2026-h1',
      ratingEnds: '2026-06-13',
      daysLeft: 1,
      pending: 9,
    });
    const twoDaysBefore = await engine.reminders('c-2026-h1', new Date('2026-06-11T02:00:00Z'));
    expect(twoDaysBefore.some((event) => event.kind === 'deadline-approaching')).toBe(false);
    const late = await engine.reminders('c-2026-h1', new Date('2026-06-14T02:00:00Z'));
    expect(late.at(-1)).toMatchObject({ kind: 'deadline-passed', pending: 9 });
    await engine.transition('c-2026-h1', 'closed', hr);
    expect(await engine.reminders('c-2026-h1')).toEqual([]);
  });

  it('rejects invalid cycle transitions with INVALID_STATE', async () => {
    await expectKamError(engine.transition('c-2026-h1', 'open', hr), 'NOT_FOUND');
    await engine.createCycle(cycleInput(), hr);
    await expectKamError(engine.transition('c-2026-h1', 'open', hr), 'INVALID_STATE');
    await expectKamError(engine.transition('c-2026-h1', 'published', hr), 'INVALID_STATE');
    await expectKamError(engine.transition('c-2026-h1', 'nominating', zhang), 'FORBIDDEN');
    await engine.transition('c-2026-h1', 'nominating', hr);
    await expectKamError(engine.transition('c-2026-h1', 'draft', hr), 'INVALID_STATE');
    const cycle = await engine.getCycle('c-2026-h1');
    expect(cycle.history).toEqual([
      { from: 'draft', to: 'nominating', at: '2026-06-01T02:00:00.000Z', actor: 'u-hr' },
    ]);
  });

  it('copies a cycle for the next period as a fresh draft with a shifted schedule', async () => {
    await openCycle();
    const next = await engine.copyCycle(
      'c-2026-h1',
      { id: 'c-2026-h2', name: '2026 下半年 360 度考核', period: '2026-H2', nominationStarts: '2026-12-01' },
      hr,
    );
    expect(next).toMatchObject({
      state: 'draft',
      history: [],
      copiedFrom: 'c-2026-h1',
      schedule: {
        nominationStarts: '2026-12-01',
        ratingStarts: '2026-12-11',
        ratingEnds: '2026-12-13',
        publishOn: '2026-12-14',
      },
    });
    expect(next.subjects).toEqual((await engine.getCycle('c-2026-h1')).subjects);
    expect(await repository.listNominations('c-2026-h2')).toEqual([]);
  });

  it('appeals: the subject files, an admin upholds with a recomputation; both are audited', async () => {
    const { nominationOf } = await openCycle();
    const panel: [User, number][] = [
      [peers[0]!, 5],
      [peers[1]!, 1],
      [peers[2]!, 3],
      [boss, 4],
    ];
    for (const [person, value] of panel)
      await engine.submit(nominationOf(person), { answers: answersAll(model, value) }, { user: person });
    await engine.transition('c-2026-h1', 'closed', hr);
    await engine.transition('c-2026-h1', 'published', hr);
    const before = await engine.readResult('c-2026-h1', 's1', zhang);

    await expectKamError(engine.fileAppeal('c-2026-h1', 's1', '评分不公', peers[0]!), 'NOT_FOUND');
    const appeal = await engine.fileAppeal('c-2026-h1', 's1', '同事评分有报复性', zhang);
    expect((await engine.getCycle('c-2026-h1')).state).toBe('appeal');
    await expectKamError(
      engine.decideAppeal(appeal.id, { outcome: 'upheld', reason: 'x' }, boss),
      'FORBIDDEN',
    );
    const decided = await engine.decideAppeal(
      appeal.id,
      {
        outcome: 'upheld',
        reason: '委员会裁决：改用中位数',
        recompute: { aggregation: { method: 'median' } },
      },
      hr,
    );
    expect(decided.appeal).toMatchObject({ status: 'upheld', decidedBy: 'u-hr' });
    expect((await engine.getCycle('c-2026-h1')).state).toBe('published');
    const after = await engine.readResult('c-2026-h1', 's1', zhang);
    expect(after.version).toBe(2);
    expect(after.aggregation).toEqual({ method: 'median' });
    expect(after.groups.find((group) => group.id === 'peers')?.score).toBe(3);
    await expectKamError(
      engine.decideAppeal(appeal.id, { outcome: 'rejected', reason: 'again' }, hr),
      'INVALID_STATE',
    );

    const trail = await engine.auditTrail(hr);
    const actions = trail.map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'review360.appeal.file',
        'review360.appeal.decide',
        'review360.result.recompute',
      ]),
    );
    const recompute = trail.find((entry) => entry.action === 'review360.result.recompute')!;
    expect(recompute.before).toMatchObject({ version: 1, overall: before.overall.score });
    expect(recompute.after).toMatchObject({ version: 2, overall: after.overall.score });
    expect(recompute.reason).toBe('委员会裁决：改用中位数');
    expect(JSON.stringify(trail)).not.toMatch(/u-li|u-wang|u-zhao/);
  });

  it('writes the audit trail to the store when given one', async () => {
    const store = createMemoryStore();
    const withStore = createReview360Engine({ repository, store, now: () => clock });
    await withStore.createCycle(cycleInput(), hr);
    expect(
      (await store.listAudit({ action: 'review360.cycle.create' })).map((entry) => entry.entityId),
    ).toEqual(['c-2026-h1']);
  });

  it('invites external raters with an expiring token stored only as a hash', async () => {
    await engine.createCycle(
      cycleInput({ weights: relationWeightsPreset('dcfin-cycle-1'), invitationTtlDays: 7 }),
      hr,
    );
    await engine.transition('c-2026-h1', 'nominating', hr);
    const [customer] = await engine.proposeRaters(
      'c-2026-h1',
      's1',
      [{ name: '客户王经理', contact: 'Wang@Customer.cn', relation: 'customer' }],
      zhang,
    );
    expect(customer).toMatchObject({ raterKey: 'ext:wang@customer.cn', rater: { external: true } });
    await expectKamError(engine.invite(customer!.id, hr), 'INVALID_STATE');
    await engine.reviewNomination(customer!.id, { action: 'approve' }, boss);
    clock = new Date('2026-06-11T01:00:00Z');
    await engine.transition('c-2026-h1', 'open', hr);
    const { token, expiresAt } = await engine.invite(customer!.id, boss);
    expect(expiresAt).toBe('2026-06-18T01:00:00.000Z');
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(await repository.findInvitation(token)).toBeUndefined();
    expect(await repository.findInvitation(hashInvitationToken(token))).toMatchObject({
      nominationId: customer!.id,
    });

    const opened = await engine.openInvitation(token);
    expect(opened).toMatchObject({ nominationId: customer!.id, subjectName: '张三' });
    const { changed } = await engine.submit(customer!.id, { answers: answersAll(model, 4) }, { token });
    expect(changed).toBe(true);
    await expectKamError(engine.openInvitation(`${token}x`), 'NOT_FOUND');

    clock = new Date('2026-06-18T01:00:01Z');
    await expectKamError(
      engine.submit(customer!.id, { answers: answersAll(model, 5) }, { token }),
      'FORBIDDEN',
    );
  });

  it('rates a key-account relationship: sales, service, finance and the customer’s contacts', async () => {
    await engine.createCycle(
      cycleInput({
        weights: relationWeightsPreset('key-account-relationship'),
        subjects: [
          {
            kind: 'key-account',
            id: 'ka-1',
            name: '中石化华东分公司',
            accountId: 'acc-1',
            ownerId: 'u-zhang',
            supervisorId: 'u-boss',
          },
        ],
      }),
      hr,
    );
    await engine.transition('c-2026-h1', 'nominating', hr);
    expect(await engine.listNominations('c-2026-h1', hr)).toEqual([]);
    const internal = (['sales', 'service', 'finance'] as const).map((relation, index) => ({
      name: peers[index]!.id,
      contact: `${peers[index]!.id}@kamkit.test`,
      relation,
      userId: peers[index]!.id,
    }));
    const customers = ['a', 'b', 'c'].map((letter) => ({
      name: `客户${letter}`,
      contact: `${letter}@customer.cn`,
      relation: 'customer' as const,
    }));
    const proposed = await engine.proposeRaters('c-2026-h1', 'ka-1', [...internal, ...customers], zhang);
    for (const nomination of proposed)
      await engine.reviewNomination(nomination.id, { action: 'approve' }, boss);
    await engine.transition('c-2026-h1', 'open', hr);
    for (const [index, nomination] of proposed.entries()) {
      const rater = nomination.rater.external
        ? { token: (await engine.invite(nomination.id, hr)).token }
        : { user: peers[index]! };
      await engine.submit(nomination.id, { answers: answersAll(model, index < 3 ? 4 : 3) }, rater);
    }
    await engine.transition('c-2026-h1', 'closed', hr);
    await engine.transition('c-2026-h1', 'published', hr);
    const result = await engine.readResult('c-2026-h1', 'ka-1', zhang);
    expect(result.groups.map((group) => [group.id, group.status, group.score])).toEqual([
      ['internal', 'shown', 4],
      ['customer', 'shown', 3],
    ]);
    expect(result.overall.score).toBeCloseTo(3.5, 12);
  });
});
