import { Ic50Error } from '../errors.js';

/**
 * The longest line any reader accepts, in characters. The widest real export line we know is a
 * 1536-well kinetic table with one column per well (~20 KB); a line a thousand times longer is
 * not a table of wells, and reading it on would only cost minutes and gigabytes before failing.
 */
export const MAX_LINE_CHARS = 1 << 20;

/** Throws Ic50Error (code limit) naming file and line when `line` is longer than MAX_LINE_CHARS. */
export function checkLineLength(line: string, file: string, lineNumber: number): void {
  if (line.length <= MAX_LINE_CHARS) return;
  throw new Ic50Error(`line is ${(line.length / 2 ** 20).toFixed(1)} M characters long (the limit is 1 M): not a table of wells`, {
    code: 'limit',
    location: { file, line: lineNumber },
    hint: 'is this the right file? a data file has one well (or one plate row) per line',
  });
}
