import type { Contract } from '../contracts/contract.js';
import type { Account } from '../domain/account.js';
import type { Complaint } from '../domain/complaint.js';
import type { Contact } from '../domain/contact.js';
import type { Interaction } from '../domain/interaction.js';
import type { Payment } from '../domain/payment.js';
import type { Transaction } from '../domain/transaction.js';
import type { User } from '../domain/user.js';
import { addDays, addMonths, lastDayOfMonth } from '../time/calendar.js';
import type { UnitPlan } from '../unit-plans/unit-plan.js';
import { generateContactHistory } from './generate-contact-history.js';
import { generatePayments } from './generate-payments.js';
import { generateDemoRecords } from './generate-records.js';
import { createRandom, randomTools } from './random.js';

/** A generated demo portfolio: staff, accounts, contacts, two years of purchases, payments and a year of contact history. */
export interface DemoPortfolio {
  /** The last complete month of data, `YYYY-MM`. */
  asOf: string;
  users: User[];
  accounts: Account[];
  contacts: Contact[];
  transactions: Transaction[];
  /** Payments (回款) settling the billed revenue, most within 0–3 months (see {@link generatePayments}). */
  payments: Payment[];
  /** Contact history of the last twelve months, following the service cadence (see {@link generateContactHistory}). */
  interactions: Interaction[];
  /** Contracts of the accounts with a signed agreement, a few in their renewal notice period (see `generateDemoRecords`). */
  contracts: Contract[];
  /** A handful of complaints of several types: answered, open, overdue, one escalated with a manager's instruction. */
  complaints: Complaint[];
  /** One division's narrative of the last month (what went well, next month's plan). */
  unitPlans: UnitPlan[];
}

/** Options for {@link generatePortfolio}. */
export interface GeneratePortfolioOptions {
  /** Last month of data (default `2026-10`). */
  asOf?: string;
  /** Number of standalone accounts besides the group and its subsidiaries (default 300). */
  accounts?: number;
  /** Months of history (default 24). */
  months?: number;
  /** PRNG seed (default 20261123). */
  seed?: number;
}

const INDUSTRIES = [
  {
    industry: '航空差旅',
    categories: ['PEK-SHA', 'PEK-CAN', 'SHA-SZX', 'PEK-CTU', 'CAN-CKG', 'SHA-XMN', 'PEK-HGH'],
    unit: 'km',
  },
  { industry: '邮政寄递', categories: ['标准快递', '国际包裹', '函件', '电商专递'], unit: '件' },
  { industry: '电力', categories: ['大工业用电', '一般工商业用电'], unit: 'kWh' },
  { industry: '保险', categories: ['车险', '非车险', '团体意外险'], unit: '单' },
  { industry: '零售', categories: ['办公用品', '礼品', '劳保用品', '食品'], unit: '件' },
] as const;
const DIVISIONS = ['华北事业部', '华东事业部', '华南事业部'] as const;
const REGIONS: Record<(typeof DIVISIONS)[number], string[]> = {
  华北事业部: ['北京', '天津', '河北', '山西'],
  华东事业部: ['上海', '江苏', '浙江', '山东'],
  华南事业部: ['广东', '福建', '广西', '海南'],
};
const NAME_HEADS = [
  '华',
  '中',
  '东',
  '新',
  '远',
  '恒',
  '鼎',
  '泰',
  '兴',
  '安',
  '嘉',
  '瑞',
  '宏',
  '金',
  '海',
  '天',
];
const NAME_TAILS = [
  '科技',
  '实业',
  '能源',
  '制造',
  '物流',
  '医药',
  '建设',
  '电子',
  '食品',
  '纺织',
  '化工',
  '传媒',
];
const FORMS = ['有限公司', '股份有限公司', '集团有限公司'];
const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
  '霞',
];
/**
 * Standing and potential (1–5) of every account; for power-sector accounts
 * also the contracted capacity the power admission reads and an
 * attractiveness score (0–100) for the KA matrix, derived from the two.
 */
function powerSectorAttributes(
  tools: ReturnType<typeof randomTools>,
  powerSector: boolean,
): Record<string, number> {
  const industryStanding = tools.pick([1, 2, 3, 3, 4, 5]);
  const potential = tools.pick([1, 2, 3, 4, 5]);
  if (!powerSector) return { industryStanding, potential };
  return {
    industryStanding,
    potential,
    contractedCapacityKva: tools.pick([630, 1_250, 2_000, 3_150, 8_000]),
    attractiveness: (industryStanding + potential) * 10,
  };
}

