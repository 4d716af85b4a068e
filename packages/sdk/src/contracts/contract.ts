/**
 * Contracts (合同 / 业务协议) per account: parties, type, national or
 * regional scope, term, renewal terms, amounts and fulfilment — and what
 * follows from them: whether an account has an active contract (the derived
 * `agreement` flag admission reads), and which contracts are due for renewal.
 *
 * @module
 */
import { z } from 'zod';
import type { Account } from '../domain/account.js';
import { Id, IsoDate, NonNegativeFen } from '../domain/common.js';
import type { LocalisedText } from '../errors/kam-error.js';
import { formatMoney } from '../money/money.js';
import { addDays, daysBetween } from '../time/calendar.js';

/** Kinds of contract: service, supply, framework agreement, other. */
export const CONTRACT_TYPES = ['service', 'supply', 'framework', 'other'] as const;
/** Where a contract applies: the whole country (national agreement) or one region. */
export const CONTRACT_SCOPES = ['national', 'regional'] as const;
/** How a contract is renewed: on its own unless notice is given, or by signing again. */
export const CONTRACT_RENEWALS = ['auto', 'manual'] as const;
/** A contract is `active` until it is closed. */
export const CONTRACT_STATUSES = ['active', 'closed'] as const;

/** Names of the contract types, in both locales. */
export const CONTRACT_TYPE_LABELS: Record<(typeof CONTRACT_TYPES)[number], LocalisedText> = {
  service: { 'zh-CN': '服务合同', en: 'service' },
  supply: { 'zh-CN': '供货合同', en: 'supply' },
  framework: { 'zh-CN': '框架协议', en: 'framework' },
  other: { 'zh-CN': '其他', en: 'other' },
};

/** Names of the scopes, in both locales. */
export const CONTRACT_SCOPE_LABELS: Record<(typeof CONTRACT_SCOPES)[number], LocalisedText> = {
  national: { 'zh-CN': '全国', en: 'national' },
  regional: { 'zh-CN': '区域', en: 'regional' },
};

/**
 * A contract of one account. Dates are local calendar dates; amounts are fen.
 * `committedFen` is what the account committed to buy (or the contract
 * value), `actualFen` what was fulfilled so far; `renewals` records each
 * renewal (old and new end date, who, when).
 */
export const ContractSchema = z
  .object({
    id: Id,
    accountId: Id,
    title: z.string().trim().min(1).optional(),
    /** The parties that signed, e.g. the account's legal entity and our company. */
    parties: z.array(z.string().trim().min(1)).min(1),
    type: z.enum(CONTRACT_TYPES),
    scope: z.enum(CONTRACT_SCOPES),
    startDate: IsoDate,
    endDate: IsoDate,
    renewal: z.enum(CONTRACT_RENEWALS).default('manual'),
    /** Days before the end date when renewal (or notice of non-renewal) is due. */
    noticeDays: z.number().int().min(0).max(3650).default(30),
    committedFen: NonNegativeFen.optional(),
    actualFen: NonNegativeFen.optional(),
    status: z.enum(CONTRACT_STATUSES).default('active'),
    closedOn: IsoDate.optional(),
    closeReason: z.string().trim().min(1).optional(),
    renewals: z.array(z.strictObject({ on: IsoDate, by: Id, from: IsoDate, to: IsoDate })).optional(),
  })
  .superRefine((contract, context) => {
    if (contract.endDate < contract.startDate) {
      context.addIssue({ code: 'custom', path: ['endDate'], message: 'must not be before startDate' });
    }
    if (contract.status === 'closed' && contract.closedOn === undefined) {
      context.addIssue({ code: 'custom', path: ['closedOn'], message: 'required once closed' });
    }
    if (contract.status === 'active' && contract.closedOn !== undefined) {
      context.addIssue({ code: 'custom', path: ['status'], message: 'must be closed when closedOn is set' });
    }
  });
/** A contract. */
export type Contract = z.infer<typeof ContractSchema>;
/** A contract as written (defaults not applied yet). */
export type ContractInput = z.input<typeof ContractSchema>;

/** Where a contract stands on a day. */
export type ContractStanding = 'upcoming' | 'active' | 'expiring' | 'expired' | 'closed';

