/**
 * Streaming text decoding for imports: UTF-8 or GBK (as Chinese spreadsheets
 * export), with `auto` detection and BOM handling. Bytes that are not valid in
 * the chosen encoding become U+FFFD, which row validation reports as a
 * wrong-encoding problem on the exact row and column.
 *
 * @module
 */
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';

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
 * - `gbk`: decoded with iconv-lite's streaming decoder; a UTF-8 BOM at the
 *   start overrides the declaration (such a file is UTF-8 whatever was said).
 * - `auto`: ASCII passes through until the first non-ASCII byte; the next
 *   4 KiB decide — valid UTF-8 means UTF-8, otherwise GBK.
 *
 * @param state - receives the chosen encoding and the bytes read so far.
 * @throws KamError `IMPORT_FAILED` for a UTF-16 file.
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
      if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return chosen('utf-8');
      if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) throw utf16Error();
    }
    const start = firstNonAscii(bytes);
    if (encoding === 'gbk' && start >= 0) {
      state.looksLikeUtf8 = isValidUtf8Prefix(bytes.subarray(start, start + SNIFF_WINDOW));
    }
    if (encoding !== 'auto') return chosen(encoding);
    if (start < 0) return final ? chosen('utf-8') : undefined;
    if (!final && bytes.length - start < SNIFF_WINDOW) return undefined;
    return chosen(isValidUtf8Prefix(bytes.subarray(start, start + SNIFF_WINDOW)) ? 'utf-8' : 'gbk');
  };
  const chosen = (name: DetectedEncoding): TextSink => {
    state.encoding = name;
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
    if (!sink && encoding === 'auto' && firstNonAscii(pending) < 0) {
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
    sink = choose(pending, true) ?? chosen('utf-8');
    const text = sink.write(pending);
    if (text !== '') yield text;
  }
  const tail = sink.end();
  if (tail !== '') yield tail;
}
