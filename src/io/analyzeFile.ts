import { Ic50Error, toFileError } from '../errors.js';
import type { AnalyzeOptions } from '../options.js';
import { analyzeSource, sourceKeys, type SourceResult } from '../pipeline.js';
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

/** The curve keys of a file (see sourceKeys); an unusable file gives none, and `failed`. */
export async function analyzeFileKeys(path: string, options: AnalyzeOptions): Promise<{ file: string; keys: string[]; failed: boolean }> {
  try {
    return { file: path, keys: sourceKeys(await readSource(path), options), failed: false };
  } catch (error) {
    if (!(error instanceof Ic50Error)) throw error;
    return { file: path, keys: [], failed: true };
  }
}
