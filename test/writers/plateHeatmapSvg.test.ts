import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inspect } from '../../src/inspection.js';
import { readLayout } from '../../src/layouts/readLayout.js';
import { parseConcentrationUnit } from '../../src/plate/concentrationUnit.js';
import type { WellRole } from '../../src/types.js';
import { plateHeatmapSvg, viridis, type PlateMap } from '../../src/writers/plateHeatmapSvg.js';
import { allText, byClass, findAll, parseXml } from './xml.js';

/** A synthetic plate: a gradient, vehicle in column 1, blanks in the last column, a marker and an excluded well. */
function plate(rows: number, columns: number, id = `P${rows * columns}`): PlateMap {
  const count = rows * columns;
  const values = new Float64Array(count).map((_, i) => 100 + (i % columns) * 10);
  const roles: (WellRole | null)[] = new Array<WellRole | null>(count).fill('sample');
  for (let r = 0; r < rows; r++) {
    roles[r * columns] = 'vehicle';
    roles[r * columns + columns - 1] = 'blank';
  }
  roles[columns + 1] = 'exclude';
  roles[columns + 2] = 'positive';
  values[2 * columns + 3] = Number.NaN; // marker
  values[3 * columns + 3] = Number.NaN; // not read
  roles[3 * columns + 3] = null;
  return { id, rows, columns, values, roles, markers: new Map([[2 * columns + 3, 'OVRFLW']]) };
}

describe('plateHeatmapSvg', () => {
  for (const [rows, columns] of [[8, 12], [16, 24], [32, 48]] as const) {
    it(`draws a ${rows * columns}-well plate: a rect per well, roles outlined, excluded and marker wells crossed`, () => {
      const svg = plateHeatmapSvg(plate(rows, columns));
      const root = parseXml(svg);
      expect(root.name).toBe('svg');
      expect(byClass(root, 'well', 'rect')).toHaveLength(rows * columns);
      expect(byClass(root, 'role-vehicle')).toHaveLength(rows);
      expect(byClass(root, 'role-blank')).toHaveLength(rows);
      expect(byClass(root, 'role-positive')).toHaveLength(1);
      expect(byClass(root, 'excluded', 'g')).toHaveLength(2);
      // The marker well and the not-read well are grey (no number to colour).
      expect(byClass(root, 'not-read', 'rect')).toHaveLength(2);
      const tips = byClass(root, 'well', 'rect').map((e) => e.children[0]!.text);
      expect(tips[0]).toBe('A1 · 100 · vehicle');
      expect(tips).toContain(`C4 · OVRFLW`);
      expect(tips).toContain(`D4 · not read`);
      // Labels: the first row and column, and the last row label on 1536 (AF).
      const labels = byClass(root, 'labels', 'g')[0]!.children.map((e) => e.text);
      expect(labels).toContain('A');
      expect(labels).toContain('1');
      if (rows === 32) expect(labels).toContain('AE');
      // The key lists what appears.
      expect(allText(byClass(root, 'key', 'g')[0]!)).toMatch(/vehicle.*blank.*positive.*excluded.*not read/);
      expect(plateHeatmapSvg(plate(rows, columns))).toBe(svg);
    });
  }

  it('colours by signal on viridis from the lowest to the highest well in use', () => {
    expect(viridis(0)).toBe('#440154');
    expect(viridis(1)).toBe('#fde725');
    const root = parseXml(plateHeatmapSvg(plate(8, 12)));
    const wells = byClass(root, 'well', 'rect');
    // Row A runs 100 (column 1, lowest) to 210 (column 12, highest) in steps of 10.
    expect(wells[0]!.attributes.fill).toBe('#440154');
    expect(wells[1]!.attributes.fill).toBe(viridis(10 / 110));
    expect(wells[11]!.attributes.fill).toBe('#fde725');
  });

  it('works without roles and escapes the plate id', () => {
    const p = { ...plate(8, 12, 'P<1> & "2"'), roles: null };
    const svg = plateHeatmapSvg(p);
    const root = parseXml(svg);
    expect(byClass(root, 'role')).toHaveLength(0);
    expect(byClass(root, 'excluded', 'g')).toHaveLength(1); // the marker well
    expect(allText(root)).toContain('P<1> & "2"');
    expect(svg.replace('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:|url\(/);
  });

  it('takes a PlateInspection from inspect() as it is', () => {
    const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/e2e/${name}`, import.meta.url));
    const layouts = readLayout(readFileSync(fixture('envision-ctg384-map.csv'), 'utf8'), 'envision-ctg384-map.csv', {
      unit: parseConcentrationUnit('uM')!,
      cellLine: 'X',
    });
    const inspection = inspect({ name: 'envision-ctg384.csv', text: readFileSync(fixture('envision-ctg384.csv'), 'utf8') }, { layouts, cellLine: 'X' });
    const first = inspection.plates[0]!;
    const root = parseXml(plateHeatmapSvg(first));
    expect(byClass(root, 'well', 'rect')).toHaveLength(384);
    const vehicles = first.roles!.filter((r) => r === 'vehicle').length;
    expect(vehicles).toBeGreaterThan(0);
    expect(byClass(root, 'role-vehicle')).toHaveLength(vehicles);
    expect(findAll(root, (e) => e.name === 'title')[0]!.text).toBe(`plate ${first.id}`);
  });
});
