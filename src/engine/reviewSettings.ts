import type { Options } from '../options.js';
import type { ReviewSettings } from './review.js';
import { settingsOf } from './settings.js';

/** The review settings of a run: the engine's own (settingsOf), so the page fits with what the run used. */
export function reviewSettingsOf(options: Options): ReviewSettings {
  const { fit, compareModels, share } = settingsOf(options, false);
  return {
    fit,
    ...(compareModels ? { compareModels } : {}),
    ...(share ? { share } : {}),
    confidence: options.confidence,
    rfCi: options.rfCi,
    rfAt: options.rfAt,
    ...(options.parental !== undefined ? { parental: options.parental } : {}),
    pairs: options.pairs,
  };
}
