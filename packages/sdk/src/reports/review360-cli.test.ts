import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { testCycle, twoSubjectRatings } from '../review360/__fixtures__/build.js';
import type { Cycle } from '../review360/cycle.js';
import { competencyModelPreset } from '../review360/presets.js';
import { createMemoryReviewRepository, type ReviewRepository } from '../review360/repository.js';
import { computeCycleResults } from '../review360/results.js';
import { seedDemoStore } from './__fixtures__/demo-source.js';
import { registerReportCommand } from './cli.js';
import type { Review360Individual, Review360Summary } from './data/review360-report.js';

const model = competencyModelPreset('dcfin-27');

/** A published cycle over two demo managers (both report to the 华北 division head). */
function publishedCycle(): Cycle {
  const cycle = testCycle('annual-review', {
    subjects: [
      {
        kind: 'staff',
        id: 's1',
        name: '客户经理甲',
        userId: 'u-am-11',
        supervisorId: 'u-head-1',
        departmentHeadId: 'u-ceo',
      },
      {
        kind: 'staff',
        id: 's2',
        name: '客户经理乙',
        userId: 'u-am-12',
        supervisorId: 'u-head-1',
        departmentHeadId: 'u-ceo',
      },
    ],
  });
  return { ...cycle, state: 'published' };
}

/** A repository holding the cycle and, unless `results` is false, its computed results (DOMAIN §10 example 5 for s1). */
async function repositoryWith(
  options: { results?: boolean; state?: Cycle['state'] } = {},
): Promise<ReviewRepository> {
  const repository = createMemoryReviewRepository();
  const cycle = { ...publishedCycle(), state: options.state ?? 'published' };
  await repository.createCycle(cycle);
  if (options.results === false) return repository;
  const results = computeCycleResults({
    cycle,
    model,
    submissions: twoSubjectRatings(model),
  });
  for (const subjectId of results.subjectIds) {
    await repository.saveResult({
      cycleId: cycle.id,
      subjectId,
      version: 1,
      computedAt: '2026-06-14T00:00:00.000Z',
      result: results.resultFor(subjectId),
      outlierFlags: results.outlierFlagsFor(subjectId),
    });
  }
  return repository;
}

let seeded: ReturnType<typeof seedDemoStore> | undefined;

/** Run `kamkit report …` on the demo store with a given 360° repository. */
async function run(
  args: string[],
  repository?: ReviewRepository,
  operator: string | null = 'u-sysadmin',
): Promise<string> {
  seeded ??= seedDemoStore();
  const { store: shared } = await seeded;
  const store = new Proxy(shared, {
    get: (target, property) => (property === 'close' ? async () => undefined : Reflect.get(target, property)),
  });
  const reviews = repository ?? (await repositoryWith());
  let output = '';
  const program = new Command('kamkit').exitOverride();
  registerReportCommand(program, {
    openStore: async () => store,
    locale: 'zh-CN',
    reviewRepository: () => reviews,
    env: operator === null ? {} : { KAMKIT_OPERATOR: operator },
    stdout: {
      write: (text: string) => {
        output += text;
      },
    },
    now: () => new Date('2026-11-03T02:00:00Z'),
  });
  await program.parseAsync(['node', 'kamkit', 'report', ...args]);
  return output;
}

/** The rejection of a command, for comparing two refusals. */
async function refusal(args: string[], repository?: ReviewRepository) {
  const error = await run(args, repository).then(
    () => undefined,
    (caught: unknown) => caught as { code: string; message: string; localised: unknown },
  );
  expect(error, args.join(' ')).toBeDefined();
  return { code: error!.code, message: error!.message, localised: error!.localised };
}

