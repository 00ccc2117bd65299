/**
 * An XML validator's complaint (fast-xml-parser's XMLValidator) in words for a user: elements
 * left open at the end of the file — `Invalid '["Protocol","Plates"]' found.` — are most often a
 * file cut short, so that is said, with the elements it ended inside.
 */
export function xmlProblem(message: string): string {
  const open = /^Invalid '\[([\s\S]*)\]' found\.?$/.exec(message.trim());
  if (!open) return message;
  const names = [...open[1]!.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
  return `the file ends inside ${names.length > 0 ? names.map((n) => `<${n}>`).join(' › ') : 'open elements'}: is it cut short?`;
}
