import type { DoseResponseModel, PinnedAsymptotes } from './model.js';

/**
 * The model with asymptotes held at fixed values, as drc's `fixed =`: `pinned(ll4, { bottom: 0 })`
 * is drc's LL.3 (named "ll3"), `pinned(ll4, { top: 100, bottom: 0 })` its LL.2. Asymptotes given
 * as undefined leave the model's own pins alone, so `pinned(model, {})` is `model` itself.
 * A pinned parameter is not estimated: it has no standard error, and the residual degrees of
 * freedom grow by one for each.
 */
export function pinned(model: DoseResponseModel, asymptotes: PinnedAsymptotes): DoseResponseModel {
  const top = asymptotes.top ?? model.pinned.top;
  const bottom = asymptotes.bottom ?? model.pinned.bottom;
  if (top === model.pinned.top && bottom === model.pinned.bottom) return model;
  return model.withPinned({ ...(top !== undefined ? { top } : {}), ...(bottom !== undefined ? { bottom } : {}) });
}
