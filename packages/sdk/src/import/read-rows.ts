/**
 * Streaming row readers: CSV through `csv-parse`, JSON Lines line by line.
 * Rows are numbered as a spreadsheet shows them — the CSV header is row 1, the
 * first data row is row 2; in JSON Lines the row is the line number. Blank rows
 * are skipped but still counted, so numbers match what the user sees. Line
 * endings may be mixed (a CRLF header with LF rows, as files pasted together
 * are). With `skipInvalid`, a CSV syntax error rejects its row and reading
 * goes on.
 *
 * @module
 */
import { pipeline, Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { KAM_ERROR_CODES, KamError, type LocalisedText } from '../errors/kam-error.js';

/** A file format an import reads. */
export type ImportFormat = 'csv' | 'jsonl';

/** One data row as read, before any mapping. */
export interface RawRow {
  /** 1-based row number as the spreadsheet (or editor) shows it. */
  row: number;
  /** Column names: the CSV header (shared by every row) or the JSON object's keys. */
  keys: readonly string[];
  /** Values, parallel to `keys`: strings from CSV, any JSON value from JSON Lines. */
  values: readonly unknown[];
  /** The row as written, for the reject report: CSV cells, or the one JSON line. */
  original: readonly string[];
  /** Set when the row could not be read at all (a JSON line that is not an object). */
  unreadable?: LocalisedText;
}

/** Called once with the CSV header (JSON Lines has none). */
export type HeaderListener = (header: readonly string[]) => void;

function isBlank(values: readonly string[]): boolean {
  return values.every((value) => value.trim() === '');
}

function csvSyntaxError(error: CsvError | Error, row: number): KamError {
  const line = error instanceof CsvError && typeof error.lines === 'number' ? error.lines : undefined;
  const where = line === undefined ? `row ${row}` : `line ${line}`;
  const whereZh = line === undefined ? `第 ${row} 行` : `第 ${line} 行（文本行）`;
  return new KamError({
    code: KAM_ERROR_CODES.IMPORT_FAILED,
    path: where,
    cause: error,
    message: {
      'zh-CN': `CSV 格式错误，位于${whereZh}：${error.message}。请检查引号是否成对`,
      en: `CSV syntax error at ${where}: ${error.message}. Check that quotes are balanced`,
    },
  });
}

/** Options of {@link readRows}. */
export interface ReadRowsOptions {
  /** A CSV syntax error makes its row unreadable (reported, skipped) instead of stopping the import. */
  skipInvalid?: boolean;
}

/** Every line ending counts, whichever the first line used. */
const RECORD_DELIMITERS = ['\r\n', '\n', '\r'];

function unreadableCsv(reason: string): LocalisedText {
  return {
    'zh-CN': `格式正确的 CSV 行（${reason}）；请检查引号是否成对，单元格内的引号应写成两个 ""`,
    en: `a well-formed CSV row (${reason}); check that quotes are balanced and that a quote inside a cell is doubled ""`,
  };
}

/**
 * Split decoded text into CSV records (the text of each, without its line
 * ending), aware of quotes: a line break inside a quoted cell does not end the
 * record. A record whose quote never closes runs to the end of the text.
 */
class RecordSplitter {
  #buffer = '';
  /** Scan position in #buffer, and whether it is inside quotes there. */
  #scanned = 0;
  #quoted = false;

  push(text: string): void {
    this.#buffer += text;
  }

  /** Put text back in front (the rest of a record that was rejected line by line). */
  unshift(text: string): void {
    this.#buffer = text + this.#buffer;
    this.#scanned = 0;
    this.#quoted = false;
  }

  /** The next complete record, or undefined until more text arrives (`final`: the rest is one record). */
  next(final: boolean): string | undefined {
    const buffer = this.#buffer;
    for (let index = this.#scanned; index < buffer.length; index++) {
      const char = buffer[index];
      if (char === '"') this.#quoted = !this.#quoted;
      else if (!this.#quoted && (char === '\n' || char === '\r')) {
        // A CR at the end of the buffer may be the first half of CRLF: wait for the next chunk.
        if (char === '\r' && index + 1 === buffer.length && !final) {
          this.#scanned = index;
          return undefined;
        }
        const end = char === '\r' && buffer[index + 1] === '\n' ? index + 2 : index + 1;
        const record = buffer.slice(0, index);
        this.#buffer = buffer.slice(end);
        this.#scanned = 0;
        return record;
      }
    }
    this.#scanned = buffer.length;
    if (!final || buffer === '') return undefined;
    this.#buffer = '';
    this.#scanned = 0;
    this.#quoted = false;
    return buffer;
  }
}

/** Parse one record's text; a syntax error is returned, not thrown. */
function parseRecord(record: string): string[] | CsvError | Error {
  try {
    const parsed = parseSync(record, { relax_column_count: true, skip_empty_lines: false }) as string[][];
    return parsed[0] ?? [''];
  } catch (error) {
    return error as Error;
  }
}

/**
 * CSV rows in `skipInvalid` mode: each record is parsed on its own, so a
 * syntax error costs only that row. A record that fails across several lines
 * (a quote that never closes swallows the lines after it) is rejected line by
 * line: its first line is the bad row and reading resumes on the next.
 */
async function* readCsvRowsSkippingInvalid(
  text: AsyncIterable<string>,
  onHeader?: HeaderListener,
): AsyncGenerator<RawRow> {
  const splitter = new RecordSplitter();
  let header: string[] | undefined;
  let row = 0;
  let first = true;
  const rows = function* (final: boolean): Generator<RawRow> {
    for (let record = splitter.next(final); record !== undefined; record = splitter.next(final)) {
      if (first) {
        record = record.replace(/^\uFEFF/, '');
        first = false;
      }
      row += 1;
      const parsed = parseRecord(record);
      if (parsed instanceof Error) {
        if (!header) throw csvSyntaxError(parsed, row);
        const lineEnd = record.search(/\r\n|\n|\r/);
        if (lineEnd >= 0) {
          const rest = record.slice(lineEnd).replace(/^(\r\n|\n|\r)/, '');
          splitter.unshift(`${rest}\n`);
          record = record.slice(0, lineEnd);
        }
        yield {
          row,
          keys: header,
          values: [],
          original: [record],
          unreadable: unreadableCsv(parsed.message),
        };
        continue;
      }
      if (!header) {
        if (isBlank(parsed)) continue;
        header = parsed.map((name) => name.trim());
        onHeader?.(header);
        continue;
      }
      if (isBlank(parsed)) continue;
      yield { row, keys: header, values: parsed, original: parsed };
    }
  };
  for await (const chunk of text) {
    splitter.push(chunk);
    yield* rows(false);
  }
  yield* rows(true);
  if (!header) onHeader?.([]);
}

/**
 * Read CSV rows from decoded text chunks. The first record is the header.
 *
 * @param onHeader - receives the header before the first data row.
 * @throws KamError `IMPORT_FAILED` on a CSV syntax error (unbalanced quotes…), unless
 *   `options.skipInvalid` (then only in the header).
 */
export async function* readCsvRows(
  text: AsyncIterable<string>,
  onHeader?: HeaderListener,
  options: ReadRowsOptions = {},
): AsyncGenerator<RawRow> {
  if (options.skipInvalid) {
    yield* readCsvRowsSkippingInvalid(text, onHeader);
    return;
  }
  const parser = parse({
    relax_column_count: true,
    bom: true,
    skip_empty_lines: false,
    record_delimiter: RECORD_DELIMITERS,
  });
  pipeline(Readable.from(text, { objectMode: false }), parser, () => {
    // Errors reach the consumer through the parser's iterator.
  });
  let header: string[] | undefined;
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      if (!header) {
        if (isBlank(record)) continue;
        header = record.map((name) => name.trim());
        onHeader?.(header);
        continue;
      }
      if (isBlank(record)) continue;
      yield { row, keys: header, values: record, original: record };
    }
  } catch (error) {
    if (error instanceof KamError) throw error;
    throw csvSyntaxError(error as Error, row + 1);
  }
  if (!header) onHeader?.([]);
}

