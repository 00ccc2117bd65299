import { unlinkSync } from 'node:fs';

/** Temporary files of this run (outputs not yet committed, standard input spilled to disk). */
const temporary = new Set<string>();

export function registerTemporary(path: string): void {
  temporary.add(path);
}

/** Forgets a temporary file that was renamed into place or removed. */
export function releaseTemporary(path: string): void {
  temporary.delete(path);
}

/** Removes every temporary file of this run (at exit, on SIGINT/SIGTERM/SIGHUP, after an error). */
export function removeTemporaries(): void {
  for (const path of temporary) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
  temporary.clear();
}
