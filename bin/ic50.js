#!/usr/bin/env node
import { handleSignals, main } from '../dist/ic50.mjs';

handleSignals();
process.exitCode = await main(process.argv.slice(2));
