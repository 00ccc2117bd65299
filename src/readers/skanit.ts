/**
 * Thermo Scientific SkanIt exports (Varioskan LUX, Multiskan SkyHigh/FC, Fluoroskan),
 * formats.md §2.8: a step sheet (`Absorbance 1_01`, `Luminescence 1_01`) that starts with
 * `Measurement results`, the session file, a date, then per step and wavelength:
 *
 *   Absorbance 1              (step name)
 *   Wavelength: 570 nm        (0 nm for luminescence)
 *   Plate 1                   (plate name)
 *   Abs  1.0  2.0 … 12.0      (unit in the corner cell: RLU / Abs / RFU; columns written 1.0)
 *   A    0.71 0.69 …
 *
 * Each data grid is a read; several wavelengths give several reads; a `Sample` grid (sample
 * names) is not data and is skipped. Grids under different `Plate n` names are different plates.
 */
import { Ic50Error } from '../errors.js';
import type { CellTable } from './cellTable.js';
import { plateReadFromGrid, plateSizeOf, readGridBlock, type GridBlock } from './gridBlock.js';
import type { PlateReader, RawPlate } from './rawPlate.js';

/** How far down detect() looks for `Measurement results`. */
const DETECT_ROWS = 10;
/** Units SkanIt writes in the corner of a data grid. */
const DATA_CORNER = /^(RLU|Abs|RFU)$/i;

export const skanitReader: PlateReader = {
  id: 'skanit',
  label: 'Thermo SkanIt',
  detect,
  read,
};

/** formats.md §3 rule 8: `Measurement results` near the top and an RLU/Abs/RFU corner over column numbers. */
function detect(table: CellTable): boolean {
  const top = Math.min(table.rows.length, DETECT_ROWS);
  let results = false;
  for (let r = 0; r < top; r++) if (table.rows[r]![0] === 'Measurement results') results = true;
  return results && table.rows.some((row) => DATA_CORNER.test(row[0] ?? '') && (row[1] === '1.0' || row[1] === '1'));
}

/** One data grid and what was written above it. */
interface Found {
  readonly block: GridBlock;
  readonly step: string | undefined;
  readonly wavelengthNm: number | undefined;
  readonly plate: string | undefined;
}

/** Collects the data grids with the step, wavelength and plate name above each, then one RawPlate per plate name. */
function read(table: CellTable): RawPlate[] {
  const notes: string[] = [];
  const found: Found[] = [];
  const meta: Record<string, string> = {};
  let step: string | undefined;
  let title: string | undefined;
  let wavelengthNm: number | undefined;
  let plate: string | undefined;
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    const first = row[0] ?? '';
    const alone = first !== '' && row.slice(1).every((c) => c === '');
    const wavelength = /^Wavelength:\s*([\d.]+)\s*nm$/i.exec(first);
    if (wavelength) {
      const nm = Number(wavelength[1]);
      wavelengthNm = nm > 0 ? nm : undefined; // luminescence writes 0 nm
      // The one-cell line above the first wavelength of a step names the step.
      if (title !== undefined) [step, title] = [title, undefined];
      if (step !== undefined) meta['mode'] ??= step.replace(/\s*\d+$/, '');
    } else if (DATA_CORNER.test(first) || first === 'Sample') {
      const block = readGridBlock(table, r);
      if (!block || block.labelColumn !== 0) {
        if (first === 'Sample') continue;
        throw new Ic50Error(`a '${first}' grid header without column numbers and row letters under it`, {
          location: { file: table.source, line: table.lines[r]! },
        });
      }
      if (first === 'Sample') notes.push(`skipped the sample-name grid at line ${table.lines[r]!}`);
      else found.push({ block, step, wavelengthNm, plate });
      r = block.endRow - 1;
    } else if (!alone || first === 'Measurement results') {
      continue;
    } else if (/^Plate\s+\S+/.test(first)) {
      plate = first;
    } else if (/\.skax?$/i.test(first)) {
      meta['session'] ??= first;
    } else if (meta['date'] === undefined && /\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|^\d{5}(\.\d+)?$/.test(first)) {
      meta['date'] = first;
    } else {
      title = first;
    }
  }
  if (found.length === 0) {
    throw new Ic50Error("a SkanIt sheet without data: no grid with an RLU, Abs or RFU corner", {
      location: { file: table.source, line: table.lines[0] ?? 1 },
    });
  }
  // One plate per plate name, in the order they appear.
  const plates = [...new Set(found.map((f) => f.plate))];
  return plates.map((name) => {
    const grids = found.filter((f) => f.plate === name);
    let maxRow = 0;
    let maxColumn = 0;
    let line = table.lines[grids[0]!.block.headerRow]!;
    for (const { block } of grids) {
      const blockRow = block.rows.reduce((m, x) => Math.max(m, x.plateRow), -1);
      const blockColumn = block.plateColumns.reduce((m, c) => Math.max(m, c), -1);
      if (blockRow > maxRow || blockColumn > maxColumn) line = table.lines[block.headerRow]!;
      maxRow = Math.max(maxRow, blockRow);
      maxColumn = Math.max(maxColumn, blockColumn);
    }
    const size = plateSizeOf(maxRow, maxColumn, table, line);
    const used = new Map<string, number>();
    const reads = grids.map(({ block, step: s, wavelengthNm: nm }) => {
      let label = `${s ?? block.corner}${nm !== undefined ? ` (${nm} nm)` : ''}`;
      const seen = (used.get(label) ?? 0) + 1;
      used.set(label, seen);
      if (seen > 1) label += ` #${seen}`;
      return plateReadFromGrid(table, block, size, label, 'raw', nm);
    });
    const id = name ?? table.sheet ?? table.source;
    const plateMeta = { ...meta, unit: grids[0]!.block.corner };
    return { source: table.source, reader: 'skanit', id, rows: size[0], columns: size[1], reads, meta: plateMeta, notes };
  });
}
