import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { parseExclusionList } from '../../src/plate/exclusions.js';
import type { CurveFit } from '../../src/types.js';
import { prismNumber, prismProject } from '../../src/writers/pzfx.js';
import { readReferenceCsv } from '../reference/readReference.js';
import { MM1S_NAME, MM1S_TEXT } from './mm1s.js';

// The Prism project ic50 writes, read back by an independent reader: R's pzfx 0.3.1
// (test/reference/pzfx/make-mm1s-pzfx.sh wrote mm1s.pzfx with ic50 and read it with read-pzfx.R).

const REFERENCE = fileURLToPath(new URL('../reference/pzfx/mm1s.pzfx', import.meta.url));

async function example() {
  return analyze([{ name: MM1S_NAME, text: MM1S_TEXT }], {
    parental: 'MM1S WT',
    exclude: [...parseExclusionList('P-WT-1:A1-A3'), ...parseExclusionList('P-RBTZ-2:C5')],
    outliers: 'remove',
  });
}

/** A fit's values by concentration: fitted, and left out (excluded wells, removed outliers). */
function valuesOf(fit: CurveFit): Map<number, { fitted: number[]; struck: number[] }> {
  const out = new Map<number, { fitted: number[]; struck: number[] }>();
  const at = (u: number) => {
    let entry = out.get(u);
    if (!entry) out.set(u, (entry = { fitted: [], struck: [] }));
    return entry;
  };
  fit.points.log10Molar.forEach((u, i) => at(u).fitted.push(prismNumber(fit.points.response[i]!)));
  fit.excluded?.log10Molar.forEach((u, i) => at(u).struck.push(prismNumber(fit.excluded!.response[i]!)));
  if (fit.outliers?.removed) fit.outliers.log10Molar.forEach((u, i) => at(u).struck.push(prismNumber(fit.outliers!.response[i]!)));
  return out;
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

describe('prismProject (GraphPad Prism .pzfx)', () => {
  it('still writes the file that R’s pzfx read', async () => {
    const report = await example();
    expect(prismProject(report.rows)).toBe(readFileSync(REFERENCE, 'utf8'));
  });

  it('every number R read back is the number ic50 meant: X, each replicate, and the struck-out wells', async () => {
    const report = await example();
    const tables = readReferenceCsv('pzfx/mm1s-out/tables.csv');
    expect(tables.map((t) => t.title)).toEqual(['bortezomib', 'carfilzomib']);
    let numbers = 0;
    let struck = 0;
    tables.forEach((table, t) => {
      const keep = readReferenceCsv(`pzfx/mm1s-out/table${t + 1}-keep.csv`);
      const excluded = readReferenceCsv(`pzfx/mm1s-out/table${t + 1}-exclude.csv`);
      const xName = Object.keys(keep[0]!)[0]!;
      expect(xName).toBe('log10 concentration (nM)');
      const fits = report.fits.filter((f) => f.compound === table.title);
      expect(fits.map((f) => f.cellLine)).toEqual(['MM1S WT', 'MM1S/R BTZ', 'MM1S/R CFZ']);
      // Rows: every concentration tested, ascending, as log10 nM.
      const concentrations = [...new Set(fits.flatMap((f) => [...valuesOf(f).keys()]))].sort((a, b) => a - b);
      expect(keep.map((r) => Number(r[xName]))).toEqual(concentrations.map((u) => prismNumber(u + 9)));
      for (const fit of fits) {
        const columns = Object.keys(keep[0]!).filter((c) => c.startsWith(`${fit.cellLine}_`));
        expect(columns.length).toBeGreaterThanOrEqual(6);
        const values = valuesOf(fit);
        concentrations.forEach((u, r) => {
          const read = (row: Record<string, string>) => columns.map((c) => row[c]!).filter((v) => v !== 'NA').map(Number);
          const expected = values.get(u) ?? { fitted: [], struck: [] };
          expect(sorted(read(keep[r]!))).toEqual(sorted([...expected.fitted, ...expected.struck]));
          expect(sorted(read(excluded[r]!))).toEqual(sorted(expected.fitted));
          numbers += expected.fitted.length + expected.struck.length;
          struck += expected.struck.length;
        });
      }
    });
    // 6 lines × 60 wells; 4 excluded wells and the removed ROUT outliers struck out.
    expect(numbers).toBe(360);
    expect(struck).toBeGreaterThanOrEqual(4);
  });

  it('writes the linear concentration with --pzfx-x linear, and escapes names', async () => {
    const report = await example();
    const linear = prismProject(report.rows, { x: 'linear' });
    expect(linear).toContain('<Title>concentration (nM)</Title>');
    expect(linear).toContain('<d>1000</d>');
    expect(linear).toContain('<d>0.05081</d>');
    const fit = report.fits[0]!;
    const odd = prismProject([{ kind: 'fit', fit: { ...fit, cellLine: 'A<&>"B' } }]);
    expect(odd).toContain('<Title>A&lt;&amp;&gt;&quot;B</Title>');
  });
});
