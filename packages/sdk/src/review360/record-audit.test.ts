/**
 * Every 360° write is audited below the engine: each repository write
 * appends its entry in the same atomic write, and the engine names the
 * acting person on every one of them. Repository and engine methods are
 * enumerated from the objects themselves, so a new method that is neither a
 * listed read nor a listed (and exercised) write fails these tests.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type User, UserSchema } from '../domain/user.js';
import type { SqlClient, Store } from '../store/port.js';
import { createPostgresStore } from '../store/postgres-store.js';
import { pgliteDriver } from '../store/sql-driver.js';
import { answersAll, testCycle } from './__fixtures__/build.js';
import { createReview360Engine } from './engine.js';
import type { Nomination } from './nomination.js';
import { competencyModelPreset, relationWeightsPreset } from './presets.js';
import { createMemoryReviewRepository, type ReviewRepository } from './repository.js';
import { createSqlReviewRepository } from './sql-repository.js';
import { submissionHash } from './submission.js';

const REPOSITORY_READS = [
  'kind',
  'getCycle',
  'listCycles',
  'getNomination',
  'listNominations',
  'findInvitation',
  'getSubmission',
  'listSubmissions',
  'getAppeal',
  'listAppeals',
  'getResult',
  'listAudit',
] as const satisfies readonly (keyof ReviewRepository)[];

const REPOSITORY_EXEMPT = { appendAudit: 'is the audit trail itself' } satisfies Partial<
  Record<keyof ReviewRepository, string>
>;

const nomination = (cycleId: string, status: Nomination['status']): Nomination => ({
  id: `${cycleId}-n1`,
  cycleId,
  subjectId: 's1',
  relation: 'peer',
  rater: { userId: 'u-li', name: '李四', contact: 'li@x.cn', external: false },
  raterKey: 'user:u-li',
  status,
  proposedBy: 'u-s1',
  decidedBy: null,
  reason: null,
  replacedBy: null,
  createdAt: '2026-06-01T00:00:00.000Z',
  updatedAt: '2026-06-01T00:00:00.000Z',
});

/** Each repository write, run against a repository that already holds cycle `id` (version 1). */
const REPOSITORY_WRITES = {
  createCycle: (repository, id) =>
    repository.createCycle({ ...testCycle('annual-review'), id: `${id}-b` }, by),
  updateCycle: async (repository, id) => {
    const cycle = await repository.getCycle(id);
    return repository.updateCycle({ ...cycle!, state: 'nominating' }, by);
  },
  putNomination: (repository, id) => repository.putNomination(nomination(id, 'rejected'), by),
  putInvitation: (repository, id) =>
    repository.putInvitation(
      {
        tokenHash: `${id}-hash`,
        nominationId: `${id}-n1`,
        cycleId: id,
        expiresAt: '2026-06-20T00:00:00.000Z',
        createdAt: '2026-06-11T00:00:00.000Z',
      },
      by,
    ),
  upsertSubmission: (repository, id) => {
    const answers = { 'lead-direction': 4 };
    return repository.upsertSubmission(
      {
        cycleId: id,
        nominationId: `${id}-n1`,
        subjectId: 's1',
        raterKey: 'user:u-li',
        relation: 'peer',
        answers,
        comments: {},
        status: 'submitted',
        contentHash: submissionHash({ answers, comments: {}, status: 'submitted' }),
        updatedAt: '2026-06-12T00:00:00.000Z',
        submittedAt: '2026-06-12T00:00:00.000Z',
      },
      by,
    );
  },
  putAppeal: (repository, id) =>
    repository.putAppeal(
      {
        id: `${id}-a1`,
        cycleId: id,
        subjectId: 's1',
        filedBy: 'u-s1',
        reason: '不公',
        filedAt: '2026-06-15T00:00:00.000Z',
        status: 'pending',
        decidedBy: null,
        decidedAt: null,
        decision: null,
      },
      by,
    ),
  saveResult: (repository, id) =>
    repository.saveResult(
      {
        cycleId: id,
        subjectId: 's1',
        version: 1,
        computedAt: '2026-06-14T00:00:00.000Z',
        result: {} as never,
        outlierFlags: [],
      },
      by,
    ),
} satisfies Partial<
  Record<keyof ReviewRepository, (repository: ReviewRepository, id: string) => Promise<unknown>>
