import { ll4 } from './ll4.js';
import { ll5 } from './ll5.js';
import type { DoseResponseModel } from './model.js';

/** The curve equations ic50 fits, by name: LL.4 (with LL.3/LL.2 as pinned variants) and LL.5. */
export const MODELS: Readonly<Record<'ll4' | 'll5', DoseResponseModel>> = { ll4, ll5 };

/**
 * The curve equation of a fitted model's name, to evaluate a fit: LL.5 for "ll5", else LL.4 —
 * "ll3", "ll3u" and "ll2" are LL.4 curves with pinned asymptotes (whose values the fit carries),
 * and an absent name is a fit saved before LL.5 existed.
 */
export function modelNamed(name: string | undefined): DoseResponseModel {
  return name === 'll5' ? ll5 : ll4;
}
