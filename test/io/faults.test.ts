import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli, EXAMPLE, ROOT, scratchFolders, spawnCli } from '../cliHarness.js';
import { zipBomb } from './zipBomb.js';

// Faults of the environment and hostile files: what each leaves on disk, and how ic50 says so.
const scratch = scratchFolders('ic50-faults-');
const EXAMPLE_TEXT = readFileSync(EXAMPLE, 'utf8');

/** A shell command line (bash), run to the end: for limits (ulimit), FIFOs and pipes. */
function shell(script: string, cwd: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', IC50: `${process.execPath} ${BIN}` } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Files in a folder that an interrupted or failed write could leave behind. */
const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.startsWith('.'));

describe('outputs: complete or absent', () => {
  it('a write that runs out of room (a file-size limit) leaves no file, no temporary file, and says so', () => {
    const dir = scratch();
    for (const args of ['-o full.json', '--report report.html -o ok.csv', '--plot plots --plot-format svg -o ok2.csv']) {
      const result = shell(`ulimit -f 8; $IC50 fit "${EXAMPLE}" --parental "MM1S WT" ${args}`, dir);
      expect(result.code, args).toBe(2);
      expect(result.stderr).toMatch(/cannot write it: the file is too large for this file system/);
      expect(result.stderr).not.toMatch(/internal error|\bat .*\.js:\d+/);
    }
    expect(existsSync(join(dir, 'full.json'))).toBe(false);
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
    expect(leftovers(dir)).toEqual([]);
  });

  it('writes through a device and a FIFO, never replacing them', () => {
    const dir = scratch();
    const devNull = shell(`$IC50 fit "${EXAMPLE}" -o /dev/null`, dir);
    expect(devNull.code).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    const fifo = shell(`mkfifo out.fifo && (cat out.fifo > got.csv &) && $IC50 fit "${EXAMPLE}" -o out.fifo && sleep 0.2 && test -p out.fifo && echo fifo-kept`, dir);
    expect(fifo.code).toBe(0);
    expect(fifo.stdout).toContain('fifo-kept');
    expect(readFileSync(join(dir, 'got.csv'), 'utf8').split('\n')).toHaveLength(8);
    const self = shell(`$IC50 fit "${EXAMPLE}" -o /proc/self/fd/1 | wc -l`, dir);
    expect(self.stdout.trim()).toBe('7');
  });

  it('follows a symbolic link and replaces its target, keeping the link', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'target.csv'), 'old\n');
    symlinkSync('target.csv', join(dir, 'link.csv'));
    expect((await cli(['fit', EXAMPLE, '-o', join(dir, 'link.csv')])).code).toBe(0);
    expect(lstatSync(join(dir, 'link.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'target.csv'), 'utf8').split('\n')).toHaveLength(8);
    expect(leftovers(dir)).toEqual([]);
  });

  it('refuses an output that is one of the inputs, before reading anything', async () => {
    const dir = scratch();
    const data = join(dir, 'self.csv');
    writeFileSync(data, EXAMPLE_TEXT);
    const same = await cli(['fit', data, '-o', data]);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/the output .*self\.csv is also an input .*writing it would destroy the data/);
    expect(readFileSync(data, 'utf8')).toBe(EXAMPLE_TEXT);
    const inFolder = await cli(['fit', dir, '-o', join(dir, 'self.csv')]);
    expect(inFolder.code).toBe(2);
    expect(readFileSync(data, 'utf8')).toBe(EXAMPLE_TEXT);
    // ic50's own earlier results in the folder are skipped, not refused (a second run of the same command).
    expect((await cli(['fit', dir, '-o', join(dir, 'results.csv')])).code).toBe(0);
    const again = await cli(['fit', dir, '-o', join(dir, 'results.csv')]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/note: skipped a file that is not data .*: results\.csv/);
  });

  it('says what is wrong with the place to write: a folder, a path that cannot be made; creates a missing folder', async () => {
    const dir = scratch();
    const folder = await cli(['fit', EXAMPLE, '-o', dir]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/is a directory, not a file to write/);
    const impossible = await cli(['fit', EXAMPLE, '-o', '/proc/nope/out.csv']);
    expect(impossible.code).toBe(2);
    expect(impossible.stderr).toMatch(/^ic50: \/proc\/nope\/out\.csv: cannot write it: /);
    expect(impossible.stderr).not.toMatch(/internal error/);
    const made = await cli(['fit', EXAMPLE, '-o', join(dir, 'new', 'folder', 'out.csv')]);
    expect(made.code).toBe(0);
    expect(existsSync(join(dir, 'new', 'folder', 'out.csv'))).toBe(true);
  });
});