const MONTHLY_SEASON = [1.3, 0.75, 1.05, 1.0, 0.95, 1.05, 1.0, 1.05, 1.0, 1.05, 1.0, 1.2];

/**
 * Generate a realistic, deterministic demo portfolio: a few hundred accounts
 * across the seeds' industries in three divisions, one state-owned group with
 * a dozen regional subsidiaries (a potential national account), 24 months of
 * seasonal purchases with some declining, some volatile and some one-off
 * accounts, payments settling the bills after a lag of 0–3 months (some
 * accounts paying late and short), contacts with roles and relationship
 * stages, and a year of contact history that follows the default service
 * cadence: most accounts served on time, a handful whose owner let things
 * slide days to a few months late (see {@link generateContactHistory}).
 *
 * @example
 * ```ts
 * const portfolio = generatePortfolio({ asOf: '2026-10' });
 * portfolio.accounts.length; // 313
 * ```
 */
export function generatePortfolio(options: GeneratePortfolioOptions = {}): DemoPortfolio {
  const asOf = options.asOf ?? '2026-10';
  const months = options.months ?? 24;
  const count = options.accounts ?? 300;
  const tools = randomTools(createRandom(options.seed ?? 20_261_123));
  const { int, pick, chance, skewed } = tools;
  const personName = () => `${pick(SURNAMES)}${pick(GIVEN)}${chance(0.5) ? pick(GIVEN) : ''}`;

  const users: User[] = [
    user('u-ceo', '总部 周总', 'group-management', null, 'ceo@kamkit.example'),
    user('u-sysadmin', '系统管理员', 'system-admin', null, 'admin@kamkit.example'),
  ];
  const managersByDivision = new Map<string, User[]>();
  DIVISIONS.forEach((division, divisionIndex) => {
    const head = user(
      `u-head-${divisionIndex + 1}`,
      `${division}负责人 ${personName()}`,
      'division-head',
      division,
    );
    const admin = user(`u-dadmin-${divisionIndex + 1}`, `${division}管理员`, 'division-admin', division);
    users.push(head, admin);
    const managers: User[] = [];
    for (let index = 1; index <= 4; index++) {
      const manager = user(`u-am-${divisionIndex + 1}${index}`, personName(), 'account-manager', division);
      manager.supervisorId = head.id;
      managers.push(manager);
      users.push(manager);
    }
    managersByDivision.set(division, managers);
  });

  const accounts: Account[] = [];
  const profiles = new Map<string, Profile>();
  const usedNames = new Set<string>();
  const companyName = () => {
    for (;;) {
      const short = `${pick(NAME_HEADS)}${pick(NAME_HEADS)}${pick(NAME_TAILS)}`;
      if (!usedNames.has(short)) {
        usedNames.add(short);
        return short;
      }
    }
  };

  // One state-owned group without a national agreement, with a dozen regional subsidiaries.
  const group: Account = account({
    id: 'acc-group',
    name: '中国华能源控股集团有限公司',
    shortName: '华能源集团',
    aliases: ['华能源'],
    type: 'soe',
    industry: '航空差旅',
    region: '北京',
    division: DIVISIONS[0],
    flags: ['potential-national'],
    ownerA: managersByDivision.get(DIVISIONS[0])![0]!.id,
    ownerB: managersByDivision.get(DIVISIONS[0])![1]!.id,
    attributes: { headcount: 42_000 },
  });
  accounts.push(group);
  const provinces = [
    '北京',
    '上海',
    '广东',
    '江苏',
    '浙江',
    '山东',
    '四川',
    '湖北',
    '河南',
    '福建',
    '陕西',
    '辽宁',
  ];
  provinces.forEach((province, index) => {
    const division = DIVISIONS[index % 3]!;
    const managers = managersByDivision.get(division)!;
    const subsidiary = account({
      id: `acc-group-${String(index + 1).padStart(2, '0')}`,
      name: `华能源${province}分公司`,
      shortName: `华能源${province}`,
      parentId: group.id,
      type: 'soe',
      industry: '航空差旅',
      region: province,
      division,
      flags: ['agreement'],
      ownerA: managers[index % 4]!.id,
      ownerB: managers[(index + 1) % 4]!.id,
      attributes: { headcount: int(800, 4_000) },
    });
    accounts.push(subsidiary);
    profiles.set(subsidiary.id, {
      median: skewed(120_000, 0.4),
      trend: 0.01,
      volatility: 0.12,
      industry: 0,
      startMonth: 0,
    });
  });

  for (let index = 0; index < count; index++) {
    const division = DIVISIONS[index % 3]!;
    const managers = managersByDivision.get(division)!;
    const industryIndex = index % INDUSTRIES.length;
    const short = companyName();
    const big = chance(0.12);
    const flags: string[] = [];
    if (chance(0.25)) flags.push('agreement');
    if (big && chance(0.5)) flags.push('VIP');
    const oneOff = !big && chance(0.04);
    if (oneOff) flags.push('one-off');
    const ownerA = managers[int(0, 3)]!;
    let ownerB = managers[int(0, 3)]!;
    if (ownerB.id === ownerA.id) ownerB = managers[(managers.indexOf(ownerA) + 1) % 4]!;
    const created = account({
      id: `acc-${String(index + 1).padStart(4, '0')}`,
      name: `${REGIONS[division][index % 4]}${short}${pick(FORMS)}`,
      shortName: short,
      type: pick([
        'private',
        'private',
        'private',
        'soe',
        'multinational',
        'fortune500',
        'government',
      ] as const),
      industry: INDUSTRIES[industryIndex]!.industry,
      region: REGIONS[division][index % 4]!,
      division,
      flags,
      ownerA: ownerA.id,
      ownerB: big || chance(0.5) ? ownerB.id : null,
      attributes: {
        headcount: int(50, big ? 20_000 : 3_000),
        creditScore: int(big ? 70 : 50, 98),
        ...powerSectorAttributes(tools, industryIndex === 2),
      },
    });
    accounts.push(created);
    const kind = chance(0.1) ? 'declining' : chance(0.08) ? 'volatile' : chance(0.15) ? 'growing' : 'steady';
    profiles.set(created.id, {
      median: skewed(big ? 180_000 : 14_000, 0.9),
      trend: kind === 'declining' ? -0.09 : kind === 'growing' ? 0.03 : 0.002,
      volatility: kind === 'volatile' ? 0.55 : 0.1,
      industry: industryIndex,
      startMonth: oneOff ? months - int(2, 6) : chance(0.08) ? int(3, 18) : 0,
      oneOff,
      dormantFrom: kind !== 'declining' && chance(0.03) ? months - int(7, 9) : undefined,
    });
  }

  const transactions: Transaction[] = [];
  const firstMonth = addMonths(asOf, -(months - 1));
  let transactionNumber = 0;
  for (const [accountId, profile] of profiles) {
    const industry = INDUSTRIES[profile.industry]!;
    const favourite = industry.categories.slice(0, Math.max(1, int(1, industry.categories.length)));
    for (let monthOffset = profile.startMonth; monthOffset < months; monthOffset++) {
      if (profile.dormantFrom !== undefined && monthOffset >= profile.dormantFrom) break;
      if (profile.oneOff && monthOffset > profile.startMonth) break;
      const month = addMonths(firstMonth, monthOffset);
      const season = MONTHLY_SEASON[Number(month.slice(5, 7)) - 1]!;
      const growth = Math.exp(profile.trend * (monthOffset - months + 12));
      const noise = Math.exp((tools.random() - 0.5) * 2 * profile.volatility);
      const monthTotalYuan = profile.median * season * growth * noise;
      const purchases = Math.max(1, Math.min(12, Math.round(skewed(3, 0.5))));
      const lastDay = Number(lastDayOfMonth(month).slice(8));
      for (let purchase = 0; purchase < purchases; purchase++) {
        const amountFen = Math.max(
          100,
          Math.round((monthTotalYuan / purchases) * 100 * (0.85 + tools.random() * 0.3)),
        );
        const category = chance(0.85) ? pick(favourite) : pick(industry.categories);
        const fenPerUnit =
          industry.unit === 'km' ? int(60, 120) : industry.unit === 'kWh' ? int(55, 85) : int(800, 6_000);
        const units = Math.max(1, Math.round(amountFen / fenPerUnit));
        const transaction: Transaction = {
          id: `tx-${String(++transactionNumber).padStart(7, '0')}`,
          accountId,
          date: `${month}-${String(int(1, lastDay)).padStart(2, '0')}`,
          amountFen,
          category,
          units,
          unit: industry.unit,
          costFen: Math.round(amountFen * (0.62 + tools.random() * 0.25)),
        };
        if (industry.unit === 'km')
          transaction.marketTotalFen = Math.round(amountFen / (0.15 + tools.random() * 0.8));
        transactions.push(transaction);
      }
    }
  }

  const contacts: Contact[] = [];
  for (const created of accounts) {
    const people = int(1, 4);
    for (let person = 0; person < people; person++) {
      contacts.push({
        id: `${created.id}-c${person + 1}`,
        accountId: created.id,
        name: personName(),
        title: pick(['总经理', '行政总监', '采购经理', '办公室主任', '财务经理', '差旅主管']),
        role: person === 0 ? 'decision-maker' : pick(['key-person', 'insider', 'guide', 'other'] as const),
        level: person === 0 ? 'executive' : pick(['middle', 'operational'] as const),
        stage: pick(['acquaintance', 'interest', 'trust', 'trust', 'alliance'] as const),
        attributes: {},
      });
    }
    if (created.ownerA) skipFormerContactHistoryDraws(tools, profiles.get(created.id)?.median ?? 100_000);
  }
  withKeyDates(accounts, contacts, lastDayOfMonth(asOf), (id) => profiles.get(id)?.median ?? 0);
  // The contact history draws on its own PRNG and follows the service cadence (see generateContactHistory).
  const { interactions } = generateContactHistory(accounts, { asOf, seed: options.seed ?? 20_261_123 });
  // Payments draw on their own PRNG, so every figure above is the same with or without them.
  const { payments } = generatePayments(transactions, { asOf, seed: options.seed ?? 20_261_123 });
  // Contracts, complaints and a unit's narrative too.
  const records = generateDemoRecords(accounts, users, transactions, {
    asOf,
    seed: options.seed ?? 20_261_123,
  });
  return { asOf, users, accounts, contacts, transactions, payments, interactions, ...records };
}

