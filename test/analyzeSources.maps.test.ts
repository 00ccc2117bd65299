import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyzeSources.js';
import { wellsSink } from '../src/writers/wellRecords.js';

const MAPS = new URL('./fixtures/maps/', import.meta.url);
const ROWS = 'ABCDEFGH';

/** A labelled 8×12 grid export: bortezomib (rows B–C) IC50 0.05 µM, carfilzomib (D–E) 0.01 µM, vehicle 10,000 in columns 11–12. */
function exportText(): string {
  const signal = (r: number, c: number): number => {
    if (c >= 10) return 10000;
    if (r < 1 || r > 4 || c < 1) return 50;
    const dose = 1 / 3 ** (c - 1);
    const ic50 = r <= 2 ? 0.05 : 0.01;
    return Math.round(100 + 9900 / (1 + (dose / ic50) ** 1.2));
  };
  const lines = [`,${Array.from({ length: 12 }, (_, c) => c + 1).join(',')}`];
  for (let r = 0; r < 8; r++) lines.push(`${ROWS[r]},${Array.from({ length: 12 }, (_, c) => signal(r, c)).join(',')}`);
  return lines.join('\n') + '\n';
}

describe('the library with plate maps as bytes', () => {
  it('takes a workbook map and a wells sink', async () => {
    let wells = '';
    const report = await analyze(
      [{ name: 'plate.csv', text: exportText() }],
      { map: { name: 'template.xlsx', bytes: new Uint8Array(readFileSync(new URL('d300-template.xlsx', MAPS))) }, unit: { name: 'uM', log10Molar: -6, isLog: false }, cellLine: 'X' },
      { sinks: [wellsSink((t) => void (wells += t), { format: 'ndjson', rawCells: false })] },
    );
    expect(report.errors).toEqual([]);
    expect(report.fits.map((f) => f.compound)).toEqual(['Bortezomib', 'Carfilzomib']);
    expect(10 ** (report.fits[0]!.log10Ic50.value + 6)).toBeCloseTo(0.05, 2);
    // The map's note (a sheet it did not read) is a warning of the report.
    expect(report.warnings[0]).toMatchObject({ location: { file: 'template.xlsx' }, message: expect.stringMatching(/sheets not used: "Notes"/) });
    const records = wells.trim().split('\n').map((line) => JSON.parse(line) as { well: string; role: string; viability: number });
    expect(records).toHaveLength(40);
    expect(records.find((w) => w.well === 'B12')).toMatchObject({ role: 'vehicle', viability: 100 });
  });
});
