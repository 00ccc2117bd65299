import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../src/index.js';
import type { CurveFit, Report } from '../../src/types.js';
import { MISSING } from '../../src/fit/fitDoseResponse.js';

/** The bundled example's path as the CLI is given it, and its text. */
export const MM1S_NAME = 'fixtures/mm1s-celltiter-glo.csv';
export const MM1S_TEXT = readFileSync(fileURLToPath(new URL('../../fixtures/mm1s-celltiter-glo.csv', import.meta.url)), 'utf8');

/** The bundled example's report, compared with MM1S WT (what `ic50 fit … --parental "MM1S WT"` computes). */
export function mm1sReport(): Promise<Report> {
  return analyze([{ name: MM1S_NAME, text: MM1S_TEXT }], { parental: 'MM1S WT' });
}

/** A fit that could not be fitted (too few concentrations): points but no parameters. */
export function unfitted(fit: CurveFit, cellLine: string): CurveFit {
  return {
    ...fit,
    cellLine,
    flags: ['too_few_concentrations'],
    log10Ic50: MISSING,
    hill: MISSING,
    top: MISSING,
    bottom: MISSING,
    rss: Number.NaN,
    rSquared: Number.NaN,
  };
}