/**
 * Key dates around the run day (the last day of `asOf`), without a draw from
 * the PRNG so every other figure stays as it was: the four owned top-level
 * accounts with the largest monthly purchases get a founding day and a milestone, the decision makers of the
 * first three a birthday (one of them on 29 February), so the demo's due
 * list congratulates someone.
 */
function withKeyDates(
  accounts: Account[],
  contacts: Contact[],
  runDay: string,
  size: (accountId: string) => number,
): void {
  const year = Number(runDay.slice(0, 4));
  const monthDay = (days: number) => addDays(runDay, days).slice(5);
  const owned = accounts
    .filter((account) => account.ownerA !== null && account.parentId === null)
    .sort((a, b) => size(b.id) - size(a.id) || a.id.localeCompare(b.id))
    .slice(0, 4);
  owned.forEach((account, index) => {
    account.keyDates = [
      { kind: 'founding', date: `${year - 8 - index * 5}-${monthDay(2 + index)}` },
      ...(index === 0
        ? [{ kind: 'milestone' as const, date: addDays(runDay, 5), label: '新仓库项目开工', once: true }]
        : []),
    ];
  });
  owned.slice(0, 3).forEach((account, index) => {
    const decisionMaker = contacts.find((contact) => contact.accountId === account.id);
    if (decisionMaker === undefined) return;
    decisionMaker.birthday = index === 2 ? '1972-02-29' : `${1965 + index * 7}-${monthDay(index + 1)}`;
  });
}

