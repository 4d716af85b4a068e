import type { AccountInput, Kam, Transaction, UserInput } from '@kamkit/sdk';

/** Staff in two divisions, with four of the five permission levels. */
export const USERS: UserInput[] = [
  { id: 'u-gm', name: '赵总', role: 'group-management', division: null, locale: 'en' },
  { id: 'u-chen', name: '陈静', role: 'division-admin', division: '华东事业部', locale: 'en' },
  { id: 'u-li', name: '李娜', role: 'account-manager', division: '华东事业部', locale: 'en' },
  { id: 'u-he', name: '何伟', role: 'account-manager', division: '华南事业部', locale: 'zh-CN' },
];

/** Four accounts and what each spends a month, in fen. */
export const ACCOUNTS: { account: AccountInput; monthlyFen: number }[] = [
  {
    account: {
      id: 'acme',
      name: '上海华远科技有限公司',
      shortName: '华远科技',
      division: '华东事业部',
      ownerA: 'u-li',
    },
    monthlyFen: 9_500_000,
  },
  {
    account: {
      id: 'antai',
      name: '苏州安泰纺织有限公司',
      shortName: '安泰纺织',
      division: '华东事业部',
      ownerA: 'u-chen',
    },
    monthlyFen: 6_000_000,
  },
  {
    account: {
      id: 'lingnan',
      name: '广州岭南建设集团',
      shortName: '岭南建设',
      division: '华南事业部',
      ownerA: 'u-he',
    },
    monthlyFen: 3_000_000,
  },
  {
    account: {
      id: 'pearl',
      name: '深圳明珠电子有限公司',
      shortName: '明珠电子',
      division: '华南事业部',
      ownerA: 'u-he',
    },
    monthlyFen: 500_000,
  },
];

/** Put the sample staff, accounts and thirteen months of transactions up to `asOf` into KAMkit. */
export async function seed(kam: Kam, asOf: string): Promise<void> {
  const meta = { actor: 'u-gm' };
  for (const user of USERS) await kam.store.putUser(user, meta);
  for (const { account } of ACCOUNTS) await kam.store.putAccount(account, meta);
  const [year, month] = asOf.split('-').map(Number) as [number, number];
  const rows: Transaction[] = [];
  for (let monthsAgo = 12; monthsAgo >= 0; monthsAgo -= 1) {
    const index = year * 12 + (month - 1) - monthsAgo;
    const date = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-12`;
    for (const { account, monthlyFen } of ACCOUNTS) {
      rows.push({
        id: `${account.id}-${date}`,
        accountId: account.id,
        date,
        amountFen: monthlyFen,
        category: '标准快递',
      });
    }
  }
  await kam.store.insertTransactions(rows);
}
