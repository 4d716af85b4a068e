/**
 * The chat command of attribution claims (大客户归属): list the claims the
 * user may see, file one for their unit, answer one for the holding division
 * (accept or contest), decide a contested one (the level above). Every action
 * goes through the scoped store, audited as `kamkit claims` is; only in a
 * private chat, since a claim is between units.
 *
 * - `归属申请` / `claims` — the claims the user may see;
 * - `归属申请 ‹客户编号›：‹理由›` / `claim ‹account›: ‹reason›` — file;
 * - `接受申请 ‹编号›：‹说明›` / `accept claim ‹id›: ‹note›` — accept (the account moves);
 * - `异议 ‹编号›：‹说明›` / `contest claim ‹id›: ‹note›` — contest (it goes up);
 * - `裁决 ‹编号› 划转|维持：‹说明›` / `decide claim ‹id› move|keep: ‹note›` — decide, finally.
 *
 * @module
 */
import type { ScopedStore } from '../access/scoped-store.js';
import { type Claim, describeClaim } from '../claims/claim.js';
import type { Locale } from '../errors/kam-error.js';
import { localised, type Reply } from './replies.js';

/** What a claim command asks for. */
export type ClaimAction =
  | { action: 'list' }
  | { action: 'file'; accountId: string; reason: string }
  | { action: 'accept' | 'contest'; claimId: string; note: string }
  | { action: 'decide'; claimId: string; decision: 'move' | 'keep'; note: string };

/** A parsed claim command. */
export type ClaimRequest = { kind: 'claim'; locale: Locale } & ClaimAction;

const PATTERNS: readonly {
  pattern: RegExp;
  locale: Locale;
  read: (match: RegExpExecArray, text: string) => ClaimAction;
}[] = [
  { pattern: /^(?:归属申请|申请归属)$/u, locale: 'zh-CN', read: () => ({ action: 'list' }) },
  {
    pattern: /^(?:归属申请|申请归属)\s*(\S+?)\s*:\s*(.+)$/u,
    locale: 'zh-CN',
    read: (match, text) => ({ action: 'file', accountId: match[1]!, reason: text }),
  },
  {
    pattern: /^(?:接受申请|接受归属申请)\s*(\S+?)\s*:\s*(.+)$/u,
    locale: 'zh-CN',
    read: (match, text) => ({ action: 'accept', claimId: match[1]!, note: text }),
  },
  {
    pattern: /^(?:异议|归属异议)\s*(\S+?)\s*:\s*(.+)$/u,
    locale: 'zh-CN',
    read: (match, text) => ({ action: 'contest', claimId: match[1]!, note: text }),
  },
  {
    pattern: /^裁决\s*(\S+?)\s+(划转|维持)\s*:\s*(.+)$/u,
    locale: 'zh-CN',
    read: (match, text) => ({
      action: 'decide',
      claimId: match[1]!,
      decision: match[2] === '划转' ? 'move' : 'keep',
      note: text,
    }),
  },
  { pattern: /^claims$/iu, locale: 'en', read: () => ({ action: 'list' }) },
  {
    pattern: /^claim\s+(\S+?)\s*:\s*(.+)$/iu,
    locale: 'en',
    read: (match, text) => ({ action: 'file', accountId: match[1]!, reason: text }),
  },
  {
    pattern: /^(accept|contest)\s+claim\s+(\S+?)\s*:\s*(.+)$/iu,
    locale: 'en',
    read: (match, text) => ({
      action: match[1]!.toLowerCase() === 'accept' ? 'accept' : 'contest',
      claimId: match[2]!,
      note: text,
    }),
  },
  {
    pattern: /^decide\s+claim\s+(\S+?)\s+(move|keep)\s*:\s*(.+)$/iu,
    locale: 'en',
    read: (match, text) => ({
      action: 'decide',
      claimId: match[1]!,
      decision: match[2]!.toLowerCase() === 'move' ? 'move' : 'keep',
      note: text,
    }),
  },
];

