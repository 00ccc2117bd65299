import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ic50Error } from '../errors.js';
import type { Source } from '../pipeline.js';
import { decodeText } from './decodeText.js';
import { tablesFromXlsx } from './xlsxTables.js';

/** File endings read when a directory is given. */
const DATA_FILE = /\.(csv|tsv|txt|xlsx)$/i;

/**
 * Reads standard input to the end, asynchronously: a synchronous read of a non-blocking pipe
 * (another program writing into ours) fails with EAGAIN.
 */
async function readStdin(): Promise<Uint8Array> {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  } catch (error) {
    throw new Ic50Error(`cannot read standard input: ${(error as Error).message}`, { location: { file: '-' } });
  }
}

function walk(directory: string, recursive: boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (recursive && !entry.name.startsWith('.')) out.push(...walk(path, true));
    } else if (entry.isFile() && DATA_FILE.test(entry.name) && !entry.name.startsWith('.')) out.push(path);
  }
  return out;
}

const GLOB = /[*?[\]{}]/;

/**
 * The paths to read: each file as given; each directory's data files (.csv, .tsv, .txt, .xlsx;
 * with `recursive`, its subdirectories' too), and each glob's matches, sorted so that output order
 * never depends on the file system; "-" is standard input. A path that does not exist, a
 * directory with no data files and a glob matching nothing are errors of their own (reported;
 * the other paths are still read).
 */
export async function expandPaths(paths: readonly string[], recursive = false): Promise<{ paths: string[]; errors: Ic50Error[] }> {
  const out: string[] = [];
  const errors: Ic50Error[] = [];
  for (const path of paths) {
    if (path === '-') {
      out.push(path);
      continue;
    }
    let isDirectory = false;
    let exists = true;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      exists = false;
    }
    if (!exists && GLOB.test(path)) {
      const { globSync } = await import('tinyglobby'); // loaded only when a pattern is given
      const matches = globSync(path, { onlyFiles: true, dot: false }).filter((m) => DATA_FILE.test(m)).sort();
      if (matches.length === 0) errors.push(new Ic50Error('the pattern matches no .csv, .tsv, .txt or .xlsx file', { location: { file: path } }));
      out.push(...matches);
      continue;
    }
    if (!exists) {
      errors.push(new Ic50Error('no such file or directory', { location: { file: path } }));
      continue;
    }
    if (!isDirectory) {
      out.push(path);
      continue;
    }
    const files = walk(path, recursive).sort();
    if (files.length === 0) {
      errors.push(
        new Ic50Error(`directory has no .csv, .tsv, .txt or .xlsx files${recursive ? '' : ' (add -r to look in its subdirectories)'}`, {
          location: { file: path },
        }),
      );
    }
    out.push(...files);
  }
  return { paths: out, errors };
}

/** true for a ZIP container (an .xlsx workbook starts with "PK\x03\x04"). */
function isZip(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** The bytes of a path ("-" = standard input), or an Ic50Error naming it. */
async function readBytes(path: string): Promise<Uint8Array> {
  return path === '-' ? readStdin() : readFileBytes(path);
}

/** The bytes of a file, or an Ic50Error naming it. */
function readFileBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new Ic50Error(reason, { location: { file: path } });
  }
}

/**
 * One input: its text, or the sheets of an .xlsx workbook. Throws Ic50Error naming the file when
 * it cannot be read, is empty, or is binary but not a workbook. The source's name is the path as
 * given ("-" for stdin), so messages point at it. The file is only read, never changed.
 */
export async function readSource(path: string): Promise<Source> {
  const bytes = await readBytes(path);
  if (bytes.length === 0) throw new Ic50Error('the file is empty', { location: { file: path } });
  if (isZip(bytes)) return { name: path, tables: await tablesFromXlsx(bytes, path) };
  const text = decodeText(bytes);
  if (text === null) {
    throw new Ic50Error('this is a binary file, not text', {
      location: { file: path },
      hint: 'export the plate as text, CSV or .xlsx (binary instrument files such as .pda, .sda, .xpt are not readable)',
    });
  }
  return { name: path, text };
}

/** Reads a text file as text (a plate map), with the same errors as readSource. */
export function readTextFile(path: string): string {
  const bytes = readFileBytes(path);
  if (bytes.length === 0) throw new Ic50Error('the file is empty', { location: { file: path } });
  const text = isZip(bytes) ? null : decodeText(bytes);
  if (text === null) throw new Ic50Error('a plate map must be a text file (CSV, TSV)', { location: { file: path }, hint: 'save the sheet as CSV' });
  return text;
}
