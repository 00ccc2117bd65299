#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { loadBundle } from './loadBundle.js';

const { handleSignals, main } = loadBundle(fileURLToPath(new URL('../dist/bundle/cli.cjs', import.meta.url))).exports;
const stopped = handleSignals();
process.exitCode = await main(process.argv.slice(2), undefined, stopped);
