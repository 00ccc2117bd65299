import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Ic50Error, systemError } from '../errors.js';
import type { ChunkContent, TextBlock } from '../engine/chunkWells.js';
import type { Chunk, InputSpec } from '../engine/inputs.js';
import { decodeInput, memoryReader } from '../engine/memoryContent.js';
import type { ContentReader } from '../engine/tasks.js';
import { decodeText } from '../readers/decodeText.js';

/** Bytes read at a time. */
const BLOCK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/** UTF-8 when the bytes are valid UTF-8, else Windows-1252 (older instrument software). */
function decodeBlock(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function changed(input: InputSpec): Ic50Error {
  return new Ic50Error('the file changed while it was being read (its size or time differs from when it was first read)', {
    code: 'changed',
    location: { file: input.name },
    hint: 'wait until the instrument or copy has finished writing it, then run again',
  });
}

/** Opens a file input for reading, checking that it is still the file the analysis started with. */
function openChecked(input: InputSpec, path: string, size: number, mtimeMs: number): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw systemError(error, input.name, 'cannot read it') ?? error;
  }
  const stat = fstatSync(fd);
  if (stat.size !== size || stat.mtimeMs !== mtimeMs) {
    closeSync(fd);
    throw changed(input);
  }
  return fd;
}

/**
 * The lines of a file whose first byte lies in [start, end) — a line belongs to exactly one chunk
 * wherever the boundaries fall — as text blocks of whole lines (1 MB read at a time). Chunk 0
 * skips a UTF-8 byte-order mark. Line numbers count from 1 at the chunk's first line.
 */
function* fileBlocks(input: InputSpec, path: string, size: number, mtimeMs: number, chunk: Chunk): Generator<TextBlock> {
  const fd = openChecked(input, path, size, mtimeMs);
  try {
    const buffer = Buffer.allocUnsafe(BLOCK_BYTES);
    // The chunk's first line: the file's first, or the one after the first line end at or after start − 1.
    let position = 0;
    if (chunk.start > 0) {
      position = chunk.start - 1;
      for (;;) {
        const n = readSync(fd, buffer, 0, BLOCK_BYTES, position);
        if (n === 0) return;
        const at = buffer.subarray(0, n).indexOf(NEWLINE);
        if (at >= 0) {
          position += at + 1;
          break;
        }
        position += n;
      }
      if (position >= chunk.end) return;
    }
    let line = 1;
    let data: Buffer = Buffer.alloc(0);
    let dataStart = position;
    const emit = (bytes: Buffer): TextBlock => {
      const block = { text: decodeBlock(bytes), firstLine: line };
      line += countNewlines(bytes);
      return block;
    };
    for (;;) {
      const n = readSync(fd, buffer, 0, BLOCK_BYTES, position);
      position += n;
      data = data.length > 0 ? Buffer.concat([data, buffer.subarray(0, n)]) : Buffer.from(buffer.subarray(0, n));
      if (dataStart === 0 && data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) {
        data = data.subarray(3);
        dataStart = 3;
      }
      if (dataStart + data.length >= chunk.end) {
        // The chunk ends with the line that holds byte end − 1.
        const lineEnd = data.indexOf(NEWLINE, Math.max(0, chunk.end - 1 - dataStart));
        if (lineEnd >= 0 || n === 0) {
          const last = lineEnd >= 0 ? lineEnd + 1 : data.length;
          if (last > 0) yield emit(data.subarray(0, last));
          return;
        }
        continue;
      }
      if (n === 0) {
        if (data.length > 0) yield emit(data);
        return;
      }
      const cut = data.lastIndexOf(NEWLINE) + 1;
      if (cut > 0) {
        yield emit(data.subarray(0, cut));
        data = data.subarray(cut);
        dataStart += cut;
      }
    }
  } finally {
    closeSync(fd);
  }
}

function countNewlines(bytes: Uint8Array): number {
  let n = 0;
  for (let at = bytes.indexOf(NEWLINE); at >= 0; at = bytes.indexOf(NEWLINE, at + 1)) n++;
  return n;
}

/** The whole file's bytes, checked against the analysis' record of it. */
function fileBytes(input: InputSpec, path: string, size: number, mtimeMs: number): Uint8Array {
  const fd = openChecked(input, path, size, mtimeMs);
  try {
    const bytes = Buffer.allocUnsafe(size);
    let at = 0;
    while (at < size) {
      const n = readSync(fd, bytes, at, size - at, at);
      if (n === 0) throw changed(input);
      at += n;
    }
    return bytes;
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads inputs' chunks from the file system (in a worker or on the main thread), and in-memory
 * inputs from memory. A file is checked against its size and modification time as first seen,
 * so a file that changes between the two passes is an error, never rows from two versions.
 */
export const fileReader: ContentReader = {
  open(input: InputSpec, chunk: Chunk): ChunkContent {
    const data = input.data;
    if (data.kind !== 'file') return memoryReader.open(input, chunk);
    const { path, size, mtimeMs } = data;
    return {
      blocks: () => {
        if (input.wholeOnly) {
          const text = decodeText(fileBytes(input, path, size, mtimeMs)) ?? '';
          return [{ text, firstLine: 1 }];
        }
        return fileBlocks(input, path, size, mtimeMs, chunk);
      },
      whole: async () => decodeInput(fileBytes(input, path, size, mtimeMs), input.name),
    };
  },
};
