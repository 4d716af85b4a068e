/**
 * Streaming row readers: CSV through `csv-parse`, JSON Lines line by line.
 * Rows are numbered as a spreadsheet shows them — the CSV header is row 1, the
 * first data row is row 2; in JSON Lines the row is the line number. Blank rows
 * are skipped but still counted, so numbers match what the user sees.
 *
 * @module
 */
import { pipeline, Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
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

/**
 * Read CSV rows from decoded text chunks. The first record is the header.
 *
 * @param onHeader - receives the header before the first data row.
 * @throws KamError `IMPORT_FAILED` on a CSV syntax error (unbalanced quotes…).
 */
export async function* readCsvRows(
  text: AsyncIterable<string>,
  onHeader?: HeaderListener,
): AsyncGenerator<RawRow> {
  const parser = parse({ relax_column_count: true, bom: true, skip_empty_lines: false });
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
): AsyncGenerator<RawRow> {
  return format === 'csv' ? readCsvRows(text, onHeader) : readJsonLines(text);
}
