import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPortfolio, USERS } from '../access/__fixtures__/portfolio.js';
import { DEFAULT_ALERT_CAUSES } from '../alerts/alert-policy.js';
import { ALERT_ACTIONS } from '../alerts/alert-work.js';
import { commandHarness } from '../cli/__fixtures__/command-harness.js';
import { registerAlertWorkCommands } from '../cli/alert-commands.js';
import { registerAlertsCommand } from '../cli/portfolio-commands.js';
import { parseConfig } from '../config/load-config.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store, StoredAlert } from '../store/port.js';
import { registerImportCommand } from './cli.js';
import { describeProblem, ImportError } from './import-error.js';
import { importFile } from './import-file.js';

const FIXTURES = join(import.meta.dirname, '__fixtures__');

/** A swing of October 2026 on `accountId`, as a run saves it. */
function swing(accountId: string): StoredAlert {
  return {
    id: `fluctuation|${accountId}|2026-10`,
    accountId,
    kind: 'fluctuation',
    period: '2026-10',
    status: 'open',
    figures: { changeRatio: -0.42 },
    createdAt: '2026-11-02T00:00:00Z',
    monitorId: 'fluctuation',
    severity: 'warning',
    message: { 'zh-CN': '业务量环比下降 42%', en: 'Volume down 42% on the month' },
    assignee: null,
    cause: null,
    note: null,
  };
}

let folder: string;
let store: Store;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'kamkit-import-alerts-'));
  store = createMemoryStore();
  await seedPortfolio(store);
  await store.saveAlerts([swing('A-own'), swing('A-peer'), swing('A-west')], { actor: 'system' });
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function alert(id: string): Promise<StoredAlert | undefined> {
  return (await store.listAlerts({ ids: [id] }))[0];
}

/** The audit entries of work on alerts (`alert.explain`, …; not the store's own `alert.create` / `alert.update`). */
async function alertAudit() {
  const work = new Set(ALERT_ACTIONS.map((action) => `alert.${action}`));
  return (await store.listAudit({ entity: 'alert' })).filter((entry) => work.has(entry.action));
}

