/**
 * One engine job at a time, in two priorities. The engine's caches (Project) are not re-entrant,
 * and a keystroke in an open document must never wait behind the background index: `high` jobs
 * always run before `low` ones, and the queue yields to the event loop between jobs so incoming
 * LSP messages (a newer didChange, a cancellation) are seen between two files of the index.
 */
export type Priority = 'high' | 'low';

interface Job {
  run: () => Promise<void>;
}

export class WorkQueue {
  private readonly high: Job[] = [];
  private readonly low: Job[] = [];
  private running = false;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Runs `fn` exclusively and resolves with its result. */
  run<T>(priority: Priority, fn: () => Promise<T> | T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        run: async () => {
          try {
            resolve(await fn());
          } catch (error) {
            reject(error);
          }
        },
      };
      (priority === 'high' ? this.high : this.low).push(job);
      this.schedule();
    });
  }

  /** Fire-and-forget: errors go to the error handler instead of an unhandled rejection. */
  post(priority: Priority, fn: () => Promise<void> | void): void {
    this.run(priority, fn).catch((error) => this.onError(error));
  }

  get pendingLow(): number {
    return this.low.length;
  }

  /** Drops queued background work (a new scan replaces the old one). */
  clearLow(): void {
    this.low.length = 0;
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (!this.running && !this.high.length && !this.low.length) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    // setImmediate, not a microtask: pending I/O (new messages) is processed first.
    setImmediate(() => {
      this.scheduled = false;
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    const job = this.high.shift() ?? this.low.shift();
    if (!job) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
      return;
    }
    this.running = true;
    try {
      await job.run();
    } finally {
      this.running = false;
    }
    if (this.high.length) {
      // Latency matters for open documents: don't go around the event loop between them.
      void this.pump();
    } else this.schedule();
  }
}
