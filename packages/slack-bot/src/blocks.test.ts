import type { Reply } from '@kamkit/sdk';
import { describe, expect, it } from 'vitest';
import { homeView, type ReviewFormReply, replyMessage, reviewModal } from './blocks.js';
import { modalErrors, readReviewState, stripMentions } from './bot.js';

const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });

function form(locale: 'zh-CN' | 'en'): ReviewFormReply {
  return {
    kind: 'review-form',
    locale,
    nominationId: 'n-1',
    subject: '吴娜静 <script>',
    scale: [1, 2, 3, 4, 5].map((value) => ({ value, label: value === 5 ? text('优秀', 'Excellent') : null })),
    items: [
      {
        itemId: 'lead-direction',
        number: 1,
        dimension: text('领导力', 'Leadership'),
        text: text('为团队设定清晰的方向和目标', 'Sets a clear direction and goals'),
        high: text('人人能复述目标', 'Everyone can repeat the goals'),
        low: null,
        answer: 4,
      },
      {
        itemId: 'deliver-quality',
        number: 2,
        dimension: text('交付', 'Delivery'),
        text: text('交付质量稳定', 'Delivers steady quality'),
        high: null,
        low: null,
        answer: null,
      },
    ],
  };
}

const dimensions = [
  { id: 'leadership', name: text('领导力', 'Leadership') },
  { id: 'delivery', name: text('交付', 'Delivery') },
];

describe('replyMessage', () => {
  it('renders an error as a warning and a question as numbered buttons, in the reply locale', () => {
    const error = replyMessage({
      kind: 'error',
      code: 'NOT_FOUND',
      message: text('未找到客户：<x>', 'No account found: <x>'),
      locale: 'en',
    });
    expect(error.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: ':warning: No account found: &lt;x&gt;' } },
    ]);
    const question = replyMessage({
      kind: 'question',
      prompt: text('请回复编号：', 'Reply with a number:'),
      options: [
        { number: 1, label: text('嘉新医药', 'Jiaxin Pharma') },
        { number: 2, label: text('嘉新能源', 'Jiaxin Energy') },
      ],
      more: 3,
      locale: 'zh-CN',
    });
    expect(question.blocks[1]).toMatchObject({
      type: 'actions',
      elements: [
        { action_id: 'kam_answer:1', text: { text: '1. 嘉新医药' }, value: '{"number":1}' },
        { action_id: 'kam_answer:2', text: { text: '2. 嘉新能源' } },
      ],
    });
    expect(JSON.stringify(question.blocks[2])).toContain('另有 3 个');
  });

  it('renders an empty list with its empty text', () => {
    const list: Reply = {
      kind: 'list',
      title: text('预警', 'Alerts'),
      entries: [],
      more: 0,
      empty: text('没有预警。', 'No alerts.'),
      locale: 'en',
    };
    expect(replyMessage(list).blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Alerts', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: 'No alerts.' } },
    ]);
  });
});

describe('reviewModal', () => {
  it('has a radio input per item with the draft answer selected, a comment per dimension, and the metadata', () => {
    const view = reviewModal(form('zh-CN'), dimensions, { delivery: '稳定' });
    const ids = view.blocks.map((block) => block.block_id).filter(Boolean);
    expect(ids).toEqual([
      'item:lead-direction',
      'comment:leadership',
      'item:deliver-quality',
      'comment:delivery',
    ]);
    const first = view.blocks.find((block) => block.block_id === 'item:lead-direction');
    expect(first).toMatchObject({
      type: 'input',
      optional: true,
      label: { text: '1. 为团队设定清晰的方向和目标' },
      hint: { text: '高: 人人能复述目标' },
      element: { type: 'radio_buttons', initial_option: { value: '4' } },
    });
    expect(JSON.stringify(view.blocks)).toContain('"initial_value":"稳定"');
    expect(JSON.stringify(view.blocks[0])).toContain('吴娜静 &lt;script&gt;');
    expect(view.title.text).toBe('360° 评价');
    expect(JSON.parse(view.private_metadata ?? '')).toEqual({
      nominationId: 'n-1',
      locale: 'zh-CN',
      dimensionIds: ['leadership', 'delivery'],
    });
    expect(reviewModal(form('en'), dimensions).submit?.text).toBe('Submit');
  });
});

