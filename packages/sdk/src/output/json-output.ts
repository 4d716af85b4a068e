/**
 * JSON output written in pieces: the same text as `JSON.stringify(value,
 * null, 2)`, without building it as one string. A month's portfolio report at
 * 100,000 accounts is ~30 MB of JSON, ~60 MB as one JavaScript string.
 *
 * @module
 */

/** Characters gathered before a piece is handed on. */
const PIECE_SIZE = 1 << 16;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** One value as `JSON.stringify(value, null, 2)` prints it at `indent`. */
function nested(value: unknown, indent: string): string | undefined {
  const text = JSON.stringify(value, null, 2);
  // Strings in JSON text hold no raw line break: every line break is layout.
  return text === undefined || indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
}

function* pieces(value: unknown, indent: string): Generator<string> {
  const inner = `${indent}  `;
  if (isPlainObject(value)) {
    let first = true;
    for (const [key, member] of Object.entries(value)) {
      const whole = isPlainObject(member) || Array.isArray(member);
      const text = whole ? '' : nested(member, inner);
      // Members JSON leaves out (undefined, functions, symbols) are left out here too.
      if (text === undefined) continue;
      yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
      if (whole) yield* pieces(member, inner);
      else yield text;
      first = false;
    }
    yield first ? '{}' : `\n${indent}}`;
  } else if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    for (const [index, element] of value.entries())
      yield `${index === 0 ? '[' : ','}\n${inner}${nested(element, inner) ?? 'null'}`;
    yield `\n${indent}]`;
  } else {
    yield nested(value, indent) ?? 'null';
  }
}

/**
 * `value` as `JSON.stringify(value, null, 2)` followed by a line break, in
 * pieces of about 64 K characters: objects member by member, arrays element
 * by element, so no string of the whole output is ever built.
 *
 * @example
 * ```ts
 * for (const piece of jsonPieces({ accounts: rows })) process.stdout.write(piece);
 * ```
 */
export function* jsonPieces(value: unknown): Generator<string> {
  let buffered = '';
  for (const piece of pieces(value, '')) {
    buffered += piece;
    if (buffered.length >= PIECE_SIZE) {
      yield buffered;
      buffered = '';
    }
  }
  yield `${buffered}\n`;
}

/** Where {@link writeJson} writes: a stream's `write`, and `once('drain')` when it has one. */
export interface JsonSink {
  /** Write one piece; `false` means the sink's buffer is full (a stream's `write`). */
  write(piece: string): unknown;
  /** Call `listener` once the full buffer has drained (a stream's `once`). */
  once?(event: 'drain', listener: () => void): unknown;
}

/**
 * Write `value` as `JSON.stringify(value, null, 2)` and a line break to
 * `sink` in pieces ({@link jsonPieces}), waiting for `drain` whenever the
 * sink says its buffer is full (a pipe to a slower reader), so the output is
 * never held in memory whole, neither as one string nor in a stream's buffer.
 *
 * @example
 * ```ts
 * await writeJson({ accounts: rows }, process.stdout);
 * ```
 */
export async function writeJson(value: unknown, sink: JsonSink): Promise<void> {
  for (const piece of jsonPieces(value)) {
    if (sink.write(piece) === false && sink.once !== undefined) {
      const once = sink.once.bind(sink);
      await new Promise<void>((resolve) => once('drain', resolve));
    }
  }
}