/** The ImportError an import throws (the test fails when it does not throw one). */
async function importFailure(run: Promise<unknown>): Promise<ImportError> {
  const error = await run.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

describe('importFile — alerts (预警处理情况)', () => {
  it('explains, assigns and closes alerts from a Chinese CSV as the importing user, audited per change; a re-run is skipped', async () => {
    const path = join(FIXTURES, 'alerts.csv');
    const result = await importFile({ store, kind: 'alerts', path, actor: USERS.dh.id });
    expect(result).toMatchObject({ rows: 3, inserted: 0, updated: 3, skipped: 0, rejected: 0 });

    expect(await alert('fluctuation|A-own|2026-10')).toMatchObject({
      status: 'explained',
      cause: 'price',
      note: '竞争对手降价 15%，已约客户面谈',
      assignee: null,
      updatedBy: USERS.dh.id,
    });
    // Named by account, monitor and month rather than by id.
    expect(await alert('fluctuation|A-peer|2026-10')).toMatchObject({
      status: 'acknowledged',
      assignee: USERS.am2.id,
      cause: null,
    });
    expect(await alert('L-A-own')).toMatchObject({
      status: 'closed',
      cause: 'one-off',
      note: '一次性会议采购',
    });

    const entries = await alertAudit();
    expect(entries.map((entry) => [entry.action, entry.entityId])).toEqual([
      ['alert.explain', 'fluctuation|A-own|2026-10'],
      ['alert.assign', 'fluctuation|A-peer|2026-10'],
      ['alert.acknowledge', 'fluctuation|A-peer|2026-10'],
      ['alert.close', 'L-A-own'],
    ]);
    expect(
      entries.every((entry) => entry.actor === USERS.dh.id && entry.reason === 'import alerts.csv'),
    ).toBe(true);
    expect(entries[0]).toMatchObject({
      before: { status: 'open', cause: null, note: null },
      after: { status: 'explained', cause: 'price', note: '竞争对手降价 15%，已约客户面谈' },
    });

    expect(await importFile({ store, kind: 'alerts', path, actor: USERS.dh.id })).toMatchObject({
      updated: 0,
      skipped: 3,
    });
    expect(await alertAudit()).toHaveLength(4);
  });

  it('imports JSON Lines with English fields: a note alone is recorded as a note, status and assignee kept', async () => {
    const path = join(FIXTURES, 'alerts.jsonl');
    expect(await importFile({ store, kind: 'alerts', path, actor: USERS.dh.id })).toMatchObject({
      rows: 2,
      updated: 2,
    });
    expect(await alert('fluctuation|A-own|2026-10')).toMatchObject({
      status: 'closed',
      cause: 'competitor',
      note: 'moved its parcels to a competitor',
    });
    expect(await alert('fluctuation|A-peer|2026-10')).toMatchObject({
      status: 'open',
      assignee: null,
      note: 'asked the branch for the October waybills',
    });
    expect((await alertAudit()).map((entry) => entry.action)).toEqual(['alert.close', 'alert.note']);
  });

  it('refuses the whole file, naming row and column, when a cause is not in the configured policy', async () => {
    const path = join(folder, '预警.csv');
    await writeFile(
      path,
      [
        '预警编号,原因,备注',
        'fluctuation|A-own|2026-10,报价,降价',
        'fluctuation|A-peer|2026-10,天气,暴雨停运',
      ].join('\n'),
    );
    const causes = DEFAULT_ALERT_CAUSES.filter((cause) => cause.id !== 'price');
    const error = await importFailure(
      importFile({ store, kind: 'alerts', path, actor: USERS.dh.id, alertCauses: causes }),
    );
    // 报价 is not a cause of this policy either: both rows are named, nothing is written.
    expect(error.problems.map((problem) => [problem.row, problem.column, problem.value])).toEqual([
      [2, '原因', '报价'],
      [3, '原因', '天气'],
    ]);
    expect(describeProblem(error.problems[1]!, 'zh-CN')).toBe(
      `第 3 行“原因”列为“天气”，应为预警策略的原因之一：${causes.map((cause) => cause.label['zh-CN']).join('、')}`,
    );
    expect(describeProblem(error.problems[1]!, 'en')).toContain(
      `row 3, column 原因 is "天气"; expected one of the alert policy's causes: staff (staff), service (service)`,
    );
    expect(await alert('fluctuation|A-own|2026-10')).toMatchObject({
      status: 'open',
      cause: null,
      note: null,
    });
    expect(await alertAudit()).toEqual([]);
  });

  it('writes nothing when one row is bad, even after good rows were applied in the same file', async () => {
    const path = join(folder, 'alerts.csv');
    await writeFile(
      path,
      ['id,cause,note', 'fluctuation|A-own|2026-10,price,ok', 'fluctuation|A-peer|2026-10,weather,bad'].join(
        '\n',
      ),
    );
    const error = await importFailure(importFile({ store, kind: 'alerts', path, actor: USERS.dh.id }));
    expect(error.problems.map((problem) => problem.row)).toEqual([3]);
    expect(await alert('fluctuation|A-own|2026-10')).toMatchObject({ status: 'open', cause: null });
    expect(await alertAudit()).toEqual([]);
  });

  it('rejects an alert of an account the user may not see, or may only read, in the words of a missing one', async () => {
    const path = join(folder, 'alerts.csv');
    const rows = ['fluctuation|A-west|2026-10', 'fluctuation|A-nowhere|2026-10', 'fluctuation|A-own|2026-10'];
    await writeFile(path, ['id,cause', ...rows.map((id) => `${id},price`)].join('\n'));

    // The account manager of A-own sees neither the west division's alert nor a missing one.
    const hidden = await importFailure(importFile({ store, kind: 'alerts', path, actor: USERS.am.id }));
    expect(hidden.problems.map((problem) => [problem.row, problem.column, problem.value])).toEqual([
      [2, 'id', rows[0]],
      [3, 'id', rows[1]],
    ]);
    expect(hidden.problems[0]!.expected).toEqual(hidden.problems[1]!.expected);
    expect(describeProblem(hidden.problems[0]!, 'en')).toBe(
      `row 2, column id is "${rows[0]}"; expected the id of an alert you may handle (kamkit alerts list)`,
    );

    // Group management reads every alert but handles none: refused alike, row by row.
    const readOnly = await importFailure(importFile({ store, kind: 'alerts', path, actor: USERS.gm.id }));
    expect(readOnly.problems.map((problem) => problem.row)).toEqual([2, 3, 4]);
    expect(new Set(readOnly.problems.map((problem) => problem.expected.en))).toEqual(
      new Set([hidden.problems[0]!.expected.en]),
    );
    expect(await alertAudit()).toEqual([]);
  });

  it('with --skip-invalid stores the rows the user may handle and reports the others', async () => {
    const path = join(folder, 'alerts.csv');
    await writeFile(
      path,
      ['id,cause', 'fluctuation|A-west|2026-10,price', 'fluctuation|A-own|2026-10,price'].join('\n'),
    );
    const result = await importFile({
      store,
      kind: 'alerts',
      path,
      actor: USERS.am.id,
      mode: 'skip-invalid',
    });
    expect(result).toMatchObject({ updated: 1, rejected: 1 });
    expect(await readFile(result.rejectReportPath!, 'utf8')).toContain('fluctuation|A-west|2026-10');
    expect(await alert('fluctuation|A-own|2026-10')).toMatchObject({ status: 'explained', cause: 'price' });
    expect(await alert('fluctuation|A-west|2026-10')).toMatchObject({ status: 'open', cause: null });
  });

  it('refuses explaining without a cause, changing a closed alert and an unknown assignee; an earlier status is no change', async () => {
    await store.saveAlerts([{ ...swing('A-peer'), status: 'acknowledged' }], { actor: 'system' });
    await store.saveAlerts(
      [
        {
          id: 'L-A-own',
          accountId: 'A-own',
          kind: 'fluctuation',
          period: '2026-09',
          status: 'closed',
          figures: {},
          createdAt: '2026-10-01T00:00:00Z',
          note: '已处理',
        },
      ],
      { actor: 'system' },
    );
    const path = join(folder, 'alerts.csv');
    await writeFile(
      path,
      [
        'id,status,assignee,note',
        'fluctuation|A-peer|2026-10,待处理,,',
        'fluctuation|A-own|2026-10,已说明原因,,',
        'L-A-own,,,改了备注',
        'fluctuation|A-west|2026-10,,u-nobody,',
        'L-A-own,已关闭,,已处理',
      ].join('\n'),
    );
    const error = await importFailure(importFile({ store, kind: 'alerts', path, actor: USERS.sa.id }));
    expect(error.problems.map((problem) => [problem.row, problem.column])).toEqual([
      [3, 'status'],
      [4, 'note'],
      [5, 'assignee'],
    ]);
    expect(describeProblem(error.problems[0]!, 'zh-CN')).toBe(
      '第 3 行“status”列为“explained”，应为“已说明原因”须同时填写原因（原因列）',
    );
    expect(describeProblem(error.problems[1]!, 'en')).toContain('the alert is closed');
    expect(describeProblem(error.problems[2]!, 'en')).toContain('the id of an active user');

    // Without the bad rows, the acknowledged alert marked 待处理 (an older export) stays acknowledged.
    await writeFile(path, ['id,status', 'fluctuation|A-peer|2026-10,待处理', 'L-A-own,已关闭'].join('\n'));
    expect(await importFile({ store, kind: 'alerts', path, actor: USERS.sa.id })).toMatchObject({
      updated: 0,
      skipped: 2,
    });
    expect(await alert('fluctuation|A-peer|2026-10')).toMatchObject({ status: 'acknowledged' });
  });

  it('refuses an importing user who is not a user', async () => {
    await expect(
      importFile({ store, kind: 'alerts', path: join(FIXTURES, 'alerts.csv'), actor: 'system' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('kamkit import alerts', () => {
  async function run(args: string[], env: NodeJS.ProcessEnv) {
    const config = await parseConfig(
      { locale: 'zh-CN', policies: { alerts: 'postal' } },
      { file: '/tmp/kamkit.config.yaml', env: {} },
    );
    const out: string[] = [];
    const err: string[] = [];
    let exitCode = 0;
    const program = new Command('kamkit').exitOverride();
    registerImportCommand(program, {
      openStore: async () => store,
      env,
      config: async () => config,
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text), isTTY: false },
      setExitCode: (code) => {
        exitCode = code;
      },
    });
    await program.parseAsync(['import', ...args], { from: 'user' });
    return { out: out.join(''), err: err.join(''), exitCode };
  }

  it('checks causes against the configured alert policy and writes as KAMKIT_OPERATOR', async () => {
    // The postal policy calls price 资费价格: the airline word 报价 is not one of its causes.
    const refused = await run(['alerts', join(FIXTURES, 'alerts.csv')], { KAMKIT_OPERATOR: USERS.dh.id });
    expect(refused.exitCode).toBe(1);
    expect(refused.err).toContain(
      '第 2 行“原因”列为“报价”，应为预警策略的原因之一：人员变动、资费价格、服务质量',
    );
    expect(await alertAudit()).toEqual([]);

    const path = join(folder, '十月预警.csv');
    await writeFile(path, '预警编号,原因,备注\nfluctuation|A-own|2026-10,资费价格,竞争对手降价\n');
    expect((await run(['alerts', path], {})).err).toContain('KAMKIT_OPERATOR');
    const done = await run(['alerts', path], { KAMKIT_OPERATOR: USERS.dh.id });
    expect(done.exitCode).toBe(0);
    expect(done.out).toContain(
      '已导入预警处理情况（十月预警.csv，UTF-8）：读取 1 行，新增 0，更新 1，已存在跳过 0',
    );
    expect((await alertAudit()).map((entry) => [entry.action, entry.actor])).toEqual([
      ['alert.explain', USERS.dh.id],
    ]);
  });
});

describe('kamkit alerts list --format → edit → kamkit import alerts', () => {
  async function harness(locale: 'zh-CN' | 'en') {
    const { store, command } = await commandHarness(
      [(program, context) => registerAlertWorkCommands(registerAlertsCommand(program, context), context)],
      {
        locale,
        prepare: (seeded) => seeded.saveAlerts([swing('A-own'), swing('A-west')], { actor: 'system' }),
      },
    );
    return { store, command };
  }

  it('reads back the CSV export in Chinese, with only the edited row changed', async () => {
    const { store: served, command } = await harness('zh-CN');
    const exported = await command('alerts', 'list', '--format', 'csv', '--as', USERS.am.id);
    const lines = exported
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('预警编号,客户编号,监测项,月份,级别,预警内容,状态,负责人,原因,备注');
    // The account manager of A-own exports only what they may see.
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual([
      'L-A-own',
      'fluctuation|A-own|2026-10',
    ]);
    expect(lines[2]).toBe(
      'fluctuation|A-own|2026-10,A-own,fluctuation,2026-10,warning,业务量环比下降 42%,待处理,,,',
    );

    const edited = [lines[0], lines[1], `${lines[2]!.slice(0, -1)}报价,"竞争对手降价, 已约面谈"`].join(
      '\r\n',
    );
    const path = join(folder, '十月预警.csv');
    await writeFile(path, `\uFEFF${edited}\r\n`);
    const result = await importFile({
      store: served,
      kind: 'alerts',
      path,
      actor: USERS.am.id,
      alertCauses: DEFAULT_ALERT_CAUSES,
    });
    expect(result).toMatchObject({ rows: 2, updated: 1, skipped: 1, ignoredColumns: ['级别', '预警内容'] });
    expect(await command('alerts', 'list', '--as', USERS.am.id)).toContain(
      'fluctuation|A-own|2026-10 · [已说明原因] · 原因 报价 · 业务量环比下降 42% · — 竞争对手降价, 已约面谈',
    );
    // A note guarded against formulas in the export reads back as it was; the id names the alert
    // even when it is not made of the monitor, account and month beside it.
    await served.saveAlerts(
      [{ ...swing('A-west'), accountId: 'A-own', id: 'L-A-own', note: '-42%，一次性' }],
      {
        actor: 'system',
      },
    );
    // Exported again, the explained alert reads back unchanged.
    const again = await command('alerts', 'list', '--format', 'csv', '--as', USERS.am.id);
    expect(again).toContain(",'-42%，一次性");
    await writeFile(path, again);
    expect(await importFile({ store: served, kind: 'alerts', path, actor: USERS.am.id })).toMatchObject({
      updated: 0,
      skipped: 2,
    });
  });

  it('reads back the JSON Lines export', async () => {
    const { store: served, command } = await harness('en');
    const exported = await command('alerts', 'list', '--format', 'jsonl', '--as', USERS.sa.id);
    const rows = exported
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as StoredAlert);
    expect(rows.map((row) => row.id)).toContain('fluctuation|A-west|2026-10');
    const edited = rows.map((row) =>
      row.id === 'fluctuation|A-west|2026-10'
        ? { ...row, status: 'closed', cause: 'business closed', note: 'firm wound up' }
        : row,
    );
    const path = join(folder, 'alerts.jsonl');
    await writeFile(path, edited.map((row) => JSON.stringify(row)).join('\n'));
    const result = await importFile({ store: served, kind: 'alerts', path, actor: USERS.sa.id });
    expect(result).toMatchObject({ rows: rows.length, updated: 1, skipped: rows.length - 1 });
    expect(await command('alerts', 'list', '--status', 'closed', '--as', USERS.sa.id)).toContain(
      'fluctuation|A-west|2026-10 · [closed] · cause business closed',
    );
  });
});
