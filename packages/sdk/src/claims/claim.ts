/**
 * Attribution claims (大客户归属争议, seed001 postal): an account is registered
 * to one unit (its division) and attributed to the unit that signed the
 * agreement with it; when another unit says it signed, it files a claim. The
 * holding division's admin accepts (the account moves to the claimant) or
 * contests; a contested claim goes to the level above (group management, a
 * system admin), whose decision is final: move or keep.
 *
 * A claim is an act, not data brought from elsewhere: it is filed, answered
 * and decided by people through the scoped store, each step audited.
 *
 * @module
 */
import { z } from 'zod';
import { canonicalJson } from '../domain/canonical-json.js';
import { Id, IsoDateTime } from '../domain/common.js';
import { KAM_ERROR_CODES, KamError, type LocalisedText } from '../errors/kam-error.js';

/** Longest reason or note on a claim, in characters. */
export const CLAIM_TEXT_MAX = 2000;

/**
 * Where a claim stands:
 * - `open` — filed, waiting for the holding division's answer;
 * - `contested` — the holding division contests it, waiting for the level above;
 * - `accepted` — the holding division accepted it: the account moved;
 * - `awarded` — the level above decided for the claimant: the account moved;
 * - `dismissed` — the level above decided for the holding division: the account stays.
 */
export const CLAIM_STATUSES = ['open', 'contested', 'accepted', 'awarded', 'dismissed'] as const;
/** Where a claim stands. */
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** Claims someone still has to act on. */
export const PENDING_CLAIM_STATUSES: readonly ClaimStatus[] = ['open', 'contested'];

/** Names of the statuses, in both locales. */
export const CLAIM_STATUS_LABELS: Readonly<Record<ClaimStatus, LocalisedText>> = {
  open: { 'zh-CN': '待答复', en: 'open' },
  contested: { 'zh-CN': '有异议，待上级裁决', en: 'contested, awaiting the decision above' },
  accepted: { 'zh-CN': '已接受，客户已划转', en: 'accepted, account moved' },
  awarded: { 'zh-CN': '上级裁决划转', en: 'decided: moved' },
  dismissed: { 'zh-CN': '上级裁决维持', en: 'decided: kept' },
};

const Text = z.string().trim().min(1).max(CLAIM_TEXT_MAX);

/** One step after filing: who answered or decided, when, and why. */
const ClaimStepSchema = z.strictObject({ by: Id, at: IsoDateTime, note: Text });

/**
 * A claim as stored. `holdingDivision` is where the account was registered
 * when the claim was filed; `claimantDivision` the unit that claims it;
 * `contractId` the agreement the claimant names (a reference: it is shown to
 * those who answer and decide, not checked against the holding division's
 * file, which the claimant may not read).
 */
export const ClaimSchema = z
  .strictObject({
    id: Id,
    accountId: Id,
    claimantDivision: Id,
    holdingDivision: Id,
    reason: Text,
    contractId: Id.optional(),
    status: z.enum(CLAIM_STATUSES),
    filedBy: Id,
    filedAt: IsoDateTime,
    /** The holding division's answer: accept or contest, with its note. */
    answer: ClaimStepSchema.extend({ accept: z.boolean() }).optional(),
    /** The level above's decision on a contested claim: move or keep, with its note. */
    decision: ClaimStepSchema.extend({ move: z.boolean() }).optional(),
  })
  .superRefine((claim, context) => {
    if (claim.claimantDivision === claim.holdingDivision)
      context.addIssue({
        code: 'custom',
        path: ['claimantDivision'],
        message: 'must differ from the holding division',
      });
    const answered = claim.status !== 'open';
    if (answered !== (claim.answer !== undefined))
      context.addIssue({
        code: 'custom',
        path: ['answer'],
        message: `does not match status ${claim.status}`,
      });
    if ((claim.status === 'accepted') !== (claim.answer?.accept === true))
      context.addIssue({
        code: 'custom',
        path: ['answer', 'accept'],
        message: `does not match status ${claim.status}`,
      });
    const decided = claim.status === 'awarded' || claim.status === 'dismissed';
    if (
      decided !== (claim.decision !== undefined) ||
      (decided && claim.decision?.move !== (claim.status === 'awarded'))
    )
      context.addIssue({
        code: 'custom',
        path: ['decision'],
        message: `does not match status ${claim.status}`,
      });
  });
