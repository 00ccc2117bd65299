import type { PlateLayout } from '../layouts/plateLayout.js';

/** Where an input's bytes are: a file (read by io/ in byte ranges), or already in memory. */
export type InputData =
  | { readonly kind: 'file'; readonly path: string; readonly size: number; readonly mtimeMs: number }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array };

/** How an input is read: a tidy CSV (one row per well; read in chunks) or a plate-reader export with a plate map (read whole). */
export type InputFormat = 'tidy' | 'export';

/** One input of an analysis, with what its manifest row (if any) says about it. */
export interface InputSpec {
  /** Position in the input order; outputs follow it. */
  readonly index: number;
  /** As given: a path, "-" for standard input, or a library source's name. Messages name it. */
  readonly name: string;
  readonly data: InputData;
  readonly format: InputFormat;
  /** Read whole, never in byte ranges (UTF-16 text, whose newline bytes do not end lines). */
  readonly wholeOnly?: boolean;
  /** The first bytes of a tidy CSV as text (its header and delimiter are read from them in every chunk). */
  readonly head?: string;
  /** Plate maps for an export (--layout, or the manifest's layout). */
  readonly layouts?: readonly PlateLayout[];
  /** From a manifest row: cell line, plate id, experiment label. */
  readonly cellLine?: string;
  readonly plate?: string;
  readonly experiment?: string;
  /** From a manifest row: the values of its label columns (passage, date, …), by label. */
  readonly labels?: Readonly<Record<string, string>>;
  /** From a manifest row: hours from treatment to the read of every well (0: a time-zero plate). */
  readonly time?: number;
}

/**
 * A part of an input read by one task: the lines whose first byte lies in [start, end) — so a
 * line belongs to exactly one chunk wherever the boundaries fall — or the whole input.
 */
export interface Chunk {
  readonly input: number;
  /** 0-based part of its input. */
  readonly part: number;
  /** Byte range in a file; [0, Infinity) for the whole input. */
  readonly start: number;
  readonly end: number;
}

/**
 * Chunks of a tidy CSV file: large files are read in parts of this many bytes, in parallel. A part
 * in flight holds its text, its parsed wells and its fits (~10× its bytes) on a thread, and its rows
 * on the main thread until written, for a few parts ahead: 4 MB against 8 MB took the peak of
 * 190,000 curves in one file from 606 to 522 MB; 1 MB against 4 MB that of 380,000 curves from 535
 * to 494 MB (450 to 395 with heap growth limited, see io/heapGrowth.ts), at the same speed.
 */
export const CHUNK_BYTES = 1 << 20;

/**
 * The chunks of an input: byte ranges of CHUNK_BYTES for a tidy CSV file (UTF-16 files, whose
 * bytes cannot be split at a newline byte, and exports are read whole), one chunk otherwise.
 */
export function chunksOf(input: InputSpec, chunkBytes = CHUNK_BYTES, splittable = true): Chunk[] {
  const data = input.data;
  if (input.format !== 'tidy' || data.kind !== 'file' || !splittable || input.wholeOnly || data.size <= chunkBytes) {
    return [{ input: input.index, part: 0, start: 0, end: Number.POSITIVE_INFINITY }];
  }
  const parts = Math.ceil(data.size / chunkBytes);
  return Array.from({ length: parts }, (_, part) => ({
    input: input.index,
    part,
    start: part * chunkBytes,
    end: part === parts - 1 ? Number.POSITIVE_INFINITY : (part + 1) * chunkBytes,
  }));
}

/**
 * A position in the input order — input, then line (or well, for exports) — as one number, so
 * that "which comes first" is a comparison: input × 2³² + line.
 */
export function positionOf(input: number, line: number): number {
  return input * 4294967296 + line;
}
