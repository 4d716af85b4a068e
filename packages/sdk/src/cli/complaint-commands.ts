/**
 * `kamkit complaints`: complaints on their clock (deadline from the type,
 * lateness, escalation steps reached), counts by type and lateness, and
 * `complaints log` to record a manager's instruction, an escalation or a note.
 * Acts as one user (`KAMKIT_OPERATOR`, or `--as` a user they manage) through the scoped store.
 *
 * @module
 */
import type { Command } from 'commander';
import { scopeStore } from '../access/scoped-store.js';
import { complaintClocks, complaintCounts } from '../complaints/complaint-clock.js';
import { loadComplaintPreset } from '../complaints/complaint-policy.js';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import { requireActingUser } from './acting-user.js';
import type { CliContext } from './context.js';
import { dateOption } from './options.js';

const TIMING_TEXT = {
  'on-time': { 'zh-CN': '按时答复', en: 'answered on time' },
  late: { 'zh-CN': '逾期答复', en: 'answered late' },
  open: { 'zh-CN': '处理中', en: 'open' },
  overdue: { 'zh-CN': '已逾期', en: 'overdue' },
} as const;

const LOG_KINDS = ['instruction', 'escalation', 'note'] as const;

/**
 * Register `kamkit complaints [--date YYYY-MM-DD] [--open] [--account <id>] [--as <userId>] [--json]`
 * and `kamkit complaints log <complaintId> --kind instruction|escalation|note --text … [--to …]`.
 */
export function registerComplaintsCommand(program: Command, context: CliContext): Command {
  const zhHelp = context.helpLocale === 'zh-CN';
  const complaints = program
    .command('complaints')
    .description(
      zhHelp
        ? '投诉：答复时限、逾期与升级链，按类型和逾期情况统计'
        : 'Complaints on their clock: deadline, lateness, escalation; counts by type and lateness',
    )
    .option('--date <date>', 'the day judged on, YYYY-MM-DD (default: today)')
    .option('--open', 'only complaints not answered yet')
    .option('--account <id>', 'only this account')
    .option('--as <userId>', 'act as a user you manage (you are KAMKIT_OPERATOR)')
    .option('--json', 'print JSON')
    .action(
      async (flags: { date?: string; open?: boolean; account?: string; as?: string; json?: boolean }) => {
        const config = await context.config();
        const today = dateOption(flags.date, '--date', config.timeZone, new Date());
        const policy = config.policies.complaints ?? loadComplaintPreset('standard');
        const store = await context.openStore();
        try {
          const scoped = scopeStore(store, await requireActingUser(store, flags.as, context.env));
          const rows = await scoped.listComplaints(flags.account ? { accountIds: [flags.account] } : {});
          const clocks = complaintClocks({
            complaints: rows,
            policy,
            today,
            timeZone: config.timeZone,
          }).filter((clock) => !flags.open || clock.timing === 'open' || clock.timing === 'overdue');
          const counts = complaintCounts(clocks, policy);
          if (flags.json) {
            context.write(
              `${JSON.stringify({ date: today, policyId: policy.id, complaints: clocks, counts }, null, 2)}\n`,
            );
            return;
          }
          const locale = config.locale;
          const zh = locale === 'zh-CN';
          const lines = [
            zh
              ? `投诉（${today}，共 ${clocks.length} 件）`
              : `Complaints (${today}, ${clocks.length} in all)`,
          ];
          for (const clock of clocks) {
            const reached = clock.escalation.filter((step) => step.reached).at(-1);
            const late =
              clock.daysLate > 0
                ? zh
                  ? `，逾期 ${clock.daysLate} 天`
                  : `, ${clock.daysLate} days late`
                : '';
            const escalate = reached
              ? zh
                ? `；应升级至${reached.to[locale]}${reached.recorded ? '（已升级）' : ''}`
                : `; escalate to ${reached.to[locale]}${reached.recorded ? ' (escalated)' : ''}`
              : '';
            lines.push(
              `  ${clock.complaint.id} · ${clock.complaint.accountId} · ${clock.type.label[locale]} · ${
                zh ? `时限 ${clock.deadline}` : `due ${clock.deadline}`
              } · ${TIMING_TEXT[clock.timing][locale]}${late}${escalate}`,
            );
          }
          lines.push(zh ? '按类型：' : 'By type:');
          for (const line of counts)
            lines.push(
              zh
                ? `  ${line.label[locale]}：${line.received} 件，按时 ${line.onTime}，逾期答复 ${line.late}，处理中 ${line.open}，已逾期 ${line.overdue}`
                : `  ${line.label[locale]}: ${line.received}, on time ${line.onTime}, late ${line.late}, open ${line.open}, overdue ${line.overdue}`,
            );
          context.write(`${lines.join('\n')}\n`);
        } finally {
          await store.close();
        }
      },
    );

  complaints
    .command('log <complaintId>')
    .description(
      zhHelp ? '记录领导批示、升级或备注' : "Record a manager's instruction, an escalation or a note",
    )
    .option('--kind <kind>', `${LOG_KINDS.join(' | ')} (default: instruction)`)
    .option('--text <text>', 'what was instructed, why it was escalated, or the note')
    .option('--to <step>', 'escalations: the step of the chain it goes to')
    .action(async (complaintId: string, _flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<{
        kind?: string;
        text?: string;
        to?: string;
        as?: string;
        json?: boolean;
      }>();
      const kind = flags.kind ?? 'instruction';
      if (!(LOG_KINDS as readonly string[]).includes(kind))
        throw new KamError({
          code: KAM_ERROR_CODES.INVALID_INPUT,
          path: '--kind',
          message: {
            'zh-CN': `--kind 应为 ${LOG_KINDS.join('、')} 之一，收到：${kind}`,
            en: `--kind expects one of ${LOG_KINDS.join(', ')}, got: ${kind}`,
          },
        });
      if (!flags.text?.trim())
        throw new KamError({
          code: KAM_ERROR_CODES.INVALID_INPUT,
          path: '--text',
          message: { 'zh-CN': '缺少 --text', en: '--text is required' },
        });
      const store = await context.openStore();
      try {
        const userId = await requireActingUser(store, flags.as, context.env);
        const scoped = scopeStore(store, userId);
        const [complaint] = (await scoped.listComplaints()).filter((row) => row.id === complaintId);
        if (!complaint)
          throw new KamError({
            code: KAM_ERROR_CODES.NOT_FOUND,
            path: 'complaintId',
            message: { 'zh-CN': `未找到投诉：${complaintId}`, en: `No complaint found: ${complaintId}` },
          });
        const entry = {
          at: new Date().toISOString(),
          actor: userId,
          kind: kind as (typeof LOG_KINDS)[number],
          text: flags.text.trim(),
          ...(flags.to ? { to: flags.to.trim() } : {}),
        };
        const saved = await scoped.putComplaint(
          { ...complaint, log: [...(complaint.log ?? []), entry] },
          { reason: `complaint.${kind}` },
        );
        context.write(
          flags.json ? `${JSON.stringify(saved, null, 2)}\n` : `${complaintId}: ${kind} — ${entry.text}\n`,
        );
      } finally {
        await store.close();
      }
    });
  return complaints;
}
