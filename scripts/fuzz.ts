// `npm run fuzz`: the long property-based run (see test/fuzz/longRun.ts for options).
import { longRun } from '../test/fuzz/longRun.js';

process.exitCode = await longRun(process.argv.slice(2));
