/**
 * Text laid out in figures without a font at hand: an SVG writer cannot measure text, so widths
 * come from the advance widths of DejaVu Sans — the first font the figures name, and wider than
 * Liberation Sans and Arial, their fallbacks — with a little to spare, so that a line estimated to
 * fit does fit whichever of them draws it.
 */

/** DejaVu Sans advance widths of the printable ASCII characters (space to "~"), in hundredths of an em. */
const ASCII = [
  32, 40, 46, 84, 64, 95, 78, 27, 39, 39, 50, 84, 32, 36, 32, 34, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 34, 34, 84, 84, 84, 53,
  100, 68, 69, 70, 77, 63, 58, 77, 75, 29, 29, 66, 56, 86, 75, 79, 60, 79, 69, 63, 61, 73, 68, 99, 69, 61, 69, 39, 34, 39, 84, 50,
  50, 61, 63, 55, 63, 62, 35, 63, 63, 28, 28, 58, 28, 97, 63, 61, 63, 63, 41, 52, 39, 63, 59, 82, 59, 59, 52, 64, 34, 64, 84,
];

/** DejaVu Sans widths (em) of the other characters figures print; anything else counts as 0.84 (1 for wide scripts). */
const OTHER: Readonly<Record<string, number>> = { 'µ': 0.64, '–': 0.5, '—': 1, '±': 0.84, '×': 0.84, '⊗': 0.84, '⚠': 0.9, '·': 0.32, '′': 0.23, '−': 0.84 };

/** Width of a character in em. */
function charWidth(c: string): number {
  const code = c.codePointAt(0)!;
  if (code >= 32 && code <= 126) return ASCII[code - 32]! / 100;
  return OTHER[c] ?? (code >= 0x2e80 ? 1 : 0.84);
}

/** Estimated width of `text` at `fontSize` px (bold text is about 15 % wider), 3 % to spare. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const c of text) em += charWidth(c);
  return em * fontSize * (bold ? 1.15 : 1) * 1.03;
}

/**
 * `text` broken into lines no wider than `maxWidth` (estimated): at spaces where it can — the
 * space stays at the end of its line — else after "/", "-", "_", "|" or ",", else between any two
 * characters. Nothing is dropped: the lines joined give `text` back. A line holds at least one
 * character, so a width too small for any gives one character per line, never a lost one.
 */
export function wrapText(text: string, maxWidth: number, fontSize: number, bold = false): string[] {
  const fits = (s: string): boolean => textWidth(s.trimEnd(), fontSize, bold) <= maxWidth;
  if (fits(text)) return [text];
  const lines: string[] = [];
  let rest = text;
  while (rest !== '' && !fits(rest)) {
    const chars = [...rest];
    // The longest prefix that fits (at least one character).
    let length = 1;
    while (length < chars.length && fits(chars.slice(0, length + 1).join(''))) length++;
    let cut = length;
    if (chars[length] !== ' ') {
      // Back to the last space in the prefix, else the last break character.
      const prefix = chars.slice(0, length);
      const space = prefix.lastIndexOf(' ');
      if (space > 0) cut = space + 1;
      else {
        const breaks = prefix.map((c, i) => ('/-_|,'.includes(c) ? i : -1)).filter((i) => i > 0);
        if (breaks.length > 0) cut = breaks[breaks.length - 1]! + 1;
      }
    } else {
      // The space after the prefix ends this line too (and every space that follows it).
      while (chars[cut] === ' ') cut++;
    }
    lines.push(chars.slice(0, cut).join(''));
    rest = chars.slice(cut).join('');
  }
  if (rest !== '') lines.push(rest);
  return lines;
}