/**
 * Read a claim command from a line of chat, or `undefined` when the line is
 * something else. Full-width characters are read as their plain forms (`：`
 * is a colon); the reason or note keeps what the user typed.
 *
 * @example
 * ```ts
 * parseClaimRequest('归属申请 A-own：合作协议由西区签订');
 * // { kind: 'claim', locale: 'zh-CN', action: 'file', accountId: 'A-own', reason: '合作协议由西区签订' }
 * parseClaimRequest('decide claim CL-1 keep: business is in the east');
 * ```
 */
export function parseClaimRequest(text: string): ClaimRequest | undefined {
  const raw = text.trim();
  const folded = raw.normalize('NFKC');
  for (const { pattern, locale, read } of PATTERNS) {
    const match = pattern.exec(folded);
    if (!match) continue;
    // The free text is the last group; take it as typed when NFKC kept the length.
    const last = match[match.length - 1] ?? '';
    const typed = folded.length === raw.length ? raw.slice(raw.length - last.length) : last;
    return { kind: 'claim', locale, ...read(match, typed.trim()) };
  }
  return undefined;
}

/** What {@link claimCommand} needs of the turn. */
export interface ClaimTurn {
  scoped: ScopedStore;
  locale: Locale;
  /** False when others would see the reply (a group chat or channel). */
  privateReply: boolean;
}

const lines = (claims: readonly Claim[]) =>
  localised(
    [`归属申请（共 ${claims.length} 件）`, ...claims.map((claim) => describeClaim(claim)['zh-CN'])].join(
      '\n',
    ),
    [`Claims (${claims.length} in all)`, ...claims.map((claim) => describeClaim(claim).en)].join('\n'),
  );

/**
 * Answer a claim command: the list, or the claim as it stands after the
 * action. Refuses a group chat (as an `error` reply); what the store refuses
 * (a claim out of sight reads as missing, a right the user lacks, a claim
 * already answered) is thrown as its `KamError`, which the engine shows in
 * the user's language.
 */
export async function claimCommand(turn: ClaimTurn, request: ClaimRequest): Promise<Reply> {
  const { locale } = turn;
  if (!turn.privateReply)
    return {
      kind: 'error',
      code: 'FORBIDDEN',
      message: localised(
        '客户归属申请只在私聊中查看和处理，请私聊我再发一次。',
        'Attribution claims are read and handled in a private chat only; send this to me directly.',
      ),
      locale,
    };
  const { scoped } = turn;
  switch (request.action) {
    case 'list':
      return { kind: 'text', text: lines(await scoped.listClaims()), locale };
    case 'file': {
      const claim = await scoped.fileClaim({ accountId: request.accountId, reason: request.reason });
      const line = describeClaim(claim);
      return {
        kind: 'text',
        text: localised(
          `已提交归属申请，待 ${claim.holdingDivision} 答复：\n${line['zh-CN']}`,
          `Claim filed; ${claim.holdingDivision} is to answer it:\n${line.en}`,
        ),
        locale,
      };
    }
    case 'accept':
    case 'contest': {
      const claim = await scoped.answerClaim(request.claimId, request.action, request.note);
      const line = describeClaim(claim);
      return {
        kind: 'text',
        text:
          request.action === 'accept'
            ? localised(
                `已接受，客户 ${claim.accountId} 已划转至 ${claim.claimantDivision}：\n${line['zh-CN']}`,
                `Accepted; account ${claim.accountId} moved to ${claim.claimantDivision}:\n${line.en}`,
              )
            : localised(
                `已提出异议，上报上级裁决：\n${line['zh-CN']}`,
                `Contested; it goes to the level above:\n${line.en}`,
              ),
        locale,
      };
    }
    case 'decide': {
      const claim = await scoped.decideClaim(request.claimId, request.decision, request.note);
      const line = describeClaim(claim);
      return {
        kind: 'text',
        text:
          request.decision === 'move'
            ? localised(
                `已裁决划转，客户 ${claim.accountId} 归属 ${claim.claimantDivision}：\n${line['zh-CN']}`,
                `Decided: account ${claim.accountId} moves to ${claim.claimantDivision}:\n${line.en}`,
              )
            : localised(
                `已裁决维持，客户 ${claim.accountId} 仍归属 ${claim.holdingDivision}：\n${line['zh-CN']}`,
                `Decided: account ${claim.accountId} stays with ${claim.holdingDivision}:\n${line.en}`,
              ),
        locale,
      };
    }
  }
}
