#!/usr/bin/env node
// Builds the bundled MM1S example's figures and HTML report, and screenshots the report in
// headless Chromium, to look at them the way a user will.
//
//   npm run render:report [-- OUT_DIR [WIDTHxHEIGHT]]     (default /tmp/ic50-render, 1280x2400)
//
// Writes OUT_DIR/plots/*.svg, OUT_DIR/png/*.png, OUT_DIR/report.html and, when Chromium is
// found (CHROMIUM=/path, else chromium, chromium-browser or google-chrome on PATH),
// OUT_DIR/report.png. Runs the TypeScript sources through tsx: no build needed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { analyze } = await import(pathToFileURL(join(root, 'src/pipeline.ts')).href);
const { writeFigures } = await import(pathToFileURL(join(root, 'src/commands/writeFigures.ts')).href);
const { plateHeatmapSvg } = await import(pathToFileURL(join(root, 'src/writers/plateHeatmapSvg.ts')).href);
const { parseWellId } = await import(pathToFileURL(join(root, 'src/plate/wellId.ts')).href);

const out = resolve(process.argv[2] ?? '/tmp/ic50-render');
const [width, height] = (process.argv[3] ?? '1280x2400').split('x').map(Number);
const file = 'fixtures/mm1s-celltiter-glo.csv';
const text = readFileSync(join(root, file), 'utf8');
const report = analyze([{ name: file, text }], { parental: 'MM1S WT' });

// Plate maps from the tidy CSV itself (plate-reader exports get theirs from `inspect`).
const plates = new Map();
const [header, ...rows] = text.trim().split(/\r?\n/).map((line) => line.split(','));
const column = (name) => header.indexOf(name);
for (const row of rows) {
  const id = row[column('plate')];
  const position = parseWellId(row[column('well')]);
  if (!position) continue;
  const plate = plates.get(id) ?? { id, rows: 8, columns: 12, values: new Float64Array(96).fill(NaN), roles: new Array(96).fill(null), markers: new Map() };
  const index = position.row * 12 + position.column;
  const compound = row[column('compound')];
  plate.values[index] = Number(row[column('rlu')]);
  plate.roles[index] = compound === 'DMSO' ? 'vehicle' : compound === 'medium' ? 'blank' : 'sample';
  plates.set(id, plate);
}
const heatmaps = new Map([...plates].map(([id, plate]) => [id, plateHeatmapSvg(plate)]));

const written = [
  ...writeFigures(report, { plotDir: join(out, 'plots'), plotFormat: 'svg', heatmaps, reportPath: join(out, 'report.html'), title: 'MM1S CellTiter-Glo (bundled example)' }),
  ...writeFigures(report, { plotDir: join(out, 'png'), plotFormat: 'png', heatmaps }),
];
for (const path of written) console.log(path);

const candidates = [process.env.CHROMIUM, 'chromium', 'chromium-browser', 'google-chrome'].filter(Boolean);
const chromium = candidates.find((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);
if (!chromium) {
  console.log('no Chromium found (apt-get install chromium, or CHROMIUM=/path): screenshot skipped');
} else {
  const screenshot = join(out, 'report.png');
  const result = spawnSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      `--user-data-dir=${mkdtempSync(join(tmpdir(), 'ic50-chromium-'))}`,
      `--screenshot=${screenshot}`,
      `--window-size=${width},${height}`,
      pathToFileURL(join(out, 'report.html')).href,
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (result.status !== 0) {
    console.error(result.stderr);
    process.exitCode = 1;
  } else console.log(screenshot);
}
