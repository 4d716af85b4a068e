/**
 * A `kamkit serve` running in a fixture folder while a scenario times other
 * `kamkit` commands there (P6s): started with no chat platform configured
 * (no SLACK_* / WECHATY_* variables), ready once it prints its `ready` log
 * line, stopped with SIGTERM. While it runs, every `kamkit` command in the
 * folder reaches the store through the Unix socket serve shares it on (the
 * folder's lock names the socket).
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { KAMKIT, KAMKIT_ENV } from './results-fixture.mjs';

/** Variables that would make serve start a chat platform: never passed to it. */
export const CHAT_ENV = ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'WECHATY_PUPPET'];

/** The environment of serve: the folder's own store, English text, no chat platform. */
export function serveEnvironment(env = process.env) {
  const result = { ...env, ...KAMKIT_ENV };
  for (const name of Object.keys(result))
    if (CHAT_ENV.includes(name) || name.startsWith('SLACK_') || name.startsWith('WECHATY_'))
      delete result[name];
  return result;
}

/**
 * Peak and current resident set of a running process in KB (`VmHWM`,
 * `VmRSS` of /proc/<pid>/status), or `undefined` where /proc is not there.
 *
 * @param {number} pid
 * @returns {{ peakKb: number, currentKb: number } | undefined}
 */
export function residentKb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    const peakKb = field('VmHWM');
    const currentKb = field('VmRSS');
    return Number.isFinite(peakKb) && Number.isFinite(currentKb) ? { peakKb, currentKb } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Start `kamkit serve --port 0` in `folder` and wait for its `ready` line.
 * The serve process is killed if this process exits without stopping it.
 *
 * @param {string} folder - the project folder (its `.kamkit/db` is the store)
 * @returns {Promise<{ pid: number, ready: Record<string, unknown>, readyMs: number, connections(): number, stop(): Promise<number | null> }>}
 *   `connections()` counts the socket connections serve has logged (`socket.connect`).
 * @throws when serve exits before it is ready, or is not ready within `timeoutMs`
 */
export function startServe(folder, { timeoutMs = 10 * 60_000 } = {}) {
  const start = performance.now();
  const child = spawn(process.execPath, [KAMKIT, 'serve', '--port', '0'], {
    cwd: folder,
    env: serveEnvironment(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const closed = new Promise((resolveClose) => child.on('close', (code) => resolveClose(code)));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr = `${stderr}${chunk}`.slice(-4000);
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const code = await closed;
    process.off('exit', killOnExit);
    return code;
  };
  return new Promise((resolveReady, rejectReady) => {
    const timer = setTimeout(() => {
      void stop();
      rejectReady(new Error(`kamkit serve was not ready within ${timeoutMs / 1000} s:\n${stderr}`));
    }, timeoutMs);
    let pending = '';
    let connections = 0;
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        let parsed;
        try {
          parsed = JSON.parse(line);
        } catch {
          continue;
        }
        if (parsed.event === 'socket.connect') connections++;
        if (parsed.event !== 'ready') continue;
        clearTimeout(timer);
        resolveReady({
          pid: child.pid,
          ready: parsed,
          readyMs: performance.now() - start,
          connections: () => connections,
          stop,
        });
      }
    });
    void closed.then((code) => {
      clearTimeout(timer);
      process.off('exit', killOnExit);
      rejectReady(new Error(`kamkit serve exited (${code}) before it was ready:\n${stderr}`));
    });
  });
}
