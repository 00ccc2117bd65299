/**
 * Well identifiers and plate geometry. Wells are addressed by 0-based (row, column); their
 * canonical text is the row label and the 1-based column without padding: A1, P24, AF48.
 */

/** Standard plate sizes: wells → [rows, columns]. */
export const PLATE_SIZES: ReadonlyMap<number, readonly [number, number]> = new Map([
  [6, [2, 3]],
  [12, [3, 4]],
  [24, [4, 6]],
  [48, [6, 8]],
  [96, [8, 12]],
  [384, [16, 24]],
  [1536, [32, 48]],
  [3456, [48, 72]],
]);

export interface WellPosition {
  readonly row: number;
  readonly column: number;
}

/** Row label of a 0-based row: A…Z, then AA…AZ, BA… (EnVision and plater style for 1536). */
export function rowLabel(row: number): string {
  return row < 26 ? String.fromCharCode(65 + row) : rowLabel(Math.floor(row / 26) - 1) + String.fromCharCode(65 + (row % 26));
}

/** Canonical well id: "A1", "AF48". */
export function formatWellId(row: number, column: number): string {
  return `${rowLabel(row)}${column + 1}`;
}

/**
 * 0-based row of a row label: A → 0, Z → 25, AA → 26, AF → 31 (case-insensitive). Returns -1
 * for anything else. A single lowercase letter is row 0–25 here; BMG's lowercase a–f after Z
 * (rows 27–32 of a 1536 plate) is resolved by the grid reader, which sees the sequence.
 */
export function parseRowLabel(label: string): number {
  const text = label.trim().toUpperCase();
  if (!/^[A-Z]{1,2}$/.test(text)) return -1;
  if (text.length === 1) return text.charCodeAt(0) - 65;
  return (text.charCodeAt(0) - 64) * 26 + (text.charCodeAt(1) - 65);
}

/**
 * Position of a well id in any common spelling: A1, A01, A001, a1, AA1, "A 1", "A-01";
 * null when the text is not a well id.
 */
export function parseWellId(text: string): WellPosition | null {
  const m = /^\s*([A-Za-z]{1,2})[\s_-]?0*(\d{1,3})\s*$/.exec(text);
  if (!m) return null;
  const row = parseRowLabel(m[1]!);
  const column = Number(m[2]) - 1;
  if (row < 0 || column < 0) return null;
  return { row, column };
}

/** The canonical form of a well id, or null when the text is not one. */
export function canonicalWellId(text: string): string | null {
  const position = parseWellId(text);
  return position ? formatWellId(position.row, position.column) : null;
}

/** The standard plate (rows, columns) that holds a well at (row, column), or null when none does. */
export function smallestPlateFor(maxRow: number, maxColumn: number): readonly [number, number] | null {
  for (const [, size] of PLATE_SIZES) if (maxRow < size[0] && maxColumn < size[1]) return size;
  return null;
}
