import { AtomicOutput } from './atomicOutput.js';

/**
 * Writes `data` to `path` atomically: into a temporary file beside it, flushed to disk, then
 * renamed over the target. A reader sees the old file or the new one, never half of one; if
 * anything fails (or the process is interrupted), the temporary file is removed and the target
 * is untouched.
 */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  const output = new AtomicOutput(path);
  try {
    output.write(data);
    output.commit();
  } catch (error) {
    output.abort();
    throw error;
  }
}
