import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './cliHarness.js';

// bin/loadBundle.js runs the bundled CLI with the V8 code cache the build made (the start-up of a
// one-plate run). Checked in a child process, as bin/ic50.js uses it.
// Copies live in dist/ beside the bundle's folder, where the CLI finds its package.json.
const temporary = mkdtempSync(join(ROOT, 'dist', 'bundle-test-'));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));

/** Loads `bundle` through loadBundle and runs `ic50 --version`; reports what happened to the cache. */
function load(bundle: string): { cache: string | null; rejected: boolean | null; version: string } {
  const script = `
    import { loadBundle } from ${JSON.stringify(join(ROOT, 'bin/loadBundle.js'))};
    const { exports, script, cache } = loadBundle(${JSON.stringify(bundle)});
    let version = '';
    await exports.main(['--version'], { stdout: (t) => { version += t; }, stderr: () => {} });
    console.log(JSON.stringify({ cache: cache ?? null, rejected: script.cachedDataRejected ?? null, version: version.trim() }));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as { cache: string | null; rejected: boolean | null; version: string };
}

describe('the bundled CLI and its code cache', () => {
  const bundle = join(ROOT, 'dist/bundle/cli.cjs');
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  it('names its build on its first line, and the build made a cache that V8 accepts', () => {
    const build = /^\/\/ build ([0-9a-f]+)\n/.exec(readFileSync(bundle, 'utf8'))?.[1];
    expect(build).toMatch(/^[0-9a-f]{20}$/);
    const loaded = load(bundle);
    expect(loaded.cache).toBe(`${bundle}.${build}.cache`);
    expect(loaded.rejected).toBe(false);
    expect(loaded.version).toBe(version);
  });

  it('a bundle of another build does not meet the old cache, and runs compiled as usual', () => {
    const copy = join(temporary, 'cli.cjs');
    const text = readFileSync(bundle, 'utf8');
    writeFileSync(copy, text.replace(/^\/\/ build [0-9a-f]+\n/, '// build 00000000000000000000\n'));
    for (const name of readdirSync(join(ROOT, 'dist/bundle'))) {
      if (name.endsWith('.cache')) copyFileSync(join(ROOT, 'dist/bundle', name), join(temporary, name));
    }
    const loaded = load(copy);
    expect(loaded.cache).toBe(`${copy}.00000000000000000000.cache`);
    expect(loaded.rejected).toBeNull(); // no cache read at all
    expect(loaded.version).toBe(version);
  });

  it('a cache V8 refuses (made for another source) is ignored, not run', () => {
    const copy = join(temporary, 'other.cjs');
    const text = readFileSync(bundle, 'utf8');
    const build = /^\/\/ build ([0-9a-f]+)\n/.exec(text)?.[1] ?? '';
    // The same build name on a source of another length: V8's own check refuses the cache.
    writeFileSync(copy, `${text}\n// one more line\n`);
    copyFileSync(`${bundle}.${build}.cache`, `${copy}.${build}.cache`);
    const loaded = load(copy);
    expect(loaded.rejected).toBe(true);
    expect(loaded.version).toBe(version);
  });
});
