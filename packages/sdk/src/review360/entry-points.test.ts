/**
 * Refusals that reveal nothing, on every 360° entry point that takes an actor
 * (issue #16): the engine's methods are enumerated at run time; each one that
 * takes a nomination, subject, result or appeal id is called by every fixture
 * actor (roles × divisions) with the ids of both divisions and a missing one.
 * Whoever has nothing to do with a record gets exactly the answer of a
 * missing id (code, message with the id swapped, path). Cycle ids are not
 * secret: `getCycle` answers anyone, so a cycle is only ever checked against
 * the actor's admin rights, not hidden.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ENTRY_ACTORS, faceWithout } from '../access/__fixtures__/entry-points.js';
import { seedPortfolio, USERS } from '../access/__fixtures__/portfolio.js';
import { DEFAULT_ACCESS_POLICY, scopeOf } from '../access/permissions.js';
import { type User, UserSchema } from '../domain/user.js';
import { isKamError, type KamError } from '../errors/kam-error.js';
import { createMemoryStore } from '../store/memory-store.js';
import { answersAll, cycleInputOf } from './__fixtures__/build.js';
import type { Subject } from './cycle.js';
import { createReview360Engine, type Review360Engine } from './engine.js';
import { competencyModelPreset } from './presets.js';
import { createMemoryReviewRepository } from './repository.js';

const model = competencyModelPreset('dcfin-27');
const userOf = (id: string): User =>
  UserSchema.parse(
    Object.values(USERS).find((user) => user.id === id) ?? {
      id,
      name: id,
      role: 'account-manager',
      division: 'east',
    },
  );
const SUBJECTS = {
  east: {
    kind: 'staff',
    id: 's-east',
    name: '东区经理',
    userId: USERS.am.id,
    supervisorId: USERS.dh.id,
    departmentHeadId: null,
  },
  west: {
    kind: 'staff',
    id: 's-west',
    name: '西区经理',
    userId: USERS.amw.id,
    supervisorId: USERS.dhw.id,
    departmentHeadId: null,
  },
} as const satisfies Record<string, Subject>;
const DIVISION_OF: Record<string, string> = { 's-east': 'east', 's-west': 'west' };
const MISSING = { subject: 's-nowhere', nomination: 'n-nowhere', appeal: 'ap-nowhere', cycle: 'c-nowhere' };

const cycleInput = (id: string, subjects: readonly Subject[]) => cycleInputOf(id, subjects);

/**
 * The fixture: cycles in each state the methods need, over an east and a
 * west subject. `c-nom` nominating (each subject proposed a peer), `c-open`
 * open (self, supervisor and an external rater each), `c-done` under appeal
 * (each subject appealed), and `c-east`, `c-west` drafts of one division.
 */
async function world() {
  let clock = new Date('2026-06-01T02:00:00Z');
  const store = createMemoryStore({ clock: () => clock });
  await seedPortfolio(store);
  let counter = 0;
  const engine = createReview360Engine({
    repository: createMemoryReviewRepository({ now: () => clock }),
    store,
    now: () => clock,
    generateId: () => `id-${String(++counter).padStart(4, '0')}`,
  });
  const sa = userOf(USERS.sa.id);
  const both = [SUBJECTS.east, SUBJECTS.west];
  const external = (name: string) => ({
    name,
    contact: `${name}@kamkit.test`,
    relation: 'peer' as const,
    userId: null,
  });
  for (const id of ['c-nom', 'c-open', 'c-done']) {
    await engine.createCycle(cycleInput(id, both), sa);
    await engine.transition(id, 'nominating', sa);
  }
  await engine.createCycle(cycleInput('c-east', [SUBJECTS.east]), sa);
  await engine.createCycle(cycleInput('c-west', [SUBJECTS.west]), sa);
  await engine.proposeRaters(
    'c-nom',
    's-east',
    [{ name: 'am2', contact: 'am2@kamkit.test', relation: 'peer', userId: USERS.am2.id }],
    userOf(USERS.am.id),
  );
  await engine.proposeRaters(
    'c-nom',
    's-west',
    [{ name: 'dhw', contact: 'x@kamkit.test', relation: 'peer', userId: USERS.dh.id }],
    userOf(USERS.amw.id),
  );
  for (const subject of both) await engine.addRater('c-open', subject.id, external(`ext-${subject.id}`), sa);
  clock = new Date('2026-06-11T01:00:00Z');
  await engine.transition('c-open', 'open', sa);
  await engine.transition('c-done', 'open', sa);
  for (const nomination of await engine.listNominations('c-done', sa))
    if (nomination.rater.userId !== null)
      await engine.submit(
        nomination.id,
        { answers: answersAll(model, 4) },
        { user: userOf(nomination.rater.userId) },
      );
  await engine.transition('c-done', 'closed', sa);
  await engine.transition('c-done', 'published', sa);
  const appeals = {
    'ap-east': (await engine.fileAppeal('c-done', 's-east', '评分有误', userOf(USERS.am.id))).id,
    'ap-west': (await engine.fileAppeal('c-done', 's-west', '评分有误', userOf(USERS.amw.id))).id,
  };
  const nominations = await engine.listNominations('c-open', sa);
  return { engine, nominations, appeals };
}
type World = Awaited<ReturnType<typeof world>>;

