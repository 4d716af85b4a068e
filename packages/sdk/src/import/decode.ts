/**
 * Streaming text decoding for imports: UTF-8 or GBK (as Chinese spreadsheets
 * export; read with the GB18030 decoder, a superset whose four-byte sequences
 * cover every Unicode character), with `auto` detection that says why it chose,
 * and BOM handling. Bytes that are not valid in the chosen encoding become
 * U+FFFD, which row validation reports as a wrong-encoding problem on the exact
 * row and column.
 *
 * @module
 */
import { KAM_ERROR_CODES, KamError, type LocalisedText } from '../errors/kam-error.js';

/** The encodings an import accepts; `auto` means "valid UTF-8, else GBK". */
export type ImportEncoding = 'utf-8' | 'gbk' | 'auto';

/** The encoding actually used to read a file. */
export type DetectedEncoding = 'utf-8' | 'gbk';

/** Filled in by {@link decodeText} once the encoding is known. */
export interface DecodeState {
  encoding: DetectedEncoding | undefined;
  /** Bytes consumed so far. */
  bytesRead: number;
  /** Set when GBK was declared but the start of the file is valid multi-byte UTF-8 (likely mislabelled). */
  looksLikeUtf8?: boolean;
  /** Why {@link DecodeState.encoding} was chosen (BOM, declared, or what `auto` saw), in both locales. */
  reason?: LocalisedText;
}

/** How many bytes after the first non-ASCII byte `auto` inspects before it decides. */
const SNIFF_WINDOW = 4096;

interface TextSink {
  write(bytes: Uint8Array): string;
  end(): string;
}

function utf8Sink(): TextSink {
  // ignoreBOM: false (the default) strips a leading UTF-8 BOM.
  const decoder = new TextDecoder('utf-8');
  return {
    write: (bytes) => decoder.decode(bytes, { stream: true }),
    end: () => decoder.decode(),
  };
}

function gbkSink(): TextSink {
  // GB18030 is a superset of GBK: its four-byte sequences (rare names, CJK extension B) decode too.
  const decoder = new TextDecoder('gb18030');
  return {
    write: (bytes) => decoder.decode(bytes, { stream: true }),
    end: () => decoder.decode(),
  };
}

function firstNonAscii(bytes: Uint8Array): number {
  for (let index = 0; index < bytes.length; index++) {
    if (bytes[index]! >= 0x80) return index;
  }
  return -1;
}

/** True when `bytes` is valid UTF-8, a sequence cut off at the very end excepted. */
export function isValidUtf8Prefix(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** What the non-ASCII bytes of a window look like as UTF-8. */
interface Utf8Shape {
  /** The whole window is valid UTF-8 (a sequence cut off at its very end excepted). */
  valid: boolean;
  /** Two-byte sequences (U+0080–U+07FF: accented Latin, Greek, Cyrillic, Hebrew, Arabic…). */
  twoByte: number;
  /**
   * Three-byte sequences of the characters Chinese files hold (CJK, kana,
   * full-width forms, punctuation and symbols; {@link isChineseLike}) and
   * four-byte ones of emoji and CJK extensions (U+1F000–U+3FFFF).
   */
  longer: number;
  /** Every two-byte sequence is an accented Latin letter (U+0080–U+027F, lead bytes C2–C9). */
  latinOnly: boolean;
}

function utf8Shape(bytes: Uint8Array, complete = false): Utf8Shape {
  let twoByte = 0;
  let longer = 0;
  let latinOnly = true;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]!;
    if (byte >= 0xc2 && byte <= 0xdf) {
      twoByte += 1;
      if (byte > 0xc9) latinOnly = false;
    } else if (byte >= 0xe0 && byte <= 0xef) {
      // Any other three-byte character (Hangul, Indic scripts, private use) is as suspect as an
      // odd two-byte one: GBK text can form it (瓿堾 reads as U+ACC9, a Hangul syllable).
      const next = bytes[index + 1];
      const last = bytes[index + 2];
      if (next === undefined || last === undefined) longer += 1;
      else if (isChineseLike(((byte & 0x0f) << 12) | ((next & 0x3f) << 6) | (last & 0x3f))) longer += 1;
      else latinOnly = false;
    } else if (byte === 0xf0 && (bytes[index + 1] ?? 0) >= 0x9f) longer += 1;
    // Other four-byte sequences (U+10000–U+1EFFF: historic scripts; planes 4–16) are as
    // suspect as odd two-byte ones: GBK text can form them (饸垵 reads as U+1A21D).
    else if (byte >= 0xf0 && byte <= 0xf4) latinOnly = false;
  }
  return { valid: complete ? isValidUtf8(bytes) : isValidUtf8Prefix(bytes), twoByte, longer, latinOnly };
}

