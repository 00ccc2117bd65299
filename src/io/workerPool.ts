import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runTask, type Task, type TaskResult } from './workerTasks.js';

interface Pending {
  readonly id: number;
  readonly task: Task;
  readonly resolve: (value: TaskResult) => void;
  readonly reject: (error: Error) => void;
}

/** The worker script beside this module: dist/bundle/worker.js for the bundled CLI, dist/io/worker.js otherwise. */
function workerScript(): string {
  for (const name of ['./worker.js']) {
    const path = fileURLToPath(new URL(name, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error('worker script not found beside the CLI (run npm run build)');
}

/**
 * A fixed pool of worker threads running Tasks. With size 0 there is no thread at all: tasks run
 * on the main thread, so a single plate pays no thread start-up. Results come back per task;
 * callers keep input order by awaiting in order, so output never depends on which worker
 * finished first.
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private nextId = 0;

  /**
   * @param size worker threads; 0 runs every task on the main thread.
   * @param maxOldGenerationMb heap cap of each worker: V8 collects garbage lazily, up to a large
   *   default heap, so a capped worker collects sooner and peak memory stays near the live set.
   */
  constructor(
    readonly size: number,
    maxOldGenerationMb?: number,
  ) {
    if (size <= 0) return;
    const script = workerScript();
    for (let i = 0; i < size; i++) {
      const worker = new Worker(script, maxOldGenerationMb ? { resourceLimits: { maxOldGenerationSizeMb: maxOldGenerationMb } } : {});
      worker.on('message', (message: { id: number; ok: boolean; value?: TaskResult; message?: string; stack?: string }) => {
        const pending = this.running.get(worker);
        this.running.delete(worker);
        if (pending) {
          if (message.ok) pending.resolve(message.value!);
          else {
            const error = new Error(message.message);
            if (message.stack) error.stack = message.stack;
            pending.reject(error);
          }
        }
        this.idle.push(worker);
        this.dispatch();
      });
      worker.on('error', (error) => {
        const pending = this.running.get(worker);
        this.running.delete(worker);
        pending?.reject(error);
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  /** Runs a task on the next free worker (or here, for a pool of none). */
  run(task: Task): Promise<TaskResult> {
    if (this.workers.length === 0) return runTask(task);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const pending = this.queue.shift()!;
      this.running.set(worker, pending);
      worker.postMessage({ id: pending.id, task: pending.task });
    }
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
