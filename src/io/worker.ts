import { parentPort } from 'node:worker_threads';
import { runTask, type Task } from './workerTasks.js';

// A worker thread of the pool: runs each task it is sent and answers with its result, or with
// the message and stack of an unexpected error (a bug; expected problems are in the results).
parentPort?.on('message', (message: { id: number; task: Task }) => {
  runTask(message.task).then(
    (value) => parentPort?.postMessage({ id: message.id, ok: true, value }),
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      parentPort?.postMessage({ id: message.id, ok: false, message: e.message, stack: e.stack });
    },
  );
});
