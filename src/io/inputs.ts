import { closeSync, createReadStream, openSync, readdirSync, readSync, realpathSync, statSync, writeSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { Ic50Error, systemError } from '../errors.js';
import type { InputSpec } from '../engine/inputs.js';
import type { PlateLayout } from '../layouts/plateLayout.js';
import { decodeText } from '../readers/decodeText.js';
import { inputKind } from '../readers/index.js';
import { isZip } from '../readers/isZip.js';
import { registerTemporary } from './temporaryFiles.js';

/** File endings read when a directory is given. */
const DATA_FILE = /\.(csv|tsv|txt|xlsx)$/i;
/** Files in a directory that are clearly not data: read-me and licence files. */
const NOT_DATA = /^(readme|license|licence|copying|changelog|notes?)([._-].*)?$/i;
/** Bytes of an input read to decide its format and read a tidy CSV's header. */
const HEAD_BYTES = 64 * 1024;
const GLOB = /[*?[\]{}]/;

/** One input to read, and what a manifest row says about it. */
export interface InputRequest {
  readonly path: string;
  /** Found in a directory (not named): a file that is clearly not data is skipped, not an error. */
  readonly listed?: boolean;
  readonly layouts?: readonly PlateLayout[];
  readonly cellLine?: string;
  readonly plate?: string;
  readonly experiment?: string;
  /** A manifest row's label values (passage, date, …), by label. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Hours from treatment to the read of every well (a manifest's `time`). */
  readonly time?: number;
}

/** A file's identity: the same file by another name (a link, a relative path) has the same one. */
export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
}

function identityOf(stat: Stats): FileIdentity {
  return { dev: stat.dev, ino: stat.ino };
}

/** Paths that must never be read as inputs: the outputs (refused) and the plate maps and manifest (skipped). */
export interface InputGuard {
  /** Output files: an input that is one of them is refused before anything is read. */
  readonly outputs: readonly { readonly path: string; readonly identity: FileIdentity }[];
  /** Files read for another purpose (--layout, --manifest): never read as data too. */
  readonly others: readonly FileIdentity[];
}

const same = (a: FileIdentity, b: FileIdentity) => a.dev === b.dev && a.ino === b.ino;

/** The paths given, each with the flag that named it (`[['-o', path], …]`, absent ones left out). */
export function namedPaths(pairs: readonly (readonly [string, string | undefined])[]): { flag: string; path: string }[] {
  return pairs.flatMap(([flag, path]) => (path === undefined ? [] : [{ flag, path }]));
}

/**
 * Refuses, before anything is read or written, outputs that would destroy a file the run reads
 * (a plate map, a manifest, an exclusion list, an Echo stock table: given as `reads`, each with its
 * option) or each other (-o and --wells naming one file would leave only one of them). Outputs
 * are compared by path as resolved and, when they exist, by file identity (links, other spellings).
 */
export function refuseClashingOutputs(outputs: readonly { flag: string; path: string }[], reads: readonly { flag: string; path: string }[]): void {
  const known = outputs.map((o) => ({ ...o, resolved: resolve(o.path), identity: fileIdentity(o.path) }));
  for (const [i, output] of known.entries()) {
    for (const other of known.slice(0, i)) {
      if (other.resolved === output.resolved || (output.identity && other.identity && same(output.identity, other.identity))) {
        throw new Ic50Error(`${other.flag} and ${output.flag} both name ${output.path}: one output would overwrite the other`, { code: 'usage', hint: 'give each output its own file' });
      }
    }
    for (const read of reads) {
      const identity = fileIdentity(read.path);
      if (resolve(read.path) === output.resolved || (identity && output.identity && same(identity, output.identity))) {
        throw new Ic50Error(`the output ${output.path} (${output.flag}) is the file ${read.flag} reads: writing it would destroy it`, { code: 'usage', hint: 'write the output to another file' });
      }
    }
  }
}

