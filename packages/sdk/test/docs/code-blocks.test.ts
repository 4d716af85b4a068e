import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify, codeBlocks, shellWords } from './code-blocks.js';

const textLine = fc.stringMatching(/^[a-z ]{0,20}$/).filter((line) => !line.includes('```'));

describe('codeBlocks', () => {
  it('finds every fence with its line, language, text and the line before it', () => {
    const block = fc.record({
      before: fc.array(textLine, { maxLength: 3 }),
      marked: fc.boolean(),
      lang: fc.constantFrom('ts', 'sh', 'json', ''),
      body: fc.array(textLine, { maxLength: 4 }),
      indent: fc.constantFrom('', '   '),
    });
    fc.assert(
      fc.property(fc.array(block, { maxLength: 5 }), (blocks) => {
        const lines: string[] = [];
        const expected: { line: number; lang: string; code: string; marked: boolean }[] = [];
        for (const { before, marked, lang, body, indent } of blocks) {
          lines.push(...before);
          if (marked) lines.push(`${indent}<!-- illustrative -->`);
          expected.push({
            line: lines.length + 1,
            lang,
            code: body.length ? `${body.join('\n')}\n` : '',
            marked,
          });
          lines.push(`${indent}\`\`\`${lang}`, ...body.map((line) => `${indent}${line}`), `${indent}\`\`\``);
        }
        const found = codeBlocks('doc.md', lines.join('\n'));
        expect(
          found.map((found) => ({
            line: found.line,
            lang: found.lang,
            code: found.code,
            marked: classify(found).kind === 'illustrative',
          })),
        ).toEqual(expected);
      }),
    );
  });

  it('keeps a longer fence open across a shorter one', () => {
    const [block] = codeBlocks('doc.md', '````md\n```ts\nx\n```\n````\n');
    expect(block?.code).toBe('```ts\nx\n```\n');
  });
});

describe('classify', () => {
  const block = (lang: string, code: string, preceding = '') => ({
    file: 'doc.md',
    line: 1,
    lang,
    code,
    preceding,
  });

  it('runs kamkit lines with their environment and refuses everything else', () => {
    expect(classify(block('sh', 'KAMKIT_LOCALE=zh-CN kamkit demo --memory # Chinese\n'))).toEqual({
      kind: 'commands',
      commands: [
        {
          env: { KAMKIT_LOCALE: 'zh-CN' },
          args: ['demo', '--memory'],
          text: 'KAMKIT_LOCALE=zh-CN kamkit demo --memory',
        },
      ],
      expected: null,
    });
    expect(classify(block('sh', 'pnpm test\n')).kind).toBe('unchecked');
    expect(classify(block('sh', 'kamkit demo | head\n')).kind).toBe('unchecked');
    expect(classify(block('console', '$ kamkit --help\nUsage: kamkit\n'))).toMatchObject({
      kind: 'commands',
      expected: 'Usage: kamkit',
    });
  });

  it('validates JSON and YAML only when they are a KAMkit configuration', () => {
    expect(classify(block('yaml', 'locale: en\n', 'In `kamkit.config.yaml`:')).kind).toBe('config');
    expect(classify(block('yaml', '# kamkit.config.yaml\nlocale: en\n')).kind).toBe('config');
    expect(classify(block('yaml', 'id: value\n')).kind).toBe('unchecked');
    expect(classify(block('sql', 'SELECT 1;\n', '<!-- illustrative: needs a server -->')).kind).toBe(
      'illustrative',
    );
  });
});

describe('shellWords', () => {
  it('splits on spaces outside quotes', () => {
    expect(shellWords(`kamkit import accounts "客户 名单.csv" --report 'a b.csv'`)).toEqual([
      'kamkit',
      'import',
      'accounts',
      '客户 名单.csv',
      '--report',
      'a b.csv',
    ]);
    expect(shellWords('kamkit "open')).toBeNull();
  });
});
