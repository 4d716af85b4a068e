/**
 * Small statistics and formatting helpers for the benchmark report.
 *
 * @module
 */

/**
 * Median of a list of numbers (mean of the two middle values for an even count).
 *
 * @param {readonly number[]} values
 * @returns {number} NaN for an empty list
 */
export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The `p`-th percentile by nearest rank: the smallest value with at least
 * `p` % of the values at or below it.
 *
 * @param {readonly number[]} values
 * @param {number} p - 0 < p ≤ 100
 * @returns {number} NaN for an empty list
 */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

/**
 * Latency summary of the timed repetitions of a side: p50, p99 and max over
 * all requests of all repetitions, and p50 / p99 of each repetition.
 *
 * @param {readonly (readonly number[])[]} repetitions - latencies (ms) per repetition
 * @returns {{ count: number, p50Ms: number, p99Ms: number, maxMs: number, perRepetition: { p50Ms: number, p99Ms: number }[] }}
 */
export function summariseLatencies(repetitions) {
  const all = repetitions.flat();
  return {
    count: all.length,
    p50Ms: percentile(all, 50),
    p99Ms: percentile(all, 99),
    maxMs: all.length === 0 ? Number.NaN : Math.max(...all),
    perRepetition: repetitions.map((values) => ({
      p50Ms: percentile(values, 50),
      p99Ms: percentile(values, 99),
    })),
  };
}

/**
 * Milliseconds as a short human string (`812 ms`, `3.41 s`, `2 min 05 s`).
 *
 * @param {number} ms
 */
export function formatDuration(ms) {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/**
 * Time per item in nanoseconds or microseconds.
 *
 * @param {number} ms - total milliseconds
 * @param {number} items
 */
export function formatPerItem(ms, items) {
  if (!Number.isFinite(ms) || items <= 0) return '–';
  const ns = (ms * 1e6) / items;
  return ns < 10_000 ? `${ns.toFixed(0)} ns` : `${(ns / 1000).toFixed(1)} µs`;
}

/**
 * A count with thousands separators and a k/M suffix when round (`10k`, `1M`, `3.24M`).
 *
 * @param {number} count
 */
export function formatCount(count) {
  if (count >= 1e6) return `${Number((count / 1e6).toFixed(2))}M`;
  if (count >= 1e3) return `${Number((count / 1e3).toFixed(1))}k`;
  return String(count);
}

/**
 * Kilobytes (as `peakRssKb()` and `process.resourceUsage().maxRSS` report them) as MB.
 *
 * @param {number | undefined} kilobytes
 */
export function formatMegabytes(kilobytes) {
  return kilobytes === undefined || !Number.isFinite(kilobytes) ? '–' : `${Math.round(kilobytes / 1024)} MB`;
}

/**
 * Render rows as a fixed-width text table (for the terminal).
 *
 * @param {readonly string[]} header
 * @param {readonly (readonly string[])[]} rows
 */
export function textTable(header, rows) {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => String(row[column] ?? '').length)),
  );
  const line = (cells) => cells.map((cell, column) => String(cell ?? '').padEnd(widths[column])).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * Render rows as a GitHub-flavoured Markdown table.
 *
 * @param {readonly string[]} header
 * @param {readonly (readonly string[])[]} rows
 */
export function markdownTable(header, rows) {
  const escapeCell = (cell) => String(cell ?? '').replaceAll('|', '\\|');
  return [
    `| ${header.map(escapeCell).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
  ].join('\n');
}
