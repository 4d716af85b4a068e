/**
 * The plain-text rendering of replies, used by `kamkit chat` and text
 * channels such as WeChat.
 *
 * @module
 */
import type { Locale } from '../errors/kam-error.js';
import { formatNumber, formatPercent } from '../money/decimal.js';
import { formatMoneyList } from '../money/money.js';
import { UNIT_PLAN_TEXT_LABELS } from '../unit-plans/unit-plan.js';
import type { Reply, ReviewItemView, ScaleStep } from './replies.js';

function percent(value: number | null): string {
  if (value === null) return '—';
  return formatPercent(value, { signed: true });
}

/** Text in parentheses, full-width in Chinese. */
function aside(text: string, locale: Locale): string {
  return locale === 'zh-CN' ? `（${text}）` : ` (${text})`;
}

function scaleLine(scale: readonly ScaleStep[], locale: Locale): string {
  return scale
    .map((step) => (step.label ? `${step.value} ${step.label[locale]}` : `${step.value}`))
    .join(' · ');
}

function itemLines(item: ReviewItemView, locale: Locale): string[] {
  const lines = [`${item.number}. 【${item.dimension[locale]}】${item.text[locale]}`];
  if (item.high) lines.push(`   ${locale === 'zh-CN' ? '高' : 'High'}: ${item.high[locale]}`);
  if (item.low) lines.push(`   ${locale === 'zh-CN' ? '低' : 'Low'}: ${item.low[locale]}`);
  return lines;
}

/**
 * Render a reply as plain text in `locale` (default: the reply's own locale).
 *
 * @example
 * ```ts
 * const { replies } = await chat.handle(message);
 * for (const reply of replies) console.log(renderReplyText(reply));
 * ```
 */
