import { ll4 } from './ll4.js';
import { ll5 } from './ll5.js';
import type { DoseResponseModel } from './model.js';
import { pinned } from './pinned.js';

/** What the options (--model, --top, --bottom) say about the curve equation. */
export interface ModelOptions {
  /**
   * ll4 (default), ll3 (LL.4 with the bottom pinned: at `bottom`, else 0, as drc's LL.3) or ll5;
   * or a model value, used as it is (with `top`/`bottom` pinned on it).
   */
  readonly model?: 'll3' | 'll4' | 'll5' | DoseResponseModel | undefined;
  /** Pinned asymptotes in % viability; absent ones are fitted. */
  readonly top?: number | undefined;
  readonly bottom?: number | undefined;
}

/**
 * The model value the options describe: `{ model: 'll3' }` is `pinned(ll4, { bottom: 0 })`
 * (named "ll3"), `{ top: 100, bottom: 0 }` is LL.2, `{ model: 'll5', top: 100 }` LL.5 with the top
 * pinned. Names of fitted models (ll3, ll3u, ll2) follow from the value, never from the options.
 */
export function resolveModel(options: ModelOptions = {}): DoseResponseModel {
  const { model, top, bottom } = options;
  if (model === 'll3') return pinned(ll4, { top, bottom: bottom ?? 0 });
  const base = model === 'll5' ? ll5 : model === undefined || model === 'll4' ? ll4 : model;
  return pinned(base, { top, bottom });
}
