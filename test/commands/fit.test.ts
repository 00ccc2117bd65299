import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli as run, EXAMPLE, parseCsv, scratchFolders } from '../cliHarness.js';

// What a Prism user does next, through the CLI: exclude wells, compare models, share parameters,
// hand the work on (xlsx, pzfx, decimal commas).

const scratch = scratchFolders('ic50-fit-command-');
const E2E = 'test/fixtures/e2e/';

describe('ic50 fit --exclude, --exclude-file', () => {
  it('lists the excluded wells with their reasons in CSV, JSON and the report', async () => {
    const dir = scratch();
    const table = join(dir, 'excluded.csv');
    writeFileSync(table, 'plate,well,reason\nP-WT-1,A1-A3,"tip clogged, row A"\nP-WT-2,A11,vehicle well cracked\n');
    const report = join(dir, 'report.html');
    const csv = await run(['fit', EXAMPLE, '--parental', 'MM1S WT', '--exclude-file', table, '--exclude', 'P-RBTZ-1:B5', '--report', report]);
    expect(csv.code).toBe(0);
    const rows = parseCsv(csv.stdout.replace(/"[^"]*"/g, (q) => q.replace(/,/g, '‚')));
    const wt = rows.find((r) => r.cell_line === 'MM1S WT' && r.compound === 'bortezomib')!;
    expect(wt.excluded).toBe('P-WT-1:A1;P-WT-1:A2;P-WT-1:A3');
    expect(wt.excluded_reasons).toBe('"tip clogged‚ row A;tip clogged‚ row A;tip clogged‚ row A"');
    expect(wt.n_points).toBe('57');
    const btz = rows.find((r) => r.cell_line === 'MM1S/R BTZ' && r.compound === 'bortezomib')!;
    expect(btz.excluded).toBe('P-RBTZ-1:B5');
    expect(btz.excluded_reasons).toBe('');
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<h2 id="excluded">Excluded wells</h2>');
    expect(html).toContain('<td>P-WT-2:A11</td><td>vehicle</td><td>MM1S WT</td><td>DMSO</td><td>vehicle well cracked</td>');
    expect(html).toContain('<span class="muted">no reason given</span>');
    // The plot draws them hollow and crossed, with the reason on hover.
    expect(html).toMatch(/<g class="excluded"[^>]*>\s*<g><title>MM1S WT: P-WT-1:A1 excluded \(tip clogged, row A\)<\/title>/);

    const json = JSON.parse((await run(['fit', EXAMPLE, '--exclude-file', table, '--format', 'json'])).stdout) as { excluded: { well: string; role: string; reason: string }[] };
    expect(json.excluded.map((w) => `${w.well} ${w.role}`)).toEqual(['P-WT-1:A1 sample', 'P-WT-1:A2 sample', 'P-WT-1:A3 sample', 'P-WT-2:A11 vehicle']);
  });

  it('excludes wells of a plate-reader export by its plate id, and its heat map shows them', async () => {
    const dir = scratch();
    const { code, stdout } = await run(['fit', `${E2E}softmax-mtt-562-660.txt`, '--layout', `${E2E}softmax-mtt-map.csv`, '--exclude', 'Plate1:A1,Plate1:C2', '--format', 'json', '--plot', dir]);
    expect(code).toBe(0);
    const { fits, plates } = JSON.parse(stdout) as { fits: { cell_line: string; excluded: string[]; n_points: number }[]; plates: { n_excluded: number }[] };
    expect(fits.find((f) => f.excluded.length > 0)!.excluded).toEqual(['Plate1:C2']);
    expect(plates[0]!.n_excluded).toBe(2);
    // Without --exclude this plate has no excluded well.
    expect(readFileSync(join(dir, 'plate-plate1.svg'), 'utf8').match(/class="excluded"/g)).toHaveLength(2);
  });

  it('stops with exit 2, naming a well that is not in the data (and the table line)', async () => {
    const missing = await run(['fit', EXAMPLE, '--exclude', 'P-WT-1:H12']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/--exclude P-WT-1:H12: no such well/);
    const table = join(scratch(), 'x.csv');
    writeFileSync(table, 'plate,well,reason\nP-WT-1,A1,ok\nP-WT-9,A1,typo\n');
    const typo = await run(['fit', EXAMPLE, '--exclude-file', table]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/x\.csv:3: --exclude P-WT-9:A1: no plate "P-WT-9" in the data/);
    const alone = await run(['fit', EXAMPLE, '--exclude', 'A1']);
    expect(alone.stderr).toMatch(/the run has 6 plates; name the plate/);
  });
});
