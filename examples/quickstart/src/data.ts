import type { AccountInput, Interaction, Transaction, UserInput } from '@kamkit/sdk';

/** Two account managers of the East China division. */
export const USERS: UserInput[] = [
  { id: 'u-li', name: '李娜', role: 'account-manager', division: '华东事业部' },
  { id: 'u-wang', name: '王强', role: 'account-manager', division: '华东事业部' },
];

/** Five customers; monthly spend in fen for the 24 months up to the as-of month. */
export const ACCOUNTS: { account: AccountInput; monthlyFen: (monthsAgo: number) => number }[] = [
  {
    // ¥95,000 a month: ¥1,140,000 over twelve months → Platinum (¥1M–5M).
    account: {
      id: 'acme',
      name: '上海华远科技有限公司',
      shortName: '华远科技',
      division: '华东事业部',
      ownerA: 'u-li',
      ownerB: 'u-wang',
    },
    monthlyFen: () => 9_500_000,
  },
  {
    // ¥100,000 a month, then ¥60,000 in the as-of month: still Platinum, but a 40 % drop.
    account: {
      id: 'hengtong',
      name: '杭州恒通物流有限公司',
      shortName: '恒通物流',
      division: '华东事业部',
      ownerA: 'u-wang',
      ownerB: 'u-li',
    },
    monthlyFen: (monthsAgo) => (monthsAgo === 0 ? 6_000_000 : 10_000_000),
  },
  {
    // ¥60,000 a month: ¥720,000 a year → Gold (¥500k–1M).
    account: {
      id: 'antai',
      name: '苏州安泰纺织有限公司',
      shortName: '安泰纺织',
      division: '华东事业部',
      ownerA: 'u-li',
    },
    monthlyFen: () => 6_000_000,
  },
  {
    // ¥8,000 a month: ¥96,000 a year → VIP (¥10k–500k).
    account: {
      id: 'mingde',
      name: '南京明德教育集团',
      shortName: '明德教育',
      division: '华东事业部',
      ownerA: 'u-wang',
    },
    monthlyFen: () => 800_000,
  },
  {
    // ¥500 a month: ¥6,000 a year, under the VIP floor of ¥10,000 → not a key account.
    account: {
      id: 'xinrui',
      name: '宁波新锐文创工作室',
      shortName: '新锐文创',
      division: '华东事业部',
      ownerA: 'u-li',
    },
    monthlyFen: () => 50_000,
  },
];

/** Contact history: last year's leadership visits, and this month's visits and calls. */
export const INTERACTIONS: Interaction[] = [
  {
    id: 'i0-acme',
    accountId: 'acme',
    kind: 'visit',
    at: '2025-06-18T02:00:00Z',
    userId: 'u-li',
    actorLevel: 'executive',
  },
  {
    id: 'i0-hengtong',
    accountId: 'hengtong',
    kind: 'visit',
    at: '2025-09-03T02:00:00Z',
    userId: 'u-wang',
    actorLevel: 'executive',
  },
  {
    id: 'i0-antai',
    accountId: 'antai',
    kind: 'meeting',
    at: '2025-11-20T06:00:00Z',
    userId: 'u-li',
    actorLevel: 'supervisor',
  },
  {
    id: 'i0-mingde',
    accountId: 'mingde',
    kind: 'visit',
    at: '2025-05-09T02:00:00Z',
    userId: 'u-wang',
    actorLevel: 'supervisor',
  },
  {
    id: 'i1',
    accountId: 'acme',
    kind: 'visit',
    at: '2026-10-12T02:00:00Z',
    userId: 'u-li',
    actorLevel: 'specialist',
  },
  {
    id: 'i2',
    accountId: 'acme',
    kind: 'call',
    at: '2026-10-26T06:00:00Z',
    userId: 'u-li',
    actorLevel: 'specialist',
  },
  {
    id: 'i3',
    accountId: 'antai',
    kind: 'visit',
    at: '2026-10-08T03:00:00Z',
    userId: 'u-li',
    actorLevel: 'specialist',
  },
  {
    id: 'i4',
    accountId: 'mingde',
    kind: 'profile-update',
    at: '2026-10-20T03:00:00Z',
    userId: 'u-wang',
    actorLevel: 'specialist',
  },
];

/** Twenty-four months of transactions up to `asOf` (`YYYY-MM`), one per account and month. */
export function transactionsUpTo(asOf: string): Transaction[] {
  const [year, month] = asOf.split('-').map(Number) as [number, number];
  const rows: Transaction[] = [];
  for (let monthsAgo = 23; monthsAgo >= 0; monthsAgo -= 1) {
    const index = year * 12 + (month - 1) - monthsAgo;
    const date = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-15`;
    for (const { account, monthlyFen } of ACCOUNTS) {
      rows.push({
        id: `${account.id}-${date}`,
        accountId: account.id,
        date,
        amountFen: monthlyFen(monthsAgo),
        category: '标准快递',
      });
    }
  }
  return rows;
}