describe('modal round trip', () => {
  it('reads ratings and non-empty comments, and puts engine issues on their blocks', () => {
    expect(
      readReviewState({
        'item:lead-direction': { rating: { selected_option: { value: '5' } } },
        'item:deliver-quality': { rating: { selected_option: null } },
        'comment:leadership': { comment: { value: '  好 ' } },
        'comment:delivery': { comment: { value: '' } },
      }),
    ).toEqual({ answers: { 'lead-direction': 5 }, comments: { leadership: '好' } });
    const reply = {
      kind: 'error' as const,
      code: 'INVALID_INPUT',
      locale: 'zh-CN' as const,
      message: text(
        '输入有误\n· answers.deliver-quality：「交付质量稳定」未作答\n· comments.ghost：没有此维度',
        'Invalid input\n· answers.deliver-quality: "Delivers steady quality" is not answered\n· comments.ghost: no such dimension',
      ),
      issues: [
        {
          path: 'answers.deliver-quality',
          expected: text('「交付质量稳定」未作答', '"Delivers steady quality" is not answered'),
        },
        { path: 'comments.ghost', expected: text('没有此维度', 'no such dimension') },
      ],
    };
    const blocks = ['item:lead-direction', 'item:deliver-quality', 'comment:leadership'];
    expect(modalErrors(reply, blocks, 'en')).toEqual({
      'item:deliver-quality': '"Delivers steady quality" is not answered',
    });
    expect(
      modalErrors({ ...reply, issues: [], message: text('评价周期已关闭', 'The cycle is closed') }, blocks),
    ).toEqual({
      'item:lead-direction': '评价周期已关闭',
    });
  });

  it('strips mentions of the bot', () => {
    expect(stripMentions('<@UBOT> 查询 华能源')).toBe('查询 华能源');
    expect(stripMentions('<@UBOT|kamkit>status x')).toBe('status x');
  });
});

describe('homeView', () => {
  it('keeps all three sections in the user locale within 100 blocks, however long a list', () => {
    const many: Reply = {
      kind: 'list',
      title: text('待办', 'Due'),
      entries: Array.from({ length: 200 }, (_, index) => ({ label: text(`事项 ${index}`, `Item ${index}`) })),
      more: 0,
      empty: text('无', 'None'),
      locale: 'en',
    };
    const view = homeView({ locale: 'en', reviews: [], due: [many], alerts: [] });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const headers = view.blocks
      .filter((block) => block.type === 'header')
      .map((block) => JSON.stringify(block));
    expect(headers.map((json) => JSON.parse(json).text.text)).toEqual([
      'My pending reviews',
      'My due actions',
      'My alerts',
    ]);
  });
});

