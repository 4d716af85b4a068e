/**
 * `kamkit claims list|file|accept|contest|decide`: attribution claims (大客户
 * 归属). A unit files a claim on an account another division holds; the
 * holding division's admin accepts (the account moves) or contests; the level
 * above decides a contested claim, finally. Acts as one user
 * (`KAMKIT_OPERATOR`, or `--as` a user they manage) through the scoped store:
 * a claim the user may not see reads exactly like a missing one.
 *
 * @module
 */
import type { Command } from 'commander';
import type { ScopedStore } from '../access/scoped-store.js';
import { CLAIM_STATUSES, type Claim, type ClaimStatus, describeClaim } from '../claims/claim.js';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import { type ActingFlags, requiredOption, withActingUser } from './acting-user.js';
import type { CliContext } from './context.js';

/** `--status`: one of the claim statuses, named in the error when it is not. */
function statusOption(value: string): ClaimStatus {
  const status = value.trim();
  if ((CLAIM_STATUSES as readonly string[]).includes(status)) return status as ClaimStatus;
  throw new KamError({
    code: KAM_ERROR_CODES.INVALID_INPUT,
    path: '--status',
    message: {
      'zh-CN': `--status 应为 ${CLAIM_STATUSES.join('、')} 之一，收到“${status}”`,
      en: `--status must be one of ${CLAIM_STATUSES.join(', ')}; got "${status}"`,
    },
  });
}

/**
 * Register `kamkit claims` with `list [--status <status>] [--account <id>]`,
 * `file --account <id> --reason <text> [--contract <id>] [--id <claimId>]`,
 * `accept <claimId> --note <text>`, `contest <claimId> --note <text>` and
 * `decide <claimId> --move|--keep --note <text>`; every subcommand takes
 * `--as <userId>` and `--json`.
 */
export function registerClaimsCommand(program: Command, context: CliContext): Command {
  const zhHelp = context.helpLocale === 'zh-CN';
  const claims = program
    .command('claims')
    .description(
      zhHelp
        ? '客户归属申请：申请、接受、异议、上级裁决'
        : 'Attribution claims: file, accept, contest, decide above',
    )
    .option('--as <userId>', 'act as a user you manage (you are KAMKIT_OPERATOR)')
    .option('--json', 'print JSON');

  const run = <T>(flags: ActingFlags, work: (scoped: ScopedStore) => Promise<T>) =>
    withActingUser(context, flags, work);

  const print = async (claim: Claim, flags: ActingFlags) => {
    const { locale } = await context.config();
    context.write(flags.json ? `${JSON.stringify(claim, null, 2)}\n` : `${describeClaim(claim)[locale]}\n`);
  };

  claims
    .command('list')
    .description(zhHelp ? '列出你能看到的归属申请' : 'List the claims you may see')
    .option('--status <status>', CLAIM_STATUSES.join(' | '))
    .option('--account <id>', 'only claims on this account')
    .action(async (_flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<ActingFlags & { status?: string; account?: string }>();
      const { locale } = await context.config();
      const rows = await run(flags, (scoped) =>
        scoped.listClaims({
          ...(flags.status === undefined ? {} : { statuses: [statusOption(flags.status)] }),
          ...(flags.account === undefined ? {} : { accountIds: [flags.account] }),
        }),
      );
      if (flags.json) {
        context.write(`${JSON.stringify({ claims: rows }, null, 2)}\n`);
        return;
      }
      const head = locale === 'zh-CN' ? `归属申请（共 ${rows.length} 件）` : `Claims (${rows.length} in all)`;
      context.write(`${[head, ...rows.map((row) => `  ${describeClaim(row)[locale]}`)].join('\n')}\n`);
    });

  claims
    .command('file')
    .description(
      zhHelp ? '为本单位申请他单位客户的归属' : 'Claim an account another unit holds, for your unit',
    )
    .option('--account <id>', 'the account claimed')
    .option('--reason <text>', 'why, e.g. the unit signed the agreement')
    .option('--contract <id>', 'the agreement signed, when recorded')
    .option('--id <claimId>', 'the claim id (default CL-<account>-<time>)')
    .action(async (_flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<
        ActingFlags & { account?: string; reason?: string; contract?: string; id?: string }
      >();
      const input = {
        accountId: requiredOption(flags.account, '--account'),
        reason: requiredOption(flags.reason, '--reason'),
        ...(flags.contract === undefined ? {} : { contractId: flags.contract }),
        ...(flags.id === undefined ? {} : { id: flags.id }),
      };
      await print(await run(flags, (scoped) => scoped.fileClaim(input)), flags);
    });

  for (const answer of ['accept', 'contest'] as const) {
    claims
      .command(`${answer} <claimId>`)
      .description(
        answer === 'accept'
          ? zhHelp
            ? '接受归属申请：客户划转至申请单位'
            : 'Accept a claim: the account moves to the claimant'
          : zhHelp
            ? '对归属申请提出异议：上报上级裁决'
            : 'Contest a claim: it goes to the level above',
      )
      .option('--note <text>', 'why')
      .action(async (claimId: string, _flags: unknown, command: Command) => {
        const flags = command.optsWithGlobals<ActingFlags & { note?: string }>();
        const note = requiredOption(flags.note, '--note');
        await print(await run(flags, (scoped) => scoped.answerClaim(claimId, answer, note)), flags);
      });
  }

  claims
    .command('decide <claimId>')
    .description(
      zhHelp ? '裁决有异议的归属申请（终裁）' : 'Decide a contested claim, finally (the level above)',
    )
    .option('--move', 'move the account to the claimant')
    .option('--keep', 'keep the account where it is')
    .option('--note <text>', 'why')
    .action(async (claimId: string, _flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<
        ActingFlags & { move?: boolean; keep?: boolean; note?: string }
      >();
      if (flags.move === flags.keep)
        throw new KamError({
          code: KAM_ERROR_CODES.INVALID_INPUT,
          path: '--move',
          message: {
            'zh-CN': '请用 --move（划转）或 --keep（维持）二选一给出裁决',
            en: 'give the decision as exactly one of --move and --keep',
          },
        });
      const note = requiredOption(flags.note, '--note');
      const decision = flags.move ? 'move' : 'keep';
      await print(await run(flags, (scoped) => scoped.decideClaim(claimId, decision, note)), flags);
    });
  return claims;
}
