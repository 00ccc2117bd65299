// Bundles the CLI and its worker into dist/ic50.mjs and dist/ic50-worker.mjs: one file to load
// instead of ~300 modules halves start-up (npm run bench shows it against `node -e 0`).
// The library entry (dist/index.js) stays unbundled for importers.
import { build } from 'esbuild';

const banner = "import { createRequire as __ic50CreateRequire } from 'node:module'; const require = __ic50CreateRequire(import.meta.url);";
const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', external: ['@resvg/resvg-js'], banner: { js: banner }, logLevel: 'warning' };
await build({ ...common, entryPoints: ['dist/cli.js'], outfile: 'dist/ic50.mjs' });
await build({ ...common, entryPoints: ['dist/io/worker.js'], outfile: 'dist/ic50-worker.mjs' });
