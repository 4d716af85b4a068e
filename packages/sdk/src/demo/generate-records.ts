import type { Contract } from '../contracts/contract.js';
import type { Account } from '../domain/account.js';
import type { Complaint } from '../domain/complaint.js';
import type { Transaction } from '../domain/transaction.js';
import type { User } from '../domain/user.js';
import { addDays, addMonths, lastDayOfMonth } from '../time/calendar.js';
import type { UnitPlan } from '../unit-plans/unit-plan.js';
import { createRandom, randomTools } from './random.js';

/** Options for {@link generateDemoRecords}. */
export interface GenerateDemoRecordsOptions {
  /** Last month of data `YYYY-MM`; dates are set around its end (the demo's "today"). */
  asOf: string;
  /** PRNG seed (default 20261123), independent of the portfolio's own sequence. */
  seed?: number;
}

/** The demo's contracts, complaints and one unit's narrative. */
export interface DemoRecords {
  contracts: Contract[];
  complaints: Complaint[];
  unitPlans: UnitPlan[];
}

const COMPLAINTS: readonly {
  type: 'service' | 'product' | 'billing';
  channel: Complaint['channel'];
  summary: string;
}[] = [
  { type: 'service', channel: 'phone', summary: '航班变更未及时通知差旅负责人' },
  { type: 'billing', channel: 'online', summary: '月结账单金额与协议价不符' },
  { type: 'product', channel: 'visit', summary: '批量快件破损，要求赔付' },
  { type: 'service', channel: 'letter', summary: '客户经理三个月未上门回访' },
  { type: 'billing', channel: 'phone', summary: '发票抬头开错，影响报销' },
  { type: 'product', channel: 'online', summary: '团体意外险理赔材料退回两次' },
  { type: 'service', channel: 'phone', summary: '专线电话高峰期无人接听' },
];

/**
 * Generate the demo's contracts, complaints and one unit's narrative,
 * deterministically and on their own PRNG (every other generated figure stays
 * as it was):
 *
 * - a contract for each account that carries the `agreement` flag (so
 *   admission reads the same): regional framework agreements for the group's
 *   subsidiaries, national or regional service and supply contracts for the
 *   others, with amounts committed from the account's annual revenue and
 *   fulfilment so far; a few end within weeks of `asOf` (in their renewal
 *   notice period), one manual contract ran out a fortnight before and was
 *   not renewed;
 * - seven complaints of three types on the largest accounts: answered on
 *   time, answered late, open, two overdue — one of them escalated to the
 *   department manager with the division head's instruction (批示) recorded;
 * - the first division's narrative of `asOf` (what went well, next month's
 *   plan), written by its head; the other divisions have not written theirs.
 *
 * @example
 * ```ts
 * const portfolio = generatePortfolio({ asOf: '2026-10' });
 * const { contracts, complaints } = generateDemoRecords(portfolio.accounts, portfolio.users, portfolio.transactions, { asOf: '2026-10' });
 * ```
 */
