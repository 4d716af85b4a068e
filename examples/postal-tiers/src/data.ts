import type { AccountInput, Interaction, Transaction, UserInput } from '@kamkit/sdk';

/** The Suzhou branch: two account managers and their unit head. */
export const USERS: UserInput[] = [
  { id: 'u-zhou', name: '周敏', role: 'account-manager', division: '苏州分公司', supervisorId: 'u-qin' },
  { id: 'u-wu', name: '吴刚', role: 'account-manager', division: '苏州分公司', supervisorId: 'u-qin' },
  { id: 'u-qin', name: '秦峰', role: 'division-head', division: '苏州分公司' },
];

/**
 * Six accounts, each with an A (lead) and B (backup) owner, and their
 * monthly mail spend in fen. Annual revenue decides the postal tier:
 * Platinum ¥1M–5M, Gold ¥500k–1M, VIP ¥10k–500k.
 */
export const ACCOUNTS: { account: AccountInput; monthlyFen: number }[] = [
  // ¥120,000 a month → ¥1,440,000 a year → Platinum.
  {
    account: account('szbank', '苏州银行股份有限公司', '苏州银行', 'u-zhou', 'u-wu'),
    monthlyFen: 12_000_000,
  },
  // ¥90,000 a month → ¥1,080,000 → Platinum.
  { account: account('szpower', '国网苏州供电公司', '苏州供电', 'u-wu', 'u-zhou'), monthlyFen: 9_000_000 },
  // ¥50,000 a month → ¥600,000 → Gold.
  { account: account('szedu', '苏州市教育考试院', '教育考试院', 'u-zhou', 'u-wu'), monthlyFen: 5_000_000 },
  // ¥12,000 a month → ¥144,000 → VIP.
  { account: account('gusu', '姑苏区人民医院', '姑苏医院', 'u-wu', 'u-zhou'), monthlyFen: 1_200_000 },
  // ¥3,000 a month → ¥36,000 → VIP; no backup owner yet.
  { account: account('wzhong', '吴中区税务局', '吴中税务', 'u-zhou', null), monthlyFen: 300_000 },
  // ¥600 a month → ¥7,200 → under the VIP floor: not a key account, owed nothing.
  { account: account('xiaomei', '小美花店', '小美花店', 'u-wu', null), monthlyFen: 60_000 },
];

function account(
  id: string,
  name: string,
  shortName: string,
  ownerA: string,
  ownerB: string | null,
): AccountInput {
  return { id, name, shortName, division: '苏州分公司', industry: '邮政', ownerA, ownerB };
}

/** What was done this year: who on our side, at which seniority. */
export const INTERACTIONS: Interaction[] = [
  // Leadership visited 苏州银行 in March; 苏州供电 has not had one this year.
  interaction('v1', 'szbank', 'visit', '2026-03-10', 'u-qin', 'executive'),
  // Monthly account-manager visits in September.
  interaction('v2', 'szbank', 'visit', '2026-09-03', 'u-zhou', 'specialist'),
  interaction('v3', 'szpower', 'visit', '2026-09-08', 'u-wu', 'specialist'),
  interaction('v4', 'szedu', 'visit', '2026-09-04', 'u-zhou', 'specialist'),
  interaction('v5', 'gusu', 'visit', '2026-09-15', 'u-wu', 'specialist'),
  // Unit-head visits this year.
  interaction('v6', 'szedu', 'meeting', '2026-04-22', 'u-qin', 'supervisor'),
  interaction('v7', 'gusu', 'visit', '2026-05-12', 'u-qin', 'supervisor'),
  interaction('v8', 'wzhong', 'visit', '2026-06-02', 'u-qin', 'supervisor'),
  // An early Mid-Autumn gift for 姑苏医院.
  interaction('v9', 'gusu', 'gift', '2026-09-18', 'u-qin', 'supervisor'),
  // Account files refreshed.
  interaction('p1', 'szbank', 'profile-update', '2026-08-01', 'u-zhou', 'specialist'),
  interaction('p2', 'szpower', 'profile-update', '2026-06-05', 'u-wu', 'specialist'),
  interaction('p3', 'szedu', 'profile-update', '2026-08-20', 'u-zhou', 'specialist'),
  interaction('p4', 'gusu', 'profile-update', '2026-09-01', 'u-wu', 'specialist'),
  interaction('p5', 'wzhong', 'profile-update', '2026-07-30', 'u-zhou', 'specialist'),
];

function interaction(
  id: string,
  accountId: string,
  kind: Interaction['kind'],
  date: string,
  userId: string,
  actorLevel: Interaction['actorLevel'],
): Interaction {
  // 10:00 in Shanghai.
  return { id, accountId, kind, at: `${date}T02:00:00Z`, userId, actorLevel };
}

/** Twelve months of transactions up to `asOf` (`YYYY-MM`). */
export function transactionsUpTo(asOf: string): Transaction[] {
  const [year, month] = asOf.split('-').map(Number) as [number, number];
  const rows: Transaction[] = [];
  for (let monthsAgo = 11; monthsAgo >= 0; monthsAgo -= 1) {
    const index = year * 12 + (month - 1) - monthsAgo;
    const date = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-10`;
    for (const { account, monthlyFen } of ACCOUNTS) {
      rows.push({
        id: `${account.id}-${date}`,
        accountId: account.id,
        date,
        amountFen: monthlyFen,
        category: '函件',
      });
    }
  }
  return rows;
}
