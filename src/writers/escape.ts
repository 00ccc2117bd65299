/**
 * Text made safe for where it is shown: a delimited file opened in a spreadsheet, a terminal, an
 * XML (SVG) document. Every writer passes names (cell lines, compounds, plates, files — all of
 * which come from the user's files) through these.
 */

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"); a lone `-`
 * or `+` (standard input's file name, a placeholder) is text to every spreadsheet and stays as it is.
 */
const FORMULA_START = /^(?:[=@\t\r]|[+-].)/s;

/**
 * A text cell of a CSV or TSV file: a cell starting with =, +, −, @, tab or CR (but a lone + or −) gets a leading
 * apostrophe, so that Excel, LibreOffice and Google Sheets show it instead of running it as a
 * formula (OWASP's recommendation); `raw` (--raw-cells) leaves it as it is. Numbers are never
 * text cells: a negative number stays a number.
 */
export function neutraliseFormula(text: string, raw: boolean): string {
  return !raw && FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * A field of a delimited file, quoted as RFC 4180 says when it holds the delimiter, a quote, a
 * line end — or, in TSV, starts with a quote (which a reader would take for quoting): wrapped in
 * quotes, inner quotes doubled. TSV is quoted the same way as CSV, so every value survives.
 */
export function delimitedField(text: string, delimiter: ',' | '\t' | ';'): string {
  const needs = delimiter === ',' ? /[",\r\n]/.test(text) : delimiter === ';' ? /[";\r\n]/.test(text) : /[\t"\r\n]/.test(text);
  return needs ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Text for a terminal (tables, diagnostics on stderr): control characters — escape sequences
 * that could move the cursor, recolour or retitle the terminal, and NUL, BEL, backspace — are
 * shown as "?" so a name in a file can never act on the terminal.
 */
export function terminalText(text: string): string {
  // C0 controls but tab and newline, DEL, C1 controls, and the bidi overrides.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?');
}

/**
 * Text that XML (SVG) can hold: characters XML 1.0 forbids (C0 controls but tab/newline/CR,
 * unpaired surrogates, U+FFFE, U+FFFF) are dropped; markup is escaped separately.
 */
export function xmlSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}
