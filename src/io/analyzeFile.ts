import { Ic50Error, toFileError } from '../errors.js';
import type { AnalyzeOptions } from '../options.js';
import { analyzeSource, type SourceResult } from '../pipeline.js';
import { readSource } from './readSources.js';

/** Stage 1 for a path: read the file and analyze it; an unreadable file is a SourceResult with its error. */
export async function analyzeFile(path: string, options: AnalyzeOptions): Promise<SourceResult> {
  try {
    return analyzeSource(await readSource(path), options);
  } catch (error) {
    if (!(error instanceof Ic50Error)) throw error;
    return { file: path, curves: [], plates: [], warnings: [], plateMaps: [], error: toFileError(error, path) };
  }
}
