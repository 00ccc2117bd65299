import { ic50DifferenceP } from '../compare/ic50DifferenceTest.js';
import { sharedFitOf } from '../compare/sharedFit.js';
import type { Curve, CurveFit, SharedFit } from '../types.js';
import type { ChunkContent } from './chunkWells.js';
import { indexChunk, type ChunkIndex } from './indexChunk.js';
import type { Chunk, InputSpec } from './inputs.js';
import { completeCurves, processChunk, type ChunkPlan, type ChunkResult, type CompletedCurve } from './processChunk.js';
import type { EngineSettings, RenderSettings } from './settings.js';
import type { WellPack } from './wellPack.js';

/**
 * The work the engine hands to an executor — on this thread or a worker thread — as plain data:
 * pass 1 over a chunk, pass 2 over a chunk, fitting curves completed across chunks, the
 * IC50-difference test of a comparison and the shared fit of a compound (--share).
 */
export type Task =
  | { readonly kind: 'index'; readonly input: InputSpec; readonly chunk: Chunk; readonly settings: EngineSettings; readonly keepWells: boolean }
  | {
      readonly kind: 'process';
      readonly input: InputSpec;
      readonly chunk: Chunk;
      readonly settings: EngineSettings;
      readonly plan: ChunkPlan;
      /** The chunk's treated wells kept by pass 1: not read again. */
      readonly wells?: WellPack | undefined;
    }
  | {
      readonly kind: 'fit';
      readonly curves: readonly { key: string; curve: Curve; position: number }[];
      readonly settings: EngineSettings;
      readonly needed: readonly string[];
      readonly render?: RenderSettings | undefined;
      readonly keepPoints: boolean;
    }
  | { readonly kind: 'difference'; readonly line: CurveFit; readonly parental: CurveFit; readonly settings: EngineSettings }
  | { readonly kind: 'shared'; readonly fits: readonly CurveFit[]; readonly settings: EngineSettings };

export interface TaskResults {
  readonly index: ChunkIndex;
  readonly process: ChunkResult;
  readonly fit: CompletedCurve[];
  readonly difference: number;
  readonly shared: SharedFit | undefined;
}

/** Reads the content of an input's chunk: in memory for text and bytes, from the file system (io/) for files. */
export interface ContentReader {
  open(input: InputSpec, chunk: Chunk): ChunkContent;
}

/** Runs tasks somewhere: on this thread (InlineExecutor) or on worker threads (io/workerPool). */
export interface Executor {
  /** Worker threads (0: everything runs on the calling thread). */
  readonly threads: number;
  /** Runs a task; `urgent` tasks go before queued ones (the output waits for them). */
  run<K extends Task['kind']>(task: Extract<Task, { kind: K }>, urgent?: boolean): Promise<TaskResults[K]>;
  /**
   * Told before the first task that the inputs are large (read twice: beyond the bytes whose wells
   * pass 1 keeps): an executor may then give a little CPU time for memory (WorkerPool keeps its
   * heaps near their live data).
   */
  preferMemory?(): void;
  close(): Promise<void>;
}

/** Runs one task here (a worker thread's loop, or the inline executor). */
export async function runTask(task: Task, reader: ContentReader): Promise<TaskResults[Task['kind']]> {
  switch (task.kind) {
    case 'index':
      return indexChunk(task.input, task.chunk, reader.open(task.input, task.chunk), task.settings, task.keepWells);
    case 'process':
      return processChunk(task.input, task.chunk, task.wells ?? reader.open(task.input, task.chunk), task.settings, task.plan);
    case 'fit':
      return completeCurves(task.curves, task.settings, new Set(task.needed), task.render, task.keepPoints);
    case 'difference':
      return ic50DifferenceP(task.line, task.parental, task.settings.fit);
    case 'shared':
      return task.settings.share ? sharedFitOf(task.fits, task.settings.share) : undefined;
  }
}

/** Lets the event loop turn (signals, I/O) between pieces of work on the calling thread. */
function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (f: () => void) => void }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}

/** An executor without threads: each task runs on the calling thread, after the event loop has turned. */
export class InlineExecutor implements Executor {
  readonly threads = 0;
  constructor(private readonly reader: ContentReader) {}

  async run<K extends Task['kind']>(task: Extract<Task, { kind: K }>): Promise<TaskResults[K]> {
    await yieldToEventLoop();
    return (await runTask(task, this.reader)) as TaskResults[K];
  }

  async close(): Promise<void> {}
}
