import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, parseCsv, scratchFolders } from '../cliHarness.js';
import { HISTORY } from '../compare/historyResults.js';
import { allText, byClass, findAll, parseXml } from '../writers/xml.js';

const scratch = scratchFolders();
let dir: string;
let saved: string;

beforeAll(async () => {
  dir = scratch();
  saved = join(dir, 'history.csv');
  const fit = await cli(['fit', HISTORY, '--parental', 'MM1S WT', '-o', saved]);
  expect(fit.code).toBe(0);
});

describe('ic50 trend on the bundled history', () => {
  it('prints each history as a table with what it answers', async () => {
    const { code, stdout, stderr } = await cli(['trend', saved, '--resistant-at', '2'], { tty: true, env: { NO_COLOR: '1' } });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('MM1S/R BTZ on bortezomib, against MM1S WT (resistant when the RF interval lies wholly above 2)');
    expect(lines[1]).toMatch(/^passage\s+date\s+IC50 \[CI\]\s+MM1S WT IC50 \[CI\]\s+unit\s+RF \[CI\]\s+status\s+flags$/);
    expect(lines[6]).toMatch(/^8\s+2026-02-02\s+.*\s+2\.36 \[2\.09–2\.67\]\s+established$/);
    expect(lines[12]).toMatch(/^20\s+2026-03-16\s+.*\s+fading\s+resistance_fading$/);
    expect(stdout).toMatch(/\nestablished {2}passage 8: the first RF interval wholly above 2 \(2\.36 \[2\.09–2\.67\]\)\n/);
    expect(stdout).toMatch(/\nlevel {8}RF 2\.3 \[[\d.]+–[\d.]+\] over passages 8–24 \(9 checks since established\)\n/);
    expect(stdout).toMatch(/\nlatest {7}passage 26: RF 1\.81 \[1\.66–1\.99\], 0\.79× the level, p 0\.\d+\n/);
    expect(stdout).toMatch(/\nfading {7}passages 20, 22, 24, 26: RF interval no longer wholly above 2\n/);
    expect(stdout).toMatch(/\ntrend {8}log10 RF \+[\d.]+ per passage \[95% CI /);
  });

  it('writes CSV in a pipe: a check row per saved RF, then the trend row', async () => {
    const { code, stdout } = await cli(['trend', saved, '--resistant-at', '2']);
    expect(code).toBe(0);
    const rows = parseCsv(stdout);
    expect(Object.keys(rows[0]!).slice(0, 8)).toEqual(['kind', 'cell_line', 'compound', 'parental', 'passage', 'date', 'status', 'unit']);
    expect(rows.map((r) => r.kind)).toEqual([...Array(14).fill('check'), 'trend']);
    expect(rows.filter((r) => r.flags === 'resistance_fading').map((r) => r.passage)).toEqual(['20', '22', '24', '26', '']);
    const trend = rows[14]!;
    expect(trend).toMatchObject({ n_checks: '14', n_used: '14', first_at: '0', last_at: '26', slope_per: 'passage', resistant_at: '2', established_at: '8', level_n: '9', latest_at: '26', flags: 'resistance_fading' });
    expect(Number(trend.latest_rf)).toBeCloseTo(1.81, 2);
  });

  it('writes JSON with checks, trends and warnings, and NDJSON a record a line', async () => {
    const json = JSON.parse((await cli(['trend', saved, '--format', 'json'])).stdout) as { checks: Record<string, unknown>[]; trends: Record<string, unknown>[]; warnings: unknown[]; name_mismatches: unknown[] };
    expect(json.checks).toHaveLength(14);
    expect(json.warnings).toEqual([]);
    expect(json.name_mismatches).toEqual([]);
    expect(json.trends).toHaveLength(1);
    expect(json.trends[0]!.flags).toEqual(['not_established']);
    expect(json.trends[0]).not.toHaveProperty('ic50');
    expect(json.checks[0]).not.toHaveProperty('log10_rf_slope');
    const ndjson = (await cli(['trend', saved, '--format', 'ndjson'])).stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string });
    expect(ndjson.map((r) => r.kind)).toEqual([...Array(14).fill('check'), 'trend']);
  });

  it('plots RF over the checks (SVG or PNG by the extension) and writes a self-contained report', async () => {
    const svg = join(dir, 'history.svg');
    const png = join(dir, 'history.png');
    const html = join(dir, 'history.html');
    const out = join(dir, 'trend.csv');
    expect((await cli(['trend', saved, '--resistant-at', '2', '--plot', svg, '--report', html, '-o', out])).code).toBe(0);
    expect((await cli(['trend', saved, '--resistant-at', '2', '--plot', png])).code).toBe(0);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    expect(existsSync(out)).toBe(true);
    const root = parseXml(readFileSync(svg, 'utf8'));
    expect(byClass(root, 'history', 'g')).toHaveLength(1);
    expect(byClass(root, 'check', 'g')).toHaveLength(14);
    expect(byClass(root, 'fading', 'g')).toHaveLength(4);
    expect(byClass(root, 'fold', 'g')).toHaveLength(1);
    expect(allText(byClass(root, 'fold', 'g')[0]!)).toBe('RF 2: resistant');
    const page = readFileSync(html, 'utf8');
    const report = parseXml(page);
    expect(findAll(report, (e) => e.name === 'script')).toHaveLength(0);
    expect(page).not.toMatch(/https?:|xmlns/);
    expect(findAll(byClass(report, 'checks', 'table')[0]!, (e) => e.name === 'tr')).toHaveLength(15);
    expect(allText(report)).toContain('passages 20, 22, 24, 26: RF interval no longer wholly above 2');
    expect(allText(report)).toContain('resistance_fading');
  });
});

