/**
 * PGlite has one database session. When several parties use it — the owner's
 * own store and the local processes connected through the socket — each must
 * have the session to itself from its first message until the database is
 * idle again (ReadyForQuery with status `I`): otherwise one party's statement
 * lands inside another's open transaction (and is lost if that rolls back), or
 * two extended-protocol exchanges interleave. The gate hands the session to
 * one holder at a time, first come first served.
 *
 * @module
 */

interface Waiter {
  id: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** Hands PGlite's one session to one holder at a time, in arrival order. */
export class SessionGate {
  #holder: number | undefined;
  #waiting: Waiter[] = [];
  #nextInProcessId = -1;

  /** The holder now, `undefined` when the session is free. */
  get holder(): number | undefined {
    return this.#holder;
  }

  /** Wait until `id` holds the session (at once when it already does). */
  acquire(id: number): Promise<void> {
    if (this.#holder === undefined || this.#holder === id) {
      this.#holder = id;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => this.#waiting.push({ id, resolve, reject }));
  }

  /** Give the session up, if `id` holds it, to the next waiting party. */
  release(id: number): void {
    if (this.#holder !== id) return;
    const next = this.#waiting.shift();
    this.#holder = next?.id;
    next?.resolve();
  }

  /** Forget whatever `id` waits for (its connection closed). */
  abandon(id: number, reason: Error): void {
    const kept: Waiter[] = [];
    for (const entry of this.#waiting) {
      if (entry.id === id) entry.reject(reason);
      else kept.push(entry);
    }
    this.#waiting = kept;
  }

  /** Run in-process `work` holding the session (each call is its own holder). */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const id = this.#nextInProcessId;
    this.#nextInProcessId -= 1;
    await this.acquire(id);
    try {
      return await work();
    } finally {
      this.release(id);
    }
  }
}
