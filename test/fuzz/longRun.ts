/**
 * The long fuzz run behind `npm run fuzz` (scripts/fuzz.ts): every property with many cases and
 * a random seed (printed, with the path fast-check needs to replay a failure), every case timed
 * (any over 1 s is reported), then the real CLI on a sample of mutated inputs: exit code 0, 1 or
 * 2, no stack trace on stderr, no NaN / Infinity in what it writes.
 *
 *   npm run fuzz                         # default: 60,000 property cases + 300 CLI runs
 *   npm run fuzz -- --runs 200000 --cli 1000 --seed 12345 --only readers --max-long 1000000
 *   npm run fuzz -- --seeds DIR    # also mutate the exports in DIR (text files)
 *
 * Exit code 1 when anything failed, so it can gate a nightly job.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { decodeText } from '../../src/readers/decodeText.js';
import { ROOT } from './harness.js';
import { PROPERTIES, e2eProperty, settings, syntheticTidyProperty, tidyAnalyzeProperty, type Property } from './properties.js';

interface Args {
  runs: number;
  maxLong: number;
  seeds: string | undefined;
  cli: number;
  seed: number;
  only: string | undefined;
  slowMs: number;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { runs: 60_000, maxLong: 200_000, seeds: undefined, cli: 300, seed: Math.floor(Math.random() * 2 ** 31), only: undefined, slowMs: 1000 };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    switch (argv[i]) {
      case '--runs':
        args.runs = Number(value);
        i++;
        break;
      case '--cli':
        args.cli = Number(value);
        i++;
        break;
      case '--seed':
        args.seed = Number(value);
        i++;
        break;
      case '--only':
        args.only = value;
        i++;
        break;
      case '--seeds':
        args.seeds = value;
        i++;
        break;
      case '--max-long':
        args.maxLong = Number(value);
        i++;
        break;
      case '--slow-ms':
        args.slowMs = Number(value);
        i++;
        break;
      default:
        throw new Error(`unknown argument ${argv[i]} (use --runs N, --cli N, --seed N, --only NAME, --max-long CHARS, --seeds DIR, --slow-ms MS)`);
    }
  }
  return args;
}

/** Cases per property: the expensive end-to-end ones get fewer. */
const WEIGHT: Record<string, number> = {
  'every reader on mutated exports': 3,
  'decodeText and every reader on arbitrary bytes': 2,
  'no value silently moves to another well': 2,
  'readLayout on mutated plate maps': 2,
  'readPlateMap on mutated D300 protocols, Echo reports and block maps': 1,
  'readTidyCsv on mutated tidy CSVs': 2,
  'fitCurve and fitDoseResponse on random curves': 3,
  'normalizePlates on random wells': 1,
  'analyze end to end on mutated exports and maps': 1,
  'analyze on mutated tidy CSVs': 1,
  'analyze on synthetic tidy CSVs (0 / 1 / many rows, 1e-15…1e3 M, ±1e308)': 1,
  'tablesFromXlsx and the readers on damaged workbooks': 0.25,
  'every reader on xlsx sheets with cells replaced': 0.25,
};

interface Outcome {
  name: string;
  runs: number;
  ms: number;
  failed: boolean;
  slow: { ms: number; value: unknown }[];
  report: string;
}

function preview(value: unknown): string {
  const text = fc.stringify(value);
  return text.length > 2000 ? `${text.slice(0, 2000)}… (${text.length} characters)` : text;
}

async function runProperty(property: Property<unknown>, numRuns: number, seed: number, slowMs: number): Promise<Outcome> {
  const slow: { ms: number; value: unknown }[] = [];
  const timed = async (value: unknown) => {
    const start = performance.now();
    await property.check(value);
    const ms = performance.now() - start;
    if (ms > slowMs) slow.push({ ms, value });
  };
  const start = performance.now();
  const details = await fc.check(fc.asyncProperty(property.arbitrary, timed), { numRuns, seed, endOnFailure: false });
  const ms = performance.now() - start;
  let report = '';
  if (details.failed) {
    const error = details.errorInstance;
    report =
      `  seed ${details.seed}, path "${details.counterexamplePath}" (replay: fc.assert(..., { seed: ${details.seed}, path: "${details.counterexamplePath}" }))\n` +
      `  counterexample: ${preview(details.counterexample)}\n` +
      `  ${error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 12).join('\n  ') : String(error)}`;
  }
  return { name: property.name, runs: details.numRuns, ms, failed: details.failed, slow, report };
}