>;

const by = { actor: 'u-writer' };

let counter = 0;
const freshId = () => `c-audit-${process.pid}-${++counter}`;

function describeRepositoryAudit(name: string, open: () => Promise<ReviewRepository>): void {
  describe(`every 360° repository write is audited: ${name}`, () => {
    it('lists every repository method as a read, an audited write or exempt', async () => {
      const repository = await open();
      const listed = new Set<string>([
        ...REPOSITORY_READS,
        ...Object.keys(REPOSITORY_EXEMPT),
        ...Object.keys(REPOSITORY_WRITES),
      ]);
      expect(Object.keys(repository).filter((key) => !listed.has(key))).toEqual([]);
    });

    for (const [method, write] of Object.entries(REPOSITORY_WRITES)) {
      it(`${method} appends a review360 entry by its actor, without answers or token hashes`, async () => {
        const repository = await open();
        const id = freshId();
        await repository.createCycle({ ...testCycle('annual-review'), id }, by);
        await repository.putNomination(nomination(id, 'approved'), by);
        const before = await repository.listAudit({ actor: 'u-writer' });
        await write(repository, id);
        const added = (await repository.listAudit({ actor: 'u-writer' })).slice(before.length);
        expect(added).toHaveLength(1);
        expect(added[0]?.action).toMatch(/^review360\.[a-z]+\.save$/);
        const text = JSON.stringify(added[0]);
        expect(text).not.toContain('lead-direction');
        expect(text).not.toContain('-hash');
      });
    }

    it('records the state before and after a nomination is rejected', async () => {
      const repository = await open();
      const id = freshId();
      await repository.createCycle({ ...testCycle('annual-review'), id }, by);
      await repository.putNomination(nomination(id, 'proposed'), by);
      await repository.putNomination(nomination(id, 'rejected'), { actor: 'u-boss', reason: '不熟悉' });
      const [entry] = await repository.listAudit({ actor: 'u-boss' });
      expect(entry).toMatchObject({
        action: 'review360.nomination.save',
        entity: 'review360-nomination',
        entityId: `${id}-n1`,
        before: { status: 'proposed' },
        after: { status: 'rejected' },
        reason: '不熟悉',
      });
    });
  });
}

describeRepositoryAudit('memory', async () => createMemoryReviewRepository());

let store: Store | undefined;
let sql: SqlClient | undefined;
beforeAll(async () => {
  store = await createPostgresStore({ client: pgliteDriver(await PGlite.create('memory://')) });
  sql = store.sql;
}, 120_000);
afterAll(async () => {
  await store?.close();
});
describeRepositoryAudit('PGlite', async () => createSqlReviewRepository(sql as SqlClient));

describe('the SQL repository writes a record and its audit entry in one statement', () => {
  it('keeps neither when the audit entry cannot be written', async () => {
    const client = sql as SqlClient;
    const repository = createSqlReviewRepository(client);
    const id = freshId();
    await client.exec(`
      CREATE FUNCTION r360_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit refused'; END $$;
      CREATE TRIGGER r360_refuse BEFORE INSERT ON r360_audit FOR EACH STATEMENT EXECUTE FUNCTION r360_refuse();`);
    try {
      await expect(repository.createCycle({ ...testCycle('annual-review'), id }, by)).rejects.toThrow(
        'audit refused',
      );
      expect(await repository.getCycle(id)).toBeUndefined();
    } finally {
      await client.exec('DROP TRIGGER r360_refuse ON r360_audit; DROP FUNCTION r360_refuse();');
    }
  });
});

// ---- the engine --------------------------------------------------------------