/** A contract's standing on one day, with the dates behind it. */
export interface ContractState {
  standing: ContractStanding;
  /**
   * The end of the current term: the end date, or — for an auto-renewing
   * contract past it — the end of the term it has rolled into (each term as
   * long as the first).
   */
  termEnd: string;
  /** First day of the notice period: `termEnd − noticeDays`. */
  noticeFrom: string;
  /** Days from the day judged to `termEnd` (negative once past). */
  daysLeft: number;
  /** `actualFen / committedFen`, or `null` when either is not recorded or nothing was committed. */
  fulfilment: number | null;
}

/** The end of the current term of an auto-renewing contract on `today`. */
function rolledEnd(contract: Contract, today: string): string {
  if (contract.renewal !== 'auto' || today <= contract.endDate) return contract.endDate;
  const term = daysBetween(contract.startDate, contract.endDate) + 1;
  const terms = Math.ceil(daysBetween(contract.endDate, today) / term);
  return addDays(contract.endDate, terms * term);
}

/**
 * Where a contract stands on `today`: `closed`; `upcoming` before its start;
 * `expired` after the end of a manual contract not renewed; `expiring` within
 * its notice days of the term's end; otherwise `active`. An auto-renewing
 * contract never expires on its own: it rolls into the next term.
 */
export function contractState(contract: Contract, today: string): ContractState {
  const termEnd = rolledEnd(contract, today);
  const noticeFrom = addDays(termEnd, -contract.noticeDays);
  const daysLeft = daysBetween(today, termEnd);
  const fulfilment =
    contract.committedFen !== undefined && contract.committedFen > 0 && contract.actualFen !== undefined
      ? contract.actualFen / contract.committedFen
      : null;
  const standing: ContractStanding =
    contract.status === 'closed'
      ? 'closed'
      : today < contract.startDate
        ? 'upcoming'
        : today > termEnd
          ? 'expired'
          : today >= noticeFrom
            ? 'expiring'
            : 'active';
  return { standing, termEnd, noticeFrom, daysLeft, fulfilment };
}

/** True when the contract binds on `today`: started, not closed, not expired (expiring still binds). */
export function isContractInForce(contract: Contract, today: string): boolean {
  const { standing } = contractState(contract, today);
  return standing === 'active' || standing === 'expiring';
}

/** The flag an account with a contract in force carries for the policies (postal admission: 签订业务协议). */
export const AGREEMENT_FLAG = 'agreement';

/**
 * The accounts with the derived `agreement` flag added to those that have a
 * contract in force on `today` — what admission and scoring read as "has a
 * signed agreement". A flag set by hand is kept (accounts whose contracts are
 * not recorded yet); accounts are returned in order, unchanged ones as given.
 */
export function withContractFlags(
  accounts: readonly Account[],
  contracts: readonly Contract[],
  today: string,
): Account[] {
  const bound = new Set(
    contracts.filter((contract) => isContractInForce(contract, today)).map((contract) => contract.accountId),
  );
  return accounts.map((account) =>
    bound.has(account.id) && !account.flags.includes(AGREEMENT_FLAG)
      ? { ...account, flags: [...account.flags, AGREEMENT_FLAG] }
      : account,
  );
}

/** A contract on the due list: renew it, or give notice, by `dueDate`. */
export interface ContractDueItem {
  contractId: string;
  accountId: string;
  /** `overdue` once a manual contract has run out without renewal. */
  status: 'due' | 'overdue';
  /** First day it is listed: the start of the notice period. */
  dueFrom: string;
  /** The end of the current term. */
  dueDate: string;
  daysOverdue: number;
  label: LocalisedText;
  explanation: LocalisedText;
}

/**
 * The due-list hook of contracts: every contract in its notice period
 * (renew a manual one, or decide on an auto-renewing one before it rolls
 * over) and every manual contract that ran out while still open, most
 * overdue first, then by end date.
 */
