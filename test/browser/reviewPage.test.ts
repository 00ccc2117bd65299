import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/writers/formatNumber.js';
import { cli, EXAMPLE, scratchFolders } from '../cliHarness.js';

// The HTML report in a real browser: Debian's chromium driven by playwright-core. Without one
// these tests are skipped — except where IC50_REQUIRE_BROWSER=1 (CI), where that fails.
const CHROMIUM = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => path !== undefined && path !== '' && existsSync(path));
const REQUIRED = process.env.IC50_REQUIRE_BROWSER === '1';

describe.runIf(REQUIRED && CHROMIUM === undefined)('the browser the CI needs', () => {
  it('is installed', () => {
    throw new Error('IC50_REQUIRE_BROWSER=1 but no Chromium at /usr/bin/chromium: apt-get install chromium (or set CHROMIUM=/path)');
  });
});

const scratch = scratchFolders('ic50-browser-');
const WELL = 'P-RBTZ-2:C4';

/** The CLI's CSV as records. */
function records(csv: string): Record<string, string>[] {
  const [header, ...lines] = csv.trim().split('\n');
  const names = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i]!, v])));
}

/** What the results table shows for a line and compound: IC50, CI low, CI high, points and RF, as printed. */
async function shown(page: Page, cellLine: string, compound: string): Promise<string[]> {
  const row = page.locator('table.results tbody tr').filter({ has: page.locator(`td:text-is("${cellLine}")`) }).filter({ has: page.locator(`td:text-is("${compound}")`) });
  const cells = await row.locator('td').allTextContents();
  return [cells[2]!, cells[3]!, cells[4]!, cells[10]!, cells[12]!];
}

/** The same, from the CLI's CSV, formatted as the page prints numbers (3 significant digits). */
function printed(csv: string, cellLine: string, compound: string): string[] {
  const r = records(csv).find((x) => x.cell_line === cellLine && x.compound === compound)!;
  return [r.ic50!, r.ic50_ci_low!, r.ic50_ci_high!].map((v) => formatNumber(Number(v), 3)).concat([r.n_points!, formatNumber(Number(r.rf), 3)]);
}

