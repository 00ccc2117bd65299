import { Ic50Error } from '../errors.js';
import type { CellTable } from './cellTable.js';
import { bmgMarsReader } from './bmgMars.js';
import { envisionReader } from './envision.js';
import { gen5Reader } from './gen5.js';
import { genericGridReader } from './genericGrid.js';
import { glomaxReader } from './glomax.js';
import { kaleidoReader } from './kaleido.js';
import { skanitReader } from './skanit.js';
import { softmaxProReader } from './softmaxPro.js';
import { tecanReader } from './tecan.js';
import type { PlateReader } from './rawPlate.js';
import { noteRaggedLines } from './raggedLines.js';
import { wellTableReader } from './wellTable.js';

/**
 * Every plate reader, in detection order (shared/formats.md §3): vendor formats first, each
 * recognised by its own markers; the generic grid and the long well table last, since almost
 * anything with numbers looks like them. To add a format, see README.md in this folder. Every
 * reader's plates also get notes on ragged lines (noteRaggedLines).
 */
export const READERS: readonly PlateReader[] = [
  softmaxProReader,
  gen5Reader,
  tecanReader,
  bmgMarsReader,
  envisionReader,
  kaleidoReader,
  glomaxReader,
  skanitReader,
  genericGridReader,
  wellTableReader,
].map(checkedReader);

/** A reader whose plates also note lines with a field too few or too many (see noteRaggedLines). */
function checkedReader(reader: PlateReader): PlateReader {
  return {
    id: reader.id,
    label: reader.label,
    detect: (table) => reader.detect(table),
    read(table) {
      const plates = reader.read(table);
      noteRaggedLines(table, plates);
      return plates;
    },
  };
}

/** The reader for a table: `forced` by id (--reader), else the first whose detect() accepts it. */
export function chooseReader(table: CellTable, forced?: string): PlateReader {
  const list = READERS.map((r) => `${r.id} (${r.label})`).join(', ');
  if (forced !== undefined) {
    const reader = READERS.find((r) => r.id === forced);
    if (!reader) throw new Ic50Error(`unknown reader "${forced}"`, { hint: `readers: ${list}` });
    return reader;
  }
  const reader = READERS.find((r) => r.detect(table));
  if (!reader) {
    throw new Ic50Error('not a format ic50 recognises', {
      location: { file: table.source },
      hint: `supported: a tidy CSV (one row per well with compound, concentration and signal columns), or a plate-reader export with --layout: ${list}; force one with --reader ID`,
    });
  }
  return reader;
}
