import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ic50Error } from '../errors.js';
import type { Source } from '../pipeline.js';
import { decodeText } from './decodeText.js';
import { tablesFromXlsx } from './xlsxTables.js';

/** File endings read when a directory is given. */
const DATA_FILE = /\.(csv|tsv|txt)$/i;

/** Reads standard input to the end. */
function readStdin(): Uint8Array {
  try {
    return readFileSync(0);
  } catch (error) {
    throw new Ic50Error(`cannot read standard input: ${(error as Error).message}`, { location: { file: '-' } });
  }
}

/**
 * The paths to read: each file as given; each directory's data files (.csv, .tsv, .txt) sorted
 * by name, so output order is deterministic; "-" is standard input. A path that does not exist
 * is an error of its own (reported, the others still read).
 */
export function expandPaths(paths: readonly string[]): { paths: string[]; errors: Ic50Error[] } {
  const out: string[] = [];
  const errors: Ic50Error[] = [];
  for (const path of paths) {
    if (path === '-') {
      out.push(path);
      continue;
    }
    let isDirectory = false;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      errors.push(new Ic50Error('no such file or directory', { location: { file: path } }));
      continue;
    }
    if (!isDirectory) {
      out.push(path);
      continue;
    }
    const files = readdirSync(path, { withFileTypes: true })
      .filter((entry) => entry.isFile() && DATA_FILE.test(entry.name))
      .map((entry) => entry.name)
      .sort();
    if (files.length === 0) {
      errors.push(new Ic50Error('directory has no .csv, .tsv or .txt files', { location: { file: path } }));
    }
    for (const name of files) out.push(join(path, name));
  }
  return { paths: out, errors };
}

/** true for a ZIP container (an .xlsx workbook starts with "PK\x03\x04"). */
function isZip(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** The bytes of a path ("-" = standard input), or an Ic50Error naming it. */
function readBytes(path: string): Uint8Array {
  if (path === '-') return readStdin();
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
  const bytes = readBytes(path);
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
  const bytes = readBytes(path);
  if (bytes.length === 0) throw new Ic50Error('the file is empty', { location: { file: path } });
  const text = isZip(bytes) ? null : decodeText(bytes);
  if (text === null) throw new Ic50Error('a plate map must be a text file (CSV, TSV)', { location: { file: path }, hint: 'save the sheet as CSV' });
  return text;
}
