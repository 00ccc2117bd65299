#!/usr/bin/env node
import { handleSignals, main } from '../dist/bundle/cli.js';

const stopped = handleSignals();
process.exitCode = await main(process.argv.slice(2), undefined, stopped);
