import type { AuditEntry } from '../store/port.js';

/** Actions the access layer itself records (the store records its own writes besides). */
export const ACCESS_AUDIT_ACTIONS = {
  /** An account moved between divisions (HQ act): before → after division and owners. */
  MOVE: 'account.move',
  /** An account's owners A/B changed: before → after owners. */
  HANDOVER: 'account.handover',
  /** A user's role, division or status changed, or a user was created. */
  PERMISSION: 'user.permission',
  /** A user was frozen. */
  FREEZE: 'user.freeze',
  /** A user left: frozen and every account handed to a successor. */
  OFFBOARD: 'user.offboard',
  /** One account's file was read (only with `auditReads`). */
  READ: 'account.read',
} as const;

/** What is known about the records of one division, to decide which audit entries it may read. */
export interface DivisionRecords {
  division: string;
  accountIds: ReadonlySet<string>;
  userIds: ReadonlySet<string>;
}

/** Audit entities whose `entityId` is an account id (`tier.change` entries are keyed by account). */
const ACCOUNT_KEYED_ENTITIES: ReadonlySet<string> = new Set(['account', 'tier']);

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * True when an audit entry concerns the given division: it names an account or
 * user of the division, or its before/after state lies in the division (so a
 * division still sees an account moved away from it, up to the move), or is a
 * claim the division filed.
 */
export function auditEntryInDivision(entry: AuditEntry, records: DivisionRecords): boolean {
  for (const state of [entry.before, entry.after]) {
    if (field(state, 'division') === records.division) return true;
    // An attribution claim concerns the unit that filed it as well as the account's.
    if (field(state, 'claimantDivision') === records.division) return true;
    const accountId = field(state, 'accountId');
    if (typeof accountId === 'string' && records.accountIds.has(accountId)) return true;
  }
  if (entry.entity === 'user') return records.userIds.has(entry.entityId);
  return ACCOUNT_KEYED_ENTITIES.has(entry.entity) && records.accountIds.has(entry.entityId);
}