const user = (id: string, role: User['role'] = 'account-manager'): User =>
  UserSchema.parse({ id, name: id, role });
const hr = user('u-hr', 'system-admin');
const zhang = user('u-zhang');
const boss = user('u-boss', 'division-head');
const committee = user('u-gm', 'group-management');
const peers = ['u-li', 'u-wang', 'u-zhao'].map((id) => user(id));
const model = competencyModelPreset('dcfin-27');

/** Engine methods that only read (running them must not write). */
const ENGINE_READS = [
  'model',
  'getCycle',
  'listNominations',
  'myReviews',
  'myOpenReviews',
  'reviewContext',
  'openInvitation',
  'mySubmission',
  'progress',
  'reminders',
  'readResult',
  'outlierFlags',
  'listAppeals',
  'auditTrail',
] as const;

/** Engine methods that write; the walk below runs each of them at least once. */
const ENGINE_WRITES = [
  'createCycle',
  'transition',
  'copyCycle',
  'proposeRaters',
  'reviewNomination',
  'addRater',
  'decline',
  'invite',
  'saveDraft',
  'submit',
  'fileAppeal',
  'escalateAppeal',
  'decideAppeal',
] as const;

const REPOSITORY_WRITE_METHODS = new Set(Object.keys(REPOSITORY_WRITES));

