/**
 * The satisfaction index in a 360° dimension (`satisfaction` on a competency
 * model): the blend itself (pure), the model's validation, and the engine
 * reading the figures from the store under the publishing admin's rights.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, seedPortfolio, USERS } from '../access/__fixtures__/portfolio.js';
import { type User, UserSchema } from '../domain/user.js';
import { isKamError } from '../errors/kam-error.js';
import { createMemoryStore } from '../store/memory-store.js';
import { answersAll, cycleInputOf, rating, testCycle } from './__fixtures__/build.js';
import type { Subject } from './cycle.js';
import { createReview360Engine } from './engine.js';
import { type CompetencyModelInput, loadCompetencyModel, satisfactionOnScale } from './model.js';
import { competencyModelPreset, relationWeightsPreset } from './presets.js';
import { createMemoryReviewRepository } from './repository.js';
import { computeCycleResults } from './results.js';

const model = competencyModelPreset('key-account-relationship');
const SATISFACTION = model.dimensions.findIndex((dimension) => dimension.id === 'satisfaction');

/** A key-account cycle rated `value` on every item by three internal raters and three contacts. */
function rated(value: number | ((index: number) => number)) {
  const cycle = testCycle('key-account-relationship', {
    modelId: model.id,
    aggregation: { method: 'mean' },
    subjects: [{ kind: 'key-account', id: 'ka', name: '东方航空', accountId: 'A-own', ownerId: 'u-am' }],
  });
  const submissions = (['sales', 'service', 'finance', 'customer', 'customer', 'customer'] as const).map(
    (relation, index) =>
      rating({ subjectId: 'ka', rater: `r${index}`, relation, answers: answersAll(model, value) }),
  );
  return { cycle, submissions };
}

const index = (value: number, display: string) => ({ value, display, responses: 4, accounts: 1 });

