/**
 * A description of the machine a benchmark ran on: CPU model, cores, memory,
 * OS and Node version.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * Describe this machine.
 *
 * @returns {{ cpu: string, cores: number, memoryGb: number, os: string, node: string }}
 */
export function describeMachine() {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match?.[1]) cpu = match[1].trim();
  } catch {
    // /proc/cpuinfo exists on Linux only; os.cpus() is the fallback.
  }
  return {
    cpu,
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
  };
}
