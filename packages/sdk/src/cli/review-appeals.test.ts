/**
 * `kamkit review appeal | decide --void | escalate | appeals | results` on
 * embedded PostgreSQL (the review commands keep their state in SQL tables):
 * a first-level decision by the division admin, the subject's escalation, the
 * committee's final decision voiding a disputed rating, and the result that
 * says so without naming the rater.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USERS } from '../access/__fixtures__/portfolio.js';
import { type User, UserSchema } from '../domain/user.js';
import { answersAll, cycleInputOf } from '../review360/__fixtures__/build.js';
import { createReview360Engine } from '../review360/engine.js';
import { competencyModelPreset } from '../review360/presets.js';
import { createSqlReviewRepository } from '../review360/sql-repository.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/port.js';
import { commandHarness } from './__fixtures__/command-harness.js';
import { registerReviewCommand } from './review.js';

const model = competencyModelPreset('dcfin-27');
const person = (id: string): User =>
  UserSchema.parse({ id, name: id, role: 'account-manager', division: 'east' });

describe('kamkit review: two-level appeals with voided ratings', () => {
  let store: Store;
  let command: (...args: string[]) => Promise<string>;
  let retaliation: string;

  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://' });
    ({ command } = await commandHarness([registerReviewCommand], { store }));
    const engine = createReview360Engine({ repository: createSqlReviewRepository(store.sql!), store });
    const users = new Map<string, User>(
      [USERS.am, USERS.dh, ...['u-p1', 'u-p2', 'u-p3', 'u-p4'].map(person)].map((user) => [
        user.id,
        UserSchema.parse(user),
      ]),
    );
    const da = UserSchema.parse(USERS.da);
    const subject = {
      kind: 'staff',
      id: 's-am',
      name: '李经理',
      userId: USERS.am.id,
      supervisorId: USERS.dh.id,
      departmentHeadId: null,
    } as const;
    await engine.createCycle(cycleInputOf('c1', [subject]), da);
    await engine.transition('c1', 'nominating', da);
    for (const id of ['u-p1', 'u-p2', 'u-p3', 'u-p4'])
      await engine.addRater(
        'c1',
        's-am',
        { name: id, contact: `${id}@kamkit.test`, relation: 'peer', userId: id },
        da,
      );
    await engine.transition('c1', 'open', da);
    for (const nomination of await engine.listNominations('c1', da)) {
      const rater = nomination.rater.userId!;
      await engine.submit(
        nomination.id,
        { answers: answersAll(model, rater === 'u-p4' ? 1 : 4) },
        {
          user: users.get(rater)!,
        },
      );
      if (rater === 'u-p4') retaliation = nomination.id;
    }
    await engine.transition('c1', 'closed', da);
    await engine.transition('c1', 'published', da);
  }, 120_000);

  afterAll(async () => {
    await store?.close();
  });

  it('appeal, decide, escalate, decide --void as the committee, and read the result', async () => {
    const filed = JSON.parse(
      await command(
        'review',
        'appeal',
        'c1',
        '--subject',
        's-am',
        '--reason',
        '同事报复性打分',
        '--as',
        USERS.am.id,
        '--json',
      ),
    ) as { id: string };
    expect(
      await command(
        'review',
        'decide',
        filed.id,
        '--outcome',
        'rejected',
        '--reason',
        '证据不足',
        '--as',
        USERS.da.id,
      ),
    ).toBe(`Appeal ${filed.id} decided: rejected.\n`);

    const escalated = await command(
      'review',
      'escalate',
      filed.id,
      '--reason',
      '请考核领导小组复核',
      '--as',
      USERS.am.id,
    );
    const secondId = /as appeal (\S+);/.exec(escalated)?.[1];
    expect(escalated).toBe(
      `Escalated to the review committee as appeal ${secondId}; the committee's decision is final.\n`,
    );
    await expect(
      command('review', 'escalate', filed.id, '--reason', '再来一次', '--as', USERS.am.id),
    ).rejects.toMatchObject({ code: 'INVALID_STATE' });

    // The division admin lists both levels; only the committee decides the second.
    const listed = await command('review', 'appeals', 'c1', '--as', USERS.da.id);
    expect(listed).toContain(`${secondId}  s-am  pending  (level 2, escalates ${filed.id})`);
    await expect(
      command(
        'review',
        'decide',
        secondId!,
        '--outcome',
        'upheld',
        '--reason',
        'x',
        '--void',
        retaliation,
        '--as',
        USERS.da.id,
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });

    expect(
      await command(
        'review',
        'decide',
        secondId!,
        '--outcome',
        'upheld',
        '--reason',
        '属报复性评分',
        '--void',
        retaliation,
        '--as',
        USERS.dh.id,
      ),
    ).toBe(
      `Appeal ${secondId} decided by the committee, finally: upheld, 1 rating voided, result recomputed (version 2).\n`,
    );

    const results = await command('review', 'results', 'c1', '--subject', 's-am', '--as', USERS.am.id);
    expect(results).toContain('s-am: 4.00');
    expect(results).toContain('Note: 1 rating was voided on appeal and counts in no figure');
    expect(results).not.toContain('u-p4');
    const trail = await store.listAudit({ action: 'review360.appeal.decide' });
    expect(trail.at(-1)).toMatchObject({
      actor: USERS.dh.id,
      after: { level: 2, final: true, voided: [retaliation] },
    });
  });
});
