import { parentPort, workerData } from 'node:worker_threads';
import { Ic50Error } from '../errors.js';
import { runTask, type Task } from '../engine/tasks.js';
import { fileReader } from './fileContent.js';

/**
 * What WorkerPool gives its workers as workerData. Only they serve tasks: the CLI's bundle, which
 * holds this loop, may be loaded in any thread.
 */
export const TASK_WORKER = 'ic50-task-worker';

/**
 * A worker thread of the pool: runs each task it is sent and answers with its result; an
 * Ic50Error (a user's problem) crosses as such, anything else with its stack (a bug).
 */
function serveTasks(): void {
  parentPort?.on('message', (task: Task) => {
    runTask(task, fileReader).then(
      (value) => parentPort?.postMessage({ ok: true, value }),
      (error: unknown) => {
        if (error instanceof Ic50Error) {
          parentPort?.postMessage({ ok: false, ic50: { message: error.message, code: error.code, hint: error.hint, location: error.location } });
          return;
        }
        const e = error instanceof Error ? error : new Error(String(error));
        parentPort?.postMessage({ ok: false, message: e.message, stack: e.stack });
      },
    );
  });
}

if (workerData === TASK_WORKER) serveTasks();
