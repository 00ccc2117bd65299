import { mkdirSync, statSync } from 'node:fs';
import { Ic50Error } from '../errors.js';
import { dirname } from 'node:path';

/**
 * Makes a folder and the missing folders above it, one level at a time. (Node's recursive mkdir
 * loops forever on a path it can never create, such as /proc/x/y; this fails at the first level
 * the system refuses, with its error.)
 */
export function makeFolder(path: string): void {
  const missing: string[] = [];
  let at = path;
  for (;;) {
    try {
      if (statSync(at).isDirectory()) break;
      throw Object.assign(new Error(`not a directory: ${at}`), { code: 'ENOTDIR', path: at });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    missing.push(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Checks, before anything is written, that each output can be placed: a file's path must not be
 * a folder, and the nearest existing folder above it (or above a folder to make) must be a folder,
 * not a file. So a run that would fail on its last output (a report under a file) fails before
 * its first (the figures), and exit 2 leaves nothing behind. Throws Ic50Error naming the option.
 */
export function checkOutputPlaces(outputs: readonly { flag: string; path: string; folder?: boolean }[]): void {
  for (const { flag, path, folder } of outputs) {
    if (path === '-') continue;
    let at = path;
    for (let first = true; ; first = false) {
      let isDirectory: boolean | undefined;
      try {
        isDirectory = statSync(at).isDirectory();
      } catch (error) {
        // Missing (or under a file: ENOTDIR): look further up. Anything else the write will say.
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR') break;
      }
      if (isDirectory !== undefined) {
        if (first && !folder && isDirectory) throw new Ic50Error(`${flag} ${path} is a directory, not a file to write`, { code: 'usage', hint: 'name a file in it' });
        if (!first && !isDirectory) throw new Ic50Error(`${flag} ${path}: ${at} is a file, not a directory`, { code: 'usage', hint: 'write the output somewhere else' });
        if (first && folder && !isDirectory) throw new Ic50Error(`${flag} ${path} is a file, not a directory`, { code: 'usage', hint: 'name a folder for the figures' });
        break;
      }
      const up = dirname(at);
      if (up === at) break;
      at = up;
    }
  }
}
