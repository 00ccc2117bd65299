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
import { acceptedNames, COLUMN_ALIASES, describeHeader } from '../plate/columns.js';
import { looksTidy } from './tidyCsv.js';
import { wellTableReader } from './wellTable.js';

/**
 * Every plate reader, in detection order (see README.md in this folder): vendor formats first,
 * each recognised by its own markers; the generic grid and the long well table last, since almost
 * anything with numbers looks like them. Every reader's plates also get notes on ragged lines
 * (noteRaggedLines).
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

/** The tidy CSV — one row per well — is read by readers/tidyCsv.ts; its id for --reader. */
export const TIDY_READER = { id: 'tidy', label: 'tidy CSV (one row per well)' } as const;

/** Every format --reader accepts, in detection order: the tidy CSV first, then the exports. */
export const READER_IDS: readonly string[] = [TIDY_READER.id, ...READERS.map((r) => r.id)];

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

function readerList(): string {
  return [TIDY_READER, ...READERS].map((r) => `${r.id} (${r.label})`).join(', ');
}

/**
 * How an input is read, from its first bytes: `tidy` for a tidy CSV (a header naming a compound
 * or a concentration column), else `export` (a plate-reader export, read with a plate map).
 * With a forced reader (--reader), that reader's kind; an unknown id is a usage error.
 */
export function inputKind(head: string, forced?: string): 'tidy' | 'export' {
  if (forced !== undefined) {
    if (!READER_IDS.includes(forced)) throw new Ic50Error(`unknown reader "${forced}"`, { code: 'usage', hint: `readers: ${readerList()}` });
    return forced === TIDY_READER.id ? 'tidy' : 'export';
  }
  return looksTidy(head) ? 'tidy' : 'export';
}

/**
 * The plate reader for a table: `forced` by id (--reader) — which must still recognise the
 * table, or the numbers read would be the wrong ones — else the first whose detect() accepts it.
 */
export function choosePlateReader(table: CellTable, forced?: string): PlateReader {
  const location = { file: table.source, ...(table.sheet !== undefined ? { sheet: table.sheet } : {}) };
  const detected = READERS.find((r) => r.detect(table));
  if (forced !== undefined) {
    const reader = READERS.find((r) => r.id === forced);
    if (!reader) {
      if (forced === TIDY_READER.id) throw new Ic50Error('--reader tidy: this is not a tidy CSV (no compound or concentration column in its first line)', { code: 'format', location });
      throw new Ic50Error(`unknown reader "${forced}"`, { code: 'usage', hint: `readers: ${readerList()}` });
    }
    if (!reader.detect(table)) {
      throw new Ic50Error(`--reader ${forced}: this does not look like a ${reader.label} export`, {
        code: 'format',
        location,
        hint: detected ? `it looks like ${detected.id} (${detected.label}); leave out --reader to detect it` : 'leave out --reader, or check the file (ic50 inspect FILE)',
      });
    }
    return reader;
  }
  if (!detected) {
    // A first line of names looks like a table whose columns we did not recognise: say which we found.
    const first = table.rows.find((row) => row.some((c) => c !== '')) ?? [];
    const names = first.filter((c) => c !== '');
    const header = names.length >= 3 && names.filter((c) => /[A-Za-zÀ-ÿ]/.test(c) && !/^[-+.,\d]+$/.test(c)).length >= names.length - 1;
    throw new Ic50Error(header ? `not a format ic50 recognises: a table whose columns it does not know (${describeHeader(names)})` : 'not a format ic50 recognises', {
      code: 'format',
      location,
      hint: header
        ? `a tidy CSV needs compound, concentration and signal columns — ${acceptedNames('compound')}; concentration: ${COLUMN_ALIASES.concentration.join(', ')}; signal: ${COLUMN_ALIASES.signal.join(', ')}; or give a plate-reader export with --layout (ic50 --help)`
        : `supported: a tidy CSV (one row per well with compound, concentration and signal columns), or a plate-reader export with --layout: ${readerList()}; force one with --reader ID`,
    });
  }
  return detected;
}