describe.skipIf(CHROMIUM === undefined)(`the HTML report in Chromium${CHROMIUM === undefined ? ' (skipped: no /usr/bin/chromium; apt-get install chromium, or CHROMIUM=/path)' : ''}`, () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const problems: string[] = [];

  beforeAll(async () => {
    dir = scratch();
    const { code } = await cli(['fit', EXAMPLE, '--parental', 'MM1S WT', '--report', join(dir, 'report.html'), '-o', join(dir, 'results.csv')]);
    expect(code).toBe(0);
    browser = await chromium.launch({ executablePath: CHROMIUM! });
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:') && !request.url().startsWith('blob:')) problems.push(`request: ${request.url()}`);
    });
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('loads without errors, with every figure drawn and the review panel ready', async () => {
    expect(await page.locator('figure[data-compound] svg.ic50-curves').count()).toBe(2);
    expect(await page.locator('figure[data-plate] svg').count()).toBe(6);
    // Every figure of the page (curves, residuals, plate maps) drawn, none empty.
    const figures = page.locator('figure svg, img');
    expect(await figures.count()).toBe(await page.locator('figure').count());
    for (const figure of await figures.all()) {
      const box = await figure.boundingBox();
      expect(box!.width).toBeGreaterThan(100);
      expect(box!.height).toBeGreaterThan(100);
    }
    await expect.poll(() => page.locator('aside.review').getAttribute('data-state')).toBe('ready');
    expect(await page.locator('aside.review .status').textContent()).toBe('Click a point of a curve to exclude its well; click it again to bring it back.');
    expect(problems).toEqual([]);
  });

  it('sorts the results table by a column clicked, numbers as numbers', async () => {
    const column = async (i: number) => (await page.locator('table.results tbody tr').all()).map(async (row) => (await row.locator('td').nth(i).textContent())!);
    const ic50s = async () => Promise.all(await column(2));
    const heading = page.locator('table.results thead th', { hasText: /^IC50$/ });
    await heading.click();
    expect(await heading.getAttribute('aria-sort')).toBe('ascending');
    expect(await ic50s()).toEqual(['8.15', '15.3', '23.4', '24.3', '43.6', '45']);
    await heading.click();
    expect(await ic50s()).toEqual(['45', '43.6', '24.3', '23.4', '15.3', '8.15']);
    await page.locator('table.results thead th', { hasText: /^cell line$/ }).click();
    expect(await Promise.all(await column(0))).toEqual(['MM1S WT', 'MM1S WT', 'MM1S/R BTZ', 'MM1S/R BTZ', 'MM1S/R CFZ', 'MM1S/R CFZ']);
    expect(problems).toEqual([]);
  });

  it('excludes a clicked point and shows the IC50, interval and RF the CLI gives with --exclude of that well', async () => {
    const before = await shown(page, 'MM1S/R BTZ', 'bortezomib');
    expect(before).toEqual(printed(readFileSync(join(dir, 'results.csv'), 'utf8'), 'MM1S/R BTZ', 'bortezomib'));
    await page.locator(`figure[id^="curve-"][data-compound="bortezomib"] .raw [data-well="${WELL}"]`).click({ timeout: 5000 });
    await page.locator('aside.review[data-state="ready"][data-changes="1"]').waitFor();
    const after = await shown(page, 'MM1S/R BTZ', 'bortezomib');
    const { stdout } = await cli(['fit', EXAMPLE, '--parental', 'MM1S WT', '--exclude', WELL]);
    expect(after).toEqual(printed(stdout, 'MM1S/R BTZ', 'bortezomib'));
    expect(after[0]).not.toBe(before[0]); // 45 → 45.2
    expect(after[3]).toBe('59');
    // Drawn hollow and crossed now, listed in the panel, and the legend says it.
    expect(await page.locator(`figure[id^="curve-"][data-compound="bortezomib"] .excluded [data-well="${WELL}"]`).count()).toBe(1);
    expect(await page.locator('aside.review tbody tr').getAttribute('data-well')).toBe(WELL);
    expect(await page.locator('aside.review .status').textContent()).toBe('1 treated well excluded · 1 change not saved');
    expect(await page.locator('figure[id^="curve-"][data-compound="bortezomib"] .legend').textContent()).toContain(`IC50 ${after[0]} [${after[1]}–${after[2]}] nM, RF ${after[4]}`);
    expect(problems).toEqual([]);
  });

  it('saves the exclusions as the table --exclude-file reads, and the CLI run with it gives this page', async () => {
    await page.locator('aside.review input').fill('bubble, edge of the well');
    await page.locator('aside.review input').press('Tab');
    await page.locator('aside.review[data-state="ready"]').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('aside.review button.save').click()]);
    expect(download.suggestedFilename()).toBe('exclusions.csv');
    const table = readFileSync((await download.path())!, 'utf8');
    expect(table).toBe('plate,well,reason\nP-RBTZ-2,C4,"bubble, edge of the well"\n');
    // The command run again with the table: its report is this page.
    writeFileSync(join(dir, 'exclusions.csv'), table);
    expect((await cli(['fit', EXAMPLE, '--parental', 'MM1S WT', '--exclude-file', join(dir, 'exclusions.csv'), '--report', join(dir, 'rerun.html')])).code).toBe(0);
    const rerun = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await rerun.goto(pathToFileURL(join(dir, 'rerun.html')).href);
    // (This page's tables were sorted by the clicks above: compare the figures and the unsorted sections.)
    for (const part of ['#matrix + div', 'div.curves', '#excluded + div', 'dl.summary']) {
      expect(await page.locator(part).first().innerHTML()).toBe(await rerun.locator(part).first().innerHTML());
    }
    expect(await page.locator('#excluded + div').textContent()).toContain('bubble, edge of the well');
    await rerun.close();
    expect(problems).toEqual([]);
  });

  it('brings the point back on a second click: the page is the CLI’s again', async () => {
    await page.locator(`figure[id^="curve-"][data-compound="bortezomib"] .excluded [data-well="${WELL}"]`).click({ timeout: 5000 });
    await page.locator('aside.review[data-state="ready"][data-changes="0"]').waitFor();
    expect(await shown(page, 'MM1S/R BTZ', 'bortezomib')).toEqual(printed(readFileSync(join(dir, 'results.csv'), 'utf8'), 'MM1S/R BTZ', 'bortezomib'));
    expect(await page.locator('#excluded').count()).toBe(0);
    expect(await page.locator('aside.review tbody tr').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