describe('inputs read once, on the path that owns them', () => {
  it('reads standard input beside other files', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'b.csv'), EXAMPLE_TEXT.replaceAll('MM1S', 'B'));
    const result = spawnCli(['fit', '-', join(dir, 'b.csv')], { input: EXAMPLE_TEXT });
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    expect(lines).toEqual(['MM1S WT', 'MM1S WT', 'MM1S/R BTZ', 'MM1S/R BTZ', 'MM1S/R CFZ', 'MM1S/R CFZ', 'B WT', 'B WT', 'B/R BTZ', 'B/R BTZ', 'B/R CFZ', 'B/R CFZ']);
  });

  it('reads a FIFO once, beside another file', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'b.csv'), EXAMPLE_TEXT.replaceAll('MM1S', 'B'));
    const result = shell(`mkfifo in.fifo && (cat "${EXAMPLE}" > in.fifo &) && $IC50 fit in.fifo b.csv | wc -l`, dir);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('13');
  });

  it('stops at once on SIGTERM while waiting for a FIFO nobody writes, leaving nothing behind', async () => {
    const dir = scratch();
    spawnSync('mkfifo', [join(dir, 'silent.fifo')]);
    writeFileSync(join(dir, 'b.csv'), EXAMPLE_TEXT);
    const child = spawn(process.execPath, [BIN, 'fit', join(dir, 'silent.fifo'), join(dir, 'b.csv'), '-o', join(dir, 'out.csv')], { stdio: 'ignore' });
    const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? `exit ${code}`)));
    // Once ic50 is waiting on the FIFO (its handlers are set: a signal before would kill it unhandled).
    await new Promise((r) => setTimeout(r, 1000));
    const sent = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    expect(Date.now() - sent).toBeLessThan(2000);
    expect(readdirSync(dir).sort()).toEqual(['b.csv', 'silent.fifo']);
  });

  it('follows symbolic links to data files in a folder', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'real.csv'), EXAMPLE_TEXT);
    symlinkSync(join(dir, 'real.csv'), join(dir, 'data', 'linked.csv'));
    const result = await cli(['fit', join(dir, 'data')]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(7);
  });

  it('asks for input instead of waiting silently for a terminal', async () => {
    const { main } = await import('../../src/cli.js');
    let stderr = '';
    const code = await main(['fit'], { stdout: () => {}, stderr: (t) => void (stderr += t), stdinIsTty: true });
    expect(code).toBe(2);
    expect(stderr).toMatch(/no input: give files or folders to fit, or pipe data into ic50 fit -/);
  });
});

describe('hostile files', () => {
  it('a zip bomb in a batch: that file is an error, the others complete, nothing is left half-written', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'a.csv'), EXAMPLE_TEXT);
    writeFileSync(join(dir, 'bomb.xlsx'), zipBomb(1_000_000));
    const result = shell(`$IC50 fit a.csv bomb.xlsx --layout "${join(ROOT, 'test/fixtures/e2e/softmax-mtt-map.csv')}" -o res.csv`, dir);
    expect(result.stderr).toMatch(/bomb\.xlsx: the workbook holds more than 200 MB of sheet data when unpacked/);
    expect(result.code).toBe(1);
    expect(readFileSync(join(dir, 'res.csv'), 'utf8').trim().split('\n')).toHaveLength(7);
    expect(leftovers(dir)).toEqual([]);
  });

  it('a header line of megabytes is refused at once', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'wide.csv'), `compound,concentration_nM,signal${','.repeat(3_000_000)}\nx,1,2\n`);
    const started = Date.now();
    const result = await cli(['fit', join(dir, 'wide.csv')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/wide\.csv:1: .*: not a table of wells/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('the same plate read twice (a copy in a subfolder) is refused, naming both', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'plates.csv'), EXAMPLE_TEXT);
    writeFileSync(join(dir, 'sub', 'copy.csv'), EXAMPLE_TEXT);
    const result = await cli(['fit', dir, '-r', '--format', 'json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/sub\/copy\.csv: plate "P-WT-1" has the same 72 readings as plate "P-WT-1" of .*plates\.csv: the same plate read twice/);
    const fits = (JSON.parse(result.stdout) as { fits: { n_points: number }[] }).fits;
    expect(fits.every((f) => f.n_points === 60)).toBe(true);
  });
});

