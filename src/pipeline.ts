import { attachResistanceFactors } from './compare/resistanceFactors.js';
import { Ic50Error, toFileError } from './errors.js';
import { fitDoseResponse } from './fit/fitDoseResponse.js';
import { DEFAULTS, type AnalyzeOptions } from './options.js';
import { groupCurves } from './plate/groupCurves.js';
import { normalizePlates, type NormalizedWell } from './plate/normalize.js';
import { readTidyCsv } from './readers/tidyCsv.js';
import type { FileError, Report, Warning } from './types.js';

/** One input: its name (for messages and the default plate id) and its text. */
export interface Source {
  readonly name: string;
  readonly text: string;
}

/**
 * The whole analysis: read every source, normalize each plate to its controls, pool wells into
 * curves per (cell line, compound), fit, and compare with parental lines.
 *
 * A source that cannot be read or normalized becomes an entry in `errors` and the others go on;
 * an Ic50Error that is not about one file (an unknown --parental name) is thrown.
 */
export function analyze(sources: readonly Source[], options: AnalyzeOptions = {}): Report {
  const warnings: Warning[] = [];
  const errors: FileError[] = [];
  const normalized: NormalizedWell[] = [];
  for (const source of sources) {
    try {
      const read = readTidyCsv(source.text, source.name, {
        unit: options.unit,
        cellLine: options.cellLine,
        strict: options.strict ?? DEFAULTS.strict,
      });
      const plates = normalizePlates(read.wells, !(options.normalize ?? DEFAULTS.normalize));
      warnings.push(...read.warnings, ...plates.warnings);
      normalized.push(...plates.wells);
    } catch (error) {
      if (!(error instanceof Ic50Error)) throw error;
      errors.push(toFileError(error, source.name));
    }
  }
  const confidence = options.confidence ?? DEFAULTS.confidence;
  const curves = groupCurves(normalized, options.unitOut?.name);
  const fits = curves.map((curve) => fitDoseResponse(curve, { confidence, bounds: options.bounds ?? DEFAULTS.bounds }));
  if (fits.length === 0) return { fits, warnings, errors };
  const compared = attachResistanceFactors(fits, { parental: options.parental, pairs: options.pairs }, confidence);
  return { fits: compared, warnings, errors };
}
