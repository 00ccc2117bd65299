import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/engine/analyze.js';
import { InlineExecutor } from '../../src/engine/tasks.js';
import { fileReader } from '../../src/io/fileContent.js';
import { openInputs } from '../../src/io/inputs.js';
import { resolveOptions } from '../../src/options.js';
import { wellsSink } from '../../src/writers/wellRecords.js';

const STUDY = fileURLToPath(new URL('../reference/gr/gr-study.csv', import.meta.url));
/** GRmetrics' GR value per treated well of the study, its controls averaged as ic50 does (arithmetic means). */
const REFERENCE = fileURLToPath(new URL('../reference/gr/gr-study-meancontrols-values.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ic50-wells-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function table(text: string): Record<string, string>[] {
  const [header, ...rows] = text.trim().split('\n');
  const names = header!.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((cell, i) => [names[i]!, cell])));
}

/** The --wells CSV of an analysis of `path`. */
async function wellsOf(path: string, given = {}): Promise<string> {
  const { inputs } = await openInputs([{ path }], undefined, { outputs: [], others: [] });
  let out = '';
  const executor = new InlineExecutor(fileReader);
  try {
    await analyze(inputs, resolveOptions(given), { executor, sink: wellsSink((t) => void (out += t), { format: 'csv', rawCells: false }) });
  } finally {
    await executor.close();
  }
  return out;
}

describe('the wells written back out (--wells) of a time-zero study', () => {
  it('adds time and gr_value, the GR values being those GRmetrics computes from the same means', async () => {
    const text = await wellsOf(STUDY);
    expect(text.split('\n')[0]).toBe('file,plate,well,role,cell_line,compound,concentration,unit,time,signal,viability,gr_value,excluded,outlier');
    const wells = table(text);
    expect(wells).toHaveLength(186);
    const reference = table(readFileSync(REFERENCE, 'utf8'));
    let worst = 0;
    for (const ref of reference) {
      const matches = wells.filter((w) => w.role === 'sample' && w.cell_line === ref.cell_line && w.compound === ref.compound && Number(w.concentration) === Number(ref.concentration) && Number(w.signal) === Number(ref.cell_count));
      expect(matches, `${ref.cell_line} ${ref.compound} ${ref.concentration} ${ref.cell_count}`).toHaveLength(1);
      const well = matches[0]!;
      expect(well.time).toBe('72');
      // Written with 6 significant digits.
      expect(Number(well.gr_value)).toBeCloseTo(Number(ref.GRvalue), 5);
      expect(Number(well.viability)).toBeCloseTo(100 * Number(ref.rel_cell_count), 3);
      worst = Math.max(worst, Math.abs(Number(well.gr_value) - Number(ref.GRvalue)));
    }
    expect(worst).toBeLessThan(5e-6);
    // Time-zero wells: read at 0 h, no viability or GR of their own; vehicles at 72 h, GR about 1.
    const timeZero = wells.filter((w) => w.role === 'time0');
    expect(timeZero).toHaveLength(12);
    for (const w of timeZero) expect([w.time, w.viability, w.gr_value, w.excluded]).toEqual(['0', '', '', 'false']);
    const vehicles = wells.filter((w) => w.role === 'vehicle');
    expect(vehicles).toHaveLength(12);
    for (const w of vehicles) expect(Math.abs(Number(w.gr_value) - 1)).toBeLessThan(0.2);
  });

  it('keeps the columns it always had when the data hold no growth reference', async () => {
    // The study without its time-zero wells and times: no GR.
    const plain = readFileSync(STUDY, 'utf8')
      .trim()
      .split('\n')
      .filter((l) => !l.endsWith(',time0'))
      .map((l) => l.split(',').filter((_, i) => i !== 3).join(','))
      .join('\n');
    const path = join(dir, 'plain.csv');
    writeFileSync(path, plain + '\n');
    const text = await wellsOf(path);
    expect(text.split('\n')[0]).toBe('file,plate,well,role,cell_line,compound,concentration,unit,signal,viability,excluded,outlier');
    expect(table(text)).toHaveLength(174);
  });
});