/**
 * A three-byte (U+0800–U+FFFF) character a Chinese file is expected to hold:
 * punctuation and symbols (U+2000–U+2BFF), CJK symbols, kana and ideographs
 * (U+3000–U+9FFF), compatibility ideographs (U+F900–U+FAFF), vertical and
 * full-width forms (U+FE10–U+FFEF).
 */
function isChineseLike(codePoint: number): boolean {
  return (
    (codePoint >= 0x2000 && codePoint <= 0x2bff) ||
    (codePoint >= 0x3000 && codePoint <= 0x9fff) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe10 && codePoint <= 0xffef)
  );
}

/** True when `bytes` decode as GB18030 without a single invalid sequence (a cut-off end excepted unless `complete`). */
function isValidGbkPrefix(bytes: Uint8Array, complete = false): boolean {
  try {
    new TextDecoder('gb18030', { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/** The first few non-ASCII characters of `bytes` read in `encoding`, for the reason text. */
function preview(bytes: Uint8Array, encoding: 'utf-8' | 'gb18030'): string {
  const text = new TextDecoder(encoding).decode(bytes.subarray(0, 64), { stream: true });
  return [...text]
    .filter((char) => char.codePointAt(0)! >= 0x80)
    .slice(0, 8)
    .join('');
}

/**
 * The `auto` decision for the window that starts at the first non-ASCII byte,
 * with its reason. Valid UTF-8 wins when it holds a three- or four-byte
 * sequence of Chinese-like characters (Chinese in UTF-8 always has one) or
 * only accented Latin letters. Valid UTF-8 made only of other sequences
 * (Greek, Hebrew, Hangul, historic scripts) is suspect: a short GBK
 * text such as the name 郑伟 (D6 A3 CE B0) is also valid UTF-8, as Hebrew and
 * Greek marks; when the same bytes are valid GBK, GBK is chosen.
 *
 * @param window - the bytes from the first non-ASCII byte on (up to 4 KiB).
 * @param complete - the window ends the file (a cut-off sequence at its end is then invalid).
 */
export function detectEncoding(
  window: Uint8Array,
  complete = false,
): { encoding: DetectedEncoding; reason: LocalisedText } {
  const shape = utf8Shape(window, complete);
  if (shape.valid && shape.longer > 0)
    return {
      encoding: 'utf-8',
      reason: {
        'zh-CN': '自动识别为 UTF-8：非 ASCII 字节是有效的 UTF-8，含三字节（中文）字符',
        en: 'detected UTF-8: the non-ASCII bytes are valid UTF-8 with three-byte (Chinese) characters',
      },
    };
  if (shape.valid && shape.latinOnly) {
    // Truly ambiguous when the same bytes are also GBK (á is C3 A1, which GBK reads as 谩):
    // the reason then shows both readings and the way out.
    const asGbk = isValidGbkPrefix(window, complete) ? preview(window, 'gb18030') : '';
    const asUtf8 = preview(window, 'utf-8');
    return {
      encoding: 'utf-8',
      reason: asGbk
        ? {
            'zh-CN': `自动识别为 UTF-8：非 ASCII 字节是有效的 UTF-8（带重音的拉丁字母“${asUtf8}”），按 GBK 读作“${asGbk}”；如有误请用 --encoding gbk`,
            en: `detected UTF-8: the non-ASCII bytes are valid UTF-8 (accented Latin letters "${asUtf8}"), "${asGbk}" as GBK; if that is wrong use --encoding gbk`,
          }
        : {
            'zh-CN': '自动识别为 UTF-8：非 ASCII 字节是有效的 UTF-8（带重音的拉丁字母）',
            en: 'detected UTF-8: the non-ASCII bytes are valid UTF-8 (accented Latin letters)',
          },
    };
  }
  if (shape.valid && !isValidGbkPrefix(window, complete))
    return {
      encoding: 'utf-8',
      reason: {
        'zh-CN': '自动识别为 UTF-8：非 ASCII 字节是有效的 UTF-8，但不是有效的 GBK',
        en: 'detected UTF-8: the non-ASCII bytes are valid UTF-8 but not valid GBK',
      },
    };
  if (shape.valid) {
    const asUtf8 = preview(window, 'utf-8');
    const asGbk = preview(window, 'gb18030');
    return {
      encoding: 'gbk',
      reason: {
        'zh-CN': `自动识别为 GBK：非 ASCII 字节按 UTF-8 读作“${asUtf8}”（没有中文字符，可疑），按 GBK 读作“${asGbk}”；如有误请用 --encoding utf-8`,
        en: `detected GBK: the non-ASCII bytes read "${asUtf8}" as UTF-8 (no Chinese characters: suspect) and "${asGbk}" as GBK; if that is wrong use --encoding utf-8`,
      },
    };
  }
  return {
    encoding: 'gbk',
    reason: {
      'zh-CN': '自动识别为 GBK：文件内容不是有效的 UTF-8',
      en: 'detected GBK: the bytes are not valid UTF-8',
    },
  };
}

function declaredGbkButUtf8(): KamError {
  return new KamError({
    code: KAM_ERROR_CODES.IMPORT_FAILED,
    path: 'encoding',
    message: {
      'zh-CN':
        '声明的编码是 GBK，但文件开头是有效的 UTF-8 中文（三字节字符）：按 GBK 读取会成为乱码。请用 --encoding utf-8（或 auto）',
      en: 'The encoding was declared GBK, but the file starts with valid UTF-8 Chinese (three-byte characters): read as GBK it would be mojibake. Use --encoding utf-8 (or auto)',
    },
  });
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function concat(left: Uint8Array, right: Uint8Array): Uint8Array {
  const joined = new Uint8Array(left.length + right.length);
  joined.set(left, 0);
  joined.set(right, left.length);
  return joined;
}

function utf16Error(): KamError {
  return new KamError({
    code: KAM_ERROR_CODES.IMPORT_FAILED,
    path: 'encoding',
    message: {
      'zh-CN': '文件是 UTF-16 编码（Excel 的“Unicode 文本”）；请另存为“CSV UTF-8”或 GBK 编码的 CSV',
      en: 'The file is UTF-16 (Excel "Unicode text"); save it as "CSV UTF-8" or as GBK CSV',
    },
  });
}

/**
 * Decode a byte stream into text chunks without holding the whole file.
 *
 * - `utf-8`: a BOM is stripped; invalid bytes become U+FFFD.
 * - `gbk`: decoded as GB18030 (a superset of GBK); a UTF-8 BOM at the start
 *   overrides the declaration (such a file is UTF-8 whatever was said). When
 *   the first 4 KiB after the first non-ASCII byte are valid UTF-8 with
 *   three-byte characters, the declaration contradicts the bytes: refused.
 * - `auto`: ASCII passes through until the first non-ASCII byte; the next
 *   4 KiB decide (see {@link detectEncoding}).
 *
 * @param state - receives the chosen encoding, why, and the bytes read so far.
 * @throws KamError `IMPORT_FAILED` for a UTF-16 file, or a file declared GBK that is UTF-8.
 */
export async function* decodeText(
  source: AsyncIterable<Uint8Array | string>,
  encoding: ImportEncoding,
  state: DecodeState,
): AsyncGenerator<string> {
  let sink: TextSink | undefined;
  let pending: Uint8Array = new Uint8Array(0);
  let atStart = true;
  let passedThrough = false;

  const choose = (bytes: Uint8Array, final: boolean): TextSink | undefined => {
    if (!passedThrough) {
      if (startsWith(bytes, [0xef, 0xbb, 0xbf]))
        return chosen('utf-8', {
          'zh-CN': '文件以 UTF-8 BOM 开头',
          en: 'the file starts with a UTF-8 byte-order mark',
        });
      if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) throw utf16Error();
    }
    const start = firstNonAscii(bytes);
    const declared = { 'zh-CN': `按声明的编码 ${encoding} 读取`, en: `read as declared, ${encoding}` };
    if (encoding === 'utf-8') return chosen('utf-8', declared);
    if (encoding === 'gbk') {
      // ASCII reads the same either way: the first non-ASCII bytes are checked against the declaration.
      if (start < 0) return final ? chosen('gbk', declared) : undefined;
      if (!final && bytes.length - start < SNIFF_WINDOW) return undefined;
      const window = bytes.subarray(start, start + SNIFF_WINDOW);
      const complete = final && bytes.length - start <= SNIFF_WINDOW;
      state.looksLikeUtf8 = complete ? isValidUtf8(window) : isValidUtf8Prefix(window);
      if (state.looksLikeUtf8 && utf8Shape(window, complete).longer > 0) throw declaredGbkButUtf8();
      return chosen('gbk', declared);
    }
    if (start < 0)
      return final
        ? chosen('utf-8', { 'zh-CN': '文件只含 ASCII 字符', en: 'the file holds ASCII characters only' })
        : undefined;
    if (!final && bytes.length - start < SNIFF_WINDOW) return undefined;
    const window = bytes.subarray(start, start + SNIFF_WINDOW);
    // At the end of the file a sequence cut off is invalid, not "to be continued".
    const detected = detectEncoding(window, final && bytes.length - start <= SNIFF_WINDOW);
    return chosen(detected.encoding, detected.reason);
  };
  const chosen = (name: DetectedEncoding, reason: LocalisedText): TextSink => {
    state.encoding = name;
    state.reason = reason;
    return name === 'utf-8' ? utf8Sink() : gbkSink();
  };

  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    state.bytesRead += bytes.length;
    if (sink) {
      const text = sink.write(bytes);
      if (text !== '') yield text;
      continue;
    }
    pending = pending.length === 0 ? bytes : concat(pending, bytes);
    // Wait for three bytes so a BOM is never split.
    if (atStart && pending.length < 3) continue;
    atStart = false;
    sink = choose(pending, false);
    if (!sink && encoding !== 'utf-8' && firstNonAscii(pending) < 0) {
      // Pure ASCII so far reads the same in both encodings: pass it on now.
      yield Buffer.from(pending.buffer, pending.byteOffset, pending.byteLength).toString('latin1');
      pending = new Uint8Array(0);
      passedThrough = true;
      continue;
    }
    if (sink) {
      const text = sink.write(pending);
      pending = new Uint8Array(0);
      if (text !== '') yield text;
    }
  }
  if (!sink) {
    sink =
      choose(pending, true) ??
      chosen('utf-8', { 'zh-CN': '文件只含 ASCII 字符', en: 'the file holds ASCII characters only' });
    const text = sink.write(pending);
    if (text !== '') yield text;
  }
  const tail = sink.end();
  if (tail !== '') yield tail;
}
