import type { AccountInput, Transaction, UserInput } from '@kamkit/sdk';

/** The airline's corporate-travel sales team in Beijing. */
export const USERS: UserInput[] = [
  { id: 'u-sun', name: '孙悦', role: 'account-manager', division: '北京营业部' },
  { id: 'u-ma', name: '马骏', role: 'account-manager', division: '北京营业部' },
];

/** A route flown for an account each month: bookings, and travellers per booking. */
interface RouteUse {
  route: string;
  km: number;
  bookings: number;
  travellers: number;
}

/** An account, its yearly air-travel volume with us and in total (fen), and its routes. */
export interface TravelAccount {
  account: AccountInput;
  withUsYearFen: number;
  totalYearFen: number;
  routes: RouteUse[];
}

const account = (input: Omit<AccountInput, 'division' | 'industry'>): AccountInput => ({
  division: '北京营业部',
  // One industry for the whole corporate-travel book: the report's "industry average" is the portfolio's.
  industry: '企业差旅',
  attributes: { unit: 'km' },
  ...input,
});

const rare = (route: string, km: number): RouteUse => ({ route, km, bookings: 1, travellers: 4 });

/**
 * Six accounts. 华远科技 and 明达制药 are DOMAIN.md §10 example 3: both buy
 * ¥10,000,000 of air travel a year; 华远 flies ¥9,000,000 of it with us,
 * 明达 only ¥1,000,000. 华能源集团 has no agreement of its own; its three
 * provincial subsidiaries each signed one.
 */
export const TRAVEL_ACCOUNTS: TravelAccount[] = [
  {
    account: account({
      id: 'huayuan',
      name: '北京华远科技有限公司',
      shortName: '华远科技',
      type: 'private',
      ownerA: 'u-sun',
      flags: ['agreement'],
    }),
    withUsYearFen: 900_000_000,
    totalYearFen: 1_000_000_000,
    routes: [
      { route: 'PEK-SHA', km: 1088, bookings: 30, travellers: 12 },
      { route: 'SHA-CAN', km: 1210, bookings: 20, travellers: 12 },
      { route: 'PEK-CAN', km: 1888, bookings: 8, travellers: 12 },
      rare('SHA-CTU', 1660),
      rare('PEK-XMN', 1720),
      rare('SHA-SZX', 1215),
      rare('PEK-KMG', 2090),
      rare('SHA-HAK', 1630),
    ],
  },
  {
    account: account({
      id: 'mingda',
      name: '明达制药股份有限公司',
      shortName: '明达制药',
      type: 'private',
      ownerA: 'u-ma',
      flags: ['agreement'],
    }),
    withUsYearFen: 100_000_000,
    totalYearFen: 1_000_000_000,
    routes: [
      { route: 'PEK-SHA', km: 1088, bookings: 10, travellers: 4 },
      { route: 'PEK-CAN', km: 1888, bookings: 5, travellers: 4 },
    ],
  },
  {
    account: account({
      id: 'hny-group',
      name: '华能源集团有限公司',
      shortName: '华能源集团',
      type: 'soe',
      ownerA: 'u-ma',
    }),
    withUsYearFen: 0,
    totalYearFen: 0,
    routes: [],
  },
  {
    account: account({
      id: 'hny-fj',
      name: '华能源福建分公司',
      shortName: '华能源福建',
      type: 'soe',
      parentId: 'hny-group',
      ownerA: 'u-ma',
      flags: ['agreement'],
    }),
    withUsYearFen: 200_000_000,
    totalYearFen: 400_000_000,
    routes: [{ route: 'FOC-PEK', km: 1560, bookings: 12, travellers: 6 }],
  },
  {
    account: account({
      id: 'hny-gd',
      name: '华能源广东分公司',
      shortName: '华能源广东',
      type: 'soe',
      parentId: 'hny-group',
      ownerA: 'u-ma',
      flags: ['agreement'],
    }),
    withUsYearFen: 90_000_000,
    totalYearFen: 360_000_000,
    routes: [{ route: 'CAN-PEK', km: 1888, bookings: 5, travellers: 4 }],
  },
  {
    account: account({
      id: 'hny-js',
      name: '华能源江苏分公司',
      shortName: '华能源江苏',
      type: 'soe',
      parentId: 'hny-group',
      ownerA: 'u-sun',
      flags: ['agreement'],
    }),
    withUsYearFen: 120_000_000,
    totalYearFen: 300_000_000,
    routes: [{ route: 'NKG-PEK', km: 900, bookings: 12, travellers: 6 }],
  },
  {
    account: account({
      id: 'xingchen',
      name: '星辰管理咨询有限公司',
      shortName: '星辰咨询',
      type: 'private',
      ownerA: 'u-sun',
    }),
    withUsYearFen: 42_000_000,
    totalYearFen: 60_000_000,
    routes: [{ route: 'PEK-SHA', km: 1088, bookings: 3, travellers: 3 }],
  },
];

/**
 * Thirteen months of bookings up to `asOf` (`YYYY-MM`): each month carries a
 * twelfth of the yearly volumes exactly (the last month of each twelve takes
 * the rounding), spread over the account's bookings in proportion to the
 * kilometres flown. `marketTotalFen` is what the customer spent on the same
 * travel in total, with every airline, for the share of wallet.
 */
export function bookingsUpTo(asOf: string): Transaction[] {
  const [year, month] = asOf.split('-').map(Number) as [number, number];
  const rows: Transaction[] = [];
  for (let monthsAgo = 12; monthsAgo >= 0; monthsAgo -= 1) {
    const index = year * 12 + (month - 1) - monthsAgo;
    const prefix = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    for (const { account, withUsYearFen, totalYearFen, routes } of TRAVEL_ACCOUNTS) {
      const bookings = routes.flatMap((use) =>
        Array.from({ length: use.bookings }, (_, n) => ({ ...use, n, units: use.km * use.travellers })),
      );
      if (bookings.length === 0) continue;
      const withUs = monthShare(withUsYearFen, monthsAgo);
      const total = monthShare(totalYearFen, monthsAgo);
      const km = bookings.reduce((sum, booking) => sum + booking.units, 0);
      let withUsLeft = withUs;
      let totalLeft = total;
      bookings.forEach((booking, position) => {
        const last = position === bookings.length - 1;
        const amountFen = last ? withUsLeft : Math.floor((withUs * booking.units) / km);
        const marketTotalFen = last ? totalLeft : Math.floor((total * booking.units) / km);
        withUsLeft -= amountFen;
        totalLeft -= marketTotalFen;
        rows.push({
          id: `${account.id}-${prefix}-${booking.route}-${booking.n}`,
          accountId: account.id,
          date: `${prefix}-${String(1 + ((position * 7) % 28)).padStart(2, '0')}`,
          amountFen,
          category: booking.route,
          units: booking.units,
          unit: 'km',
          marketTotalFen,
        });
      });
    }
  }
  return rows;
}

/** A twelfth of a yearly amount; the month twelve back from the last takes the remainder, so any twelve months sum exactly. */
function monthShare(yearFen: number, monthsAgo: number): number {
  const base = Math.floor(yearFen / 12);
  return monthsAgo % 12 === 0 ? yearFen - 11 * base : base;
}