describe('every 360° engine write is audited with the acting person', () => {
  it('lists every engine method as a read or a write', () => {
    const engine = createReview360Engine({ repository: createMemoryReviewRepository() });
    const listed = new Set<string>([...ENGINE_READS, ...ENGINE_WRITES]);
    expect(Object.keys(engine).filter((key) => !listed.has(key))).toEqual([]);
  });

  it('walks a cycle through every write: each repository write has its entry, none by `system`', async () => {
    let clock = new Date('2026-06-01T02:00:00Z');
    const inner = createMemoryReviewRepository({ now: () => clock });
    let writes = 0;
    /** The repository, counting the writes the engine makes through it. */
    const repository = new Proxy(inner, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || !REPOSITORY_WRITE_METHODS.has(String(property))) return value;
        return async (...args: unknown[]) => {
          const result = await (value as (...parameters: unknown[]) => Promise<unknown>).apply(target, args);
          writes++;
          return result;
        };
      },
    });
    const engine = createReview360Engine({ repository, now: () => clock });
    const called = new Set<string>();
    /** Run one engine call; reads must not write, writes must leave one record entry per repository write. */
    const step = async <T>(
      method: (typeof ENGINE_READS)[number] | (typeof ENGINE_WRITES)[number],
      run: () => Promise<T>,
    ) => {
      const writesBefore = writes;
      const entriesBefore = (await inner.listAudit()).filter((entry) =>
        entry.action.endsWith('.save'),
      ).length;
      const result = await run();
      const added = (await inner.listAudit())
        .filter((entry) => entry.action.endsWith('.save'))
        .slice(entriesBefore);
      called.add(method);
      if ((ENGINE_READS as readonly string[]).includes(method)) expect(writes - writesBefore, method).toBe(0);
      else expect(writes - writesBefore, method).toBeGreaterThan(0);
      expect(added.length, method).toBe(writes - writesBefore);
      for (const entry of added) expect(entry.actor, `${method}: ${entry.action}`).not.toBe('system');
      return result;
    };

    await step('createCycle', () =>
      engine.createCycle(
        {
          ...testCycle('dcfin-cycle-1'),
          id: 'c1',
          weights: relationWeightsPreset('dcfin-cycle-1'),
          subjects: [
            {
              kind: 'staff',
              id: 's1',
              name: '张三',
              userId: 'u-zhang',
              supervisorId: 'u-boss',
              departmentHeadId: null,
            },
          ],
        },
        hr,
      ),
    );
    await step('transition', () => engine.transition('c1', 'nominating', hr));
    const proposed = await step('proposeRaters', () =>
      engine.proposeRaters(
        'c1',
        's1',
        [
          ...peers.map((person) => ({
            name: person.id,
            contact: `${person.id}@kamkit.test`,
            relation: 'peer' as const,
            userId: person.id,
          })),
          { name: '客户王经理', contact: 'wang@customer.cn', relation: 'customer' as const },
        ],
        zhang,
      ),
    );
    const [li, wang, zhao, customer] = proposed as [Nomination, Nomination, Nomination, Nomination];
    await step('reviewNomination', () => engine.reviewNomination(li.id, { action: 'approve' }, boss));
    await step('reviewNomination', () => engine.reviewNomination(customer.id, { action: 'approve' }, boss));
    await step('reviewNomination', () =>
      engine.reviewNomination(wang.id, { action: 'reject', reason: '不熟悉' }, boss),
    );
    await step('reviewNomination', () =>
      engine.reviewNomination(
        zhao.id,
        {
          action: 'replace',
          with: { name: 'u-sun', contact: 'u-sun@kamkit.test', relation: 'peer', userId: 'u-sun' },
        },
        boss,
      ),
    );
    const added = await step('addRater', () =>
      engine.addRater(
        'c1',
        's1',
        { name: 'u-wang', contact: 'u-wang@kamkit.test', relation: 'subordinate', userId: 'u-wang' },
        boss,
      ),
    );
    await step('listNominations', () => engine.listNominations('c1', hr));
    clock = new Date('2026-06-11T01:00:00Z');
    await step('transition', () => engine.transition('c1', 'open', hr));
    const { token } = await step('invite', () => engine.invite(customer.id, boss));
    await step('openInvitation', () => engine.openInvitation(token));
    await step('reviewContext', () => engine.reviewContext(li.id, { user: peers[0]! }));
    await step('myOpenReviews', () => engine.myOpenReviews(peers[0]!));
    await step('saveDraft', () =>
      engine.saveDraft(li.id, { answers: { 'lead-direction': 3 } }, { user: peers[0]! }),
    );
    await step('submit', () => engine.submit(li.id, { answers: answersAll(model, 4) }, { user: peers[0]! }));
    await step('submit', () => engine.submit(customer.id, { answers: answersAll(model, 5) }, { token }));
    await step('decline', () => engine.decline(added.id, '出差', { user: user('u-wang') }));
    await step('mySubmission', () => engine.mySubmission(li.id, { user: peers[0]! }));
    await step('myReviews', () => engine.myReviews('c1', peers[0]!));
    await step('progress', () => engine.progress('c1', hr));
    await step('reminders', () => engine.reminders('c1'));
    await step('transition', () => engine.transition('c1', 'closed', hr));
    await step('transition', () => engine.transition('c1', 'published', hr));
    await step('readResult', () => engine.readResult('c1', 's1', zhang));
    await step('outlierFlags', () => engine.outlierFlags('c1', 's1', hr));
    const appeal = await step('fileAppeal', () => engine.fileAppeal('c1', 's1', '评分不公', zhang));
    await step('listAppeals', () => engine.listAppeals('c1', hr));
    await step('decideAppeal', () =>
      engine.decideAppeal(appeal.id, { outcome: 'rejected', reason: '维持' }, hr),
    );
    const escalated = await step('escalateAppeal', () => engine.escalateAppeal(appeal.id, '仍不服', zhang));
    await step('decideAppeal', () =>
      engine.decideAppeal(
        escalated.id,
        { outcome: 'upheld', reason: '作废一份评分', void: [li.id] },
        committee,
      ),
    );
    await step('copyCycle', () =>
      engine.copyCycle(
        'c1',
        { id: 'c2', name: '下半年', period: '2026-H2', nominationStarts: '2026-12-01' },
        hr,
      ),
    );
    await step('auditTrail', () => engine.auditTrail(hr));
    await step('getCycle', () => engine.getCycle('c1'));
    called.add('model');
    engine.model('dcfin-27');

    expect([...ENGINE_WRITES, ...ENGINE_READS].filter((method) => !called.has(method))).toEqual([]);
  });
});
