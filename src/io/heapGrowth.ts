import { setFlagsFromString } from 'node:v8';

/**
 * How far (in %) V8 lets a heap grow above what was live at its last full collection before it
 * collects again. V8 picks up to 300 % on its own when the machine has memory to spare, and on a
 * run whose threads pass many short-lived results (parts' rows, fits) that is what the heap
 * becomes: at 380,000 curves in one file the main thread's heap was ~190 MB around ~70 MB live,
 * each worker's ~100 MB around ~35. At 30 % the same run peaks ~100 MB lower at the same CPU
 * time; with --parental (fits cross threads as objects) ~185 MB lower for 6 % more CPU time (60 %:
 * ~150 MB lower, 3 % more). On 10,000 curves it cost 4 % and saved nothing: only large inputs ask
 * for it (Executor.preferMemory). See docs/performance.md.
 */
export const HEAP_GROWING_PERCENT = 30;

let limited = false;

/**
 * Limits heap growth (HEAP_GROWING_PERCENT) for every heap of the process — this thread's and
 * every worker's: V8's flags are the process's. Once per process; later calls do nothing.
 */
export function limitHeapGrowth(set: (flags: string) => void = setFlagsFromString): void {
  if (limited) return;
  limited = true;
  set(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
