import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Ic50Error } from '../errors.js';
import type { Executor, Task, TaskResults } from '../engine/tasks.js';
import { limitHeapGrowth } from './heapGrowth.js';
import { TASK_WORKER } from './worker.js';

interface Pending {
  readonly task: Task;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The worker script beside this module: dist/bundle/worker.js for the bundled CLI,
 * dist/io/worker.js for the library — or, running from the sources (tests), the built one.
 */
function workerScript(): string {
  for (const name of ['./worker.js', '../../dist/io/worker.js']) {
    const path = fileURLToPath(new URL(name, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error('worker script not found beside the CLI (run npm run build)');
}

/** What a task is about, for a message when its worker dies. */
function subject(task: Task): string {
  if (task.kind === 'index' || task.kind === 'process') return `reading ${task.input.name}`;
  if (task.kind === 'shared') return `the shared fit of ${task.fits[0]?.compound ?? 'a compound'}`;
  return task.kind === 'fit' ? 'fitting curves' : 'comparing two curves';
}

/**
 * An executor of `size` worker threads (see engine/tasks.ts): each runs one task at a time;
 * urgent tasks (the output waits for them) go before queued ones. Results come back per task;
 * the engine keeps output order itself, so output never depends on which worker finished first.
 * On large inputs (preferMemory) it limits heap growth for the whole process (limitHeapGrowth).
 */
export class WorkerPool implements Executor {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private closed = false;

  /**
   * @param threads worker threads (at least 1).
   * @param maxOldGenerationMb heap cap of each worker: V8 collects garbage lazily, up to a large
   *   default heap, so a capped worker collects sooner and peak memory stays near the live set.
   * @param script the worker's script (default: worker.js beside this module, as built).
   */
  constructor(
    readonly threads: number,
    private readonly maxOldGenerationMb: number,
    script = workerScript(),
  ) {
    for (let i = 0; i < threads; i++) this.spawn(script);
  }

  /** Keeps every heap of the process near its live data (see limitHeapGrowth): on a small run that costs ~4 % CPU for nothing, on a large one little (up to 6 % with --parental: see heapGrowth.ts). */
  preferMemory(): void {
    limitHeapGrowth();
  }

  private spawn(script: string): void {
    const worker = new Worker(script, { workerData: TASK_WORKER, resourceLimits: { maxOldGenerationSizeMb: this.maxOldGenerationMb } });
    worker.on('message', (message: { ok: boolean; value?: unknown; message?: string; stack?: string; ic50?: { message: string; code: string; hint?: string; location?: unknown } }) => {
      const pending = this.running.get(worker);
      this.running.delete(worker);
      if (pending) {
        if (message.ok) pending.resolve(message.value);
        else if (message.ic50) {
          const e = message.ic50;
          pending.reject(new Ic50Error(e.message, { code: e.code as never, ...(e.hint ? { hint: e.hint } : {}), ...(e.location ? { location: e.location as never } : {}) }));
        } else {
          const error = new Error(message.message);
          if (message.stack) error.stack = message.stack;
          pending.reject(error);
        }
      }
      this.idle.push(worker);
      this.dispatch();
    });
    const died = (error: Error) => {
      const pending = this.running.get(worker);
      this.running.delete(worker);
      this.workers.splice(this.workers.indexOf(worker), 1);
      const outOfMemory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      pending?.reject(
        outOfMemory
          ? new Ic50Error(`ran out of memory (${this.maxOldGenerationMb} MB per worker) while ${subject(pending.task)}`, {
              code: 'limit',
              hint: 'a file sorted so that every curve stays open to its end holds all of them at once: sort it by cell line and compound, or split it',
            })
          : error,
      );
      if (!this.closed) {
        this.spawn(script);
        this.dispatch();
      }
    };
    worker.on('error', died);
    worker.on('exit', (code) => {
      if (!this.closed && this.workers.includes(worker)) died(new Error(`a worker thread stopped (exit code ${code})`));
    });
    this.workers.push(worker);
    this.idle.push(worker);
  }

  run<K extends Task['kind']>(task: Extract<Task, { kind: K }>, urgent = false): Promise<TaskResults[K]> {
    return new Promise((resolve, reject) => {
      const pending: Pending = { task, resolve: resolve as (value: unknown) => void, reject };
      if (urgent) this.queue.unshift(pending);
      else this.queue.push(pending);
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      if (!this.workers.includes(worker)) continue;
      const pending = this.queue.shift()!;
      this.running.set(worker, pending);
      worker.postMessage(pending.task);
    }
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