/**
 * The draws the contact history used to take from the portfolio's sequence,
 * between one account's contacts and the next's. The history now has its own
 * PRNG; these draws are still taken, and discarded, so that every contact
 * stays exactly as it was generated before.
 */
function skipFormerContactHistoryDraws(tools: ReturnType<typeof randomTools>, size: number): void {
  const { int, pick, chance } = tools;
  const diligent = chance(0.85);
  const touches = Math.round((size > 60_000 ? int(16, 30) : int(4, 14)) * (diligent ? 1 : 0.3));
  for (let touch = 0; touch < touches; touch++) {
    int(0, 400);
    const kind = pick(['call', 'call', 'call', 'visit', 'visit', 'visit', 'email', 'profile-update']);
    chance(0.8);
    if (kind === 'visit' && chance(0.25) && size > 60_000) chance(0.5);
  }
}

interface Profile {
  median: number;
  trend: number;
  volatility: number;
  industry: number;
  startMonth: number;
  oneOff?: boolean;
  dormantFrom?: number | undefined;
}

function user(id: string, name: string, role: User['role'], division: string | null, email?: string): User {
  return {
    id,
    name,
    role,
    division,
    supervisorId: null,
    status: 'active',
    locale: 'zh-CN',
    email: email ?? `${id}@kamkit.example`,
  };
}

function account(fields: Partial<Account> & Pick<Account, 'id' | 'name' | 'division'>): Account {
  return {
    aliases: [],
    parentId: null,
    type: 'private',
    flags: [],
    ownerA: null,
    ownerB: null,
    attributes: {},
    ...fields,
  };
}
