import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findAccounts, nameKey } from './find-accounts.js';
import { parseCommand } from './parse-command.js';

/** The full-width form of printable ASCII (U+FF01–U+FF5E, ideographic space). */
function toFullWidth(text: string): string {
  return [...text]
    .map((char) => {
      const code = char.charCodeAt(0);
      if (code === 0x20) return '\u3000';
      if (code >= 0x21 && code <= 0x7e) return String.fromCharCode(code + 0xfee0);
      return char;
    })
    .join('');
}

describe('parseCommand', () => {
  it('forgives punctuation and brackets around codes, synonyms, and keeps what was typed', () => {
    expect(
      ['绑定：ABCD2345', '绑定 ‹ABCD2345›', '绑定 ABCD2345。', '绑定【abcd2345】'].map((text) =>
        parseCommand(text),
      ),
    ).toEqual(Array(4).fill({ kind: 'bind', code: 'ABCD2345', locale: 'zh-CN' }));
    expect(parseCommand('确认提交').kind).toBe('submit');
    expect(parseCommand('提交了').kind).toBe('submit');
    expect(parseCommand('好的').kind).toBe('confirm');
    expect(parseCommand('OK!').kind).toBe('confirm');
    expect(parseCommand('yes').kind).toBe('confirm');
    expect(parseCommand('status Nonexistent Holdings')).toMatchObject({ query: 'Nonexistent Holdings' });
  });

  it('reads 满意度 / satisfaction: an account, then answers in question order', () => {
    expect(parseCommand('满意度 华能源')).toEqual({
      kind: 'satisfaction',
      query: '华能源',
      answers: [],
      locale: 'zh-CN',
    });
    expect(parseCommand('满意度华能源 5 4 5')).toEqual({
      kind: 'satisfaction',
      query: '华能源',
      answers: ['5', '4', '5'],
      locale: 'zh-CN',
    });
    expect(parseCommand('satisfaction China Eastern 10 9')).toEqual({
      kind: 'satisfaction',
      query: 'China Eastern',
      answers: ['10', '9'],
      locale: 'en',
    });
    expect(parseCommand('满意度')).toEqual({ kind: 'satisfaction', query: '', answers: [], locale: 'zh-CN' });
    // Answers need an account.
    expect(parseCommand('满意度 5 4').kind).toBe('unknown');
  });

  it('reads "who owns" questions instead of a lookup of the rest', () => {
    expect(parseCommand('客户经理是谁？')).toEqual({ kind: 'owner', query: '', locale: 'zh-CN' });
    expect(parseCommand('华能源的客户经理是谁？')).toEqual({
      kind: 'owner',
      query: '华能源',
      locale: 'zh-CN',
    });
    expect(parseCommand('who owns Acme?')).toEqual({ kind: 'owner', query: 'Acme', locale: 'en' });
  });

  it('reads "how is X doing?" as the status card', () => {
    for (const text of ['华能源怎么样？', '华能源最近怎么样', '华能源情况如何', '华能源的情况'])
      expect(parseCommand(text)).toEqual({ kind: 'status', query: '华能源', locale: 'zh-CN' });
    expect(parseCommand("How's Acme doing?")).toEqual({ kind: 'status', query: 'Acme', locale: 'en' });
    expect(parseCommand('how is Acme Holdings')).toEqual({
      kind: 'status',
      query: 'Acme Holdings',
      locale: 'en',
    });
  });

  it('reads "which of my accounts moved most" as the movers list', () => {
    for (const text of [
      '变化最大',
      '我的客户本月变化最大的是哪些？',
      '本月波动最大的客户',
      '哪些客户收入变化最大',
    ])
      expect(parseCommand(text)).toEqual({ kind: 'movers', locale: 'zh-CN' });
    for (const text of ['movers', 'my biggest movers this month', 'Which of my accounts moved most?'])
      expect(parseCommand(text)).toEqual({ kind: 'movers', locale: 'en' });
  });

  it('reads the Chinese and English commands', () => {
    expect(parseCommand('查询 华能源')).toEqual({ kind: 'status', query: '华能源', locale: 'zh-CN' });
    expect(parseCommand('查询华能源')).toEqual({ kind: 'status', query: '华能源', locale: 'zh-CN' });
    expect(parseCommand('Status  Huaneng   Group')).toEqual({
      kind: 'status',
      query: 'Huaneng Group',
      locale: 'en',
    });
    expect(parseCommand('分级 泰新制造')).toEqual({ kind: 'tier', query: '泰新制造', locale: 'zh-CN' });
    expect(parseCommand('报表')).toEqual({ kind: 'report', query: '', period: null, locale: 'zh-CN' });
    expect(parseCommand('report 2026-q3')).toEqual({
      kind: 'report',
      query: '',
      period: '2026-Q3',
      locale: 'en',
    });
    expect(parseCommand('报表 华能源 2026-10')).toEqual({
      kind: 'report',
      query: '华能源',
      period: '2026-10',
      locale: 'zh-CN',
    });
    expect(parseCommand('待办')).toEqual({ kind: 'due', filter: '', locale: 'zh-CN' });
    expect(parseCommand('DUE')).toEqual({ kind: 'due', filter: '', locale: 'en' });
    expect(parseCommand('待办 逾期')).toEqual({ kind: 'due', filter: '逾期', locale: 'zh-CN' });
    expect(parseCommand('待办华瑞化工')).toEqual({ kind: 'due', filter: '华瑞化工', locale: 'zh-CN' });
    expect(parseCommand('due overdue')).toEqual({ kind: 'due', filter: 'overdue', locale: 'en' });
    expect(parseCommand('更多')).toEqual({ kind: 'more', locale: 'zh-CN' });
    expect(parseCommand('More')).toEqual({ kind: 'more', locale: 'en' });
    expect(parseCommand('为什么 华瑞化工')).toEqual({ kind: 'why', query: '华瑞化工', locale: 'zh-CN' });
    expect(parseCommand('为什么华瑞化工')).toEqual({ kind: 'why', query: '华瑞化工', locale: 'zh-CN' });
    expect(parseCommand('why ACC-0007')).toEqual({ kind: 'why', query: 'ACC-0007', locale: 'en' });
    expect(parseCommand('预警')).toEqual({ kind: 'alerts', locale: 'zh-CN' });
    expect(parseCommand('评价 2')).toEqual({ kind: 'review', choice: 2, locale: 'zh-CN' });
    expect(parseCommand('review')).toEqual({ kind: 'review', choice: null, locale: 'en' });
    expect(parseCommand('帮助')).toEqual({ kind: 'help', locale: 'zh-CN' });
    expect(parseCommand('bind k7q4 m2xd')).toEqual({ kind: 'bind', code: 'K7Q4M2XD', locale: 'en' });
    expect(parseCommand('上一题')).toEqual({ kind: 'back', locale: 'zh-CN' });
    expect(parseCommand('跳过')).toEqual({ kind: 'skip', locale: 'zh-CN' });
    expect(parseCommand('保存')).toEqual({ kind: 'save', locale: 'zh-CN' });
    expect(parseCommand('提交')).toEqual({ kind: 'submit', locale: 'zh-CN' });
    expect(parseCommand('确认')).toEqual({ kind: 'confirm', locale: 'zh-CN' });
    expect(parseCommand('４')).toEqual({ kind: 'number', value: 4, locale: null });
  });

  it('treats an argument on a bare command, or an unknown word, as not understood', () => {
    // `due ‹text›` filters the due list to an account (a name that matches none is answered as not found).
    expect(parseCommand('due tomorrow')).toEqual({ kind: 'due', filter: 'tomorrow', locale: 'en' });
    expect(parseCommand('hello there').kind).toBe('unknown');
    expect(parseCommand('查询').kind).toBe('unknown');
    expect(parseCommand('   ').kind).toBe('empty');
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        const parsed = parseCommand(text);
        expect(typeof parsed.kind).toBe('string');
      }),
      { numRuns: 500 },
    );
  });

  it('parses full-width and half-width forms the same', () => {
    const word = fc.constantFrom(
      'status',
      'tier',
      'report',
      'due',
      'alerts',
      'review',
      'help',
      'bind',
      'skip',
      'Save',
    );
    const line = fc
      .tuple(
        word,
        fc.string({
          unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
          maxLength: 30,
        }),
      )
      .map(([head, rest]) => `${head} ${rest}`);
    fc.assert(
      fc.property(fc.oneof(line, fc.string({ maxLength: 40 })), (text) => {
        expect(parseCommand(toFullWidth(text))).toEqual(parseCommand(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('findAccounts', () => {
  const accounts = [
    { id: 'acc-1', name: '江苏嘉新能源股份有限公司', shortName: '嘉新能源', aliases: [] },
    { id: 'acc-2', name: '江苏嘉新医药股份有限公司', shortName: '嘉新医药', aliases: ['JX Pharma'] },
  ].map((account) => ({
    parentId: null,
    type: 'private' as const,
    division: '华东事业部',
    flags: [],
    ownerA: null,
    ownerB: null,
    attributes: {},
    ...account,
  }));

  it('matches full name, short name and alias regardless of spacing, case and width', () => {
    expect(findAccounts(accounts, '江苏嘉新能源股份有限公司').map((a) => a.id)).toEqual(['acc-1']);
    expect(findAccounts(accounts, '嘉 新 医 药').map((a) => a.id)).toEqual(['acc-2']);
    expect(findAccounts(accounts, 'ｊｘ　ｐｈａｒｍａ').map((a) => a.id)).toEqual(['acc-2']);
    expect(findAccounts(accounts, '嘉新').map((a) => a.id)).toEqual(['acc-1', 'acc-2']);
    expect(findAccounts(accounts, '华能源')).toEqual([]);
    expect(nameKey('ＡＣＣ－０００４')).toBe('acc0004');
  });
});
