import type { MapReading } from '../layouts/readPlateMap.js';
import { readPlateMap } from '../layouts/readPlateMap.js';
import type { Options } from '../options.js';
import { readBytes } from './inputs.js';

/** The options that say how a plate map is read. */
export type MapFileOptions = Pick<Options, 'unit' | 'sheet' | 'echoStock' | 'assayVolume'>;

/**
 * Reads a plate map file (unless its bytes are given) — and, for an Echo transfer report, its
 * --echo-stock file — and hands the bytes to the core (layouts/readPlateMap.ts). Cell lines are not baked in: the join adds
 * each input's own, so one map serves every manifest row.
 */
export async function loadPlateMap(path: string, options: MapFileOptions, read?: Uint8Array): Promise<MapReading> {
  const bytes = read ?? (await readBytes(path));
  const echoStock = options.echoStock !== undefined ? { name: options.echoStock, bytes: await readBytes(options.echoStock) } : undefined;
  const reading = await readPlateMap(path, { bytes, echoStock }, { unit: options.unit, sheet: options.sheet, assayVolume: options.assayVolume });
  if (reading.kind === 'echo') return reading;
  const unused = [options.echoStock !== undefined ? '--echo-stock' : '', options.assayVolume !== undefined ? '--assay-volume' : ''].filter((o) => o !== '');
  return unused.length === 0 ? reading : { ...reading, notes: [...reading.notes, `${unused.join(' and ')} not used: the map is not an Echo transfer report`] };
}
