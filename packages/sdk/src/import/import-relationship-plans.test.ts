import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AT, seedPortfolio, USERS } from '../access/__fixtures__/portfolio.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { describeProblem, ImportError } from './import-error.js';
import { importFile } from './import-file.js';

let folder: string;
let store: Store;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'kamkit-import-relationship-plans-'));
  store = createMemoryStore({ clock: () => new Date(AT) });
  // A-own (owners u-am, u-am2), A-peer (u-am2), A-west (u-amw).
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

describe('importFile — relationship plans (relationship-plans)', () => {
  it('imports the owner’s plans (CSV with Chinese headers, then JSONL), every revision audited; a re-run changes nothing', async () => {
    const csv = await file('计划.csv', [
      '客户编号,半年度,关系目标,行动计划,进展与调整',
      'A-own,2026上半年,王总（决策人）：从兴趣到信赖,每月拜访一次,',
      'A-peer,2026-H1,"李处（关键人）：建立联系, 约见财务总监",季度高层互访,一月已电话联系',
    ]);
    const result = await importFile({ store, kind: 'relationship-plans', path: csv, actor: USERS.am2.id });
    expect(result).toMatchObject({ rows: 2, inserted: 2, updated: 0, skipped: 0, rejected: 0 });
    expect(await store.listRelationshipPlans({ halfYears: ['2026-H1'] })).toEqual([
      expect.objectContaining({ id: 'A-own|2026-H1', revision: 1, status: 'draft', updatedBy: USERS.am2.id }),
      expect.objectContaining({ id: 'A-peer|2026-H1', goals: '李处（关键人）：建立联系, 约见财务总监' }),
    ]);
    expect(
      await importFile({ store, kind: 'relationship-plans', path: csv, actor: USERS.am2.id }),
    ).toMatchObject({
      inserted: 0,
      updated: 0,
      skipped: 2,
    });
    // Adjusting the progress keeps the other sections: a new revision.
    const jsonl = await file('adjust.jsonl', [
      JSON.stringify({ accountId: 'A-own', halfYear: '2026-H1', progress: '二月王总回访' }),
    ]);
    expect(
      await importFile({ store, kind: 'relationship-plans', path: jsonl, actor: USERS.am.id }),
    ).toMatchObject({
      updated: 1,
    });
    const [own] = await store.listRelationshipPlans({ accountIds: ['A-own'] });
    expect(own).toMatchObject({
      revision: 2,
      goals: '王总（决策人）：从兴趣到信赖',
      progress: '二月王总回访',
    });
    const audit = await store.listAudit({ entity: 'relationship-plan', entityId: 'A-own|2026-H1' });
    expect(audit.map((entry) => [entry.action, entry.actor, entry.reason])).toEqual([
      ['relationship-plan.create', USERS.am2.id, 'import 计划.csv'],
      ['relationship-plan.update', USERS.am.id, 'import adjust.jsonl'],
    ]);
  });

  it('refuses the whole file naming each bad row and column, storing nothing', async () => {
    const path = await file('bad.csv', [
      '客户编号,半年度,关系目标,行动计划,进展与调整',
      'A-own,2026-H1,王总,拜访,',
      'A-own,2026-H3,王总,拜访,',
      'A-own,2026-H2,,,',
    ]);
    const error = await failure(importFile({ store, kind: 'relationship-plans', path, actor: USERS.am.id }));
    expect(error.problems.map((problem) => [problem.row, problem.column])).toEqual([
      [3, '半年度'],
      [4, 'goals'],
    ]);
    expect(describeProblem(error.problems[0]!, 'zh-CN')).toBe(
      '第 3 行“半年度”列为“2026-H3”，应为半年度，格式 YYYY-H1 或 YYYY-H2（如 2026-H1；也接受 2026上半年、2026年下半年）',
    );
    expect(await store.listRelationshipPlans()).toEqual([]);
  });

  it('refuses a row of someone else’s account exactly like one of a missing account', async () => {
    const path = await file('others.csv', [
      'account,half,goals',
      'A-own,2026-H1,王总',
      'A-west,2026-H1,西部',
      'A-nowhere,2026-H1,西部',
    ]);
    const report = join(folder, 'rejects.csv');
    const result = await importFile({
      store,
      kind: 'relationship-plans',
      path,
      actor: USERS.am.id,
      mode: 'skip-invalid',
      rejectReportPath: report,
    });
    expect(result).toMatchObject({ inserted: 1, rejected: 2 });
    const lines = (await readFile(report, 'utf8')).trim().split(/\r?\n/u).slice(1);
    expect(lines[0]!.replace('A-west', '?')).toBe(lines[1]!.replace('A-nowhere', '?').replace('4,', '3,'));
    expect(lines[0]).toContain('已存在的客户编号');
    expect(await store.listRelationshipPlans({ accountIds: ['A-west'] })).toEqual([]);
    // The division head sees A-own but does not own it: the row names the rule.
    const mine = await file('own.csv', ['account,half,goals', 'A-own,2026-H2,王总']);
    const head = await failure(
      importFile({ store, kind: 'relationship-plans', path: mine, actor: USERS.dh.id }),
    );
    const own = head.problems.find((problem) => problem.row === 2);
    expect(own).toMatchObject({ value: 'A-own' });
    expect(own?.expected.en).toBe(
      'an account where you are owner A or B (only its owners write its relationship plan)',
    );
  });
});