/** The CLI on one case's files (fit, or inspect): exit 0/1/2, no stack trace, no NaN/Infinity in its output. */
function runCli(dir: string, files: { data: string; map?: string; args: string[] }, format: string, inspect: boolean): string | null {
  const data = join(dir, 'data.csv');
  writeFileSync(data, files.data);
  const args = inspect
    ? ['bin/ic50.js', 'inspect', data, '--format', format === 'table' ? 'table' : 'json', ...files.args.filter((a, i, all) => a !== '--parental' && all[i - 1] !== '--parental')]
    : ['bin/ic50.js', 'fit', data, '--format', format, ...files.args];
  if (files.map !== undefined) {
    const map = join(dir, 'map.csv');
    writeFileSync(map, files.map);
    args.push('--layout', map);
  }
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } });
  const ms = performance.now() - start;
  const problems: string[] = [];
  if (result.error) problems.push(`spawn: ${result.error.message}`);
  if (result.status === null || ![0, 1, 2].includes(result.status)) problems.push(`exit ${result.status} (signal ${result.signal})`);
  if (/^\s+at /m.test(result.stderr)) problems.push('stack trace on stderr');
  if (/internal error/.test(result.stderr)) problems.push('internal error');
  // Names (compounds, files) may hold any text; numbers never print as NaN / Infinity.
  if (/(^|[,\t:\s\[])-?(NaN|Infinity)([,\t\s\]]|$)/m.test(result.stdout.replace(/"[^"]*"/g, '""')) && !/NaN|Infinity/.test(files.data + (files.map ?? ''))) {
    problems.push('NaN or Infinity in stdout');
  }
  if (ms > 5000) problems.push(`took ${Math.round(ms)} ms`);
  if (problems.length === 0) return null;
  return `${problems.join('; ')}\n  args: ${args.slice(1).join(' ')}\n  stderr: ${result.stderr.slice(0, 800)}\n  stdout: ${result.stdout.slice(0, 400)}`;
}

export async function longRun(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  settings.maxLong = args.maxLong;
  if (args.seeds !== undefined) {
    // More exports to mutate (a folder of real exports): text files only.
    for (const name of readdirSync(args.seeds).sort()) {
      if (!/\.(csv|txt|tsv)$/i.test(name)) continue;
      const text = decodeText(readFileSync(join(args.seeds, name)));
      if (text !== null) settings.extraExports.push({ name: join(args.seeds, name), text });
    }
    console.log(`${settings.extraExports.length} more exports to mutate from ${args.seeds}`);
  }
  const selected = PROPERTIES.filter((p) => args.only === undefined || p.name.includes(args.only)) as unknown as Property<unknown>[];
  const totalWeight = selected.reduce((s, p) => s + (WEIGHT[p.name] ?? 1), 0);
  console.log(`ic50 fuzz: ${args.runs} cases over ${selected.length} properties, seed ${args.seed}`);
  const wall = performance.now();
  const outcomes: Outcome[] = [];
  for (const [i, property] of selected.entries()) {
    const runs = Math.max(20, Math.round((args.runs * (WEIGHT[property.name] ?? 1)) / totalWeight));
    const outcome = await runProperty(property, runs, args.seed + i, args.slowMs);
    outcomes.push(outcome);
    const status = outcome.failed ? 'FAIL' : 'ok';
    console.log(`${status.padEnd(4)} ${String(outcome.runs).padStart(7)} cases ${(outcome.ms / 1000).toFixed(1).padStart(6)} s  ${property.name}${outcome.slow.length ? `  (${outcome.slow.length} over ${args.slowMs} ms)` : ''}`);
    if (outcome.failed) console.log(outcome.report);
    for (const s of outcome.slow.slice(0, 3)) console.log(`  slow case ${Math.round(s.ms)} ms: ${preview(s.value)}`);
  }

  // The real CLI on a sample of mutated inputs (bin/ic50.js runs dist/, built by `npm run fuzz`).
  const cliFailures: string[] = [];
  let cliRuns = 0;
  if (args.cli > 0 && args.only === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'ic50-fuzz-'));
    try {
      const sources = [e2eProperty, tidyAnalyzeProperty, syntheticTidyProperty] as unknown as Property<unknown>[];
      const formats = ['csv', 'json', 'tsv', 'ndjson', 'table'];
      sources.forEach((property, p) => {
        const count = Math.ceil(args.cli / sources.length);
        const values = fc.sample(property.arbitrary, { numRuns: count, seed: args.seed + 1000 + p });
        values.forEach((value, k) => {
          const files = property.files?.(value);
          if (!files) return;
          cliRuns++;
          const problem = runCli(dir, files, formats[k % formats.length]!, property === e2eProperty && k % 4 === 3);
          if (problem) cliFailures.push(`${property.name} #${k} (sample seed ${args.seed + 1000 + p}): ${problem}`);
        });
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`${cliFailures.length ? 'FAIL' : 'ok'.padEnd(4)} ${String(cliRuns).padStart(7)} CLI runs`);
    for (const f of cliFailures.slice(0, 10)) console.log(`  ${f}`);
  }

  const cases = outcomes.reduce((s, o) => s + o.runs, 0);
  const slow = outcomes.reduce((s, o) => s + o.slow.length, 0);
  const failed = outcomes.filter((o) => o.failed).length + (cliFailures.length ? 1 : 0);
  console.log(
    `\n${cases} property cases + ${cliRuns} CLI runs in ${((performance.now() - wall) / 1000).toFixed(1)} s; ` +
      `${failed} failing propert${failed === 1 ? 'y' : 'ies'}, ${slow} case(s) over ${args.slowMs} ms; seed ${args.seed}`,
  );
  return failed > 0 || slow > 0 ? 1 : 0;
}
