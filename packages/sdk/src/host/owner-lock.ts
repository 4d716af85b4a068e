/**
 * One owner per embedded database folder: a lock file created atomically
 * (`O_EXCL`) inside the folder, recording who holds it (PID, host, since
 * when, the command, and the socket it shares the store on, if any). A lock
 * left by a process that died on this host is taken over; a live holder is
 * named in a {@link StoreOwnedError}.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { open, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';

/** The lock file's name inside the data folder. */
export const OWNER_LOCK_FILE = 'kamkit-owner.lock';
/** The file that guards taking over a stale lock (at most one taker at a time). */
const TAKEOVER_FILE = 'kamkit-owner.takeover';
/** A takeover guard older than this was left by a crashed taker. */
const TAKEOVER_STALE_MS = 10_000;

const OwnerRecordSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  since: z.string(),
  command: z.string().optional(),
  socket: z.string().optional(),
  token: z.string(),
});

/** Who holds a data folder, as its lock file records it. */
export type OwnerRecord = z.infer<typeof OwnerRecordSchema>;

/** A held lock: its record, a way to record the socket, and its release. */
export interface OwnerLock {
  /** The lock file (absolute). */
  readonly file: string;
  /** What the lock file says now. */
  readonly record: OwnerRecord;
  /** Record where this owner shares the store (`kamkit serve`'s socket). */
  setSocket(socket: string): Promise<void>;
  /** Remove the lock file if it is still this owner's (idempotent). */
  release(): Promise<void>;
}

/** Options of {@link acquireOwnerLock}. */
export interface AcquireOwnerLockOptions {
  /** What the owner runs, for the message another opener sees (default: this process's arguments). */
  command?: string;
  /** The clock for `since` (default `() => new Date()`). */
  now?: () => Date;
}

/**
 * The error of an opener that finds the folder owned by another live process:
 * names the holder and what to do. Code `CONFLICT`.
 */
export class StoreOwnedError extends KamError {
  /** The holder, as its lock file records it. */
  readonly holder: OwnerRecord;
  /** The data folder. */
  readonly dataDir: string;

  constructor(options: { dataDir: string; holder: OwnerRecord; reason?: 'serve' | 'busy'; cause?: unknown }) {
    const { holder, dataDir } = options;
    const who = `PID ${holder.pid} @ ${holder.host}`;
    const command = holder.command ? ` (${holder.command})` : '';
    const lockFile = join(dataDir, OWNER_LOCK_FILE);
    const advice =
      options.reason === 'serve'
        ? {
            'zh-CN': '一个数据目录只能有一个 kamkit serve；请使用正在运行的那个，或先停止它。',
            en: 'One folder has one `kamkit serve`: use the running one, or stop it first.',
          }
        : {
            'zh-CN': `请等它结束或停止它，或者用 \`kamkit serve\` 运行，让其他命令通过它访问数据库。若确认该进程已不存在，可删除 ${lockFile}。`,
            en: `Wait for it or stop it, or run through \`kamkit serve\` so other commands use the store through it. If you are sure no such process exists, delete ${lockFile}.`,
          };
    super({
      code: KAM_ERROR_CODES.CONFLICT,
      path: dataDir,
      cause: options.cause,
      message: {
        'zh-CN': `嵌入式数据库 ${dataDir} 正被另一个进程使用：${who}${command}，始于 ${holder.since}。${advice['zh-CN']}`,
        en: `The embedded database ${dataDir} is in use by another process: ${who}${command}, since ${holder.since}. ${advice.en}`,
      },
    });
    this.name = 'StoreOwnedError';
    this.holder = holder;
    this.dataDir = dataDir;
  }
}

/** True when a process with this PID runs on this host (a permission error means it does). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The holder of `dataDir`'s lock, or `undefined` when it is free or its holder died on this host. */
export async function readOwner(dataDir: string): Promise<OwnerRecord | undefined> {
  const record = await readRecord(join(dataDir, OWNER_LOCK_FILE));
  if (record === undefined || record === 'unreadable') return undefined;
  return isStale(record) ? undefined : record;
}

/**
 * Take `dataDir`'s lock: `{ lock }` when this process now owns the folder
 * (a stale lock of a dead process on this host is taken over), else
 * `{ holder }`, the live owner. The folder must exist. The lock is released
 * by `lock.release()`, and on a normal process exit.
 *
 * @example
 * ```ts
 * const taken = await acquireOwnerLock('.kamkit/db', { command: 'kamkit import' });
 * if ('holder' in taken) throw new StoreOwnedError({ dataDir: '.kamkit/db', holder: taken.holder });
 * await taken.lock.release();
 * ```
 */
