import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ll4 } from '../../src/models/ll4.js';
import { evaluateModel } from '../../src/models/model.js';

/** The peers-1000 reference set (see peers-1000/SOURCE.md), shared by tests and bench. */
export interface PeerCurve {
  readonly id: string;
  readonly kind: string;
  /** log10 nM */
  readonly u: number[];
  readonly y: number[];
  /** RSS of each peer's reported parameters, recomputed on the finite points. */
  readonly peerRss: Record<string, number>;
}

const DIR = fileURLToPath(new URL('./peers-1000/', import.meta.url));

function readCsv(name: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(DIR + name, 'utf8').trim().split('\n');
  const keys = header!.split(',');
  return rows.map((row) => {
    const values = row.split(',');
    return Object.fromEntries(keys.map((k, i) => [k, values[i] ?? '']));
  });
}

/** RSS of LL.4 parameters (ic50 in nM) on a curve; NaN for non-finite parameters. */
export function rssOf(u: readonly number[], y: readonly number[], ic50: number, hill: number, top: number, bottom: number): number {
  if (![ic50, hill, top, bottom].every(Number.isFinite) || !(ic50 > 0)) return Number.NaN;
  const p = [Math.log10(ic50), hill, top, bottom];
  let rss = 0;
  for (let i = 0; i < u.length; i++) rss += (y[i]! - evaluateModel(ll4, p, u[i]!)) ** 2;
  return rss;
}

export const PEERS = ['drc', 'drda', 'scipy'] as const;

export function loadPeerCurves(): PeerCurve[] {
  const points = new Map<string, { u: number[]; y: number[] }>();
  for (const row of readCsv('curves.csv')) {
    const y = Number(row.response);
    if (row.response === '' || !Number.isFinite(y)) continue;
    let curve = points.get(row.curve_id!);
    if (!curve) points.set(row.curve_id!, (curve = { u: [], y: [] }));
    curve.u.push(Math.log10(Number(row.conc)));
    curve.y.push(y);
  }
  const fits = Object.fromEntries(
    PEERS.map((peer) => [peer, new Map(readCsv(`fit_${peer}.csv`).map((r) => [r.curve_id!, r]))]),
  );
  return readCsv('truth.csv').map((truth) => {
    const { u, y } = points.get(truth.curve_id!)!;
    const peerRss: Record<string, number> = {};
    for (const peer of PEERS) {
      const r = fits[peer]!.get(truth.curve_id!);
      peerRss[peer] = r ? rssOf(u, y, Number(r.ic50), Number(r.hill), Number(r.top), Number(r.bottom)) : Number.NaN;
    }
    return { id: truth.curve_id!, kind: truth.kind!, u, y, peerRss };
  });
}

/** The lowest RSS any peer reached on a curve. */
export function bestPeerRss(curve: PeerCurve): number {
  return Math.min(...Object.values(curve.peerRss).filter(Number.isFinite));
}

/** true when `rss` is more than 1e-6 (relative) above the best peer: the scoring of peers.md. */
export function offOptimum(curve: PeerCurve, rss: number): boolean {
  const best = bestPeerRss(curve);
  return !(rss <= best * (1 + 1e-6) + 1e-12);
}
