import { ll4 } from './ll4.js';
import { ll5 } from './ll5.js';
import type { DoseResponseModel } from './model.js';

/** The curve equations ic50 fits, by name: LL.4 (with LL.3/LL.2 as pinned variants) and LL.5. */
export const MODELS: Readonly<Record<'ll4' | 'll5', DoseResponseModel>> = { ll4, ll5 };

/** The model of that name; LL.4 for an unknown or absent name (fits saved before LL.5 existed). */
export function modelNamed(name: string | undefined): DoseResponseModel {
  return name === 'll5' ? ll5 : ll4;
}
