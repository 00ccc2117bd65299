import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE, cli, parseCsv, scratchFolders } from '../cliHarness.js';

const scratch = scratchFolders();

describe('--icx and --rf-at', () => {
  it('adds icP, its interval and icP_abs after ic50_abs, and rf_icP after rf_p', async () => {
    const { code, stdout } = await cli(['fit', EXAMPLE, '--parental', 'MM1S WT', '--icx', '80,20', '--rf-at', '90']);
    expect(code).toBe(0);
    const header = stdout.split('\n')[0]!.split(',');
    const at = header.indexOf('ic50_abs');
    expect(header.slice(at + 1, at + 13)).toEqual([
      'ic20', 'ic20_ci_low', 'ic20_ci_high', 'ic20_abs', 'ic80', 'ic80_ci_low', 'ic80_ci_high', 'ic80_abs', 'ic90', 'ic90_ci_low', 'ic90_ci_high', 'ic90_abs',
    ]);
    expect(header.slice(header.indexOf('rf_p') + 1, header.indexOf('rf_p') + 4)).toEqual(['rf_ic90', 'rf_ic90_ci_low', 'rf_ic90_ci_high']);
    const rows = parseCsv(stdout);
    const wt = rows.find((r) => r.cell_line === 'MM1S WT' && r.compound === 'bortezomib')!;
    // drc's ED(LL.4, c(20, 80)) on this curve: 5.83084, 39.9139 nM (test/reference/icx/mm1s-icx-drc.csv).
    expect(Number(wt.ic20)).toBeCloseTo(5.83084, 4);
    expect(Number(wt.ic80)).toBeCloseTo(39.9139, 3);
    expect(Number(wt.ic20_ci_low)).toBeLessThan(Number(wt.ic20));
    expect(wt.rf_ic90).toBe('');
    const btz = rows.find((r) => r.cell_line === 'MM1S/R BTZ' && r.compound === 'bortezomib')!;
    expect(Number(btz.rf_ic90) / (Number(btz.ic90) / Number(wt.ic90))).toBeCloseTo(1, 5);
    expect(Number(btz.rf_ic90_ci_low)).toBeLessThan(Number(btz.rf_ic90));
    expect(Number(btz.rf_ic90_ci_high)).toBeGreaterThan(Number(btz.rf_ic90));
  });

  it('refuses 50 and levels outside (0, 100)', async () => {
    const fifty = await cli(['fit', EXAMPLE, '--icx', '20,50']);
    expect(fifty.code).toBe(2);
    expect(fifty.stderr).toMatch(/--icx: 50 is the IC50, always reported/);
    const outside = await cli(['fit', EXAMPLE, '--rf-at', '120']);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/between 0 and 100/);
  });

  it('shows ICx in the table and the matrix, and ic50 matrix reads them back', async () => {
    const table = await cli(['fit', EXAMPLE, '--parental', 'MM1S WT', '--icx', '20', '--rf-at', '20', '--format', 'table']);
    expect(table.stdout.split('\n')[0]).toMatch(/IC50 \[95% CI\]\s+IC20 \[95% CI\].*RF \[95% CI\]\s+RF IC20 \[95% CI\]/);
    expect(table.stdout).toMatch(/MM1S WT\s+bortezomib\s+15\.3 \[14\.6–16\]\s+5\.83 \[5\.45–6\.24\]/);
    const matrix = await cli(['fit', EXAMPLE, '--parental', 'MM1S WT', '--icx', '20', '--matrix', '--format', 'table']);
    expect(matrix.stdout).toMatch(/15\.3 \[14\.6–16\] nM; IC20 5\.83 \[5\.45–6\.24\]/);
    const csv = await cli(['fit', EXAMPLE, '--parental', 'MM1S WT', '--icx', '20', '--matrix', '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toContain('bortezomib.ic20,bortezomib.ic20_ci_low,bortezomib.ic20_ci_high');
    const dir = scratch();
    const saved = join(dir, 'results.csv');
    writeFileSync(saved, (await cli(['fit', EXAMPLE, '--parental', 'MM1S WT', '--icx', '20'])).stdout);
    const again = await cli(['matrix', saved, '--format', 'csv']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(csv.stdout);
  });
});
