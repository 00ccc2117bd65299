/**
 * Bytes of a data file as text: UTF-8 (BOM skipped), UTF-16 LE/BE when a BOM says so (SoftMax
 * Pro and Excel "Unicode text" exports), else Windows-1252 when the bytes are not valid UTF-8
 * (older instrument software). Returns null for binary data (a NUL byte outside UTF-16), so
 * callers can say "this is not a text file" rather than parse garbage.
 */
export function decodeText(bytes: Uint8Array): string | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const probe = bytes.subarray(0, 65536);
  if (probe.includes(0)) return null;
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start));
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