describe('kamkit report review360', () => {
  it('the subject reads their own report: 3.95 overall, self vs others, in Markdown and JSON', async () => {
    const data = JSON.parse(
      await run(['review360', '--cycle', 'c1', '--subject', 's1', '--as', 'u-am-11', '--format', 'json']),
    ) as Review360Individual;
    expect(data.kind).toBe('review360-individual');
    expect(data.subjectName).toBe('客户经理甲');
    expect(data.overall.score).toBeCloseTo(3.95, 10);
    expect(data.units.map((unit) => unit.id)).toEqual(['supervisor', 'subordinates', 'peers', 'self']);
    const markdown = await run(['review360', '--cycle', 'c1', '--subject', 's1', '--as', 'u-am-11']);
    expect(markdown).toContain('360° 评估报告：客户经理甲');
    expect(markdown).toContain('3.95');
  });

  it('the supervisor reads it too, in English text and HTML with the radar chart', async () => {
    const text = await run([
      'review360',
      '--cycle',
      'c1',
      '--subject',
      's2',
      '--as',
      'u-head-1',
      '--format',
      'txt',
      '--locale',
      'en',
    ]);
    expect(text).toContain('360° report: 客户经理乙');
    // The lone subordinate's group is suppressed: never listed, and their 1.00 feeds no figure shown.
    expect(text).toMatch(/^- Supervisor: 4\.00/m);
    expect(text).not.toMatch(/^- Subordinates/m);
    expect(text).not.toContain('1.00');
    const html = await run([
      'review360',
      '--cycle',
      'c1',
      '--subject',
      's1',
      '--as',
      'u-head-1',
      '--format',
      'html',
    ]);
    expect(html).toMatch(/^<!doctype html>[\s\S]*<svg /);
  });

  it('a colleague without rights gets the same NOT_FOUND as for a result that does not exist', async () => {
    const hidden = await refusal(['review360', '--cycle', 'c1', '--subject', 's1', '--as', 'u-am-13']);
    expect(hidden.code).toBe('NOT_FOUND');
    const missing = await refusal(
      ['review360', '--cycle', 'c1', '--subject', 's1', '--as', 'u-am-11'],
      await repositoryWith({ results: false }),
    );
    expect(hidden).toEqual(missing);
    // Before publication not even the subject may read it.
    expect(
      await refusal(
        ['review360', '--cycle', 'c1', '--subject', 's1', '--as', 'u-am-11'],
        await repositoryWith({ state: 'closed' }),
      ),
    ).toEqual(hidden);
  });

  it('the cycle summary: an admin sees every subject, a subject only themself, others nothing', async () => {
    const asAdmin = JSON.parse(
      await run(['review360', '--cycle', 'c1', '--as', 'u-sysadmin', '--format', 'json']),
    ) as Review360Summary;
    expect(asAdmin.kind).toBe('review360-summary');
    expect(asAdmin.ranking.map((entry) => entry.subjectId)).toEqual(['s1', 's2']);
    expect(asAdmin.subjects).toBe(2);
    expect(JSON.stringify(asAdmin)).not.toContain('subordinates');
    const asSubject = JSON.parse(
      await run(['review360', '--cycle', 'c1', '--as', 'u-am-12', '--format', 'json']),
    ) as Review360Summary;
    expect(asSubject.ranking.map((entry) => entry.subjectId)).toEqual(['s2']);
    expect(asSubject.meanOverall).toBe(asSubject.ranking[0]!.score);
    const markdown = await run(['review360', '--cycle', 'c1', '--as', 'u-head-1', '--format', 'md']);
    expect(markdown).toContain('客户经理甲');
    expect(markdown).toContain('客户经理乙');

    const outsider = await refusal(['review360', '--cycle', 'c1', '--as', 'u-am-21']);
    expect(outsider.code).toBe('NOT_FOUND');
    const noCycle = await refusal(
      ['review360', '--cycle', 'c1', '--as', 'u-sysadmin'],
      createMemoryReviewRepository(),
    );
    expect(outsider).toEqual(noCycle);
  });

  it('asks for --cycle, checks --as against the operator, and names an unknown reader', async () => {
    await expect(run(['review360', '--as', 'u-am-11'])).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      path: '--cycle',
    });
    await expect(run(['review360', '--cycle', 'c1'], undefined, null)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      path: '--as',
    });
    // --as without an operator at the terminal is refused: anyone could claim to be anyone.
    await expect(
      run(['review360', '--cycle', 'c1', '--as', 'u-sysadmin'], undefined, null),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', path: '--as' });
    // An account manager may not act as their colleague.
    await expect(
      run(['review360', '--cycle', 'c1', '--as', 'u-am-12'], undefined, 'u-am-11'),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(run(['review360', '--cycle', 'c1', '--as', 'u-ghost'])).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('u-ghost'),
    });
  });
});
