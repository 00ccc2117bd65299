import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Temporary files not yet committed, removed if the process is interrupted. */
const open = new Set<string>();

/** Removes every uncommitted temporary output (called on SIGINT/SIGTERM). */
export function abandonOutputs(): void {
  for (const path of open) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
  open.clear();
}

/**
 * An output file written in pieces and committed atomically: text goes to a temporary file beside
 * the target; commit() flushes it to disk and renames it over the target, abort() deletes it. An
 * interrupted run (crash, Ctrl-C) never leaves a half-written result under the target's name.
 */
export class AtomicOutput {
  private readonly temporary: string;
  private fd: number | undefined;

  constructor(readonly path: string) {
    this.temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    this.fd = openSync(this.temporary, 'w');
    open.add(this.temporary);
  }

  write(data: string | Uint8Array): void {
    if (this.fd === undefined || data.length === 0) return;
    if (typeof data === 'string') writeSync(this.fd, data);
    else writeSync(this.fd, data);
  }

  commit(): void {
    if (this.fd === undefined) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
    renameSync(this.temporary, this.path);
    open.delete(this.temporary);
  }

  abort(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    try {
      unlinkSync(this.temporary);
    } catch {
      // already gone
    }
    open.delete(this.temporary);
  }
}
