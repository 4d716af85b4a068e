/**
 * The reject report of an import: a CSV file (UTF-8 with BOM, so Excel shows
 * Chinese correctly) with one line per rejected row — `row`, `column`,
 * `problem`, `问题`, then the row's original values under the file's own
 * headers (JSON Lines: one `original` column). Cells that a spreadsheet would
 * run as a formula (`=`, `+`, `-`, `@`, tab, CR first) get a leading `'`.
 * Written as rows are rejected,
 * never held in memory; the file is created only when a row is rejected.
 *
 * @module
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { visibleText } from '../domain/storable-text.js';
import { csvCell } from '../output/neutralise.js';
import type { RowProblem } from './import-error.js';

/**
 * Format one CSV line (without the line break): every cell neutralised
 * against formula injection and quoted where needed ({@link csvCell}).
 */
export function csvLine(values: readonly string[]): string {
  return values.map(csvCell).join(',');
}

/** The fixed leading columns of a reject report. */
export const REJECT_REPORT_COLUMNS = ['row', 'column', 'problem', '问题'] as const;

/** Streams rejected rows to a CSV file, opening it on the first reject. */
export class RejectReportWriter {
  readonly path: string;
  #originalHeader: readonly string[];
  #stream: WriteStream | undefined;
  #written = 0;

  /**
   * @param path - where the report goes.
   * @param originalHeader - the headers of the original values (CSV header, or `['original']`).
   */
  constructor(path: string, originalHeader: readonly string[] = ['original']) {
    this.path = path;
    this.#originalHeader = originalHeader;
  }

  /** Set the original headers (the CSV header is known only after the first line). */
  setOriginalHeader(header: readonly string[]): void {
    this.#originalHeader = header;
  }

  /** Rows written so far. */
  get written(): number {
    return this.#written;
  }

  /** Append one rejected row with all its problems. */
  async write(problems: readonly RowProblem[], original: readonly string[]): Promise<void> {
    const first = problems[0];
    if (!first) return;
    if (!this.#stream) {
      this.#stream = createWriteStream(this.path, { encoding: 'utf8' });
      await this.#put(`\uFEFF${csvLine([...REJECT_REPORT_COLUMNS, ...this.#originalHeader])}\r\n`);
    }
    const columns = [...new Set(problems.map((problem) => problem.column))].join('; ');
    const english = problems.map((problem) => `${problem.column}: ${problem.expected.en}`).join('; ');
    const chinese = problems.map((problem) => `${problem.column}：${problem.expected['zh-CN']}`).join('；');
    const shown = original.map(visibleText);
    await this.#put(`${csvLine([String(first.row), columns, english, chinese, ...shown])}\r\n`);
    this.#written += 1;
  }

  async #put(text: string): Promise<void> {
    const stream = this.#stream!;
    if (!stream.write(text)) await once(stream, 'drain');
  }

  /** Flush and close the file (nothing to do when no row was rejected). */
  async close(): Promise<void> {
    const stream = this.#stream;
    if (!stream) return;
    this.#stream = undefined;
    stream.end();
    await once(stream, 'finish');
  }
}