/** Where `actor` administers 360° reviews, read from the permission table. */
function adminOf(actor: User, division: string | undefined): boolean {
  const scope = scopeOf(DEFAULT_ACCESS_POLICY, actor.role, 'review360.admin');
  return scope === 'all' || (scope === 'division' && division !== undefined && actor.division === division);
}
/** Where `actor` sits on the review committee (escalated appeals), read from the permission table. */
function committeeOf(actor: User, division: string | undefined): boolean {
  const scope = scopeOf(DEFAULT_ACCESS_POLICY, actor.role, 'review360.committee');
  return scope === 'all' || (scope === 'division' && division !== undefined && actor.division === division);
}
const noAppealRights = (actor: User) =>
  scopeOf(DEFAULT_ACCESS_POLICY, actor.role, 'review360.admin') === 'none' &&
  scopeOf(DEFAULT_ACCESS_POLICY, actor.role, 'review360.committee') === 'none';
const subjectOf = (id: string) => Object.values(SUBJECTS).find((subject) => subject.id === id);
/** The subject's person, supervisor, or an admin of their division. */
function concerns(actor: User, subjectId: string): boolean {
  const subject = subjectOf(subjectId);
  if (!subject) return false;
  return (
    subject.userId === actor.id || subject.supervisorId === actor.id || adminOf(actor, DIVISION_OF[subjectId])
  );
}

/** What an id of a method names; each kind has its ids in the fixture and a missing one. */
type IdKind = 'subject' | 'nomination' | 'appeal';

/**
 * One 360° method that takes an actor and an id of a record that may be out
 * of the actor's reach. `seen`: who has to do with the record (everyone else
 * gets the missing id's answer); `allowed`: who succeeds.
 */
interface IdEntry {
  kind: 'id';
  takes: IdKind;
  call(engine: Review360Engine, id: string, actor: User): Promise<unknown>;
  seen(actor: User, facts: Facts): boolean;
  allowed(actor: User, facts: Facts): boolean;
}
/** A list read of one cycle (or of the actor's own): it holds only records of subjects `sees` says. */
interface ListEntry {
  kind: 'list';
  call(engine: Review360Engine, actor: User): Promise<readonly unknown[]>;
  subjectOf(row: unknown): string;
  /** Whether the actor sees rows of this subject at all (the rest are refused with `FORBIDDEN`). */
  sees(actor: User, subjectId: string, row: unknown): boolean;
  /** An actor whose list is not empty in the fixture, so the check cannot pass on empty lists alone. */
  witness: string;
  refused?(actor: User): boolean;
}
/** A cycle-level admin action: cycles are not secret; it succeeds only for an admin of every subject. */
interface CycleEntry {
  kind: 'cycle';
  /** The id names a cycle to create (from the subjects of the named one), so a missing one is not refused. */
  creates?: boolean;
  call(engine: Review360Engine, cycleId: string, actor: User): Promise<unknown>;
}
/** Takes no actor: an unscoped read or a token holder's call, outside this test. */
interface NoActorEntry {
  kind: 'no-actor';
  why: string;
}
type EngineEntry = IdEntry | ListEntry | CycleEntry | NoActorEntry;

/** The facts of one record a method is called on. */
interface Facts {
  subjectId: string;
  raterId?: string | null;
  external?: boolean;
}

const rater = (actor: User) => ({ user: actor });
const isRater = (actor: User, facts: Facts) => facts.raterId === actor.id;

