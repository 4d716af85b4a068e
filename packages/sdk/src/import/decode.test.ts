import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { isKamError } from '../errors/kam-error.js';
import { type DecodeState, decodeText, detectEncoding, type ImportEncoding } from './decode.js';

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

async function decodeAll(bytes: Uint8Array, encoding: ImportEncoding, size = 7) {
  const state: DecodeState = { encoding: undefined, bytesRead: 0 };
  let text = '';
  for await (const part of decodeText(chunks(bytes, size), encoding, state)) text += part;
  return { text, state };
}

/** Valid UTF-8 whose every multi-byte sequence is a two-byte one with lead byte C2–C9. */
function isLatinOnlyUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  return bytes.every((byte) => byte < 0xc0 || (byte >= 0xc2 && byte <= 0xc9));
}

/** Valid UTF-8 with a character auto-detection takes for Chinese (see `isChineseLike` in decode.ts). */
function readsAsChineseUtf8(bytes: Uint8Array): boolean {
  try {
    return /[\u2000-\u2bff\u3000-\u9fff\uf900-\ufaff\ufe10-\uffef\u{1f000}-\u{3ffff}]/u.test(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes),
    );
  } catch {
    return false;
  }
}

describe('decodeText: GBK as GB18030', () => {
  it('decodes four-byte GB18030 characters (CJK extension B) declared gbk, across chunk boundaries', async () => {
    const text = '客户编号,联系人\nA1,𠀀𠮷先生\nA2,㐀\n';
    const bytes = iconv.encode(text, 'gb18030');
    for (const size of [1, 3, 64]) {
      const decoded = await decodeAll(bytes, 'gbk', size);
      expect(decoded.text).toBe(text);
      expect(decoded.text).not.toContain('\uFFFD');
    }
    expect((await decodeAll(bytes, 'auto')).text).toBe(text);
  });
});

describe('decodeText: auto-detection', () => {
  it('a GBK file whose only non-ASCII text is 郑伟 is read as GBK, and says why', async () => {
    const bytes = iconv.encode('id,name,owner\nA1,Zheng,郑伟\n', 'gbk');
    // The trap: these bytes are also valid UTF-8.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).not.toThrow();
    const { text, state } = await decodeAll(bytes, 'auto');
    expect(text).toBe('id,name,owner\nA1,Zheng,郑伟\n');
    expect(state.encoding).toBe('gbk');
    expect(state.reason?.en).toMatch(/no Chinese characters: suspect\) and "郑伟" as GBK/);
    expect(state.reason?.['zh-CN']).toMatch(/自动识别为 GBK/);
  });

  it('UTF-8 with accented Latin letters stays UTF-8', async () => {
    const { text, state } = await decodeAll(Buffer.from('id,name\nA1,Müller Café\n', 'utf8'), 'auto');
    expect(text).toBe('id,name\nA1,Müller Café\n');
    expect(state.encoding).toBe('utf-8');
    expect(state.reason?.en).toMatch(/accented Latin/);
  });

  it('says when the file is ASCII only, or starts with a BOM', async () => {
    expect((await decodeAll(Buffer.from('id\nA1\n'), 'auto')).state.reason?.en).toMatch(/ASCII/);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id\n客户\n')]);
    expect((await decodeAll(bom, 'auto')).state.reason?.en).toMatch(/byte-order mark/);
  });

  it('property: Chinese text of any length round-trips through auto-detection in either encoding', async () => {
    const han = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((code) => String.fromCodePoint(code));
    const ascii = fc.constantFrom('a', 'Z', '0', ',', ' ', '\n');
    const text = fc
      .array(fc.oneof(han, ascii), { minLength: 1, maxLength: 40 })
      .map((parts) => `id,name\n${parts.join('')}`)
      .filter((value) => /[\u4e00-\u9fa5]/.test(value));
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.constantFrom('utf-8', 'gbk'),
        fc.integer({ min: 1, max: 9 }),
        async (value, encoding, size) => {
          const bytes = encoding === 'utf-8' ? Buffer.from(value, 'utf8') : iconv.encode(value, 'gbk');
          // GBK text that is also UTF-8 made only of accented Latin letters (C3 A1 is 谩 and á)
          // cannot be told apart by its bytes; the test below pins what auto says then.
          fc.pre(encoding === 'utf-8' || !isLatinOnlyUtf8(bytes));
          // GBK bytes that also read as UTF-8 Chinese are ambiguous by their bytes alone: UTF-8 wins
          // (the far likelier file), and the reason says so.
          fc.pre(encoding === 'utf-8' || !readsAsChineseUtf8(bytes));
          const decoded = await decodeAll(bytes, 'auto', size);
          expect(decoded.text).toBe(value);
          expect(decoded.state.encoding).toBe(encoding);
        },
      ),
    );
  });

  it('GBK whose bytes read as UTF-8 Hangul (瓿堾 is U+ACC9) is read as GBK', async () => {
    const bytes = iconv.encode('id,name\n瓿堾a', 'gbk');
    const { text, state } = await decodeAll(bytes, 'auto', 1);
    expect(state.encoding).toBe('gbk');
    expect(text).toBe('id,name\n瓿堾a');
  });

  it('bytes that are both accented Latin UTF-8 and GBK read as UTF-8, and the reason shows both readings', async () => {
    const bytes = iconv.encode('id,name\nA1,谩\n', 'gbk');
    const { text, state } = await decodeAll(bytes, 'auto');
    expect(text).toBe('id,name\nA1,á\n');
    expect(state.reason?.en).toBe(
      'detected UTF-8: the non-ASCII bytes are valid UTF-8 (accented Latin letters "á"), "谩" as GBK; if that is wrong use --encoding gbk',
    );
    expect((await decodeAll(bytes, 'gbk')).text).toBe('id,name\nA1,谩\n');
  });

  it('property: detectEncoding always gives a reason in both locales', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        const { encoding, reason } = detectEncoding(bytes);
        expect(['utf-8', 'gbk']).toContain(encoding);
        expect(reason.en).toMatch(/^detected (UTF-8|GBK)/);
        expect(reason['zh-CN']).toMatch(/^自动识别为/);
      }),
    );
  });
});

describe('decodeText: a declaration that contradicts the bytes', () => {
  it('refuses a UTF-8 file declared gbk, even after an ASCII header, with the fix', async () => {
    const bytes = Buffer.from(`id,name\n${'A0,x\n'.repeat(2000)}A1,中国石油\n`, 'utf8');
    const error = await decodeAll(bytes, 'gbk', 4096).catch((caught: unknown) => caught);
    expect(isKamError(error) && error.code).toBe('IMPORT_FAILED');
    expect(isKamError(error) && error.path).toBe('encoding');
    expect((error as Error).message).toMatch(/declared GBK.*valid UTF-8.*--encoding utf-8/);
  });

  it('reads a real GBK file declared gbk', async () => {
    const text = 'id,name\nA1,中国石油\n';
    const { text: decoded, state } = await decodeAll(iconv.encode(text, 'gbk'), 'gbk');
    expect(decoded).toBe(text);
    expect(state.reason?.en).toBe('read as declared, gbk');
  });
});
