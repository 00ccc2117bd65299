// Bundles the CLI and its worker into dist/bundle/: one file to load instead of ~300 modules —
// start-up matters for one plate (npm run bench compares it with `node -e 0`). The library entry
// (dist/index.js) stays unbundled for importers.
//
// The CLI is one CommonJS file, cli.cjs, run by bin/ic50.js through bin/loadBundle.js with a V8
// code cache made here: the bundle is run on the bundled example and V8's compiled bytecode saved
// beside it (cli.cjs.cache). CommonJS because only a classic script can take a code cache
// in Node 20 (vm.Script's cachedData; Node 22's module.enableCompileCache does not exist here).
// The worker threads load the same file through the same loader (dist/bundle/worker.js).
//
// Also bundles the HTML report's review script (src/browser/reviewPage.ts, with the fitting
// code it shares with the CLI) into dist/review.js, which the report writer inlines in the page.
// `node scripts/bundle.mjs review` makes only that one (the tests' setup does, from the sources).
import { build } from 'esbuild';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cacheFile, loadBundle } from '../bin/loadBundle.js';

/** The review script: one self-contained file for a page with no network. */
async function bundleReview(outfile = 'dist/review.js') {
  await build({
    entryPoints: ['src/browser/reviewPage.ts'],
    outfile,
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'warning',
  });
}

if (process.argv[2] === 'review') {
  await bundleReview();
} else {
  rmSync('dist/bundle', { recursive: true, force: true });
  await build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    external: ['@resvg/resvg-js'],
    logLevel: 'warning',
    // Whitespace and syntax only (names kept, so a stack trace still names its functions).
    minifyWhitespace: true,
    minifySyntax: true,
    // The CLI and the worker threads' task loop in one file (the loop serves only in the pool's
    // workers: see io/worker.ts), so that workers start from the same cache.
    stdin: { contents: "export { handleSignals, main } from './dist/cli.js';\nimport './dist/io/worker.js';\n", resolveDir: '.', sourcefile: 'bundle-entry.js' },
    outfile: 'dist/bundle/cli.cjs',
    format: 'cjs',
    define: { 'import.meta.url': '__ic50ModuleUrl' },
    banner: { js: "'use strict';\nvar __ic50ModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  // The worker threads' script: the same bundle through the same loader.
  writeFileSync('dist/bundle/worker.js', "import { fileURLToPath } from 'node:url';\nimport { loadBundle } from '../../bin/loadBundle.js';\n\nloadBundle(fileURLToPath(new URL('./cli.cjs', import.meta.url)));\n");
  await bundleReview();
  await makeCodeCache('dist/bundle/cli.cjs');
}

/**
 * Saves V8's code cache for the bundle (bin/loadBundle.js: a header with the bundle's and the
 * cache's SHA-256, then V8's bytes), made after running the bundle on the bundled example — as a
 * terminal's table and as CSV, and inspected — so that the functions a run needs are compiled in
 * it, not only the top level.
 */
async function makeCodeCache(file) {
  if (!existsSync('fixtures/mm1s-celltiter-glo.csv')) {
    console.warn('scripts/bundle.mjs: fixtures/ not here, so no code cache: the CLI starts ~60 ms slower');
    return;
  }
  // A dynamic import() would fail in the vm.Script the loader runs (no module loader behind it).
  if (/\bimport\(/.test(readFileSync(file, 'utf8'))) throw new Error(`${file} has a dynamic import(): bundle what it loads`);
  const { exports: cli, script, cache } = loadBundle(file, { useCache: false });
  const quiet = (stdoutIsTty) => ({ stdout: () => {}, stderr: () => {}, stdoutIsTty, env: {} });
  for (const [argv, tty] of [
    [['fit', 'fixtures/mm1s-celltiter-glo.csv', '--parental', 'MM1S WT'], true],
    [['fit', 'fixtures/mm1s-celltiter-glo.csv', '--parental', 'MM1S WT'], false],
    [['inspect', 'fixtures/mm1s-celltiter-glo.csv'], true],
  ]) {
    const code = await cli.main(argv, quiet(tty));
    if (code !== 0) throw new Error(`the bundled CLI failed on the example (exit ${code}): ${argv.join(' ')}`);
  }
  writeFileSync(`${cache}.partial`, cacheFile(readFileSync(file), script.createCachedData()));
  renameSync(`${cache}.partial`, cache);
}