export function contractDueItems(contracts: readonly Contract[], today: string): ContractDueItem[] {
  const items: ContractDueItem[] = [];
  for (const contract of contracts) {
    const state = contractState(contract, today);
    if (state.standing !== 'expiring' && state.standing !== 'expired') continue;
    const name = contract.title ?? contract.id;
    const auto = contract.renewal === 'auto';
    const overdue = state.standing === 'expired';
    items.push({
      contractId: contract.id,
      accountId: contract.accountId,
      status: overdue ? 'overdue' : 'due',
      dueFrom: state.noticeFrom,
      dueDate: state.termEnd,
      daysOverdue: overdue ? -state.daysLeft : 0,
      label: auto
        ? {
            'zh-CN': `合同 ${name} 将自动续期，如不续约须提前告知`,
            en: `contract ${name} renews automatically unless notice is given`,
          }
        : { 'zh-CN': `续签合同 ${name}`, en: `renew contract ${name}` },
      explanation: overdue
        ? {
            'zh-CN': `合同已于 ${state.termEnd} 到期，尚未续签或终止（已过 ${-state.daysLeft} 天）`,
            en: `the contract ended on ${state.termEnd} and was neither renewed nor closed (${-state.daysLeft} days ago)`,
          }
        : {
            'zh-CN': `合同 ${state.termEnd} 到期，提前 ${contract.noticeDays} 天（自 ${state.noticeFrom} 起）处理续约`,
            en: `the contract ends on ${state.termEnd}; renewal is handled ${contract.noticeDays} days ahead (from ${state.noticeFrom})`,
          },
    });
  }
  return items.sort(
    (left, right) =>
      right.daysOverdue - left.daysOverdue ||
      left.dueDate.localeCompare(right.dueDate) ||
      left.contractId.localeCompare(right.contractId),
  );
}

/**
 * A contract renewed to a new end date (after the current one), the renewal
 * recorded; new committed and actual amounts for the new term when given.
 */
export function renewContract(
  contract: Contract,
  change: { until: string; by: string; on: string; committedFen?: number; actualFen?: number },
): Contract {
  return {
    ...contract,
    endDate: change.until,
    status: 'active',
    ...(change.committedFen === undefined ? {} : { committedFen: change.committedFen }),
    ...(change.actualFen === undefined ? {} : { actualFen: change.actualFen }),
    renewals: [
      ...(contract.renewals ?? []),
      { on: change.on, by: change.by, from: contract.endDate, to: change.until },
    ],
  };
}

/** One line of a contract, in both locales: parties, type, scope, term, renewal, amounts, standing. */
export function contractLine(contract: Contract, today: string): LocalisedText {
  const state = contractState(contract, today);
  const type = CONTRACT_TYPE_LABELS[contract.type];
  const scope = CONTRACT_SCOPE_LABELS[contract.scope];
  const standing = STANDING_LABELS[state.standing];
  const amounts = (locale: 'zh-CN' | 'en') => {
    const parts: string[] = [];
    if (contract.committedFen !== undefined)
      parts.push(
        `${locale === 'zh-CN' ? '约定' : 'committed'} ${formatMoney(contract.committedFen, locale)}`,
      );
    if (contract.actualFen !== undefined)
      parts.push(`${locale === 'zh-CN' ? '已履行' : 'fulfilled'} ${formatMoney(contract.actualFen, locale)}`);
    if (state.fulfilment !== null) parts.push(`${Math.round(state.fulfilment * 100)}%`);
    return parts.length === 0 ? '' : ` · ${parts.join(' ')}`;
  };
  const name = contract.title ?? contract.id;
  return {
    'zh-CN': `${name}（${type['zh-CN']}，${scope['zh-CN']}）${contract.parties.join('、')} · ${contract.startDate}～${state.termEnd} · ${contract.renewal === 'auto' ? '自动续期' : '手动续签'}${amounts('zh-CN')} · ${standing['zh-CN']}`,
    en: `${name} (${type.en}, ${scope.en}) ${contract.parties.join(', ')} · ${contract.startDate} to ${state.termEnd} · ${contract.renewal === 'auto' ? 'auto-renewal' : 'manual renewal'}${amounts('en')} · ${standing.en}`,
  };
}

/** Names of the standings, in both locales. */
export const STANDING_LABELS: Record<ContractStanding, LocalisedText> = {
  upcoming: { 'zh-CN': '未生效', en: 'not started' },
  active: { 'zh-CN': '有效', en: 'in force' },
  expiring: { 'zh-CN': '即将到期', en: 'expiring' },
  expired: { 'zh-CN': '已到期未续签', en: 'expired, not renewed' },
  closed: { 'zh-CN': '已终止', en: 'closed' },
};
