import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readD300Layout, readD300Protocol } from '../../src/layouts/d300Layout.js';
import { tableFromText } from '../../src/readers/cellTable.js';

/**
 * ic50's D300 reader against gDRimport's own parse of the same two protocols (its example
 * D300_96_well_plate_example.tdd and D300_384_well_plate_example.tdd): the reference values are
 * committed in test/reference/d300/ with the script that extracted them from gDRimport's output;
 * the protocols themselves are gDRimport's (Artistic-2.0) and not in this repository. Set
 * GDRIMPORT_DATA3 to gDRimport's inst/extdata/data3 folder to run this comparison; it is skipped
 * otherwise (see test/reference/d300/README.md).
 */
const DATA3 = process.env.GDRIMPORT_DATA3;
const REFERENCE = new URL('../reference/d300/', import.meta.url);

interface Agent {
  readonly gnumber: string;
  readonly concentration: number;
}

function csv(name: string): Record<string, string>[] {
  const table = tableFromText(readFileSync(new URL(name, REFERENCE), 'utf8'), name);
  const [header, ...rows] = table.rows;
  return rows.filter((r) => r.some((c) => c !== '')).map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

/** gDRimport's agents per plate and well, without its `untreated`/`vehicle` fillers at 0. */
function reference(size: string): Map<string, Agent[]> {
  const wells = new Map<string, Agent[]>();
  for (const row of csv(`gdrimport-${size}.csv`)) {
    const key = `${row.plate}\u0000${row.well}`;
    if (!wells.has(key)) wells.set(key, []);
    const concentration = Number(row.concentration_uM);
    if ((row.gnumber === 'untreated' || row.gnumber === 'vehicle') && concentration === 0) continue;
    wells.get(key)!.push({ gnumber: row.gnumber!, concentration });
  }
  return wells;
}

const byName = (a: Agent, b: Agent) => (a.gnumber < b.gnumber ? -1 : a.gnumber > b.gnumber ? 1 : a.concentration - b.concentration);

describe.skipIf(DATA3 === undefined)('the D300 reader against gDRimport (GDRIMPORT_DATA3)', () => {
  it.each([
    ['96w', 'D300_96_well_plate_example.tdd', 22, 1320],
    ['384w', 'D300_384_well_plate_example.tdd', 6, 1872],
  ])('reads %s as gDRimport does: every plate, well, compound and concentration', (size, file, plates, dispensed) => {
    const path = join(DATA3!, file);
    expect(existsSync(path), path).toBe(true);
    const text = readFileSync(path, 'utf8');
    const labels = new Map(csv(`d300-labels-${size}.csv`).map((r) => [r.d300_label!, r.gnumber!]));
    const expected = reference(size);
    const protocol = readD300Protocol(text, file);
    expect(protocol.plates).toHaveLength(plates);
    let compared = 0;
    let worst = 0;
    const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    for (const plate of protocol.plates) {
      for (const [id, well] of plate.wells) {
        // gDRimport names a dispense by its fluid's Gnumber (a dilution fluid is listed under its own name).
        const ours = well.dispenses.map((d) => ({ gnumber: labels.get(d.fluid.name)!, concentration: d.concentration })).filter((a) => a.gnumber !== 'vehicle');
        const theirs = expected.get(`${plate.index}\u0000${id}`);
        expect(theirs, `plate ${plate.index} well ${id}`).toBeDefined();
        ours.sort(byName);
        theirs!.sort(byName);
        expect(ours.map((a) => a.gnumber), `plate ${plate.index} well ${id}`).toEqual(theirs!.map((a) => a.gnumber));
        ours.forEach((a, k) => (worst = Math.max(worst, relative(a.concentration, theirs![k]!.concentration))));
        compared++;
      }
      // Wells gDRimport fills in that the protocol never dispensed into are `untreated` (no agent).
      for (const [key, agents] of expected) {
        const [p, id] = key.split('\u0000');
        if (Number(p) === plate.index && !plate.wells.has(id!)) expect(agents, `plate ${p} well ${id}`).toEqual([]);
      }
    }
    expect(compared).toBe(dispensed);
    expect(worst).toBeLessThan(1e-15);

    // The maps: one agent is a sample at its dose; two, a co-treatment named by the other's dose.
    const { layouts } = readD300Layout(text, file);
    for (const layout of layouts) {
      const index = plates === 1 ? 1 : Number(layout.plate === '' ? 1 : (layout.aliases?.[0] ?? layout.plate));
      for (const [id, well] of layout.wells) {
        const theirs = expected.get(`${index}\u0000${id}`)!;
        if (theirs.length === 0) {
          expect(well.role, `plate ${index} well ${id}`).toBe('vehicle');
          continue;
        }
        const dosed = well.compound.replace(/ \(\+ .*\)$/, '');
        const agent = theirs.find((a) => a.gnumber === labels.get(dosed));
        expect(agent, `plate ${index} well ${id}: ${well.compound}`).toBeDefined();
        expect(relative(10 ** (well.log10Molar + 6), agent!.concentration)).toBeLessThan(1e-12);
        expect(well.compound.includes(' (+ '), `plate ${index} well ${id}`).toBe(theirs.length > 1);
      }
    }
  });
});
