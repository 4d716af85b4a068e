import { describe, expect, it } from 'vitest';
import { AT, seedPortfolio, USERS } from '../access/__fixtures__/portfolio.js';
import { scopeStore } from '../access/scoped-store.js';
import { isKamError, type KamError } from '../errors/kam-error.js';
import { buildPortfolioAnalysis, withUnitPlans } from '../reports/data/portfolio-analysis.js';
import { loadReportSource } from '../reports/data/source.js';
import { renderReport } from '../reports/render/render-report.js';
import { createMemoryStore } from '../store/memory-store.js';
import { type UnitPlan, unitPlanReminders, unitPlanSection } from './unit-plan.js';

async function refusal(promise: Promise<unknown>): Promise<KamError> {
  try {
    await promise;
  } catch (error) {
    if (isKamError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to be refused');
}

async function portfolio() {
  const store = createMemoryStore({ clock: () => new Date(AT) });
  await seedPortfolio(store);
  return store;
}

const plan = (division: string, period: string, texts: Partial<UnitPlan>): UnitPlan => ({
  id: `${division}|${period}`,
  division,
  period,
  updatedBy: 'u-dh',
  updatedAt: AT,
  ...texts,
});

describe('a unit writes its monthly narrative through the scoped store', () => {
  it('an account manager writes their division’s, in two goes; the audit names them', async () => {
    const store = await portfolio();
    const li = scopeStore(store, USERS.am.id, { now: () => new Date('2026-11-20T02:00:00Z') });
    await li.putUnitPlan({ division: 'east', period: '2026-10', wentWell: '东航协议提前续签' });
    const written = await li.putUnitPlan({
      division: 'east',
      period: '2026-10',
      nextPlan: '走访全部白金客户',
    });
    expect(written).toMatchObject({
      id: 'east|2026-10',
      wentWell: '东航协议提前续签',
      nextPlan: '走访全部白金客户',
      updatedBy: USERS.am.id,
      updatedAt: '2026-11-20T02:00:00.000Z',
    });
    expect(await scopeStore(store, USERS.dh.id).getUnitPlan('east', '2026-10')).toEqual(written);
    const audit = await scopeStore(store, USERS.da.id).listAudit({ entity: 'unit-plan' });
    expect(audit.filter((entry) => entry.entityId === 'east|2026-10').map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['unit-plan.create', 'unit-plan.update']),
    );
    expect(audit.every((entry) => entry.entityId.startsWith('east|'))).toBe(true);
  });

  it('a foreign division looks missing, on reads and writes; HQ reads but may not write', async () => {
    const store = await portfolio();
    const west = scopeStore(store, USERS.dhw.id);
    const foreign = await refusal(west.getUnitPlan('east', '2026-09'));
    const missing = await refusal(west.getUnitPlan('nowhere', '2026-09'));
    expect(foreign.code).toBe('NOT_FOUND');
    expect(foreign.message.replace('east', '?')).toBe(missing.message.replace('nowhere', '?'));
    expect((await west.listUnitPlans()).map((row) => row.division)).toEqual(['west']);
    const write = await refusal(west.putUnitPlan({ division: 'east', period: '2026-10', wentWell: '抢功' }));
    const writeMissing = await refusal(
      west.putUnitPlan({ division: 'nowhere', period: '2026-10', wentWell: '抢功' }),
    );
    expect(write.code).toBe('NOT_FOUND');
    expect(write.message.replace('east', '?')).toBe(writeMissing.message.replace('nowhere', '?'));
    const hq = scopeStore(store, USERS.gm.id);
    expect((await hq.listUnitPlans()).map((row) => row.division).sort()).toEqual(['east', 'west']);
    expect(
      (await refusal(hq.putUnitPlan({ division: 'east', period: '2026-10', wentWell: '好' }))).code,
    ).toBe('FORBIDDEN');
    expect(await store.listUnitPlans({ periods: ['2026-10'] })).toEqual([]);
  });

  it('refuses a narrative without text or with a bad month, naming the field', async () => {
    const store = await portfolio();
    const head = scopeStore(store, USERS.dh.id);
    expect(await refusal(head.putUnitPlan({ division: 'east', period: '2026-10' }))).toMatchObject({
      code: 'INVALID_INPUT',
      path: 'wentWell',
    });
    expect(
      await refusal(head.putUnitPlan({ division: 'east', period: '2026-13', wentWell: '好' })),
    ).toMatchObject({ code: 'INVALID_INPUT', path: 'period' });
  });
});

describe('the monthly report’s narrative sections', () => {
  it('lists what went well and next month’s plan per division, and says where a unit has not written', async () => {
    const store = await portfolio();
    await store.putUnitPlan(plan('west', '2026-09', { wentWell: '邮政协议续签', nextPlan: undefined }), {
      actor: 'u-dhw',
    });
    const source = await loadReportSource({ store, asOf: '2026-09' });
    const analysis = buildPortfolioAnalysis(source);
    expect(analysis.unitPlans?.units.map((unit) => [unit.division, unit.wentWell, unit.nextPlan])).toEqual([
      ['east', '重点客户走访全覆盖', '跟进航司协议续签'],
      ['west', '邮政协议续签', null],
    ]);
    const zh = renderReport(
      withUnitPlans(analysis, ['east', 'west'], [plan('east', '2026-09', { nextPlan: '走访' })]),
      { locale: 'zh-CN', format: 'md' },
    );
    if (zh.format !== 'md') throw new Error('md');
    expect(zh.text).toContain('## 做得好的\n- east: 本单位尚未填写\n- west: 本单位尚未填写');
    expect(zh.text).toContain('## 下月工作计划\n- east: 走访\n- west: 本单位尚未填写');
    const html = renderReport(withUnitPlans(analysis, ['east'], []), { locale: 'en', format: 'html' });
    if (html.format !== 'html') throw new Error('html');
    expect(html.html).toContain('What went well');
    expect(html.html).toContain('not yet written by the unit');
  });

  it('keeps only the month’s narratives and each division once', () => {
    const section = unitPlanSection(
      '2026-10',
      ['b', 'a', 'b'],
      [plan('a', '2026-09', { wentWell: '旧' }), plan('b', '2026-10', { nextPlan: '新' })],
    );
    expect(section.units).toEqual([
      { division: 'a', wentWell: null, nextPlan: null, updatedBy: null, updatedAt: null },
      { division: 'b', wentWell: null, nextPlan: '新', updatedBy: 'u-dh', updatedAt: AT },
    ]);
  });
});

describe('unitPlanReminders', () => {
  const deadlines = { unitDay: 28, divisionDay: 5, remindDaysBefore: 3 };
  const plans = [
    plan('east', '2026-10', { wentWell: '好' }),
    plan('west', '2026-10', { wentWell: '好', nextPlan: '计划' }),
  ];

  it('reminds units without a full narrative from three days before the 28th, then as overdue', () => {
    expect(unitPlanReminders(plans, ['east', 'west', 'north'], deadlines, '2026-11-24')).toEqual([]);
    const due = unitPlanReminders(plans, ['east', 'west', 'north'], deadlines, '2026-11-25');
    expect(
      due.map((reminder) => [reminder.division, reminder.missing, reminder.status, reminder.dueDate]),
    ).toEqual([
      ['east', ['nextPlan'], 'due', '2026-11-28'],
      ['north', ['wentWell', 'nextPlan'], 'due', '2026-11-28'],
    ]);
    expect(due[0]?.message['zh-CN']).toBe('east 2026-10 的下月工作计划尚未填写，请于 2026-11-28 前填写');
    const late = unitPlanReminders(plans, ['east'], deadlines, '2026-12-03');
    expect(late.map((reminder) => [reminder.period, reminder.deadline, reminder.status])).toEqual([
      ['2026-10', 'division', 'overdue'],
    ]);
    expect(late[0]?.message.en).toBe(
      'east has not written its next month’s plan for 2026-10; overdue, wanted by 2026-12-05 for the division roll-up',
    );
    // Once the division roll-up is due, the month is closed.
    expect(unitPlanReminders(plans, ['east'], deadlines, '2026-12-06')).toEqual([]);
  });
});
