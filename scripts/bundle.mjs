// Bundles the CLI and its worker into dist/bundle/: one file to load instead of ~300 modules —
// start-up matters for one plate (npm run bench compares it with `node -e 0`). The library entry
// (dist/index.js) stays unbundled for importers.
//
// The CLI is one CommonJS file, cli.cjs, run by bin/ic50.js through bin/loadBundle.js with a V8
// code cache made here: the bundle is run on the bundled example and V8's compiled bytecode saved
// beside it (cli.cjs.<build>.cache). CommonJS because only a classic script can take a code cache
// in Node 20 (vm.Script's cachedData; Node 22's module.enableCompileCache does not exist here).
// The worker threads load the same file through the same loader (dist/bundle/worker.js).
//
// Also bundles the HTML report's review script (src/browser/reviewPage.ts, with the fitting
// code it shares with the CLI) into dist/review.js, which the report writer inlines in the page.
// `node scripts/bundle.mjs review` makes only that one (the tests' setup does, from the sources).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { loadBundle } from '../bin/loadBundle.js';

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
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    external: ['@resvg/resvg-js'],
    logLevel: 'warning',
    // Whitespace and syntax only (names kept, so a stack trace still names its functions).
    minifyWhitespace: true,
    minifySyntax: true,
  };
  await build({
    ...common,
    // The CLI and the worker threads' task loop in one file (the loop serves only in a worker
    // thread: on the main thread parentPort is null), so that workers start from the same cache.
    stdin: { contents: "export { handleSignals, main } from './dist/cli.js';\nimport './dist/io/worker.js';\n", resolveDir: '.', sourcefile: 'bundle-entry.js' },
    outfile: 'dist/bundle/cli.cjs',
    format: 'cjs',
    define: { 'import.meta.url': '__ic50ModuleUrl' },
    banner: { js: "var __ic50ModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  // The worker threads' script: the same bundle through the same loader.
  writeFileSync('dist/bundle/worker.js', "import { fileURLToPath } from 'node:url';\nimport { loadBundle } from '../../bin/loadBundle.js';\n\nloadBundle(fileURLToPath(new URL('./cli.cjs', import.meta.url)));\n");
  await bundleReview();
  await makeCodeCache('dist/bundle/cli.cjs');
}

/**
 * Names the bundle's build on its first line (a hash of its text) and saves V8's code cache for
 * it, made after running it on the bundled example so that the functions a run needs are compiled
 * in the cache, not only the top level.
 */
async function makeCodeCache(file) {
  const text = readFileSync(file, 'utf8');
  const build = createHash('sha256').update(text).digest('hex').slice(0, 20);
  writeFileSync(file, `// build ${build}\n${text}`);
  if (!existsSync('fixtures/mm1s-celltiter-glo.csv')) {
    console.warn('scripts/bundle.mjs: fixtures/ not here, so no code cache: the CLI starts ~60 ms slower');
    return;
  }
  const { exports: cli, script, cache } = loadBundle(file, { useCache: false });
  const quiet = { stdout: () => {}, stderr: () => {} };
  for (const argv of [
    ['fit', 'fixtures/mm1s-celltiter-glo.csv', '--parental', 'MM1S WT'],
    ['fit', 'fixtures/mm1s-celltiter-glo.csv', '--parental', 'MM1S WT', '--format', 'csv'],
    ['inspect', 'fixtures/mm1s-celltiter-glo.csv'],
  ]) {
    const code = await cli.main(argv, quiet);
    if (code !== 0) throw new Error(`the bundled CLI failed on the example (exit ${code}): ${argv.join(' ')}`);
  }
  writeFileSync(`${cache}.partial`, script.createCachedData());
  renameSync(`${cache}.partial`, cache);
}