describe('satisfaction in a 360° dimension (pure)', () => {
  it('blends the index, on the scale, into its dimension for its share, and says so in both languages', () => {
    const { cycle, submissions } = rated(4);
    const plain = computeCycleResults({ cycle, model, submissions }).resultFor('ka');
    const blended = computeCycleResults({
      cycle,
      model,
      submissions,
      satisfaction: { ka: { index: index(100, '100.0'), asOf: '2026-06-13' } },
    }).resultFor('ka');
    expect(plain.overall.score).toBeCloseTo(4, 12);
    // Half of "customer satisfaction" (30 % of the model) becomes 5: 4 → 4.5, overall 4 + 0.3 × 0.5.
    expect(blended.dimensions[SATISFACTION]?.score).toBeCloseTo(4.5, 12);
    expect(blended.overall.score).toBeCloseTo(4.15, 12);
    expect(blended.satisfaction).toEqual({
      dimensionId: 'satisfaction',
      weight: 0.5,
      index: '100.0',
      responses: 4,
      accounts: 1,
      asOf: '2026-06-13',
      onScale: 5,
      adjustment: 0.5,
    });
    const note = blended.notes.find((entry) => entry.en.includes('satisfaction index'));
    expect(note).toEqual({
      'zh-CN':
        '「客户满意度」计入客户满意度指数 100.0（1 家客户、4 份问卷，截至 2026-06-13），折合 5.00 分，占该维度 50%：4.00 → 4.50',
      en: '"Customer satisfaction" takes in the customer satisfaction index 100.0 (1 account, 4 responses, up to 2026-06-13), 5.00 on the scale, for 50% of the dimension: 4.00 → 4.50',
    });
  });

  it('with no index in the window, rests on the ratings alone and says so', () => {
    const { cycle, submissions } = rated(3);
    const result = computeCycleResults({
      cycle,
      model,
      submissions,
      satisfaction: { ka: { index: null, asOf: '2026-06-13' } },
    }).resultFor('ka');
    expect(result.overall.score).toBeCloseTo(3, 12);
    expect(result.satisfaction).toMatchObject({ index: null, adjustment: null, asOf: '2026-06-13' });
    expect(result.notes.map((note) => note.en)).toContain(
      '"Customer satisfaction" would take in the customer satisfaction index (50%), but there is no survey response in the window up to 2026-06-13; the dimension rests on the ratings alone',
    );
    expect(result.notes.map((note) => note['zh-CN'])).toContain(
      '「客户满意度」本应计入客户满意度指数（占 50%），但截至 2026-06-13 窗口内没有可用的问卷回答，该维度只按评分计算',
    );
  });

  it('leaves models without `satisfaction` untouched', () => {
    const other = competencyModelPreset('dcfin-27');
    const result = computeCycleResults({
      cycle: testCycle('annual-review', { aggregation: { method: 'mean' } }),
      model: other,
      submissions: [rating({ rater: 'boss', relation: 'supervisor', answers: answersAll(other, 4) })],
      satisfaction: { s1: { index: index(0, '0.0'), asOf: '2026-06-13' } },
    }).resultFor('s1');
    expect(result.overall.score).toBe(4);
    expect(result.satisfaction).toBeNull();
  });

  it('property: the dimension lands between the ratings and the index, the overall moves by its weight', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 8, maxLength: 8 }),
        fc.integer({ min: 0, max: 1000 }),
        (answers, tenths) => {
          const { cycle, submissions } = rated((item) => answers[item]!);
          const plain = computeCycleResults({ cycle, model, submissions }).resultFor('ka');
          const value = tenths / 10;
          const blended = computeCycleResults({
            cycle,
            model,
            submissions,
            satisfaction: { ka: { index: index(value, value.toFixed(1)), asOf: '2026-06-13' } },
          }).resultFor('ka');
          const ratings = plain.dimensions[SATISFACTION]!.score!;
          const onScale = satisfactionOnScale(value, model.scale);
          const dimension = blended.dimensions[SATISFACTION]!.score!;
          expect(dimension).toBeCloseTo(0.5 * ratings + 0.5 * onScale, 9);
          expect(dimension).toBeGreaterThanOrEqual(Math.min(ratings, onScale) - 1e-9);
          expect(dimension).toBeLessThanOrEqual(Math.max(ratings, onScale) + 1e-9);
          expect(blended.overall.score! - plain.overall.score!).toBeCloseTo(0.3 * (dimension - ratings), 9);
          // Only that dimension moves.
          blended.dimensions.forEach((entry, d) => {
            if (d !== SATISFACTION) expect(entry.score).toBe(plain.dimensions[d]!.score);
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('satisfaction blend in a competency model', () => {
  const base = (satisfaction: unknown): CompetencyModelInput =>
    ({
      id: 'm',
      name: { 'zh-CN': '模型', en: 'Model' },
      dimensions: [
        {
          id: 'care',
          name: { 'zh-CN': '关怀', en: 'Care' },
          weight: 1,
          items: [{ id: 'i1', text: model.dimensions[0]!.items[0]!.text }],
        },
      ],
      satisfaction,
    }) as CompetencyModelInput;

  it('names an unknown dimension and a share outside (0, 1]', () => {
    const failure = (input: unknown) => {
      try {
        loadCompetencyModel(input);
      } catch (error) {
        if (isKamError(error)) return JSON.stringify(error);
        throw error;
      }
      throw new Error('loaded');
    };
    expect(failure(base({ dimensionId: 'nowhere', weight: 0.5 }))).toContain('satisfaction.dimensionId');
    expect(failure(base({ dimensionId: 'care', weight: 0 }))).toContain('satisfaction.weight');
    expect(failure(base({ dimensionId: 'care', weight: 1.5 }))).toContain('satisfaction.weight');
    expect(loadCompetencyModel(base({ dimensionId: 'care', weight: 1 })).satisfaction).toEqual({
      dimensionId: 'care',
      weight: 1,
    });
  });

  it('places the index on the scale', () => {
    expect(satisfactionOnScale(75, { min: 1, max: 5 })).toBe(4);
    expect(satisfactionOnScale(50, { min: 0, max: 10 })).toBe(5);
    expect(satisfactionOnScale(100, { min: 1, max: 5 })).toBe(5);
  });
});

// ---- the engine reads the figures from the store, as the publishing admin may --------------------

const userOf = (handle: keyof typeof USERS): User => UserSchema.parse(USERS[handle]);

/** A published cycle of `subjects` on the key-account model, rated 4 throughout, published by `publisher`. */
async function publish(subjects: readonly Subject[], publisher: User) {
  const clock = new Date('2026-06-01T02:00:00Z');
  const store = createMemoryStore({ clock: () => clock });
  await seedPortfolio(store);
  // The east manager is also owner B of a west account: its figures are not the east admin's to read.
  await store.putAccount(
    { ...(await store.getAccount(ACCOUNTS.west.id))!, ownerB: USERS.am.id },
    {
      actor: 'system',
    },
  );
  const respond = (accountId: string, value: number) =>
    store.putSurveyResponse(
      {
        id: `S-${accountId}`,
        accountId,
        surveyId: 'standard',
        answers: { overall: value, service: value, response: value, manager: value, offer: value },
        channel: 'cli',
        respondedAt: '2026-06-05T02:00:00Z',
        recordedBy: 'u-sa',
      },
      { actor: 'u-sa' },
    );
  await respond(ACCOUNTS.own.id, 5); // index 100
  await respond(ACCOUNTS.west.id, 1); // index 0
  const engine = createReview360Engine({
    repository: createMemoryReviewRepository(),
    store,
    now: () => clock,
  });
  const input = { ...cycleInputOf('c-sat', subjects), modelId: 'key-account-relationship' };
  await engine.createCycle(input, publisher);
  await engine.transition('c-sat', 'nominating', publisher);
  if (subjects.some((subject) => subject.kind === 'key-account'))
    for (const subject of subjects)
      await engine.addRater(
        'c-sat',
        subject.id,
        { name: '董部长', contact: 'dh@kamkit.test', relation: 'supervisor', userId: USERS.dh.id },
        publisher,
      );
  await engine.transition('c-sat', 'open', publisher);
  const byRater = new Map<string, User>([
    [USERS.am.id, userOf('am')],
    [USERS.dh.id, userOf('dh')],
  ]);
  for (const nomination of await engine.listNominations('c-sat', publisher))
    await engine.submit(
      nomination.id,
      { answers: answersAll(model, 4) },
      { user: byRater.get(nomination.rater.userId!)! },
    );
  await engine.transition('c-sat', 'closed', publisher);
  await engine.transition('c-sat', 'published', publisher);
  return { engine, store };
}

const staffSubject: Subject = {
  kind: 'staff',
  id: 's-am',
  name: '李经理',
  userId: USERS.am.id,
  supervisorId: USERS.dh.id,
  departmentHeadId: null,
};

describe('the 360° engine blends the satisfaction it may read', () => {
  it('a staff subject: the index of the accounts they own, cut to what the publishing admin may read', async () => {
    const east = await publish([staffSubject], userOf('da'));
    const eastResult = await east.engine.readResult('c-sat', 's-am', userOf('am'));
    // The east admin reads the east account only (index 100 → 5 on the scale).
    expect(eastResult.satisfaction).toMatchObject({ index: '100.0', accounts: 1, responses: 1, onScale: 5 });
    expect(eastResult.overall.score).toBeCloseTo(4.15, 12);

    const all = await publish([staffSubject], userOf('sa'));
    const allResult = await all.engine.readResult('c-sat', 's-am', userOf('am'));
    // A system admin reads both accounts: (100 + 0) / 2 = 50 → 3 on the scale.
    expect(allResult.satisfaction).toMatchObject({ index: '50.0', accounts: 2, responses: 2, onScale: 3 });
    expect(allResult.overall.score).toBeCloseTo(3.85, 12);
  });

  it('a key-account subject: its account’s index; an account without responses gets the note', async () => {
    const subjects: Subject[] = [
      {
        kind: 'key-account',
        id: 'ka-own',
        name: '东方航空集团',
        accountId: ACCOUNTS.own.id,
        ownerId: USERS.am.id,
        supervisorId: USERS.dh.id,
        departmentHeadId: null,
      },
      {
        kind: 'key-account',
        id: 'ka-peer',
        name: '华东电网',
        accountId: ACCOUNTS.peer.id,
        ownerId: USERS.am.id,
        supervisorId: USERS.dh.id,
        departmentHeadId: null,
      },
    ];
    const { engine } = await publish(subjects, userOf('da'));
    const own = await engine.readResult('c-sat', 'ka-own', userOf('am'));
    expect(own.satisfaction).toMatchObject({ index: '100.0', accounts: 1 });
    const peer = await engine.readResult('c-sat', 'ka-peer', userOf('am'));
    expect(peer.satisfaction).toMatchObject({ index: null });
    expect(peer.overall.score).toBeCloseTo(4, 12);
    expect(
      peer.notes.some((note) => note.en.includes('no survey response in the window up to 2026-06-13')),
    ).toBe(true);
  });

  it('refuses a satisfaction model when the engine has no store to read it from', async () => {
    const engine = createReview360Engine({ repository: createMemoryReviewRepository() });
    const error = await engine
      .createCycle(
        {
          ...cycleInputOf('c-x', [staffSubject]),
          modelId: 'key-account-relationship',
          weights: relationWeightsPreset('annual-review'),
        },
        userOf('sa'),
      )
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'INVALID_CONFIG', path: 'modelId' });
  });
});
