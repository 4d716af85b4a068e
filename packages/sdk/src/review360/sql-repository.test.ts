import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserSchema } from '../domain/user.js';
import { openStore } from '../store/open-store.js';
import type { SqlClient, Store } from '../store/port.js';
import { answersAll } from './__fixtures__/build.js';
import { describeReviewRepositoryContract } from './__fixtures__/repository-contract.js';
import { createReview360Engine } from './engine.js';
import { competencyModelPreset, relationWeightsPreset } from './presets.js';
import { applyReview360Migrations, createSqlReviewRepository } from './sql-repository.js';

const serverUrl = process.env.KAMKIT_DATABASE_URL;
const ownerUrl = process.env.KAMKIT_DATABASE_OWNER_URL;
const targets: { name: string; open: () => Promise<Store> }[] = [
  { name: 'PGlite', open: () => openStore({ dataDir: 'memory://' }) },
  ...(serverUrl
    ? [
        {
          name: 'PostgreSQL server',
          open: () => openStore({ url: serverUrl, ...(ownerUrl ? { ownerUrl } : {}) }),
        },
      ]
    : []),
];

for (const target of targets) {
  describe(`SQL review repository on ${target.name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await target.open();
    }, 60_000);
    afterAll(async () => {
      await store.close();
    });

    describeReviewRepositoryContract(target.name, async () => createSqlReviewRepository(store.sql!));

    it('500 concurrent submissions through the engine: none lost, none duplicated, results complete', async () => {
      const repository = createSqlReviewRepository(store.sql!);
      const hr = UserSchema.parse({ id: 'u-hr', name: 'HR', role: 'system-admin' });
      const engine = createReview360Engine({ repository, store });
      const cycleId = `c-${crypto.randomUUID()}`;
      const subjects = Array.from({ length: 50 }, (_, index) => ({
        kind: 'staff' as const,
        id: `s${index}`,
        name: `员工${index}`,
        userId: `u-s${index}`,
        supervisorId: 'u-boss',
      }));
      await engine.createCycle(
        {
          id: cycleId,
          name: 'load',
          period: '2026-H1',
          modelId: 'dcfin-27',
          weights: relationWeightsPreset('dcfin-cycle-1'),
          maxReviewsPerRater: 100,
          schedule: {
            nominationStarts: '2026-06-01',
            ratingStarts: '2026-06-11',
            ratingEnds: '2026-06-13',
            publishOn: '2026-06-14',
          },
          subjects,
        },
        hr,
      );
      await engine.transition(cycleId, 'nominating', hr);
      const raters = Array.from({ length: 10 }, (_, index) =>
        UserSchema.parse({ id: `u-peer${index}`, name: `peer${index}`, role: 'account-manager' }),
      );
      // Seed the approved peer nominations directly: this test is about concurrent submissions.
      await Promise.all(
        subjects.flatMap((subject) =>
          raters.map((rater) =>
            repository.putNomination({
              id: `${cycleId}:${subject.id}:${rater.id}`,
              cycleId,
              subjectId: subject.id,
              relation: 'peer',
              rater: { userId: rater.id, name: rater.name, contact: `${rater.id}@x.cn`, external: false },
              raterKey: `user:${rater.id}`,
              status: 'approved',
              proposedBy: subject.userId,
              decidedBy: 'u-boss',
              reason: null,
              replacedBy: null,
              createdAt: '2026-06-01T00:00:00.000Z',
              updatedAt: '2026-06-01T00:00:00.000Z',
            }),
          ),
        ),
      );
      await engine.transition(cycleId, 'open', hr);
      const model = competencyModelPreset('dcfin-27');
      const peerNominations = (await repository.listNominations(cycleId)).filter(
        (n) => n.relation === 'peer',
      );
      expect(peerNominations.length).toBe(500);
      const byId = new Map(raters.map((rater) => [rater.id, rater]));
      const submitAll = () =>
        Promise.all(
          peerNominations.map((nomination, index) =>
            engine.submit(
              nomination.id,
              { answers: answersAll(model, (index % 5) + 1) },
              { user: byId.get(nomination.rater.userId!)! },
            ),
          ),
        );
      const [first, second] = await Promise.all([submitAll(), submitAll()]);
      const changed = [...first, ...second].filter((outcome) => outcome.changed).length;
      expect(changed).toBe(500);
      const stored = await repository.listSubmissions(cycleId, { status: 'submitted' });
      expect(stored.length).toBe(500);
      expect(new Set(stored.map((submission) => submission.nominationId)).size).toBe(500);
      expect(stored.every((submission) => submission.version === 1)).toBe(true);

      await engine.transition(cycleId, 'closed', hr);
      await engine.transition(cycleId, 'published', hr);
      const boss = UserSchema.parse({ id: 'u-boss', name: 'boss', role: 'division-head' });
      for (const subject of subjects.slice(0, 5)) {
        const result = await engine.readResult(cycleId, subject.id, boss);
        expect(result.groups.find((group) => group.id === 'colleagues')?.raterCount).toBe(10);
      }
      const trail = await engine.auditTrail(hr, { entityId: cycleId });
      expect(trail.map((entry) => entry.action)).toContain('review360.results.compute');
    }, 120_000);
  });
}

describe('applyReview360Migrations on a bare PGlite', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create('memory://');
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  it('creates the 360° tables and can run again', async () => {
    const sql: SqlClient = {
      query: async (text, params) => db.query(text, params ? [...params] : []) as never,
      exec: async (text) => {
        await db.exec(text);
      },
    };
    await applyReview360Migrations(sql);
    await applyReview360Migrations(sql);
    const { rows } = await sql.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'r360_%' ORDER BY table_name`,
    );
    expect(rows.map((row) => row.table_name)).toEqual([
      'r360_appeals',
      'r360_audit',
      'r360_cycles',
      'r360_invitations',
      'r360_nominations',
      'r360_results',
      'r360_submissions',
    ]);
  });
});
