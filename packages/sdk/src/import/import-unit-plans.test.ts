import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AT, seedPortfolio, USERS } from '../access/__fixtures__/portfolio.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { registerImportCommand } from './cli.js';
import { describeProblem, ImportError } from './import-error.js';
import { importFile } from './import-file.js';

const FIXTURES = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const CSV = join(FIXTURES, 'unit-plans.csv');
const JSONL = join(FIXTURES, 'unit-plans.jsonl');

let folder: string;
let store: Store;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'kamkit-import-unit-plans-'));
  store = createMemoryStore({ clock: () => new Date(AT) });
  // Two divisions, east and west, each with its narrative of 2026-09.
  await seedPortfolio(store);
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function file(name: string, lines: readonly string[]): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, lines.join('\n'));
  return path;
}

async function failure(promise: Promise<unknown>): Promise<ImportError> {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

describe('importFile — units’ monthly narratives (unit-plans)', () => {
  it('imports one row per division and month as the importing user, audited; a re-run changes nothing', async () => {
    const result = await importFile({ store, kind: 'unit-plans', path: CSV, actor: USERS.dh.id });
    expect(result).toMatchObject({ rows: 2, inserted: 2, updated: 0, skipped: 0, rejected: 0 });
    expect(await store.listUnitPlans({ divisions: ['east'], periods: ['2026-10', '2026-11'] })).toEqual([
      expect.objectContaining({
        id: 'east|2026-10',
        wentWell: '东航协议提前续签，客户满意度回升',
        nextPlan: '走访全部白金客户',
        updatedBy: USERS.dh.id,
      }),
      expect.objectContaining({ id: 'east|2026-11', nextPlan: '跟进华东电网用量下滑, 约见财务总监' }),
    ]);
    expect((await store.listUnitPlans({ periods: ['2026-11'] }))[0]?.wentWell).toBeUndefined();
    const audit = await store.listAudit({ entity: 'unit-plan', actor: USERS.dh.id });
    expect(audit.map((entry) => [entry.action, entry.entityId, entry.reason])).toEqual([
      ['unit-plan.create', 'east|2026-10', 'import unit-plans.csv'],
      ['unit-plan.create', 'east|2026-11', 'import unit-plans.csv'],
    ]);
    const [imported] = await store.listAudit({ entity: 'unit-plans', action: 'import' });
    expect(imported).toMatchObject({ actor: USERS.dh.id, entityId: 'unit-plans.csv' });

    expect(await importFile({ store, kind: 'unit-plans', path: CSV, actor: USERS.dh.id })).toMatchObject({
      inserted: 0,
      updated: 0,
      skipped: 2,
    });
    expect(await store.listAudit({ entity: 'unit-plan', actor: USERS.dh.id })).toHaveLength(2);
  });

  it('updates a division’s month on re-import, keeping a text the row leaves empty, with the version in the audit log', async () => {
    await importFile({ store, kind: 'unit-plans', path: CSV, actor: USERS.dh.id });
    const edit = await file('修改.csv', [
      '单位,月份,做得好的,下月工作计划',
      'east,2026-10,,走访全部白金和黄金客户',
    ]);
    expect(await importFile({ store, kind: 'unit-plans', path: edit, actor: USERS.am.id })).toMatchObject({
      inserted: 0,
      updated: 1,
    });
    const [plan] = await store.listUnitPlans({ divisions: ['east'], periods: ['2026-10'] });
    expect(plan).toMatchObject({
      wentWell: '东航协议提前续签，客户满意度回升',
      nextPlan: '走访全部白金和黄金客户',
      updatedBy: USERS.am.id,
    });
    const [update] = await store.listAudit({ entity: 'unit-plan', action: 'unit-plan.update' });
    expect(update).toMatchObject({
      actor: USERS.am.id,
      entityId: 'east|2026-10',
      before: expect.objectContaining({ nextPlan: '走访全部白金客户', updatedBy: USERS.dh.id }),
      after: expect.objectContaining({ nextPlan: '走访全部白金和黄金客户', updatedBy: USERS.am.id }),
    });
  });

  it('reads JSON Lines with English fields (month, plan), the same records as the CSV', async () => {
    const result = await importFile({ store, kind: 'unit-plans', path: JSONL, actor: USERS.am.id });
    expect(result).toMatchObject({ format: 'jsonl', inserted: 2 });
    expect(
      (await store.listUnitPlans({ divisions: ['east'], periods: ['2026-10', '2026-11'] })).map((plan) => [
        plan.id,
        plan.wentWell,
        plan.nextPlan,
      ]),
    ).toEqual([
      ['east|2026-10', 'Renewed the airline agreement early', 'Visit every platinum account'],
      ['east|2026-11', undefined, "Follow up the grid company's falling volume"],
    ]);
  });

  it('refuses the whole file naming each bad row and column, in both languages, storing nothing', async () => {
    const long = '好'.repeat(4001);
    const path = await file('bad.csv', [
      '单位,月份,做得好的,下月工作计划',
      'east,2026-10,好,计划',
      'east,2026-13,好,计划',
      'east,2026-11,,',
      `east,2026-12,${long},计划`,
      ',2026-12,好,',
    ]);
    const error = await failure(importFile({ store, kind: 'unit-plans', path, actor: USERS.dh.id }));
    expect(error.problems.map((problem) => [problem.row, problem.column])).toEqual([
      [3, '月份'],
      [4, 'wentWell'],
      [5, '做得好的'],
      [6, 'division'],
    ]);
    const [month, empty, tooLong] = error.problems;
    expect(describeProblem(month!, 'zh-CN')).toBe(
      '第 3 行“月份”列为“2026-13”，应为月份，格式 YYYY-MM（如 2026-10；也接受 2026/10、2026年10月、202610）',
    );
    expect(describeProblem(empty!, 'en')).toBe(
      'row 4, column wentWell is empty; expected text; give what went well, next month’s plan, or both',
    );
    expect(describeProblem(tooLong!, 'zh-CN')).toContain('应为最多 4000 个字符');
    expect(error.messageIn('en')).toContain('Import of units’ monthly narratives from bad.csv failed');
    expect(await store.listUnitPlans({ periods: ['2026-10', '2026-11', '2026-12'] })).toEqual([]);
    expect(await store.listAudit({ entity: 'unit-plan', actor: USERS.dh.id })).toEqual([]);
  });

  it('refuses a row of a division the user may not write exactly like one of a missing division', async () => {
    const path = await file('others.csv', [
      'division,period,went_well,next_plan',
      'east,2026-10,好,计划',
      // The west head's own stored text, word for word: still refused, never "already there".
      'west,2026-09,重点客户走访全覆盖,跟进航司协议续签',
      'nowhere,2026-09,重点客户走访全覆盖,跟进航司协议续签',
    ]);
    const report = join(folder, 'rejects.csv');
    const result = await importFile({
      store,
      kind: 'unit-plans',
      path,
      actor: USERS.dh.id,
      mode: 'skip-invalid',
      rejectReportPath: report,
    });
    expect(result).toMatchObject({ inserted: 1, skipped: 0, rejected: 2 });
    const lines = (await readFile(report, 'utf8')).trim().split(/\r?\n/u).slice(1);
    expect(lines).toHaveLength(2);
    expect(lines[0]!.replace('west', '?')).toBe(lines[1]!.replace('nowhere', '?').replace('4,', '3,'));
    expect(lines[0]).toContain('你有权填写单位月度小结的单位');

    // All or nothing: the same problem, and the good row is not stored either.
    const headquarters = await failure(importFile({ store, kind: 'unit-plans', path, actor: USERS.gm.id }));
    const [first, second, third] = headquarters.problems;
    expect([first, second, third].map((problem) => problem?.expected.en)).toEqual([
      'a division whose monthly narrative you may write (your own)',
      'a division whose monthly narrative you may write (your own)',
      'a division whose monthly narrative you may write (your own)',
    ]);
    const west = await store.listUnitPlans({ divisions: ['west'] });
    expect(west.map((plan) => plan.updatedBy)).toEqual(['system']);
    expect(await store.listAudit({ entity: 'unit-plan', actor: USERS.gm.id })).toEqual([]);
  });

  it('refuses an importing user who does not exist before reading the file', async () => {
    await expect(importFile({ store, kind: 'unit-plans', path: CSV, actor: 'system' })).rejects.toMatchObject(
      { code: 'FORBIDDEN' },
    );
    expect(await store.listUnitPlans({ periods: ['2026-10'] })).toEqual([]);
  });
});

describe('kamkit import unit-plans', () => {
  async function run(args: string[], env: NodeJS.ProcessEnv) {
    const out: string[] = [];
    const err: string[] = [];
    let exitCode = 0;
    const program = new Command('kamkit').exitOverride().configureOutput({
      writeOut: (text) => out.push(text),
      writeErr: (text) => err.push(text),
    });
    registerImportCommand(program, {
      openStore: async () => store,
      env,
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text), isTTY: false },
      setExitCode: (code) => {
        exitCode = code;
      },
    });
    await program.parseAsync(['import', ...args], { from: 'user' }).catch((error: unknown) => {
      if ((error as { code?: string }).code !== 'commander.helpDisplayed') throw error;
    });
    return { out: out.join(''), err: err.join(''), exitCode };
  }

  it('lists the kind in the help, in both languages', async () => {
    expect((await run(['--help'], { LANG: 'zh_CN.UTF-8' })).out).toContain('单位月度小结');
    const help = (await run(['--help'], { LANG: 'en_US.UTF-8' })).out;
    expect(help).toContain('units’ monthly narratives');
    expect(help).toContain('unit-plans');
  });

  it('imports as KAMKIT_OPERATOR, and without one says who to be and stores nothing', async () => {
    const refused = await run(['unit-plans', CSV], { LANG: 'zh_CN.UTF-8' });
    expect(refused.exitCode).toBe(1);
    expect(refused.err).toContain('请用环境变量 KAMKIT_OPERATOR 说明你是谁');
    // `--actor` is checked like `--as`: the operator must manage that user.
    const spoofed = await run(['unit-plans', CSV, '--actor', USERS.dh.id], {
      LANG: 'en_US.UTF-8',
      KAMKIT_OPERATOR: USERS.dhw.id,
    });
    expect(spoofed.exitCode).toBe(1);
    expect(await store.listUnitPlans({ periods: ['2026-10'] })).toEqual([]);
    const done = await run(['unit-plans', CSV], { LANG: 'zh_CN.UTF-8', KAMKIT_OPERATOR: USERS.dh.id });
    expect(done.exitCode).toBe(0);
    expect(done.out).toContain('已导入单位月度小结（unit-plans.csv，UTF-8）：读取 2 行，新增 2');
  });
});