describe('ic50 trend --by, --line and --compound', () => {
  it('orders by date with slopes per 30 days: the same line as by passage (a check every 2 passages, one a week)', async () => {
    const [byPassage, byDate] = await Promise.all([cli(['trend', saved]), cli(['trend', saved, '--by', 'date'])]);
    const passage = parseCsv(byPassage.stdout).find((r) => r.kind === 'trend')!;
    const date = parseCsv(byDate.stdout).find((r) => r.kind === 'trend')!;
    expect(Object.keys(parseCsv(byDate.stdout)[0]!).slice(4, 6)).toEqual(['date', 'passage']);
    expect([passage.slope_per, date.slope_per, date.first_at, date.last_at]).toEqual(['passage', '30 days', '2026-01-05', '2026-04-06']);
    // passage = 2 × weeks since the first check = (60/7) × (days / 30) + 0.
    for (const column of ['log10_rf_slope', 'log10_rf_slope_se', 'log10_rf_slope_ci_low', 'log10_rf_slope_ci_high']) {
      expect(Number(date[column]) / (Number(passage[column]) * (60 / 7))).toBeCloseTo(1, 4);
    }
    expect(date.slope_p).toBe(passage.slope_p);
    const table = await cli(['trend', saved, '--by', 'date', '--resistant-at', '2'], { tty: true, env: { NO_COLOR: '1' } });
    expect(table.stdout).toMatch(/\ntrend {8}log10 RF \+[\d.]+ per 30 days \[95% CI /);
    expect(table.stdout).toMatch(/\nfading {7}2026-03-16, 2026-03-23, 2026-03-30, 2026-04-06: RF interval no longer wholly above 2\n/);
  });

  it('keeps the histories of one resistant line or one compound', async () => {
    const [header, ...rows] = readFileSync(saved, 'utf8').trim().split('\n');
    const other = join(dir, 'other.csv');
    // The same checks as another derived line (MM1S/R2) on another compound (ixazomib): two more histories.
    writeFileSync(other, [header, ...rows.map((r) => r.replace('MM1S/R BTZ', 'MM1S/R2 BTZ'))].join('\n') + '\n');
    const third = join(dir, 'third.csv');
    writeFileSync(third, [header, ...rows.map((r) => r.replace(',bortezomib,', ',ixazomib,'))].join('\n') + '\n');
    const trends = async (...args: string[]) => parseCsv((await cli(['trend', saved, other, third, ...args])).stdout).filter((r) => r.kind === 'trend').map((r) => `${r.cell_line} on ${r.compound}`);
    expect(await trends()).toEqual(['MM1S/R BTZ on bortezomib', 'MM1S/R2 BTZ on bortezomib', 'MM1S/R BTZ on ixazomib']);
    expect(await trends('--line', 'MM1S/R2 BTZ')).toEqual(['MM1S/R2 BTZ on bortezomib']);
    expect(await trends('--compound', 'ixazomib')).toEqual(['MM1S/R BTZ on ixazomib']);
    expect(await trends('--line', 'MM1S/R BTZ', '--compound', 'bortezomib')).toEqual(['MM1S/R BTZ on bortezomib']);
    const unknown = await cli(['trend', saved, other, '--compound', 'Bortezomib']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--compound Bortezomib: no check of that compound in the results \(did you mean "bortezomib"\?/);
  });
});

describe('ic50 trend over checks fitted one by one with --label, saved in different formats', () => {
  it('joins them into one history', async () => {
    const text = readFileSync(HISTORY, 'utf8').trim().split('\n');
    const files: string[] = [];
    for (const [passage, date, format] of [
      ['0', '2026-01-05', 'csv'],
      ['12', '2026-02-16', 'json'],
      ['26', '2026-04-06', 'ndjson'],
    ] as const) {
      const plates = join(dir, `p${passage}-plates.csv`);
      const rows = text.slice(1).filter((row) => row.endsWith(`,${passage},${date}`)).map((row) => row.split(',').slice(0, 6).join(','));
      writeFileSync(plates, ['plate,well,cell_line,compound,concentration_nM,rlu', ...rows].join('\n') + '\n');
      const out = join(dir, `p${passage}.${format}`);
      const fit = await cli(['fit', plates, '--parental', 'MM1S WT', '--label', `passage=${passage}`, '--label', `date=${date}`, '-o', out]);
      expect(fit.code).toBe(0);
      files.push(out);
    }
    const { code, stdout, stderr } = await cli(['trend', ...files.reverse(), '--resistant-at', '2']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const rows = parseCsv(stdout);
    expect(rows.map((r) => [r.passage, r.status])).toEqual([
      ['0', 'below'],
      ['12', 'established'],
      ['26', 'fading'],
      ['', ''],
    ]);
    expect(rows.map((r) => r.file)).toEqual([files[2], files[1], files[0], '']);
  });
});

describe('ic50 trend warns and refuses', () => {
  it('warns of names that differ only in case or spacing, and keeps them apart', async () => {
    const renamed = join(dir, 'renamed.csv');
    const [header, ...rows] = readFileSync(saved, 'utf8').trim().split('\n');
    writeFileSync(renamed, [header, ...rows.filter((r) => /,(20|22),2026/.test(r)).map((r) => r.replace('MM1S/R BTZ', 'MM1S/R btz'))].join('\n') + '\n');
    const early = join(dir, 'early.csv');
    writeFileSync(early, [header, ...rows.filter((r) => /,(0|2|4),2026/.test(r))].join('\n') + '\n');
    const { code, stdout, stderr } = await cli(['trend', early, renamed]);
    expect(code).toBe(0);
    expect(stderr).toContain(`ic50: warning: cell line names "MM1S/R BTZ" (${early}:3) and "MM1S/R btz" (${renamed}:3) differ only in case, spacing or punctuation: probably the same cell line, kept apart (rename one to join them)`);
    const trends = parseCsv(stdout).filter((r) => r.kind === 'trend');
    expect(trends.map((r) => [r.cell_line, r.flags])).toEqual([
      ['MM1S/R BTZ', 'not_established;probable_name_mismatch'],
      ['MM1S/R btz', 'too_few_checks;not_established;probable_name_mismatch'],
    ]);
  });

  it('refuses the same file twice, a plot that is neither SVG nor PNG, plate data, and results without RFs', async () => {
    expect((await cli(['trend', saved, saved])).stderr).toMatch(/is .* again: its checks would count twice/);
    // The same checks saved as CSV (6 digits) and as JSON (every digit): still the same checks.
    const asJson = join(dir, 'history.json');
    expect((await cli(['fit', HISTORY, '--parental', 'MM1S WT', '-o', asJson])).code).toBe(0);
    const twice = await cli(['trend', saved, asJson]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/the same check .* it would count twice/);
    expect((await cli(['trend', saved, '--plot', join(dir, 'x.pdf')])).stderr).toMatch(/--plot .*x\.pdf: a plot is written as \.svg or \.png/);
    const data = await cli(['trend', HISTORY]);
    expect(data.code).toBe(2);
    expect(data.stderr).toMatch(/not an ic50 results file \(no ic50 column\)/);
    const alone = join(dir, 'alone.csv');
    expect((await cli(['fit', HISTORY, '-o', alone])).code).toBe(0);
    const none = await cli(['trend', alone]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/the results hold no resistance factor: nothing to follow/);
    expect((await cli(['trend', saved, '-o', saved])).stderr).toMatch(/is also an input/);
    const clash = await cli(['trend', saved, '-o', join(dir, 'both.html'), '--report', join(dir, 'both.html')]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/-o and --report both name .*both\.html: one output would overwrite the other/);
    expect((await cli(['trend', saved, '-o', join(dir, 'history.xlsx')])).stderr).toMatch(/ic50 trend writes table, csv, tsv, json, ndjson, not xlsx/);
  });

  it('leaves the cross-resistance matrix to one check (ic50 matrix refuses several)', async () => {
    const matrix = await cli(['matrix', saved]);
    expect(matrix.code).toBe(2);
    expect(matrix.stderr).toMatch(/these results hold 14 checks \(passage, date\), and the matrix shows one result per cell line and compound \(follow the checks with ic50 trend/);
  });
});

describe('ic50 fit on several checks (labels): the report, the workbook and the figures tell them apart', () => {
  it('names each check in the results table and the legends, and shows no matrix that would hide all but one', async () => {
    const report = join(dir, 'checks.html');
    const plots = join(dir, 'check-plots');
    const book = join(dir, 'checks.xlsx');
    expect((await cli(['fit', HISTORY, '--parental', 'MM1S WT', '--report', report, '--plot', plots, '-o', book])).code).toBe(0);
    // The page's HTML, not its inlined review script (which holds the writer's templates).
    const html = readFileSync(report, 'utf8').replace(/<script[\s\S]*?<\/script>/g, '');
    expect(html).toContain('<th>check</th>');
    expect(html).toContain('<td>12, 2026-02-16</td>');
    expect(html).not.toContain('<table class="matrix">');
    expect(html).toContain('These results hold several checks');
    const svg = readFileSync(join(plots, 'bortezomib.svg'), 'utf8');
    expect(svg).toContain('MM1S WT (12, 2026-02-16)');
    const { unzipSync, strFromU8 } = await import('fflate');
    const workbook = strFromU8(unzipSync(readFileSync(book))['xl/workbook.xml']!);
    expect(workbook).not.toMatch(/name="matrix"/);
    expect(workbook).toMatch(/name="results"/);
  });
});