/** The identity of an existing file, or undefined. */
export function fileIdentity(path: string): FileIdentity | undefined {
  try {
    return identityOf(statSync(path));
  } catch {
    return undefined;
  }
}

function walk(directory: string, recursive: boolean, errors: Ic50Error[]): string[] {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    errors.push(systemError(error, directory, 'cannot list the folder') ?? new Ic50Error(String(error), { code: 'io', location: { file: directory } }));
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(directory, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      // A link is followed to what it points at (a loop or a dangling link is skipped).
      try {
        const stat = statSync(path);
        isDirectory = stat.isDirectory();
        isFile = stat.isFile();
      } catch {
        continue;
      }
      if (isDirectory) continue; // links to folders are not walked: they can loop
    }
    if (isDirectory) {
      if (recursive) out.push(...walk(path, true, errors));
    } else if (isFile && DATA_FILE.test(entry.name)) out.push(path);
  }
  return out;
}

/**
 * The inputs named on the command line: each file as given; each directory's data files (.csv,
 * .tsv, .txt, .xlsx, links followed; with `recursive`, its subdirectories' too) and each glob's
 * matches, sorted so that output order never depends on the file system; "-" is standard input.
 * A path that does not exist, a directory with no data files, a folder that cannot be listed
 * and a glob matching nothing are errors of their own (reported; the other paths are still read).
 */
export async function expandPaths(paths: readonly string[], recursive = false): Promise<{ requests: InputRequest[]; errors: Ic50Error[] }> {
  const requests: InputRequest[] = [];
  const errors: Ic50Error[] = [];
  for (const path of paths) {
    if (path === '-') {
      requests.push({ path });
      continue;
    }
    let stat: Stats | undefined;
    try {
      stat = statSync(path);
    } catch (error) {
      if (GLOB.test(path) && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        const { globSync } = await import('tinyglobby'); // loaded only when a pattern is given
        const matches = globSync(path, { onlyFiles: true, dot: false }).filter((m) => DATA_FILE.test(m)).sort();
        if (matches.length === 0) errors.push(new Ic50Error('the pattern matches no .csv, .tsv, .txt or .xlsx file', { code: 'io', location: { file: path } }));
        requests.push(...matches.map((m) => ({ path: m, listed: true })));
        continue;
      }
      errors.push(systemError(error, path) ?? new Ic50Error('cannot read it', { code: 'io', location: { file: path } }));
      continue;
    }
    if (!stat.isDirectory()) {
      requests.push({ path });
      continue;
    }
    const files = walk(path, recursive, errors).sort();
    if (files.length === 0) {
      errors.push(
        new Ic50Error(`directory has no .csv, .tsv, .txt or .xlsx files${recursive ? '' : ' (add -r to look in its subdirectories)'}`, { code: 'io', location: { file: path } }),
      );
    }
    requests.push(...files.map((file) => ({ path: file, listed: true })));
  }
  return { requests, errors };
}

/** Standard input or a FIFO, copied once to a temporary file (read in pieces: memory stays flat, signals are served). */
async function spill(stream: Readable, name: string): Promise<{ path: string; size: number; mtimeMs: number }> {
  const path = join(tmpdir(), `ic50-${process.pid}-${randomBytes(4).toString('hex')}.input`);
  registerTemporary(path);
  const fd = openSync(path, 'wx', 0o600);
  let size = 0;
  try {
    for await (const piece of stream) {
      const bytes = piece as Buffer;
      let at = 0;
      while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
      size += bytes.length;
    }
  } catch (error) {
    throw systemError(error, name, 'cannot read it') ?? new Ic50Error(`cannot read it: ${(error as Error).message}`, { code: 'io', location: { file: name } });
  } finally {
    closeSync(fd);
  }
  const stat = statSync(path);
  return { path, size, mtimeMs: stat.mtimeMs };
}