export async function acquireOwnerLock(
  dataDir: string,
  options: AcquireOwnerLockOptions = {},
): Promise<{ lock: OwnerLock } | { holder: OwnerRecord }> {
  const file = join(dataDir, OWNER_LOCK_FILE);
  const record: OwnerRecord = {
    pid: process.pid,
    host: hostname(),
    since: (options.now ?? (() => new Date()))().toISOString(),
    command: options.command ?? describeProcess(),
    token: randomUUID(),
  };
  // A few rounds: a stale lock is taken over in one, the new lock created in the next.
  for (let round = 0; round < 3; round += 1) {
    if (await createExclusive(file, record)) return { lock: heldLock(file, record) };
    const existing = await readRecord(file);
    if (existing === undefined) continue; // released meanwhile: try again
    if (existing !== 'unreadable' && !isStale(existing)) return { holder: existing };
    await takeOver(dataDir, file, existing);
  }
  const holder = await readRecord(file);
  if (holder !== undefined && holder !== 'unreadable') return { holder };
  throw new KamError({
    code: KAM_ERROR_CODES.STORAGE,
    path: file,
    message: {
      'zh-CN': `无法取得数据目录的锁 ${file}：它反复出现又消失。`,
      en: `Cannot take the data folder's lock ${file}: it keeps appearing and disappearing.`,
    },
  });
}

function describeProcess(): string {
  const script = process.argv[1]?.split(/[\\/]/).pop() ?? 'node';
  const name = script === 'main.js' || script === 'main.ts' ? 'kamkit' : script;
  return [name, ...process.argv.slice(2, 4)].join(' ');
}

async function createExclusive(file: string, record: OwnerRecord): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(`${JSON.stringify(record)}\n`);
  } finally {
    await handle.close();
  }
  return true;
}

/** The record, `undefined` when there is no file, `'unreadable'` when it is not a record (a half-written or foreign file). */
async function readRecord(file: string): Promise<OwnerRecord | 'unreadable' | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = OwnerRecordSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

function isStale(record: OwnerRecord): boolean {
  return record.host === hostname() && !processAlive(record.pid);
}

/**
 * Remove a stale (or unreadable) lock, guarded so that two takers cannot
 * both remove: only the one that creates the takeover file acts, after
 * checking the lock still holds what it read. An unreadable lock is removed
 * only once it is older than the takeover window (its writer may be writing it).
 */
async function takeOver(dataDir: string, file: string, seen: OwnerRecord | 'unreadable'): Promise<void> {
  const guard = join(dataDir, TAKEOVER_FILE);
  try {
    await writeFile(guard, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const age = await stat(guard).then(
      (info) => Date.now() - info.mtimeMs,
      () => 0,
    );
    if (age > TAKEOVER_STALE_MS) await rm(guard, { force: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    return;
  }
  try {
    const now = await readRecord(file);
    if (now === undefined) return;
    if (seen === 'unreadable') {
      const age = await stat(file).then(
        (info) => Date.now() - info.mtimeMs,
        () => 0,
      );
      if (now === 'unreadable' && age > TAKEOVER_STALE_MS) await rm(file, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 50));
      return;
    }
    if (now !== 'unreadable' && now.token === seen.token) await rm(file, { force: true });
  } finally {
    await rm(guard, { force: true });
  }
}

function heldLock(file: string, initial: OwnerRecord): OwnerLock {
  let record = initial;
  let released = false;
  // On a normal exit (end of the event loop, process.exit) the lock goes with the process;
  // a crash or a kill leaves it stale, and the next opener takes it over.
  const onExit = () => {
    try {
      const text = readFileSync(file, 'utf8');
      if ((JSON.parse(text) as { token?: unknown }).token === record.token) unlinkSync(file);
    } catch {
      // already gone, or not ours
    }
  };
  process.on('exit', onExit);
  return {
    file,
    get record() {
      return record;
    },
    async setSocket(socket) {
      record = { ...record, socket };
      // Written beside, then renamed over: a reader never sees half a record.
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify(record)}\n`);
      await rename(temporary, file);
    },
    async release() {
      if (released) return;
      released = true;
      process.off('exit', onExit);
      const current = await readRecord(file);
      if (current !== undefined && current !== 'unreadable' && current.token === record.token)
        await unlink(file).catch(() => undefined);
    },
  };
}
