import type { Options } from './options.js';

/** Every ICx level the options ask for (--icx and --rf-at), ascending. */
export function icxLevels(options: Pick<Options, 'icx' | 'rfAt'>): number[] {
  return [...new Set([...(options.icx ?? []), ...(options.rfAt ?? [])])].sort((a, b) => a - b);
}
