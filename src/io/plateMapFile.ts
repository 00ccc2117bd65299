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
  const unused = echoOptionsGiven(options);
  return unused === undefined ? reading : { ...reading, notes: [...reading.notes, `${unused} not used: the map is not an Echo transfer report`] };
}

/** The Echo transfer report's options given ("--echo-stock and --assay-volume"), for a note that they went unused; undefined for none. */
export function echoOptionsGiven(options: Pick<MapFileOptions, 'echoStock' | 'assayVolume'>): string | undefined {
  const given = [options.echoStock !== undefined ? '--echo-stock' : '', options.assayVolume !== undefined ? '--assay-volume' : ''].filter((o) => o !== '');
  return given.length > 0 ? given.join(' and ') : undefined;
}