export function generateDemoRecords(
  accounts: readonly Account[],
  users: readonly User[],
  transactions: readonly Transaction[],
  options: GenerateDemoRecordsOptions,
): DemoRecords {
  const { asOf } = options;
  const { int, pick, chance, random } = randomTools(createRandom((options.seed ?? 20_261_123) ^ 0x5eed));
  const today = lastDayOfMonth(asOf);
  const yearStart = addMonths(asOf, -11);
  const annual = new Map<string, number>();
  for (const transaction of transactions)
    if (transaction.date.slice(0, 7) >= yearStart && transaction.date.slice(0, 7) <= asOf)
      annual.set(transaction.accountId, (annual.get(transaction.accountId) ?? 0) + transaction.amountFen);

  const contracts: Contract[] = [];
  const bound = accounts.filter((account) => account.flags.includes('agreement'));
  bound.forEach((account, index) => {
    const subsidiary = account.parentId !== null;
    const yearly = annual.get(account.id) ?? 0;
    const national = !subsidiary && (account.type === 'soe' || account.type === 'fortune500') && chance(0.6);
    // Most run a year or two from a start in the last year; one in fifteen ends within weeks.
    const expiring = index % 15 === 3;
    const start = expiring
      ? `${addMonths(asOf, -int(11, 23))}-01`
      : `${addMonths(asOf, -int(1, 11))}-${String(int(1, 28)).padStart(2, '0')}`;
    const end = expiring
      ? addDays(today, int(10, 60))
      : addDays(`${addMonths(start.slice(0, 7), 12 * int(1, 2))}-01`, -1);
    const elapsed = Math.min(
      1,
      (Date.parse(today) - Date.parse(start)) / (Date.parse(end) - Date.parse(start)),
    );
    const committed = Math.round((yearly * (0.8 + random() * 0.4)) / 100_00) * 100_00;
    contracts.push({
      id: `CT-${account.id.replace(/^acc-/, '')}`,
      accountId: account.id,
      title: subsidiary
        ? `${account.shortName ?? account.name}差旅协议`
        : `${account.shortName ?? account.name}${national ? '全国' : '区域'}服务合同`,
      parties: [account.name, subsidiary ? '我方区域公司' : '我方'],
      type: subsidiary ? 'framework' : pick(['service', 'service', 'supply'] as const),
      scope: national ? 'national' : 'regional',
      startDate: start,
      endDate: end,
      renewal: expiring || chance(0.6) ? 'manual' : 'auto',
      noticeDays: expiring ? 60 : pick([30, 30, 60, 90]),
      ...(committed > 0
        ? {
            committedFen: committed,
            actualFen: Math.round(committed * elapsed * (0.7 + random() * 0.45)),
          }
        : {}),
      status: 'active',
    });
  });
  // One manual contract ran out a fortnight before the demo's day and was not renewed.
  const lapsed = contracts.find((_contract, index) => index % 15 === 5);
  if (lapsed) {
    lapsed.renewal = 'manual';
    lapsed.startDate = addDays(today, -380);
    lapsed.endDate = addDays(today, -15);
  }

  const byRevenue = [...accounts]
    .filter((account) => account.ownerA !== null && (annual.get(account.id) ?? 0) > 0)
    .sort(
      (left, right) =>
        (annual.get(right.id) ?? 0) - (annual.get(left.id) ?? 0) || (left.id < right.id ? -1 : 1),
    );
  const heads = new Map(
    users.filter((user) => user.role === 'division-head').map((user) => [user.division, user.id] as const),
  );
  const at = (date: string, hour: number) => `${date}T${String(hour).padStart(2, '0')}:30:00+08:00`;
  const complaints: Complaint[] = COMPLAINTS.map((spec, index) => {
    const account = byRevenue[index * 3]!;
    const owner = account.ownerA!;
    const base: Complaint = {
      id: `Q-${asOf.replace('-', '')}-${String(index + 1).padStart(2, '0')}`,
      accountId: account.id,
      channel: spec.channel,
      type: spec.type,
      summary: spec.summary,
      receivedAt: at(today, 10),
    };
    const received = (daysBefore: number) => addDays(today, -daysBefore);
    switch (index) {
      case 0: {
        // Answered on time and followed up.
        const day = received(40);
        return {
          ...base,
          receivedAt: at(day, 9),
          assignedTo: owner,
          assignedAt: at(day, 11),
          causeAnalysis: '航变信息只推送给了旅客本人',
          measures: '航变通知同步抄送差旅负责人',
          analysedAt: at(addDays(day, 1), 15),
          resolvedAt: at(addDays(day, 2), 16),
          followedUpAt: at(addDays(day, 9), 10),
        };
      }
      case 1: {
        // Answered, but after the five days of a billing complaint.
        const day = received(28);
        return {
          ...base,
          receivedAt: at(day, 14),
          assignedTo: owner,
          assignedAt: at(addDays(day, 1), 9),
          causeAnalysis: '协议价未同步到结算系统',
          measures: '补录协议价并重开账单',
          analysedAt: at(addDays(day, 5), 17),
          resolvedAt: at(addDays(day, 8), 11),
        };
      }
      case 2: {
        // Overdue, escalated to the department manager, with the head's instruction.
        const day = received(16);
        const head = heads.get(account.division) ?? owner;
        return {
          ...base,
          receivedAt: at(day, 10),
          assignedTo: owner,
          assignedAt: at(day, 15),
          log: [
            {
              at: at(addDays(day, 4), 9),
              actor: owner,
              kind: 'escalation',
              to: '部门经理',
              text: '客户要求按件赔付，超出本人权限',
            },
            {
              at: at(addDays(day, 5), 10),
              actor: head,
              kind: 'instruction',
              text: '三日内上门致歉，赔付方案报事业部审批',
            },
          ],
        };
      }
      case 3:
        // Overdue, not yet escalated.
        return {
          ...base,
          receivedAt: at(received(11), 16),
          assignedTo: owner,
          assignedAt: at(received(10), 9),
        };
      case 4:
        // Open, within its five days.
        return { ...base, receivedAt: at(received(1), 11) };
      case 5:
        // Open, assigned.
        return {
          ...base,
          receivedAt: at(received(2), 9),
          assignedTo: owner,
          assignedAt: at(received(2), 14),
        };
      default:
        // Answered on time.
        return {
          ...base,
          receivedAt: at(received(20), 10),
          assignedTo: owner,
          assignedAt: at(received(20), 11),
          causeAnalysis: '高峰期坐席不足',
          measures: '大客户专线增设两个坐席',
          analysedAt: at(received(18), 16),
          resolvedAt: at(received(17), 10),
        };
    }
  });

  const division = [...new Set(accounts.map((account) => account.division))].sort()[0];
  const head = division === undefined ? undefined : heads.get(division);
  const unitPlans: UnitPlan[] =
    division === undefined || head === undefined
      ? []
      : [
          {
            id: `${division}|${asOf}`,
            division,
            period: asOf,
            wentWell:
              '华能源集团各分公司差旅协议按期续签，重点客户走访全覆盖；波动客户均已在 25 日前说明原因。',
            nextPlan: '跟进两份即将到期的合同续签；对逾期投诉上门致歉并落实赔付；走访全部白金客户。',
            updatedBy: head,
            updatedAt: `${addDays(today, -4)}T09:00:00.000Z`,
          },
        ];
  return { contracts, complaints, unitPlans };
}