describe('escaping', () => {
  const names = (compound: string) => EXAMPLE_TEXT.replaceAll('bortezomib', compound);

  it('neutralises cells a spreadsheet would run as a formula, unless --raw-cells', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'evil.csv'), names('"=HYPERLINK(""http://x"",""y"")"').replaceAll('MM1S WT', '@SUM(A1)'));
    const safe = await cli(['fit', join(dir, 'evil.csv')]);
    expect(safe.code).toBe(0);
    expect(safe.stdout).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(safe.stdout).toContain(`'@SUM(A1)`);
    const raw = await cli(['fit', join(dir, 'evil.csv'), '--raw-cells']);
    expect(raw.stdout).toContain(`"=HYPERLINK(""http://x"",""y"")"`);
    expect(raw.stdout).not.toContain(`'@SUM(A1)`);
    // Numbers are never text: a negative log10 IC50 stays a number.
    expect(safe.stdout).not.toContain("'-");
  });

  it('quotes TSV fields as CSV does, so that names with quotes and tabs come back whole', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'q.csv'), names('"""quoted"" drug"').replaceAll('MM1S WT', 'WT\tline'));
    const tsv = await cli(['fit', join(dir, 'q.csv'), '--format', 'tsv', '--parental', 'WT\tline', '-o', join(dir, 'r.tsv')]);
    expect(tsv.code).toBe(0);
    const matrix = await cli(['matrix', join(dir, 'r.tsv'), '--format', 'csv']);
    expect(matrix.code).toBe(0);
    expect(matrix.stdout).toContain('"""quoted"" drug.ic50"');
    expect(matrix.stdout.split('\n')[1]!.startsWith('WT\tline,')).toBe(true);
  });

  it('shows control characters in names as "?" on a terminal, and drops what XML cannot hold from figures', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'ctl.csv'), names('drug\u001b[31mRED\u0007\ufffe'));
    const table = await cli(['fit', join(dir, 'ctl.csv'), '--format', 'table', '--plot', join(dir, 'plots'), '--plot-format', 'png'], { tty: true });
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('drug?[31mRED?');
    expect(table.stdout).not.toMatch(/\u001b\[31mRED/);
    const svg = await cli(['fit', join(dir, 'ctl.csv'), '--plot', join(dir, 'svg')]);
    expect(svg.code).toBe(0);
    const text = readFileSync(join(dir, 'svg', readdirSync(join(dir, 'svg')).find((f) => f.startsWith('drug'))!), 'utf8');
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    expect(text).toContain('drug[31mRED');
  });
});

describe('signals', () => {
  it('SIGHUP removes the temporary output and ends the process by that signal (the shell reports 129), at once', async () => {
    const dir = scratch();
    const rows = ['cell_line,compound,concentration_nM,signal'];
    for (let c = 0; c < 6000; c++) for (let k = 0; k < 8; k++) rows.push(`L${c % 5},d${c},${3 ** k},${100 / (1 + 3 ** k / (c % 97 + 1)) + (k % 3)}`);
    writeFileSync(join(dir, 'big.csv'), rows.join('\n') + '\n');
    const child = spawn(process.execPath, [BIN, 'fit', join(dir, 'big.csv'), '--no-normalize', '-o', join(dir, 'out.csv'), '--jobs', '1'], { stdio: 'ignore' });
    const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? `exit ${code}`)));
    const started = Date.now();
    while (Date.now() - started < 30_000 && !readdirSync(dir).some((f) => f.endsWith('.tmp'))) await new Promise((r) => setTimeout(r, 10));
    expect(readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(true);
    const sent = Date.now();
    child.kill('SIGHUP');
    expect(await exited).toBe('SIGHUP');
    expect(Date.now() - sent).toBeLessThan(2000);
    expect(readdirSync(dir)).toEqual(['big.csv']);
  });
});
