import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { isKamError } from '../errors/kam-error.js';
import { type DecodeState, decodeText, type ImportEncoding } from './decode.js';
import { type RawRow, readRows } from './read-rows.js';
import { csvLine } from './reject-report.js';

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

async function decodeAll(bytes: Uint8Array, encoding: ImportEncoding, size = 7) {
  const state: DecodeState = { encoding: undefined, bytesRead: 0 };
  let text = '';
  for await (const part of decodeText(chunks(bytes, size), encoding, state)) text += part;
  return { text, state };
}

async function collect(rows: AsyncIterable<RawRow>): Promise<RawRow[]> {
  const out: RawRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

describe('decodeText', () => {
  const chinese = '客户编号,客户名称\nA1,中国石油天然气集团\n';

  it('auto-detects UTF-8 and strips its BOM, across chunk boundaries', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(chinese, 'utf8')]);
    for (const size of [1, 2, 5, 64]) {
      const { text, state } = await decodeAll(bytes, 'auto', size);
      expect(text).toBe(chinese);
      expect(state.encoding).toBe('utf-8');
      expect(state.bytesRead).toBe(bytes.length);
    }
  });

  it('auto-detects GBK even after a long ASCII prefix', async () => {
    const text = `${'id,note\n'.repeat(2000)}A1,大客户经理\n`;
    const { text: decoded, state } = await decodeAll(iconv.encode(text, 'gbk'), 'auto', 1000);
    expect(state.encoding).toBe('gbk');
    expect(decoded).toBe(text);
  });

  it('a UTF-8 BOM wins over a GBK declaration', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(chinese, 'utf8')]);
    const { text, state } = await decodeAll(bytes, 'gbk');
    expect(state.encoding).toBe('utf-8');
    expect(text).toBe(chinese);
  });

  it('marks bytes invalid in the declared encoding with U+FFFD', async () => {
    const { text } = await decodeAll(iconv.encode(chinese, 'gbk'), 'utf-8');
    expect(text).toContain('\uFFFD');
  });

  it('refuses UTF-16 with a clear error', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(chinese, 'utf16le')]);
    const error = await decodeAll(bytes, 'auto').catch((caught: unknown) => caught);
    expect(isKamError(error) && error.code).toBe('IMPORT_FAILED');
    expect((error as Error).message).toMatch(/UTF-16/);
  });
});

describe('readRows', () => {
  it('numbers CSV rows as a spreadsheet does: header row 1, blank rows counted, multi-line cells one row', async () => {
    let header: readonly string[] = [];
    const text = 'id,note\nA1,first\n\nA2,"two\nlines"\nA3,third\n';
    const rows = await collect(
      readRows(once(text), 'csv', (names) => {
        header = names;
      }),
    );
    expect(header).toEqual(['id', 'note']);
    expect(rows.map((row) => [row.row, row.values])).toEqual([
      [2, ['A1', 'first']],
      [4, ['A2', 'two\nlines']],
      [5, ['A3', 'third']],
    ]);
  });

  it('reads JSON Lines by line number and flags lines that are not objects', async () => {
    const text = '{"id":"A1","amount":"1.50"}\r\n\n[1,2]\n{"id":"A2"}';
    const rows = await collect(readRows(once(text), 'jsonl'));
    expect(rows.map((row) => [row.row, row.keys, row.unreadable === undefined])).toEqual([
      [1, ['id', 'amount'], true],
      [3, [], false],
      [4, ['id'], true],
    ]);
  });

  it('reports unbalanced quotes as a CSV syntax error', async () => {
    const error = await collect(readRows(once('id,note\nA1,"open\n'), 'csv')).catch(
      (caught: unknown) => caught,
    );
    expect(isKamError(error) && error.code).toBe('IMPORT_FAILED');
    expect((error as Error).message).toMatch(/CSV syntax error/);
  });

  it('property: any table written with csvLine reads back cell for cell', async () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'Z', '9', ' ', ',', '"', '\n', '\r\n', '客', '户', '¥', '.'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 5 })
          .chain((width) =>
            fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }),
          ),
        async (table) => {
          const width = table[0]!.length;
          const header = Array.from({ length: width }, (_, index) => `c${index}`);
          // A row of blank cells reads as a blank row and is skipped, so keep one cell non-blank.
          const body = table.map((row) => [`r${row.length}`, ...row.slice(1)]);
          const text = [header, ...body].map((row) => `${csvLine(row)}\r\n`).join('');
          const rows = await collect(readRows(once(text), 'csv'));
          // csvLine neutralises formula-like cells (a leading `=`, `+`, `-`, `@`, tab or CR) with a `'`.
          const neutralised = body.map((row) =>
            row.map((value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value)),
          );
          expect(rows.map((row) => row.values)).toEqual(neutralised);
        },
      ),
    );
  });
});

