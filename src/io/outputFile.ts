import { closeSync, fchmodSync, fsyncSync, lstatSync, openSync, readlinkSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { makeFolder } from './makeFolder.js';
import { Ic50Error, systemError } from '../errors.js';
import { registerTemporary, releaseTemporary } from './temporaryFiles.js';

/** How deep a chain of symbolic links is followed. */
const MAX_LINKS = 40;

/**
 * Where writing `path` really goes, and what is there now: a regular file (through any links:
 * its real path), a folder, something else (a device, a FIFO, a socket, /proc/self/fd/1 —
 * written through at `path` itself), or nothing yet (a dangling link's target is created).
 */
function resolveTarget(path: string): { target: string; kind: 'none' | 'file' | 'directory' | 'special' } {
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return { target: path, kind: 'directory' };
    if (!stat.isFile()) return { target: path, kind: 'special' };
    return { target: realpathSync(path), kind: 'file' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw systemError(error, path, 'cannot write it') ?? error;
  }
  // Nothing there: a new file, or a dangling link whose target is to be made.
  let target = resolve(path);
  for (let i = 0; i < MAX_LINKS; i++) {
    let link: string;
    try {
      if (!lstatSync(target).isSymbolicLink()) break;
      link = readlinkSync(target);
    } catch {
      break;
    }
    target = isAbsolute(link) ? link : resolve(dirname(target), link);
  }
  return { target, kind: 'none' };
}

/**
 * An output written completely or not at all. A file (new, or replaced) is written to a
 * temporary file beside it — every byte checked, flushed to disk — and renamed over it on
 * commit(), so a reader sees the old file or the whole new one, never part of one; abort(), a
 * failed write, a crash or a signal leave the target untouched and no temporary file behind. A
 * symbolic link is followed and its target replaced; a device or FIFO (/dev/null, a pipe,
 * /proc/self/fd/1) is written through, never replaced. A missing folder is created. Failures of
 * the system (no space, permission denied) are Ic50Errors naming the output.
 */
export class OutputFile {
  private fd: number | undefined;
  private readonly temporary: string | undefined;
  /** Where the bytes end up. */
  readonly target: string;

  constructor(readonly path: string) {
    const { target, kind } = resolveTarget(path);
    this.target = target;
    if (kind === 'directory') throw new Ic50Error('is a directory, not a file to write', { code: 'io', location: { file: path }, hint: 'give a file name, e.g. results.csv' });
    try {
      if (kind === 'special') {
        this.fd = openSync(target, 'w');
        return;
      }
      makeFolder(dirname(target));
      this.temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      this.fd = openSync(this.temporary, 'wx', 0o644);
      registerTemporary(this.temporary);
    } catch (error) {
      throw systemError(error, path, 'cannot write it') ?? error;
    }
  }

  /** Appends text or bytes; a short write is retried, a failed one is an Ic50Error (and the output aborted). */
  write(data: string | Uint8Array): void {
    if (this.fd === undefined || data.length === 0) return;
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    try {
      let at = 0;
      while (at < bytes.length) {
        const n = writeSync(this.fd, bytes, at, bytes.length - at);
        if (n <= 0) throw Object.assign(new Error('no bytes written'), { code: 'EIO' });
        at += n;
      }
    } catch (error) {
      this.abort();
      throw systemError(error, this.path, 'cannot write it') ?? error;
    }
  }

  /** Flushes to disk and puts the file in place. */
  commit(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    try {
      if (this.temporary === undefined) {
        closeSync(fd);
        return;
      }
      // A replaced file keeps its permissions.
      try {
        fchmodSync(fd, statSync(this.target).mode & 0o777);
      } catch {
        // a new file
      }
      fsyncSync(fd);
      closeSync(fd);
      renameSync(this.temporary, this.target);
      releaseTemporary(this.temporary);
      try {
        const directory = openSync(dirname(this.target), 'r');
        fsyncSync(directory);
        closeSync(directory);
      } catch {
        // not every file system syncs a directory; the rename is done either way
      }
    } catch (error) {
      this.remove();
      throw systemError(error, this.path, 'cannot write it') ?? error;
    }
  }

  /** Throws the output away: the target stays as it was. */
  abort(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
      this.fd = undefined;
    }
    this.remove();
  }

  private remove(): void {
    if (this.temporary === undefined) return;
    try {
      unlinkSync(this.temporary);
    } catch {
      // already gone
    }
    releaseTemporary(this.temporary);
  }
}

/** Writes `data` to `path` completely or not at all (see OutputFile). */
export function writeOutput(path: string, data: string | Uint8Array): void {
  const output = new OutputFile(path);
  try {
    output.write(data);
    output.commit();
  } catch (error) {
    output.abort();
    throw error;
  }
}
