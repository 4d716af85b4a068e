import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPieces, writeJson } from './json-output.js';

function written(value: unknown): { text: string; pieces: number } {
  const pieces = [...jsonPieces(value)];
  return { text: pieces.join(''), pieces: pieces.length };
}

describe('writeJson', () => {
  it('writes what JSON.stringify(value, null, 2) prints, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(written(value).text).toBe(`${JSON.stringify(value, null, 2)}\n`);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves out what JSON leaves out and prints dates and other toJSON values as JSON does', () => {
    const value = {
      skipped: undefined,
      fn: () => 1,
      at: new Date('2026-12-07T03:00:00Z'),
      list: [undefined, () => 1, { nested: undefined, kept: '多行\n文字' }],
      empty: { gone: undefined },
      custom: { toJSON: () => ({ shown: [1, 2] }) },
      hidden: { toJSON: () => undefined },
    };
    expect(written(value).text).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });

  it('hands the output on in pieces, never as one string of the whole', () => {
    const rows = Array.from({ length: 20_000 }, (_, index) => ({
      accountId: `a${index}`,
      name: `客户 ${index}`,
    }));
    const { text, pieces } = written({ month: '2026-10', rows });
    expect(text).toBe(`${JSON.stringify({ month: '2026-10', rows }, null, 2)}\n`);
    expect(pieces).toBeGreaterThan(10);
  });

  it('waits for a full stream to drain, so a slow reader still gets every piece in order', async () => {
    const rows = Array.from({ length: 20_000 }, (_, index) => ({
      accountId: `a${index}`,
      name: `客户 ${index}`,
    }));
    const stream = new PassThrough({ highWaterMark: 1024 });
    const chunks: Buffer[] = [];
    // The most the stream ever held unwritten: about one piece, not the whole output (~1.3 MB).
    let held = 0;
    const sink = {
      write: (piece: string) => {
        const more = stream.write(piece);
        held = Math.max(held, stream.writableLength);
        return more;
      },
      once: (event: 'drain', listener: () => void) => stream.once(event, listener),
    };
    // The reader starts late: writeJson must wait for it.
    setTimeout(() => stream.on('data', (chunk: Buffer) => chunks.push(chunk)), 20);
    await writeJson({ rows }, sink);
    stream.end();
    await new Promise((resolve) => stream.on('end', resolve));
    expect(Buffer.concat(chunks).toString('utf8')).toBe(`${JSON.stringify({ rows }, null, 2)}\n`);
    expect(held).toBeLessThan(300_000);
  });
});
