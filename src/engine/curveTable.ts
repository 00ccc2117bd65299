import { curveKey } from '../plate/groupCurves.js';
import type { CurveIdentity } from '../types.js';
import { labelsText } from './curveMarks.js';
import { grown } from './grown.js';
import type { Names } from './names.js';

/** What the joiners read of an analysis' curves (a CurveTable). */
export interface PlannedCurves {
  /** Every curve's identity, in first-seen order. */
  identities(): Iterable<CurveIdentity>;
  /** Whether there is a curve of this identity. */
  has(identity: CurveIdentity): boolean;
}

const bits = new Float64Array(1);
const words = new Int32Array(bits.buffer);

/** A hash of a curve's identity as numbers (time NaN: not said). */
function hashOf(cellLine: number, compound: number, experiment: number, labels: number, time: number): number {
  let h = Math.imul(cellLine ^ 0x2f6b3c1d, 0x9e3779b1);
  h = Math.imul(h ^ compound, 0x85ebca6b);
  h = Math.imul(h ^ experiment, 0xc2b2ae35);
  h = Math.imul(h ^ labels, 0x27d4eb2f);
  if (!Number.isNaN(time)) {
    bits[0] = time === 0 ? 0 : time; // −0 is 0 (the same key)
    h = Math.imul(h ^ words[0]!, 0x165667b1);
    h = Math.imul(h ^ words[1]!, 0x9e3779b1);
  }
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * The curves of an analysis as the first pass found them, in first-seen order: rows of typed
 * arrays — each curve's cell line, compound, experiment and labels as numbers of one shared
 * Names, its time, the position (input × 2³² + line) of its last well and the first and last
 * chunk that hold it — found by identity through an open-addressing hash table. About 50 bytes a
 * curve beyond its names, where an object and a key string per curve took about 350.
 */
export class CurveTable implements PlannedCurves {
  private count = 0;
  private cellLines = new Int32Array(0);
  private compounds = new Int32Array(0);
  private experiments = new Int32Array(0);
  private labelIds = new Int32Array(0);
  private times = new Float64Array(0);
  private lasts = new Float64Array(0);
  private firstChunks = new Int32Array(0);
  private lastChunks = new Int32Array(0);
  /** Curve index + 1 per slot (0: empty); a power of two, at most half full. */
  private slots = new Int32Array(16);
  private readonly tuples = new Map<number, readonly string[]>();

  constructor(readonly names: Names) {}

  get size(): number {
    return this.count;
  }

  /** The index of a curve, or −1. */
  find(cellLine: number, compound: number, experiment: number, labels: number, time: number): number {
    const mask = this.slots.length - 1;
    for (let at = hashOf(cellLine, compound, experiment, labels, time) & mask; ; at = (at + 1) & mask) {
      const slot = this.slots[at]!;
      if (slot === 0) return -1;
      const i = slot - 1;
      if (this.cellLines[i] === cellLine && this.compounds[i] === compound && this.experiments[i] === experiment && this.labelIds[i] === labels && sameTime(this.times[i]!, time)) return i;
    }
  }

  /**
   * A sighting of a curve (its names' numbers; time NaN when not said) with its last well at
   * `last` in chunk `chunk`: a new curve goes at the end; a known one's last well and chunk move
   * on (never back). Returns the curve's index.
   */
  see(cellLine: number, compound: number, experiment: number, labels: number, time: number, last: number, chunk: number): number {
    const known = this.find(cellLine, compound, experiment, labels, time);
    if (known >= 0) {
      if (last > this.lasts[known]!) this.lasts[known] = last;
      if (chunk > this.lastChunks[known]!) this.lastChunks[known] = chunk;
      return known;
    }
    const i = this.count;
    if (i === this.cellLines.length) this.grow();
    this.cellLines[i] = cellLine;
    this.compounds[i] = compound;
    this.experiments[i] = experiment;
    this.labelIds[i] = labels;
    this.times[i] = time;
    this.lasts[i] = last;
    this.firstChunks[i] = chunk;
    this.lastChunks[i] = chunk;
    this.count++;
    if (2 * this.count > this.slots.length) this.rehash(2 * this.slots.length);
    else this.place(i);
    return i;
  }

  private grow(): void {
    const capacity = Math.max(64, Math.ceil(this.cellLines.length * 1.5));
    this.cellLines = grown(this.cellLines, capacity);
    this.compounds = grown(this.compounds, capacity);
    this.experiments = grown(this.experiments, capacity);
    this.labelIds = grown(this.labelIds, capacity);
    this.times = grown(this.times, capacity);
    this.lasts = grown(this.lasts, capacity);
    this.firstChunks = grown(this.firstChunks, capacity);
    this.lastChunks = grown(this.lastChunks, capacity);
  }

  private place(i: number): void {
    const mask = this.slots.length - 1;
    let at = hashOf(this.cellLines[i]!, this.compounds[i]!, this.experiments[i]!, this.labelIds[i]!, this.times[i]!) & mask;
    while (this.slots[at] !== 0) at = (at + 1) & mask;
    this.slots[at] = i + 1;
  }

  private rehash(length: number): void {
    this.slots = new Int32Array(length);
    for (let i = 0; i < this.count; i++) this.place(i);
  }

  /** Adds a curve by its identity (its names named now), if new; returns its index. */
  add(identity: CurveIdentity, last = 0, chunk = 0): number {
    const text = labelsText(identity.labels);
    const names = this.names;
    return this.see(names.id(identity.cellLine), names.id(identity.compound), names.id(identity.experiment), text === undefined ? -1 : names.id(text), identity.time ?? Number.NaN, last, chunk);
  }

  /** The index of the curve of `identity`, or −1 (names never seen are no curve's). */
  indexOf(identity: CurveIdentity): number {
    const cellLine = this.names.find(identity.cellLine);
    const compound = this.names.find(identity.compound);
    const experiment = this.names.find(identity.experiment);
    const text = labelsText(identity.labels);
    const labels = text === undefined ? -1 : this.names.find(text);
    if (cellLine < 0 || compound < 0 || experiment < 0 || (text !== undefined && labels < 0)) return -1;
    return this.find(cellLine, compound, experiment, labels, identity.time ?? Number.NaN);
  }

  has(identity: CurveIdentity): boolean {
    return this.indexOf(identity) >= 0;
  }

  cellLine(i: number): string {
    return this.names.text(this.cellLines[i]!);
  }

  /** Hours to the read, when said. */
  time(i: number): number | undefined {
    const time = this.times[i]!;
    return Number.isNaN(time) ? undefined : time;
  }

  /** The position of the curve's last well (input × 2³² + line). */
  last(i: number): number {
    return this.lasts[i]!;
  }

  firstChunk(i: number): number {
    return this.firstChunks[i]!;
  }

  lastChunk(i: number): number {
    return this.lastChunks[i]!;
  }

  /** Whether the curve has wells in more than one chunk. */
  spans(i: number): boolean {
    return this.firstChunks[i] !== this.lastChunks[i];
  }

  /** A curve's identity (a new object each time). */
  identity(i: number): CurveIdentity {
    const identity = { cellLine: this.names.text(this.cellLines[i]!), compound: this.names.text(this.compounds[i]!), experiment: this.names.text(this.experiments[i]!) };
    const labels = this.labelIds[i]!;
    const time = this.time(i);
    const withLabels = labels < 0 ? identity : { ...identity, labels: this.labelsOf(labels) };
    return time === undefined ? withLabels : { ...withLabels, time };
  }

  private labelsOf(id: number): readonly string[] {
    let tuple = this.tuples.get(id);
    if (!tuple) this.tuples.set(id, (tuple = JSON.parse(this.names.text(id)) as string[]));
    return tuple;
  }

  /** A curve's key (curveKey of its identity), made anew. */
  key(i: number): string {
    return curveKey(this.identity(i));
  }

  *identities(): Iterable<CurveIdentity> {
    for (let i = 0; i < this.count; i++) yield this.identity(i);
  }

  /** Renumbers the chunks of every curve (`chunkOf` must keep their order). */
  mapChunks(chunkOf: (chunk: number) => number): void {
    for (let i = 0; i < this.count; i++) {
      this.firstChunks[i] = chunkOf(this.firstChunks[i]!);
      this.lastChunks[i] = chunkOf(this.lastChunks[i]!);
    }
  }

  /**
   * Adds every curve of `other` (of the same Names) as sightings, in its order, its chunks
   * renumbered by `chunkOf`; returns, per curve of `other`, its index here.
   */
  merge(other: CurveTable, chunkOf: (chunk: number) => number): Int32Array {
    if (other.names !== this.names) throw new Error('curve tables of different names cannot be merged');
    const into = new Int32Array(other.count);
    for (let j = 0; j < other.count; j++) {
      const i = this.see(other.cellLines[j]!, other.compounds[j]!, other.experiments[j]!, other.labelIds[j]!, other.times[j]!, other.lasts[j]!, chunkOf(other.firstChunks[j]!));
      const lastChunk = chunkOf(other.lastChunks[j]!);
      if (lastChunk > this.lastChunks[i]!) this.lastChunks[i] = lastChunk;
      into[j] = i;
    }
    return into;
  }
}

function sameTime(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}