/** A stored claim. */
export type Claim = z.infer<typeof ClaimSchema>;

/**
 * A claim's steps are written once: a stored answer or decision is never
 * replaced, and what it was filed with stays. The store checks this under
 * the record's lock, so of two admins answering the same claim at the same
 * moment the second is refused (and its transaction, with any account move,
 * rolled back) instead of both passing the status check.
 *
 * @throws KamError `CONFLICT` at `status` when `next` would replace a step of `before`.
 * @example
 * ```ts
 * assertClaimSteps(stored, { ...stored, status: 'contested', answer }); // throws once stored was answered
 * ```
 */
export function assertClaimSteps(before: Claim | undefined, next: Claim): void {
  if (before === undefined) return;
  const same = (left: unknown, right: unknown) => canonicalJson(left) === canonicalJson(right);
  const filed = (claim: Claim) => [
    claim.accountId,
    claim.claimantDivision,
    claim.holdingDivision,
    claim.filedBy,
  ];
  const replaced =
    !same(filed(before), filed(next)) ||
    (before.answer !== undefined && !same(before.answer, next.answer)) ||
    (before.decision !== undefined && !same(before.decision, next.decision));
  if (!replaced) return;
  const status = CLAIM_STATUS_LABELS[before.status];
  throw new KamError({
    code: KAM_ERROR_CODES.CONFLICT,
    path: 'status',
    message: {
      'zh-CN': `归属申请 ${before.id} 已有人处理（${status['zh-CN']}），未做更改；请重新查看`,
      en: `Attribution claim ${before.id} was dealt with meanwhile (${status.en}); nothing was changed — look at it again`,
    },
  });
}

/** A claim as a unit files it: the account it names, why, and optionally the agreement signed. */
export const ClaimInputSchema = z.strictObject({
  /** The claim's id; default `CL-<account>-<time>`. */
  id: Id.optional(),
  accountId: Id,
  reason: Text,
  contractId: Id.optional(),
});
/** A claim as filed. */
export type ClaimInput = z.input<typeof ClaimInputSchema>;

/** The answer of the holding division: `accept` moves the account, `contest` sends the claim up. */
export type ClaimAnswer = 'accept' | 'contest';

/** The decision of the level above: `move` the account to the claimant, or `keep` it. */
export type ClaimDecision = 'move' | 'keep';

/** The id a claim gets when the filer gives none. */
export function claimId(accountId: string, at: string): string {
  return `CL-${accountId}-${at.replace(/[^0-9]/g, '').slice(0, 14)}`;
}

/** Who must act on a pending claim: the holding division (`answer`) or the level above (`decide`). */
export function claimStage(claim: Pick<Claim, 'status'>): 'answer' | 'decide' | null {
  return claim.status === 'open' ? 'answer' : claim.status === 'contested' ? 'decide' : null;
}

/** One line describing a claim, in both locales (lists, chat replies). */
export function describeClaim(claim: Claim): LocalisedText {
  const status = CLAIM_STATUS_LABELS[claim.status];
  const contract = claim.contractId
    ? { 'zh-CN': `，合同 ${claim.contractId}`, en: `, contract ${claim.contractId}` }
    : { 'zh-CN': '', en: '' };
  const step = claim.decision ?? claim.answer;
  const note = step
    ? { 'zh-CN': `；${step.by}：${step.note}`, en: `; ${step.by}: ${step.note}` }
    : { 'zh-CN': '', en: '' };
  return {
    'zh-CN': `${claim.id} · [${status['zh-CN']}] · 客户 ${claim.accountId}：${claim.claimantDivision} 主张归属（现属 ${claim.holdingDivision}）—${claim.reason}${contract['zh-CN']}${note['zh-CN']}`,
    en: `${claim.id} · [${status.en}] · account ${claim.accountId}: ${claim.claimantDivision} claims it (held by ${claim.holdingDivision}) — ${claim.reason}${contract.en}${note.en}`,
  };
}