/** Every method of the 360° engine, classified. */
const ENGINE_ENTRY_POINTS: Record<keyof Review360Engine, EngineEntry> = {
  model: { kind: 'no-actor', why: 'a competency model by id, the same for everyone' },
  getCycle: { kind: 'no-actor', why: 'cycles are not secret: read by the bots for everyone' },
  reminders: { kind: 'no-actor', why: 'run by the scheduler' },
  openInvitation: { kind: 'no-actor', why: 'the token is the credential' },
  createCycle: {
    kind: 'cycle',
    creates: true,
    call: (engine, cycleId, actor) => {
      const subjects = cycleId === 'c-west' ? [SUBJECTS.west] : [SUBJECTS.east];
      return engine.createCycle(cycleInput(`${cycleId}-new`, subjects), actor);
    },
  },
  transition: {
    kind: 'cycle',
    call: (engine, cycleId, actor) => engine.transition(cycleId, 'nominating', actor),
  },
  copyCycle: {
    kind: 'cycle',
    call: (engine, cycleId, actor) =>
      engine.copyCycle(cycleId, { id: `${cycleId}-next`, name: '下一期', period: '2026-H2' }, actor),
  },
  proposeRaters: {
    kind: 'id',
    takes: 'subject',
    call: (engine, id, actor) =>
      engine.proposeRaters(
        'c-nom',
        id,
        [{ name: 'gm', contact: 'gm@kamkit.test', relation: 'peer', userId: USERS.gm.id }],
        actor,
      ),
    seen: (actor, facts) => concerns(actor, facts.subjectId),
    allowed: (actor, facts) => subjectOf(facts.subjectId)?.userId === actor.id,
  },
  addRater: {
    kind: 'id',
    takes: 'subject',
    call: (engine, id, actor) =>
      engine.addRater(
        'c-open',
        id,
        { name: 'gm', contact: 'gm@kamkit.test', relation: 'peer', userId: USERS.gm.id },
        actor,
      ),
    seen: (actor, facts) => concerns(actor, facts.subjectId),
    allowed: (actor, facts) => {
      const subject = subjectOf(facts.subjectId);
      return subject?.supervisorId === actor.id || adminOf(actor, DIVISION_OF[facts.subjectId]);
    },
  },
  readResult: {
    kind: 'id',
    takes: 'subject',
    call: (engine, id, actor) => engine.readResult('c-done', id, actor),
    seen: (actor, facts) =>
      subjectOf(facts.subjectId)?.userId === actor.id ||
      subjectOf(facts.subjectId)?.supervisorId === actor.id,
    allowed: (actor, facts) =>
      subjectOf(facts.subjectId)?.userId === actor.id ||
      subjectOf(facts.subjectId)?.supervisorId === actor.id,
  },
  outlierFlags: {
    kind: 'id',
    takes: 'subject',
    call: (engine, id, actor) => engine.outlierFlags('c-done', id, actor),
    seen: (actor, facts) => adminOf(actor, DIVISION_OF[facts.subjectId]),
    allowed: (actor, facts) => adminOf(actor, DIVISION_OF[facts.subjectId]),
  },
  fileAppeal: {
    kind: 'id',
    takes: 'subject',
    call: (engine, id, actor) => engine.fileAppeal('c-done', id, '仍有异议', actor),
    seen: (actor, facts) => subjectOf(facts.subjectId)?.userId === actor.id,
    allowed: (actor, facts) => subjectOf(facts.subjectId)?.userId === actor.id,
  },
  reviewNomination: {
    kind: 'id',
    takes: 'nomination',
    call: (engine, id, actor) => engine.reviewNomination(id, { action: 'approve' }, actor),
    seen: (actor, facts) => concerns(actor, facts.subjectId) || isRater(actor, facts),
    allowed: (actor, facts) => {
      const subject = subjectOf(facts.subjectId);
      return subject?.supervisorId === actor.id || adminOf(actor, DIVISION_OF[facts.subjectId]);
    },
  },
  invite: {
    kind: 'id',
    takes: 'nomination',
    call: (engine, id, actor) => engine.invite(id, actor),
    seen: (actor, facts) => concerns(actor, facts.subjectId) || isRater(actor, facts),
    allowed: (actor, facts) => {
      const subject = subjectOf(facts.subjectId);
      return (
        facts.external === true &&
        (subject?.supervisorId === actor.id || adminOf(actor, DIVISION_OF[facts.subjectId]))
      );
    },
  },
  decline: {
    kind: 'id',
    takes: 'nomination',
    call: (engine, id, actor) => engine.decline(id, '时间冲突', rater(actor)),
    seen: isRater,
    allowed: isRater,
  },
  saveDraft: {
    kind: 'id',
    takes: 'nomination',
    call: (engine, id, actor) => engine.saveDraft(id, { answers: {} }, rater(actor)),
    seen: isRater,
    allowed: isRater,
  },
  submit: {
    kind: 'id',
    takes: 'nomination',
    call: (engine, id, actor) => engine.submit(id, { answers: answersAll(model, 3) }, rater(actor)),
    seen: isRater,
    allowed: isRater,
  },
  reviewContext: {
    kind: 'id',
    takes: 'nomination',
    call: (engine, id, actor) => engine.reviewContext(id, rater(actor)),
    seen: isRater,
    allowed: isRater,
  },
  mySubmission: {
    kind: 'id',
    takes: 'nomination',
    call: (engine, id, actor) => engine.mySubmission(id, rater(actor)),
    seen: isRater,
    allowed: isRater,
  },
  decideAppeal: {
    kind: 'id',
    takes: 'appeal',
    call: (engine, id, actor) =>
      engine.decideAppeal(id, { outcome: 'rejected', reason: '维持原结果' }, actor),
    seen: (actor, facts) => adminOf(actor, DIVISION_OF[facts.subjectId]),
    allowed: (actor, facts) => adminOf(actor, DIVISION_OF[facts.subjectId]),
  },
  escalateAppeal: {
    kind: 'id',
    takes: 'appeal',
    call: (engine, id, actor) => engine.escalateAppeal(id, '仍有异议', actor),
    // Admins and committee members are told only the subject escalates; the fixture's appeals are
    // pending, so even the subject is refused (INVALID_STATE) — success is covered in engine.test.ts.
    seen: (actor, facts) =>
      subjectOf(facts.subjectId)?.userId === actor.id ||
      adminOf(actor, DIVISION_OF[facts.subjectId]) ||
      committeeOf(actor, DIVISION_OF[facts.subjectId]),
    allowed: () => false,
  },
  listNominations: {
    kind: 'list',
    witness: USERS.da.id,
    call: (engine, actor) => engine.listNominations('c-open', actor),
    subjectOf: (row) => (row as { subjectId: string }).subjectId,
    sees: (actor, subjectId, row) =>
      subjectOf(subjectId)?.supervisorId === actor.id ||
      adminOf(actor, DIVISION_OF[subjectId]) ||
      (row as { proposedBy: string }).proposedBy === actor.id,
  },
  myReviews: {
    kind: 'list',
    witness: USERS.dh.id,
    call: (engine, actor) => engine.myReviews('c-open', actor),
    subjectOf: (row) => (row as { subjectId: string }).subjectId,
    sees: (actor, _subjectId, row) => (row as { rater: { userId: string | null } }).rater.userId === actor.id,
  },
  myOpenReviews: {
    kind: 'list',
    witness: USERS.am.id,
    call: (engine, actor) => engine.myOpenReviews(actor),
    subjectOf: (row) => (row as { nomination: { subjectId: string } }).nomination.subjectId,
    sees: (actor, _subjectId, row) =>
      (row as { nomination: { rater: { userId: string | null } } }).nomination.rater.userId === actor.id,
  },
  progress: {
    kind: 'list',
    witness: USERS.sa.id,
    call: async (engine, actor) => (await engine.progress('c-done', actor)).subjects,
    subjectOf: (row) => (row as { subjectId: string }).subjectId,
    sees: (actor, subjectId) =>
      subjectOf(subjectId)?.userId === actor.id ||
      subjectOf(subjectId)?.supervisorId === actor.id ||
      adminOf(actor, DIVISION_OF[subjectId]),
  },
  listAppeals: {
    kind: 'list',
    witness: USERS.da.id,
    call: (engine, actor) => engine.listAppeals('c-done', actor),
    subjectOf: (row) => (row as { subjectId: string }).subjectId,
    // The fixture's appeals are first-level and not escalated: a committee member's list is empty.
    sees: (actor, subjectId) => adminOf(actor, DIVISION_OF[subjectId]),
    refused: noAppealRights,
  },
  auditTrail: {
    kind: 'list',
    witness: USERS.sa.id,
    call: (engine, actor) => engine.auditTrail(actor),
    subjectOf: (row) => {
      const entry = row as { entityId: string; after: { subjectId?: string } | null };
      return entry.after?.subjectId ?? entry.entityId;
    },
    sees: (actor, subjectId) =>
      adminOf(actor, DIVISION_OF[subjectId] ?? (subjectId === 'c-east' ? 'east' : undefined)),
    refused: (actor) => scopeOf(DEFAULT_ACCESS_POLICY, actor.role, 'review360.admin') === 'none',
  },
};

