import { describe, it } from 'vitest';
import { holds } from './holds.js';
import { e2eProperty, normalizeProperty, syntheticTidyProperty, tidyAnalyzeProperty } from './properties.js';

// The whole analysis on hostile input: every written number finite (empty / null otherwise),
// every fit without an IC50 flagged with the reason, every error about a named input.
describe('analyze on hostile input (fuzz)', () => {
  it('plate-reader exports with their maps, either or both mutated', async () => {
    await holds(e2eProperty, 400, 31);
  });

  it('mutated tidy CSVs', async () => {
    await holds(tidyAnalyzeProperty, 300, 32);
  });

  it('synthetic tidy CSVs: 0, 1 or many rows, 1e-15…1e3 M, identical, NaN and ±1e308 signals', async () => {
    await holds(syntheticTidyProperty, 600, 33);
  });

  it('normalizePlates on random wells', async () => {
    await holds(normalizeProperty, 800, 34);
  });
});
