// Bundles the CLI and its worker into dist/bundle/ (cli.js, worker.js and shared chunks): a few
// files to load instead of ~300 modules, with the rarely needed parts (xlsx, globs, progress
// bar, plots) split into chunks loaded on demand — start-up matters for one plate (npm run bench
// compares it with `node -e 0`). The library entry (dist/index.js) stays unbundled for importers.
//
// Also bundles the HTML report's review script (src/browser/reviewPage.ts, with the fitting
// code it shares with the CLI) into dist/review.js, which the report writer inlines in the page.
// `node scripts/bundle.mjs review` makes only that one (the tests' setup does, from the sources).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

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
    entryPoints: { cli: 'dist/cli.js', worker: 'dist/io/worker.js' },
    outdir: 'dist/bundle',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['@resvg/resvg-js'],
    banner: { js: "import { createRequire as __ic50CreateRequire } from 'node:module'; const require = __ic50CreateRequire(import.meta.url);" },
    logLevel: 'warning',
    // Whitespace and syntax only (names kept, so a stack trace still names its functions): V8
    // compiles every loaded byte at start-up, and one plate's run is mostly start-up.
    minifyWhitespace: true,
    minifySyntax: true,
  });
  await bundleReview();
}
