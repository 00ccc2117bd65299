import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './cliHarness.js';

// bin/loadBundle.js runs the bundled CLI with the V8 code cache the build made (the start-up of a
// one-plate run), and only a cache made from these very bytes. Checked in a child process, as
// bin/ic50.js uses it.
// Copies live in dist/ beside the bundle's folder, where the CLI finds its package.json.
const temporary = mkdtempSync(join(ROOT, 'dist', 'bundle-test-'));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));

interface Loaded {
  /** V8's verdict on the cache given to it; null when none was given. */
  readonly rejected: boolean | null;
  readonly version: string;
  readonly status: number | null;
}

/** Loads `bundle` through loadBundle and runs `ic50 --version`. */
function load(bundle: string): Loaded {
  const script = `
    import { loadBundle } from ${JSON.stringify(join(ROOT, 'bin/loadBundle.js'))};
    const { exports, script } = loadBundle(${JSON.stringify(bundle)});
    let version = '';
    await exports.main(['--version'], { stdout: (t) => { version += t; }, stderr: () => {} });
    console.log(JSON.stringify({ rejected: script.cachedDataRejected ?? null, version: version.trim() }));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return { ...(JSON.parse(result.stdout) as Omit<Loaded, 'status'>), status: result.status };
}

/** A copy of the bundle and its cache in the temporary folder, changed by `change`. */
function copy(name: string, change: (bundle: Buffer, cache: Buffer) => void): string {
  const bundle = readFileSync(join(ROOT, 'dist/bundle/cli.cjs'));
  const cache = readFileSync(join(ROOT, 'dist/bundle/cli.cjs.cache'));
  change(bundle, cache);
  const file = join(temporary, `${name}.cjs`);
  writeFileSync(file, bundle);
  writeFileSync(`${file}.cache`, cache);
  return file;
}

describe('the bundled CLI and its code cache', () => {
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  it('the build made a cache that V8 accepts', () => {
    expect(load(join(ROOT, 'dist/bundle/cli.cjs'))).toEqual({ rejected: false, version, status: 0 });
  });

  it('a bundle changed after the build (same length, so V8 would take the old bytecode) gets no cache', () => {
    const edited = copy('edited', (bundle) => {
      const at = bundle.indexOf('internal error');
      expect(at).toBeGreaterThan(0);
      bundle.write('INTERNAL ERROR', at);
    });
    expect(load(edited)).toEqual({ rejected: null, version, status: 0 });
  });

  it('a damaged cache (bytes overwritten: V8 would crash on it) or a truncated one is not used', () => {
    const damaged = copy('damaged', (_, cache) => cache.fill(0x41, 5000, 5008));
    expect(load(damaged)).toEqual({ rejected: null, version, status: 0 });
    const truncated = copy('truncated', () => {});
    writeFileSync(`${truncated}.cache`, readFileSync(`${truncated}.cache`).subarray(0, 1000));
    expect(load(truncated)).toEqual({ rejected: null, version, status: 0 });
  });

  it('no cache at all: the bundle is compiled as usual', () => {
    const bare = join(temporary, 'bare.cjs');
    copyFileSync(join(ROOT, 'dist/bundle/cli.cjs'), bare);
    expect(load(bare)).toEqual({ rejected: null, version, status: 0 });
  });

  it('runs in strict mode, as the modules it is built from do', () => {
    expect(readFileSync(join(ROOT, 'dist/bundle/cli.cjs'), 'utf8').startsWith("'use strict';")).toBe(true);
  });
});