/** The ids of each kind in a fresh world, with their facts; the missing id last. */
function idsOf(kind: IdKind, fixture: World): { id: string; facts: Facts | undefined }[] {
  const missing = { id: MISSING[kind], facts: undefined };
  if (kind === 'subject')
    return [
      ...Object.values(SUBJECTS).map((subject) => ({ id: subject.id, facts: { subjectId: subject.id } })),
      missing,
    ];
  if (kind === 'appeal')
    return [
      { id: fixture.appeals['ap-east'], facts: { subjectId: 's-east' } },
      { id: fixture.appeals['ap-west'], facts: { subjectId: 's-west' } },
      missing,
    ];
  return [
    ...fixture.nominations.map((nomination) => ({
      id: nomination.id,
      facts: {
        subjectId: nomination.subjectId,
        raterId: nomination.rater.userId,
        external: nomination.rater.external,
      },
    })),
    missing,
  ];
}

async function outcomeOf(
  promise: Promise<unknown>,
): Promise<{ ok: true; value: unknown } | { ok: false; error: KamError }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    if (!isKamError(error)) throw error;
    return { ok: false, error };
  }
}

/** Every method of a live engine, read from the object itself. */
function methodsOf(engine: Review360Engine): string[] {
  return Object.keys(engine)
    .filter((key) => typeof (engine as unknown as Record<string, unknown>)[key] === 'function')
    .sort();
}