describe('readRows: files as they come', () => {
  it('mixed line endings: a CRLF header with LF rows reads one row per line', async () => {
    const rows = await collect(readRows(once('id,name\r\nA1,x\nA2,y\nA3,z\n'), 'csv'));
    expect(rows.map((row) => row.values)).toEqual([
      ['A1', 'x'],
      ['A2', 'y'],
      ['A3', 'z'],
    ]);
    const skipping = await collect(
      readRows(once('id,name\r\nA1,x\nA2,y\rA3,z'), 'csv', undefined, { skipInvalid: true }),
    );
    expect(skipping.map((row) => [row.row, row.values])).toEqual([
      [2, ['A1', 'x']],
      [3, ['A2', 'y']],
      [4, ['A3', 'z']],
    ]);
  });

  it('skip-invalid: a CSV syntax error rejects its row only, and reading goes on', async () => {
    const text = 'id,note\nA1,ok\nA2,"北京"路\nA3,"fine, quoted"\nA4,"never closed\nA5,last\n';
    const rows = await collect(readRows(once(text), 'csv', undefined, { skipInvalid: true }));
    expect(rows.map((row) => [row.row, row.unreadable === undefined ? row.values : row.original])).toEqual([
      [2, ['A1', 'ok']],
      [3, ['A2,"北京"路']],
      [4, ['A3', 'fine, quoted']],
      [5, ['A4,"never closed']],
      [6, ['A5', 'last']],
    ]);
    expect(rows[1]?.unreadable?.en).toMatch(/well-formed CSV row/);
    expect(rows[1]?.unreadable?.['zh-CN']).toMatch(/引号/);
  });

  it('skip-invalid: a broken header still stops the import', async () => {
    const error = await collect(
      readRows(once('id,"no\nA1,x\n'), 'csv', undefined, { skipInvalid: true }),
    ).catch((caught: unknown) => caught);
    expect(isKamError(error) && error.code).toBe('IMPORT_FAILED');
  });

  it('property: both readers agree on well-formed CSV with any line endings, in any chunking', async () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '9', ' ', ',', '"', '\n', '客') });
    const ending = fc.constantFrom('\n', '\r\n', '\r');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(cell, cell, ending), { minLength: 1, maxLength: 8 }),
        ending,
        fc.integer({ min: 1, max: 7 }),
        async (table, headerEnding, size) => {
          const body = table.map(([left, right]) => [`r${left.length}`, right]);
          const text = `a,b${headerEnding}${table.map(([, , end], index) => `${csvLine(body[index]!)}${end}`).join('')}`;
          async function* pieces(): AsyncGenerator<string> {
            for (let start = 0; start < text.length; start += size) yield text.slice(start, start + size);
          }
          const streamed = await collect(readRows(pieces(), 'csv'));
          const skipping = await collect(readRows(pieces(), 'csv', undefined, { skipInvalid: true }));
          expect(streamed.map((row) => row.values)).toEqual(body);
          expect(skipping.map((row) => [row.row, row.values])).toEqual(
            streamed.map((row) => [row.row, row.values]),
          );
        },
      ),
    );
  });
});
