import type { WellRole } from '../types.js';

/** Words that make a compound a control, matched on the start of its name (case-insensitive). */
const BLANK_WORDS = ['blank', 'medium', 'media', 'no cells', 'nocells', 'no-cells', 'background', 'pbs', 'blk', 'empty', 'bkg'];
const POSITIVE_WORDS = ['pos', 'positive', 'kill', 'bzcl', 'benzethonium'];
const VEHICLE_WORDS = ['dmso', 'vehicle', 'control', 'ctrl', 'untreated', 'neg', 'negative', 'veh'];

const ROLE_VALUES: Record<string, WellRole> = {
  sample: 'sample',
  treated: 'sample',
  compound: 'sample',
  drug: 'sample',
  vehicle: 'vehicle',
  control: 'vehicle',
  neg: 'vehicle',
  negative: 'vehicle',
  dmso: 'vehicle',
  blank: 'blank',
  background: 'blank',
  medium: 'blank',
  positive: 'positive',
  pos: 'positive',
  exclude: 'exclude',
  excluded: 'exclude',
  skip: 'exclude',
  empty: 'exclude',
  time0: 'time0',
  t0: 'time0',
  timezero: 'time0',
  'time zero': 'time0',
  'time-zero': 'time0',
  day0: 'time0',
};

/** Accepted values of a `role` column, for error hints. */
export const ROLE_NAMES = 'sample, vehicle, blank, positive, exclude, time0';

/** The role named by a `role` cell, or null when the value is not one we know. */
export function parseRole(value: string): WellRole | null {
  return ROLE_VALUES[value.trim().toLowerCase().replace(/[\s_]+/g, ' ')] ?? null;
}

/**
 * The role of a well read at `time` hours after treatment: at time 0, a well with cells (a
 * vehicle, or a treated well read at once) is a time-zero well — the cell count at treatment —
 * while blanks, positive controls and excluded wells keep their role.
 */
export function roleAtTime(role: WellRole, time: number | undefined): WellRole {
  return time === 0 && (role === 'sample' || role === 'vehicle') ? 'time0' : role;
}

function startsWithWord(name: string, words: readonly string[]): boolean {
  return words.some((word) => name === word || (name.startsWith(word) && !/[a-z0-9]/.test(name[word.length]!)));
}

/**
 * The role of a well without a role column, from its compound and concentration, in this order:
 * blank words (blank, medium, media, no cells, background, PBS, BLK, empty) → blank;
 * positive-control words (POS, kill, BzCl) → positive; vehicle words (DMSO, vehicle, control,
 * untreated, NEG) or concentration 0 → vehicle; anything else → sample. A word matches the whole
 * name or its start followed by a non-alphanumeric character ("DMSO 0.1%" is vehicle,
 * "Posaconazole" is a sample).
 */
export function inferRole(compound: string, concentrationIsZero: boolean): WellRole {
  let byName = NAMED_ROLES.get(compound);
  if (byName === undefined) {
    byName = roleOfName(compound);
    // A screen names a few thousand compounds over millions of rows: each is looked at once.
    if (NAMED_ROLES.size > 100_000) NAMED_ROLES.clear();
    // A screen names hundreds of thousands of compounds: the memo is bounded.
    if (NAMED_ROLES.size > 10_000) NAMED_ROLES.clear();
    NAMED_ROLES.set(compound, byName);
  }
  return byName ?? (concentrationIsZero ? 'vehicle' : 'sample');
}

/** Roles known from the name alone (null: a drug, unless its concentration is 0), by compound name. */
const NAMED_ROLES = new Map<string, WellRole | null>();

function roleOfName(compound: string): WellRole | null {
  const name = compound.trim().toLowerCase().replace(/\s+/g, ' ');
  if (startsWithWord(name, BLANK_WORDS)) return 'blank';
  if (startsWithWord(name, POSITIVE_WORDS)) return 'positive';
  if (startsWithWord(name, VEHICLE_WORDS)) return 'vehicle';
  return null;
}

/**
 * Blank names that do not say "no cells": a buffer such as PBS is also the solvent of
 * water-soluble drugs, given to cells as their vehicle (DrugScreenExplorer maps it so). A blank
 * guessed from such a name is checked against its signal before it is used.
 */
export function isAmbiguousBlankName(compound: string): boolean {
  return /^(pbs|dpbs|buffer|water|h2o|saline)\b/i.test(compound.trim());
}
