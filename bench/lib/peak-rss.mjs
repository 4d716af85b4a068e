/**
 * A process's peak resident set size, its own. On Linux,
 * `process.resourceUsage().maxRSS` is not: the kernel keeps it across
 * fork and exec, so a process started by a parent holding 1.8 GB (the
 * harness after building a fixture) reports at least 1.8 GB however little
 * it uses. `VmHWM` in /proc/self/status is the peak of this process image
 * alone. Elsewhere `maxRSS` is what there is.
 *
 * @module
 */
import { readFileSync } from 'node:fs';

/**
 * This process's peak RSS in KB (`VmHWM` where /proc has it, else `maxRSS`).
 *
 * @returns {number}
 */
export function peakRssKb() {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // No /proc (macOS, Windows): the kernel's own figure.
  }
  return process.resourceUsage().maxRSS;
}