/** The first bytes of a file. */
function head(path: string, size: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    let length = Math.min(size, HEAD_BYTES);
    let bytes = Buffer.allocUnsafe(length);
    let n = readSync(fd, bytes, 0, length, 0);
    // A header longer than the head: read on to its end (at most 1 MB, the longest line read).
    while (n === length && length < size && bytes.subarray(0, n).indexOf(0x0a) < 0 && length < 2 ** 20) {
      length = Math.min(size, length * 4);
      bytes = Buffer.allocUnsafe(length);
      n = readSync(fd, bytes, 0, length, 0);
    }
    return bytes.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** A head of text, decoded as the whole file would be (BOM, UTF-16, UTF-8, Windows-1252). */
function headText(bytes: Uint8Array): { text: string; utf16: boolean } | null {
  const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  // Cut at the last line end so that no character is split (UTF-8 continuation bytes are never 0x0a).
  const cut = utf16 ? bytes.length - (bytes.length % 2) : bytes.lastIndexOf(0x0a) + 1 || bytes.length;
  const text = decodeText(bytes.subarray(0, cut));
  return text === null ? null : { text, utf16 };
}

/** true for a file whose head is ic50's results. */
function isResultsFile(path: string): boolean {
  try {
    const text = headText(head(path, statSync(path).size));
    return text !== null && isResultsHeader(text.text);
  } catch {
    return false;
  }
}

/** true for a header naming ic50's own result columns (a results file in a folder of data). */
function isResultsHeader(text: string): boolean {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  return /(^|[,\t])ic50([,\t]|$)/.test(first) && /(^|[,\t])ic50_ci_low([,\t]|$)/.test(first) && /(^|[,\t])n_points([,\t]|$)/.test(first);
}

/**
 * Opens the inputs: standard input and FIFOs are copied once to a temporary file (they cannot
 * be read twice, and the engine reads twice); every file's size and time are recorded (a file
 * that changes before it is read again is an error); its first bytes say its format. An input
 * that is an output of this run is refused before anything is read (usage error); one that is a
 * plate map or manifest of this run is skipped, as are files found in a folder that are clearly
 * not data (read-me files, ic50's own results) — each noted. An unreadable input is an error of
 * its own; the rest go on.
 */
export async function openInputs(
  requests: readonly InputRequest[],
  reader: string | undefined,
  guard: InputGuard,
): Promise<{ inputs: InputSpec[]; errors: Ic50Error[]; notes: string[] }> {
  const inputs: InputSpec[] = [];
  const errors: Ic50Error[] = [];
  const skipped: string[] = [];
  // Refuse outputs first: nothing is read (not even standard input) when one would be overwritten.
  for (const request of requests) {
    if (request.path === '-') continue;
    const identity = fileIdentity(request.path);
    const output = identity && guard.outputs.find((o) => same(o.identity, identity));
    // ic50's own earlier results in a folder of inputs are skipped below, not refused.
    if (output && request.listed && isResultsFile(request.path)) continue;
    if (output) {
      throw new Ic50Error(`the output ${output.path} is also an input (${request.path}): writing it would destroy the data`, {
        code: 'usage',
        hint: 'write the results to another file',
      });
    }
  }
  let stdinSpilled: { path: string; size: number; mtimeMs: number } | undefined;
  for (const request of requests) {
    const name = request.path;
    try {
      let data: { path: string; size: number; mtimeMs: number };
      if (name === '-') {
        if (process.stdin.isTTY) process.stderr.write('ic50: reading standard input from the terminal (end with Ctrl-D)\n');
        stdinSpilled ??= await spill(process.stdin, '-');
        data = stdinSpilled;
      } else {
        let stat: Stats;
        try {
          stat = statSync(name);
        } catch (error) {
          throw systemError(error, name) ?? error;
        }
        if (stat.isDirectory()) throw new Ic50Error('is a directory', { code: 'io', location: { file: name } });
        const identity = identityOf(stat);
        if (guard.others.some((o) => same(o, identity)) || (request.listed && guard.outputs.some((o) => same(o.identity, identity)))) {
          skipped.push(basename(name));
          continue;
        }
        if (request.listed && NOT_DATA.test(basename(name))) {
          skipped.push(basename(name));
          continue;
        }
        data = stat.isFile() ? { path: name, size: stat.size, mtimeMs: stat.mtimeMs } : await spill(createReadStream(name), name);
      }
      if (data.size === 0) throw new Ic50Error('the file is empty', { code: 'format', location: { file: name } });
      let bytes: Uint8Array;
      try {
        bytes = head(data.path, data.size);
      } catch (error) {
        throw systemError(error, name, 'cannot read it') ?? error;
      }
      const common = {
        index: inputs.length,
        name,
        data: { kind: 'file' as const, ...data },
        ...(request.layouts ? { layouts: request.layouts } : {}),
        ...(request.cellLine !== undefined ? { cellLine: request.cellLine } : {}),
        ...(request.plate !== undefined ? { plate: request.plate } : {}),
        ...(request.experiment !== undefined ? { experiment: request.experiment } : {}),
        ...(request.labels !== undefined ? { labels: request.labels } : {}),
        ...(request.time !== undefined ? { time: request.time } : {}),
      };
      if (isZip(bytes)) {
        inputs.push({ ...common, format: inputKind('', reader === 'tidy' ? undefined : reader) });
        continue;
      }
      const text = headText(bytes);
      if (text === null) {
        throw new Ic50Error('this is a binary file, not text', {
          code: 'format',
          location: { file: name },
          hint: 'export the plate as text, CSV or .xlsx (binary instrument files such as .pda, .sda, .xpt are not readable)',
        });
      }
      if (request.listed && isResultsHeader(text.text)) {
        skipped.push(basename(name));
        continue;
      }
      const format = inputKind(text.text, reader);
      inputs.push({ ...common, format, ...(text.utf16 ? { wholeOnly: true } : {}), ...(format === 'tidy' ? { head: text.text } : {}) });
    } catch (error) {
      if (!(error instanceof Ic50Error)) throw error;
      if (error.code === 'usage') throw error;
      errors.push(error);
    }
  }
  const notes = skipped.length > 0 ? [`skipped ${skipped.length === 1 ? 'a file that is' : `${skipped.length} files that are`} not data (a read-me, a plate map or manifest of this run, or ic50's own results): ${skipped.slice(0, 8).join(', ')}${skipped.length > 8 ? ', …' : ''}`] : [];
  return { inputs, errors, notes };
}

/** A text file read whole (a plate map, a manifest): its bytes as text, or an Ic50Error naming it. */
export function readTextFile(path: string, what = 'a plate map'): string {
  let bytes: Uint8Array;
  try {
    if (statSync(path).isDirectory()) throw new Ic50Error(`${what} must be a file, and this is a folder`, { code: 'usage', location: { file: path } });
    bytes = readWhole(path);
  } catch (error) {
    throw systemError(error, path) ?? error;
  }
  if (bytes.length === 0) throw new Ic50Error('the file is empty', { code: 'format', location: { file: path } });
  const text = isZip(bytes) ? null : decodeText(bytes);
  if (text === null) throw new Ic50Error(`${what} must be a text file (CSV, TSV)`, { code: 'format', location: { file: path }, hint: 'save the sheet as CSV' });
  return text;
}

function readWhole(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    for (;;) {
      const buffer = Buffer.allocUnsafe(1 << 20);
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      chunks.push(buffer.subarray(0, n));
    }
    return Buffer.concat(chunks);
  } finally {
    closeSync(fd);
  }
}

/** The real path of an existing file (links resolved), or the path itself. */
export function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The bytes of a file, or of standard input ("-"), whole: for one file that is read once (inspect, matrix). */
export async function readBytes(path: string): Promise<Uint8Array> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    } catch (error) {
      throw systemError(error, '-', 'cannot read standard input') ?? error;
    }
    return Buffer.concat(chunks);
  }
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    return readWhole(path);
  } catch (error) {
    throw systemError(error, path) ?? error;
  }
}