describe('status card and due list blocks', () => {
  const card: Extract<Reply, { kind: 'account-card' }> = {
    kind: 'account-card',
    locale: 'zh-CN',
    card: {
      accountId: 'acc-0007',
      name: '华瑞化工',
      division: '华北事业部',
      industry: '电力',
      asOf: '2026-10',
      tier: {
        id: 'vip',
        label: text('VIP 客户', 'VIP'),
        headline: text('VIP 客户 · 距金牌还差 ¥37.89万', 'VIP · ¥378,900 to Gold'),
      },
      revenue: { month: text('¥5,566.05', '¥5,566.05'), monthOnMonth: 0.1234, yearOnYear: null },
      trend: { months: ['2025-11', '2026-10'], revenueFen: [0, 100], sparkline: '▁█' },
      nextAction: {
        date: '2026-10-01',
        label: text('客户经理走访', 'Account manager visit'),
        daysOverdue: 35,
      },
      lastContact: { date: '2026-09-01', kind: text('拜访', 'visit'), by: '杨军芳' },
      owners: { a: '杨军芳', b: null },
      keyContact: {
        name: '张伟',
        title: '总经理',
        role: text('决策人', 'decision maker'),
        stage: text('信赖', 'trust'),
      },
      alerts: [],
    },
  };

  it('shows the glance card with trend, overdue mark and a Why? button', () => {
    const message = replyMessage(card);
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('VIP 客户 · 距金牌还差 ¥37.89万');
    expect(json).toContain('环比 +12.3% · 同比 —');
    expect(json).toContain('逾期 35 天');
    expect(json).toContain('▁█');
    expect(json).toContain('张伟 · 决策人 · 总经理 · 信赖');
    const actions = message.blocks.find((block) => block.type === 'actions') as {
      elements: { text: { text: string }; value: string }[];
    };
    const why = actions.elements.find((element) => element.text.text === '为什么')!;
    expect(JSON.parse(why.value)).toEqual({ command: 'why', accountId: 'acc-0007' });
    const en = JSON.stringify(replyMessage({ ...card, locale: 'en' }).blocks);
    expect(en).toContain('Why?');
    expect(en).toContain('overdue by 35 days');
  });

  it('shows the satisfaction index in both locales, escaped, only when the card has one', () => {
    const surveyed = {
      ...card,
      card: {
        ...card.card,
        satisfaction: text(
          '满意度 87.5（2 份问卷，最近 2026-10-15）<@U1>',
          'Satisfaction 87.5 (2 responses, latest 2026-10-15) <@U1>',
        ),
      },
    };
    // The texts of the card's context lines.
    const texts = (message: { blocks: readonly unknown[] }) =>
      (message.blocks as { type: string; elements?: { text?: string }[] }[])
        .filter((block) => block.type === 'context')
        .flatMap((block) => (block.elements ?? []).map((element) => element.text ?? ''));
    expect(texts(replyMessage(surveyed))).toContain('满意度 87.5（2 份问卷，最近 2026-10-15）&lt;@U1&gt;');
    expect(texts(replyMessage({ ...surveyed, locale: 'en' }))).toContain(
      'Satisfaction 87.5 (2 responses, latest 2026-10-15) &lt;@U1&gt;',
    );
    // The fallback text carries it too, and a card without responses shows no satisfaction line.
    expect(replyMessage(surveyed).text).toContain('满意度 87.5');
    expect(JSON.stringify(replyMessage(card).blocks)).not.toContain('满意度');
  });

  it('shows the profile checklist line (n of m, the missing items) in both locales, only when the card has one', () => {
    const profiled = {
      ...card,
      card: {
        ...card.card,
        profile: {
          line: text(
            '客户档案 5/7 项，缺：近期和远期发展规划、是否可能建立分支',
            'Profile 5 of 7, missing: near- and long-term plans, planned branches',
          ),
          filled: 5,
          total: 7,
          missing: [
            text('近期和远期发展规划', 'near- and long-term plans'),
            text('是否可能建立分支', 'planned branches'),
          ],
        },
      },
    };
    const texts = (message: { blocks: readonly unknown[] }) =>
      (message.blocks as { type: string; elements?: { text?: string }[] }[])
        .filter((block) => block.type === 'context')
        .flatMap((block) => (block.elements ?? []).map((element) => element.text ?? ''));
    expect(texts(replyMessage(profiled))).toContain(
      ':memo: 客户档案 5/7 项，缺：近期和远期发展规划、是否可能建立分支',
    );
    expect(texts(replyMessage({ ...profiled, locale: 'en' }))).toContain(
      ':memo: Profile 5 of 7, missing: near- and long-term plans, planned branches',
    );
    expect(replyMessage(profiled).text).toContain('客户档案 5/7 项');
    expect(JSON.stringify(replyMessage(card).blocks)).not.toContain('客户档案');
  });

  it('groups the due list and offers More while lines remain', () => {
    const list: Extract<Reply, { kind: 'due-list' }> = {
      kind: 'due-list',
      locale: 'en',
      title: text('待办（2026-11-05）', 'Due actions (2026-11-05)'),
      summary: text('逾期 3 项', 'Overdue 3'),
      groups: [
        {
          urgency: 'overdue',
          title: text('逾期', 'Overdue'),
          accounts: [
            {
              accountId: 'acc-0007',
              name: text('华瑞化工', '华瑞化工'),
              lines: [
                text(
                  '3 次客户经理走访逾期，最早 35 天',
                  '3 × Account manager visit overdue, the oldest by 35 days',
                ),
              ],
            },
          ],
        },
      ],
      more: 4,
      empty: text('没有', 'Nothing'),
    };
    const message = replyMessage(list);
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('3 × Account manager visit overdue, the oldest by 35 days');
    const more = message.blocks.find((block) => block.type === 'actions') as {
      elements: { text: { text: string }; value: string }[];
    };
    expect(more.elements[0]!.text.text).toBe('More (4 left)');
    expect(JSON.parse(more.elements[0]!.value)).toEqual({ command: 'more' });
    expect(JSON.stringify(replyMessage({ ...list, more: 0 }).blocks)).not.toContain('More (');
  });
});