const NOT_AN_OBJECT: LocalisedText = {
  'zh-CN': '每行应为一个 JSON 对象，如 {"accountId":"A1","date":"2026-03-05","amount":"1200.50"}',
  en: 'one JSON object per line, e.g. {"accountId":"A1","date":"2026-03-05","amount":"1200.50"}',
};

function jsonRow(line: string, row: number): RawRow | undefined {
  const trimmed = line.trim();
  if (trimmed === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return { row, keys: [], values: [], original: [line], unreadable: NOT_AN_OBJECT };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { row, keys: [], values: [], original: [line], unreadable: NOT_AN_OBJECT };
  }
  return { row, keys: Object.keys(value), values: Object.values(value), original: [line] };
}

/** Read JSON Lines rows from decoded text chunks, one object per line. */
export async function* readJsonLines(text: AsyncIterable<string>): AsyncGenerator<RawRow> {
  let carry = '';
  let row = 0;
  for await (const chunk of text) {
    carry += chunk;
    let start = 0;
    let newline = carry.indexOf('\n', start);
    while (newline >= 0) {
      const line = carry.slice(start, newline).replace(/\r$/, '');
      start = newline + 1;
      row += 1;
      const parsed = jsonRow(line, row);
      if (parsed) yield parsed;
      newline = carry.indexOf('\n', start);
    }
    carry = carry.slice(start);
  }
  if (carry !== '') {
    row += 1;
    const parsed = jsonRow(carry.replace(/\r$/, ''), row);
    if (parsed) yield parsed;
  }
}

/** Read rows of either format from decoded text chunks. */
export function readRows(
  text: AsyncIterable<string>,
  format: ImportFormat,
  onHeader?: HeaderListener,
  options: ReadRowsOptions = {},
): AsyncGenerator<RawRow> {
  return format === 'csv' ? readCsvRows(text, onHeader, options) : readJsonLines(text);
}
