import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ic50Error } from '../errors.js';
import type { Source } from '../pipeline.js';
import { decodeText } from './decodeText.js';

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

/**
 * One input as text. Throws Ic50Error naming the file when it cannot be read, is empty, or is
 * binary. The source's name is the path as given ("-" for stdin), so messages point at it.
 */
export function readSource(path: string): Source {
  let bytes: Uint8Array;
  if (path === '-') bytes = readStdin();
  else {
    try {
      bytes = readFileSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason =
        code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
      throw new Ic50Error(reason, { location: { file: path } });
    }
  }
  if (bytes.length === 0) throw new Ic50Error('the file is empty', { location: { file: path } });
  const text = decodeText(bytes);
  if (text === null) {
    throw new Ic50Error('this is a binary file, not text', {
      location: { file: path },
      hint: 'export the plate as CSV or text; .xlsx and instrument files are not read yet',
    });
  }
  return { name: path, text };
}
