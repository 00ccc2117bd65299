import { describe, it } from 'vitest';
import { holds } from './holds.js';
import { layoutProperty, plateMapProperty, tidyProperty } from './properties.js';

// Plate maps and tidy CSVs with hostile edits: well-formed wells (every sample placed on a
// finite concentration, with unit and compound) or an Ic50Error naming the file.
describe('plate maps and tidy CSVs on hostile input (fuzz)', () => {
  it('readLayout on mutated long, grid and dilution maps', async () => {
    await holds(layoutProperty, 800, 21);
  });

  it('readPlateMap on mutated D300 protocols, Echo reports and block maps', async () => {
    await holds(plateMapProperty, 300, 23);
  });

  it('readTidyCsv on mutated tidy CSVs', async () => {
    await holds(tidyProperty, 600, 22);
  });
});