export function renderReplyText(reply: Reply, locale: Locale = reply.locale): string {
  const zh = locale === 'zh-CN';
  switch (reply.kind) {
    case 'text':
      return reply.text[locale];
    case 'error':
      return `⚠ ${reply.message[locale]}`;
    case 'account-card': {
      const card = reply.card;
      const sep = zh ? '，' : ', ';
      const lines = [
        `■ ${card.name}${aside(`${card.division}${card.industry ? ` · ${card.industry}` : ''}`, locale)}`,
        card.tier.headline[locale],
        `${zh ? `${card.asOf} 收入` : `Revenue ${card.asOf}`} ${card.revenue.month[locale]}${sep}${
          zh ? '环比' : 'MoM'
        } ${percent(card.revenue.monthOnMonth)}${sep}${zh ? '同比' : 'YoY'} ${percent(card.revenue.yearOnYear)}`,
        `${zh ? '近 12 个月' : 'Last 12 months'} ${card.trend.sparkline}`,
      ];
      const next = card.nextAction;
      lines.push(
        `${zh ? '下一步' : 'Next'}: ${
          next
            ? `${next.date} ${next.label[locale]}${
                next.daysOverdue > 0
                  ? aside(
                      zh
                        ? `逾期 ${next.daysOverdue} 天`
                        : `overdue by ${next.daysOverdue} ${next.daysOverdue === 1 ? 'day' : 'days'}`,
                      locale,
                    )
                  : ''
              }`
            : '—'
        }`,
        `${zh ? '上次联系' : 'Last contact'}: ${
          card.lastContact
            ? `${card.lastContact.date} ${card.lastContact.kind[locale]} · ${card.lastContact.by}`
            : '—'
        }`,
        `${zh ? '客户经理' : 'Owners'}: A ${card.owners.a ?? '—'} / B ${card.owners.b ?? '—'}`,
        `${zh ? '关键联系人' : 'Key contact'}: ${
          card.keyContact
            ? `${card.keyContact.name}${aside(
                [card.keyContact.role[locale], card.keyContact.title, card.keyContact.stage[locale]]
                  .filter(Boolean)
                  .join(' · '),
                locale,
              )}`
            : '—'
        }`,
      );
      if (card.satisfaction) lines.push(card.satisfaction[locale]);
      if (card.profile) lines.push(card.profile.line[locale]);
      for (const alert of card.alerts) lines.push(`⚠ ${alert[locale]}`);
      lines.push(zh ? `分级依据：发送「为什么 ${card.name}」` : `Why this tier: send "why ${card.name}"`);
      return lines.join('\n');
    }
    case 'tier': {
      const lines = [
        `■ ${reply.name} · ${reply.asOf}`,
        `${zh ? '分级' : 'Tier'}: ${reply.tier.label[locale]}`,
      ];
      lines.push(`${zh ? '依据' : 'Why'}: ${reply.tier.why[locale]}`);
      lines.push(
        `${zh ? '升级路径' : 'Upgrade path'}: ${reply.tier.upgrade ? reply.tier.upgrade[locale] : zh ? '已是最高级' : 'already at the top'}`,
        `${zh ? '贡献值' : 'Score'}: ${formatNumber(reply.score.value, { decimals: 1 })}${
          reply.score.topFactors.length > 0
            ? aside(
                reply.score.topFactors
                  .map(
                    (factor) =>
                      `${factor.label[locale]} ${formatNumber(factor.contribution, { decimals: 1 })}`,
                  )
                  .join(zh ? '，' : ', '),
                locale,
              )
            : ''
        }`,
      );
      if (reply.profile) lines.push(reply.profile[locale]);
      return lines.join('\n');
    }
    case 'account-report': {
      const report = reply.report;
      const categories = report.categories.slice(0, 5);
      // One money format for the whole message.
      const [spend, previous, gap, ...categoryAmounts] = formatMoneyList(
        [
          report.spendFen,
          report.previousSpendFen,
          report.peers.gapFen,
          ...categories.map((line) => line.revenueFen),
        ],
        locale,
      );
      const lines = [
        `■ ${report.name} · ${report.period}`,
        `${zh ? '消费' : 'Spend'}: ${spend}${aside(
          `${zh ? '上期' : 'previous'} ${previous}${zh ? '，' : ', '}${percent(report.change)}`,
          locale,
        )}`,
        `${zh ? '频次' : 'Purchases'}: ${report.frequency}`,
        `${zh ? '同业平均差距' : 'Gap to peer average'}: ${gap}`,
      ];
      categories.forEach((line, index) => {
        lines.push(
          `  · ${line.category} ${categoryAmounts[index]}${aside(formatPercent(line.share), locale)}`,
        );
      });
      for (const text of report.improvements) lines.push(`→ ${text[locale]}`);
      return lines.join('\n');
    }
    case 'portfolio-report': {
      const analysis = reply.analysis;
      const [month, ...tierAmounts] = formatMoneyList(
        [analysis.revenue.monthFen, ...analysis.tiers.map((line) => line.revenueFen)],
        locale,
      );
      const lines = [
        `■ ${zh ? '客户组合分析' : 'Portfolio analysis'} · ${analysis.month}`,
        `${zh ? '客户数' : 'Accounts'}: ${analysis.accounts} · ${zh ? '大客户' : 'key accounts'} ${analysis.keyAccounts}`,
        `${zh ? '本月收入' : 'Revenue this month'}: ${month}${aside(
          `${zh ? '环比' : 'MoM'} ${percent(analysis.revenue.monthOnMonth)}${zh ? '，' : ', '}${zh ? '同比' : 'YoY'} ${percent(analysis.revenue.yearOnYear)}`,
          locale,
        )}`,
      ];
      analysis.tiers.forEach((line, index) => {
        lines.push(`  · ${line.label[locale]} ${line.count} ${tierAmounts[index]}`);
      });
      lines.push(
        `${zh ? '波动客户' : 'Fluctuating accounts'}: ${analysis.fluctuating.length} · ${zh ? '新增' : 'gained'} ${
          analysis.gained.length
        } · ${zh ? '流失' : 'lost'} ${analysis.lost.length}`,
      );
      if (analysis.unitPlans)
        for (const field of ['wentWell', 'nextPlan'] as const) {
          lines.push(`${UNIT_PLAN_TEXT_LABELS[field][locale]}:`);
          for (const unit of analysis.unitPlans.units)
            lines.push(`  · ${unit.division}: ${unit[field] ?? analysis.unitPlans.missing[locale]}`);
        }
      return lines.join('\n');
    }
    case 'list': {
      if (reply.entries.length === 0) return `${reply.title[locale]}\n${reply.empty[locale]}`;
      const lines = [reply.title[locale]];
      reply.entries.forEach((entry, index) => {
        lines.push(`${index + 1}. ${entry.label[locale]}`);
        if (entry.detail) lines.push(`   ${entry.detail[locale]}`);
      });
      if (reply.more > 0) lines.push(zh ? `……另有 ${reply.more} 项` : `… and ${reply.more} more`);
      return lines.join('\n');
    }
    case 'due-list': {
      if (reply.groups.length === 0) return `${reply.title[locale]}\n${reply.empty[locale]}`;
      const lines = [reply.title[locale], reply.summary[locale]];
      for (const group of reply.groups) {
        lines.push(`【${group.title[locale]}】`);
        for (const account of group.accounts) {
          lines.push(`▸ ${account.name[locale]}`);
          for (const text of account.lines) lines.push(`  · ${text[locale]}`);
        }
      }
      if (reply.more > 0)
        lines.push(
          zh ? `……还有 ${reply.more} 项，发送「更多」继续` : `… ${reply.more} more; send "more" to continue`,
        );
      return lines.join('\n');
    }
    case 'question': {
      const lines = [reply.prompt[locale]];
      for (const option of reply.options) lines.push(`${option.number}. ${option.label[locale]}`);
      if (reply.more > 0)
        lines.push(
          zh ? `……另有 ${reply.more} 个，请输入更完整的名称` : `… ${reply.more} more; type more of the name`,
        );
      return lines.join('\n');
    }
    case 'confirmation':
      return `${reply.prompt[locale]}\n${reply.confirm[locale]} / ${reply.cancel[locale]}`;
    case 'review-item': {
      const lines: string[] = [];
      if (reply.problem) lines.push(`⚠ ${reply.problem[locale]}`);
      lines.push(
        `${reply.subject} · ${reply.item.number}/${reply.total}${aside(`${zh ? '已答' : 'answered'} ${reply.answered}`, locale)}`,
        ...itemLines(reply.item, locale),
        `${zh ? '评分' : 'Rate'}: ${scaleLine(reply.scale, locale)}${
          reply.item.answer === null
            ? ''
            : zh
              ? `（当前 ${reply.item.answer}）`
              : ` (now ${reply.item.answer})`
        }`,
        zh ? '上一题 · 跳过 · 保存 · 提交' : 'back · skip · save · submit',
      );
      return lines.join('\n');
    }
    case 'review-form': {
      const lines = [`${reply.subject}`, `${zh ? '评分' : 'Rate'}: ${scaleLine(reply.scale, locale)}`];
      for (const item of reply.items) {
        lines.push(...itemLines(item, locale));
        lines.push(`   → ${item.answer ?? '—'}`);
      }
      return lines.join('\n');
    }
  }
}
