import type { AccountInput, Store, Transaction, UserInput } from '@kamkit/sdk';

const USERS: UserInput[] = [
  { id: 'u-li', name: '李娜', role: 'account-manager', division: '华东事业部' },
  { id: 'u-wang', name: '王强', role: 'account-manager', division: '华东事业部' },
];

/** Four accounts; `monthly(monthsAgo)` is the spend in fen that many months before the report month. */
const ACCOUNTS: { account: AccountInput; monthly: (monthsAgo: number) => number }[] = [
  {
    account: {
      id: 'acme',
      name: '上海华远科技有限公司',
      shortName: '华远科技',
      division: '华东事业部',
      ownerA: 'u-li',
      ownerB: 'u-wang',
    },
    monthly: () => 9_500_000,
  },
  {
    // ¥100,000 a month, ¥60,000 in the report month: a 40 % swing to explain.
    account: {
      id: 'hengtong',
      name: '杭州恒通物流有限公司',
      shortName: '恒通物流',
      division: '华东事业部',
      ownerA: 'u-wang',
    },
    monthly: (monthsAgo) => (monthsAgo === 0 ? 6_000_000 : 10_000_000),
  },
  {
    account: {
      id: 'antai',
      name: '苏州安泰纺织有限公司',
      shortName: '安泰纺织',
      division: '华东事业部',
      ownerA: 'u-li',
    },
    monthly: () => 6_000_000,
  },
  {
    account: {
      id: 'mingde',
      name: '南京明德教育集团',
      shortName: '明德教育',
      division: '华东事业部',
      ownerA: 'u-wang',
    },
    monthly: () => 800_000,
  },
];

/** Put the sample staff, accounts and 24 months of transactions up to `asOf` into `store`. */
export async function seed(store: Store, asOf: string): Promise<void> {
  const meta = { actor: 'u-li' };
  for (const user of USERS) await store.putUser(user, meta);
  for (const { account } of ACCOUNTS) await store.putAccount(account, meta);
  const [year, month] = asOf.split('-').map(Number) as [number, number];
  const rows: Transaction[] = [];
  for (let monthsAgo = 23; monthsAgo >= 0; monthsAgo -= 1) {
    const index = year * 12 + (month - 1) - monthsAgo;
    const date = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-15`;
    for (const { account, monthly } of ACCOUNTS) {
      rows.push({
        id: `${account.id}-${date}`,
        accountId: account.id,
        date,
        amountFen: monthly(monthsAgo),
        category: '标准快递',
      });
    }
  }
  await store.insertTransactions(rows);
}