const actors = ENTRY_ACTORS.map((actor) => userOf(actor.id));

describe('every 360° entry point that takes an actor', () => {
  let fixture: World;
  beforeEach(async () => {
    fixture = await world();
  });

  it('the table classifies exactly the methods the engine has', () => {
    expect(methodsOf(fixture.engine).length).toBeGreaterThan(20);
    expect(Object.keys(ENGINE_ENTRY_POINTS).sort()).toEqual(methodsOf(fixture.engine));
  });

  const cases = Object.entries(ENGINE_ENTRY_POINTS)
    .filter(([, entry]) => entry.kind !== 'no-actor')
    .flatMap(([method, entry]) =>
      actors.map((actor) => ({ method, entry, actor, role: actor.role, division: actor.division })),
    );

  it.each(cases)('$method as $role of $division', async ({ method, entry, actor }) => {
    const { engine } = fixture;
    const label = (id: string) => `${method} as ${actor.id} on ${id}`;
    if (entry.kind === 'cycle') {
      if (!entry.creates) {
        const missing = await outcomeOf(entry.call(engine, MISSING.cycle, actor));
        expect(missing, label(MISSING.cycle)).toMatchObject({ ok: false });
      }
      for (const [cycleId, division] of [
        ['c-east', 'east'],
        ['c-west', 'west'],
      ] as const) {
        const outcome = await outcomeOf(entry.call(engine, cycleId, actor));
        if (adminOf(actor, division)) expect(outcome, label(cycleId)).toMatchObject({ ok: true });
        else expect(outcome, label(cycleId)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
      return;
    }
    if (entry.kind === 'list') {
      const outcome = await outcomeOf(entry.call(engine, actor));
      if (entry.refused?.(actor)) {
        expect(outcome, label('-')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
        return;
      }
      if (!outcome.ok) throw outcome.error;
      const rows = outcome.value as readonly unknown[];
      for (const row of rows)
        expect(entry.sees(actor, entry.subjectOf(row), row), `${label('-')}: ${JSON.stringify(row)}`).toBe(
          true,
        );
      if (actor.id === entry.witness) expect(rows.length, label('-')).toBeGreaterThan(0);
      return;
    }
    if (entry.kind !== 'id') return;
    const ids = idsOf(entry.takes, fixture);
    const missingId = MISSING[entry.takes];
    const missing = await outcomeOf(entry.call(engine, missingId, actor));
    if (missing.ok) throw new Error(`${label(missingId)}: a missing id was answered`);
    // Records the actor has nothing to do with first, then theirs: a success may change what follows.
    const order = ids
      .filter((target) => target.facts !== undefined)
      .sort((a, b) => Number(entry.seen(actor, a.facts!)) - Number(entry.seen(actor, b.facts!)));
    for (const { id, facts } of order) {
      const outcome = await outcomeOf(entry.call(engine, id, actor));
      if (entry.allowed(actor, facts!)) {
        if (!outcome.ok) throw new Error(`${label(id)}: expected success, got ${outcome.error.message}`);
      } else if (entry.seen(actor, facts!)) {
        expect(outcome.ok, label(id)).toBe(false);
        if (!outcome.ok) expect(outcome.error.code, label(id)).not.toBe('NOT_FOUND');
      } else {
        if (outcome.ok) throw new Error(`${label(id)}: a record out of reach was answered`);
        expect(faceWithout(outcome.error, id), label(id)).toEqual(faceWithout(missing.error, missingId));
      }
    }
  });
});
