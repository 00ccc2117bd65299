#!/usr/bin/env node
// Renders the bundled MM1S example's figures and HTML report, and screenshots the report in
// headless Chromium (playwright-core) — before and after a reviewer clicks a point — to look at
// them the way a user will.
//
//   npm run render:report [-- OUT_DIR [WIDTHxHEIGHT]]     (default /tmp/ic50-render, 1280x1000)
//
// Writes OUT_DIR/plots/*.svg and OUT_DIR/png/*.png (ic50 fit --plot), OUT_DIR/report.html
// (--report) and, when Chromium is found (CHROMIUM=/path, else /usr/bin/chromium or
// chromium-browser): report.png (the whole page), curves.png (the curves and the review panel)
// and bortezomib.png, then, after a click on the point of well P-RBTZ-2:C4, the same two as
// curves-after-click.png and bortezomib-after-click.png. Runs the
// TypeScript sources through tsx (the page's review script is bundled from them first).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = resolve(process.argv[2] ?? '/tmp/ic50-render');
const [width, height] = (process.argv[3] ?? '1280x1000').split('x').map(Number);
// Named as a user in the repository would name it (the report shows the path).
process.chdir(root);
const example = 'fixtures/mm1s-celltiter-glo.csv';
const WELL = 'P-RBTZ-2:C4';

// The page's script from the sources as they are.
const bundled = spawnSync(process.execPath, [join(root, 'scripts/bundle.mjs'), 'review'], { cwd: root, stdio: 'inherit' });
if (bundled.status !== 0) process.exit(1);

const { main } = await import(pathToFileURL(join(root, 'src/cli.ts')).href);
const io = { stdout: () => {}, stderr: (text) => process.stderr.write(text), stdinIsTty: false, stdoutIsTty: false, stderrIsTty: false, env: {} };
const common = ['fit', example, '--parental', 'MM1S WT'];
for (const args of [
  [...common, '--plot', join(out, 'plots'), '--report', join(out, 'report.html')],
  [...common, '--plot', join(out, 'png'), '--plot-format', 'png'],
]) {
  const code = await main(args, io);
  if (code !== 0) process.exit(code);
}
console.log(join(out, 'plots'), join(out, 'png'), join(out, 'report.html'));

const chromium = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => path && existsSync(path));
if (!chromium) {
  console.log('no Chromium found (apt-get install chromium, or CHROMIUM=/path): screenshots skipped');
  process.exit(0);
}
const { chromium: driver } = await import('playwright-core');
const browser = await driver.launch({ executablePath: chromium });
try {
  const page = await browser.newPage({ viewport: { width, height } });
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  await page.goto(pathToFileURL(join(out, 'report.html')).href);
  await page.screenshot({ path: join(out, 'report.png'), fullPage: true });
  await page.evaluate(() => document.querySelector('#curves').scrollIntoView());
  await page.screenshot({ path: join(out, 'curves.png') });
  await page.locator('figure[id^="curve-"][data-compound="bortezomib"]').screenshot({ path: join(out, 'bortezomib.png') });
  const before = await page.locator('figure[id^="curve-"][data-compound="bortezomib"] .legend').textContent();
  await page.locator(`figure[id^="curve-"][data-compound="bortezomib"] .raw [data-well="${WELL}"]`).click();
  await page.locator('aside.review[data-state="ready"][data-changes="1"]').waitFor();
  await page.mouse.move(0, 0); // no hover highlight on the point now under the pointer
  await page.screenshot({ path: join(out, 'curves-after-click.png') });
  await page.locator('figure[id^="curve-"][data-compound="bortezomib"]').screenshot({ path: join(out, 'bortezomib-after-click.png') });
  const after = await page.locator('figure[id^="curve-"][data-compound="bortezomib"] .legend').textContent();
  for (const name of ['report', 'curves', 'bortezomib', 'curves-after-click', 'bortezomib-after-click']) console.log(join(out, `${name}.png`));
  console.log(`bortezomib legend before the click on ${WELL}: ${before.trim().replace(/\s*\n\s*/g, ' | ')}`);
  console.log(`and after: ${after.trim().replace(/\s*\n\s*/g, ' | ')}`);
  if (problems.length > 0) {
    console.error(`the page reported errors:\n${problems.join('\n')}`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
}
