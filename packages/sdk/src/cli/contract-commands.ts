/**
 * `kamkit contracts list|add|renew|close`: contracts per account (合同),
 * their standing, renewal and fulfilment. Acts as one user (`KAMKIT_OPERATOR`,
 * or `--as` a user they manage) through the scoped store: a contract of an account the user
 * may not see reads exactly like a missing one.
 *
 * @module
 */
import type { Command } from 'commander';
import type { ScopedStore } from '../access/scoped-store.js';
import {
  CONTRACT_RENEWALS,
  CONTRACT_SCOPES,
  CONTRACT_TYPES,
  type Contract,
  contractLine,
  contractState,
  renewContract,
} from '../contracts/contract.js';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import { parseMoney } from '../money/money.js';
import { type ActingFlags, requiredOption, withActingUser } from './acting-user.js';
import type { CliContext } from './context.js';
import { countOption, dateOption } from './options.js';

type CommonFlags = ActingFlags;

/**
 * Register `kamkit contracts` with `list [--account <id>] [--date]`,
 * `add <id> --account … --party … --type … --scope … --start … --end …`,
 * `renew <id> --until <date>` and `close <id> [--on <date>] --reason …`;
 * every subcommand takes `--as <userId>` and `--json`.
 */
export function registerContractsCommand(program: Command, context: CliContext): Command {
  const zhHelp = context.helpLocale === 'zh-CN';
  const contracts = program
    .command('contracts')
    .description(
      zhHelp
        ? '合同：签约方、类型、全国/区域、期限、续约与履约'
        : 'Contracts: parties, type, national/regional, term, renewal and fulfilment',
    )
    .option('--as <userId>', 'act as a user you manage (you are KAMKIT_OPERATOR)')
    .option('--json', 'print JSON');

  /** Open the store, scope it to the acting user, run `work`, close. */
  const withScoped = <T>(flags: CommonFlags, work: (scoped: ScopedStore) => Promise<T>) =>
    withActingUser(context, flags, work);

  const print = async (contract: Contract, flags: CommonFlags) => {
    const config = await context.config();
    const today = dateOption(undefined, '--date', config.timeZone, new Date());
    context.write(
      flags.json
        ? `${JSON.stringify(contract, null, 2)}\n`
        : `${contract.id} · ${contract.accountId} · ${contractLine(contract, today)[config.locale]}\n`,
    );
  };

  contracts
    .command('list')
    .description(zhHelp ? '列出你能看到的合同' : 'List the contracts you may see')
    .option('--account <id>', 'only this account')
    .option('--date <date>', 'the day judged on, YYYY-MM-DD (default: today)')
    .action(async (_flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<CommonFlags & { account?: string; date?: string }>();
      const config = await context.config();
      const today = dateOption(flags.date, '--date', config.timeZone, new Date());
      const rows = await withScoped(flags, (scoped) =>
        scoped.listContracts(flags.account ? { accountIds: [flags.account] } : {}),
      );
      if (flags.json) {
        context.write(
          `${JSON.stringify(
            { date: today, contracts: rows.map((row) => ({ ...row, state: contractState(row, today) })) },
            null,
            2,
          )}\n`,
        );
        return;
      }
      const zh = config.locale === 'zh-CN';
      const lines = [
        zh ? `合同（${today}，共 ${rows.length} 份）` : `Contracts (${today}, ${rows.length} in all)`,
      ];
      for (const row of rows)
        lines.push(`  ${row.id} · ${row.accountId} · ${contractLine(row, today)[config.locale]}`);
      context.write(`${lines.join('\n')}\n`);
    });

  contracts
    .command('add <contractId>')
    .description(zhHelp ? '登记合同' : 'Record a contract')
    .option('--account <id>', 'the account')
    .option('--title <text>', 'a name for the contract')
    .option(
      '--party <name>',
      'a party that signed (repeat for each)',
      (value: string, list: string[] = []) => [...list, value],
    )
    .option('--type <type>', CONTRACT_TYPES.join(' | '))
    .option('--scope <scope>', CONTRACT_SCOPES.join(' | '))
    .option('--start <date>', 'first day, YYYY-MM-DD')
    .option('--end <date>', 'last day, YYYY-MM-DD')
    .option('--renewal <renewal>', `${CONTRACT_RENEWALS.join(' | ')} (default: manual)`)
    .option('--notice-days <days>', 'days before the end when renewal is due (default: 30)')
    .option('--committed <amount>', 'committed amount in yuan (150万, 1,500,000)')
    .option('--actual <amount>', 'amount fulfilled so far, in yuan')
    .action(async (contractId: string, _flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<
        CommonFlags & {
          account?: string;
          title?: string;
          party?: string[];
          type?: string;
          scope?: string;
          start?: string;
          end?: string;
          renewal?: string;
          noticeDays?: string;
          committed?: string;
          actual?: string;
        }
      >();
      const input = {
        id: contractId,
        accountId: requiredOption(flags.account, '--account'),
        ...(flags.title ? { title: flags.title } : {}),
        parties: flags.party ?? [],
        type: requiredOption(flags.type, '--type'),
        scope: requiredOption(flags.scope, '--scope'),
        startDate: requiredOption(flags.start, '--start'),
        endDate: requiredOption(flags.end, '--end'),
        ...(flags.renewal ? { renewal: flags.renewal } : {}),
        ...(flags.noticeDays === undefined ? {} : { noticeDays: countOrZero(flags.noticeDays) }),
        ...(flags.committed === undefined
          ? {}
          : { committedFen: parseMoney(flags.committed, '--committed') }),
        ...(flags.actual === undefined ? {} : { actualFen: parseMoney(flags.actual, '--actual') }),
      };
      const saved = await withScoped(flags, (scoped) =>
        scoped.putContract(input as Parameters<typeof scoped.putContract>[0], { reason: 'contract.add' }),
      );
      await print(saved, flags);
    });

  contracts
    .command('renew <contractId>')
    .description(zhHelp ? '续签合同至新的到期日' : 'Renew a contract to a new end date')
    .option('--until <date>', 'the new last day, YYYY-MM-DD')
    .option('--committed <amount>', 'committed amount of the new term, in yuan')
    .option('--account <id>', 'the account, when the contract id is used under several')
    .action(async (contractId: string, _flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<
        CommonFlags & { until?: string; committed?: string; account?: string }
      >();
      const config = await context.config();
      const until = dateOption(
        requiredOption(flags.until, '--until'),
        '--until',
        config.timeZone,
        new Date(),
      );
      const today = dateOption(undefined, '--date', config.timeZone, new Date());
      const saved = await withScoped(flags, async (scoped) => {
        const contract = await scoped.getContract(contractId, flags.account);
        if (until <= contract.endDate)
          throw new KamError({
            code: KAM_ERROR_CODES.INVALID_INPUT,
            path: '--until',
            message: {
              'zh-CN': `--until 须晚于当前到期日 ${contract.endDate}`,
              en: `--until must be after the current end date ${contract.endDate}`,
            },
          });
        const me = await scoped.me();
        return scoped.putContract(
          renewContract(contract, {
            until,
            by: me.id,
            on: today,
            ...(flags.committed === undefined
              ? {}
              : { committedFen: parseMoney(flags.committed, '--committed') }),
          }),
          { reason: 'contract.renew' },
        );
      });
      await print(saved, flags);
    });

  contracts
    .command('close <contractId>')
    .description(zhHelp ? '终止合同' : 'Close a contract')
    .option('--on <date>', 'the day it ended, YYYY-MM-DD (default: today)')
    .option('--reason <text>', 'why it was closed')
    .option('--account <id>', 'the account, when the contract id is used under several')
    .action(async (contractId: string, _flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<
        CommonFlags & { on?: string; reason?: string; account?: string }
      >();
      const config = await context.config();
      const on = dateOption(flags.on, '--on', config.timeZone, new Date());
      const reason = requiredOption(flags.reason, '--reason');
      const saved = await withScoped(flags, async (scoped) => {
        const contract = await scoped.getContract(contractId, flags.account);
        return scoped.putContract(
          { ...contract, status: 'closed', closedOn: on, closeReason: reason },
          { reason: 'contract.close' },
        );
      });
      await print(saved, flags);
    });
  return contracts;
}

/** `--notice-days`: a whole number of days, 0 allowed. */
function countOrZero(value: string): number {
  return value.trim() === '0' ? 0 : countOption(value, '--notice-days');
}
