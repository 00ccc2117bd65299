import { Inflate } from 'fflate';
import { Ic50Error } from '../errors.js';

/**
 * The most XML a workbook may hold, inflated: real plate exports and plate maps hold kilobytes
 * to a few megabytes; a "zip bomb" holds gigabytes in a few megabytes and would exhaust memory.
 */
export const MAX_WORKBOOK_XML_BYTES = 200 * 2 ** 20;

export { isZip } from './isZip.js';

interface Entry {
  readonly name: string;
  readonly method: number;
  readonly compressed: number;
  readonly declared: number;
  readonly localHeader: number;
}

function u16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}

function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;
}

/** The entries of a ZIP's central directory, or null when it has none we can read (then the workbook reader says what is wrong). */
function centralDirectory(bytes: Uint8Array): Entry[] | null {
  // The end-of-central-directory record: 22 bytes plus a comment of at most 65,535.
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65535); at--) {
    if (u32(bytes, at) !== 0x06054b50) continue;
    const count = u16(bytes, at + 10);
    let offset = u32(bytes, at + 16);
    const entries: Entry[] = [];
    for (let i = 0; i < count; i++) {
      if (offset + 46 > bytes.length || u32(bytes, offset) !== 0x02014b50) return null;
      const nameLength = u16(bytes, offset + 28);
      entries.push({
        method: u16(bytes, offset + 10),
        compressed: u32(bytes, offset + 20),
        declared: u32(bytes, offset + 24),
        name: new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
        localHeader: u32(bytes, offset + 42),
      });
      offset += 46 + nameLength + u16(bytes, offset + 30) + u16(bytes, offset + 32);
    }
    return entries;
  }
  return null;
}

/**
 * Checks a workbook before it is unpacked: the XML it holds, as declared by its directory and as
 * it really inflates (counted chunk by chunk and thrown away, so a lying size cannot exhaust
 * memory), must stay within MAX_WORKBOOK_XML_BYTES. Throws Ic50Error (code limit) naming the
 * file otherwise; a ZIP too damaged to check is left for the workbook reader to refuse.
 */
export function checkWorkbookSize(bytes: Uint8Array, file: string, limit = MAX_WORKBOOK_XML_BYTES): void {
  const entries = centralDirectory(bytes);
  if (!entries) return;
  const tooLarge = (total: number) =>
    new Ic50Error(`the workbook holds more than ${Math.round(limit / 2 ** 20)} MB of sheet data when unpacked (${total > 2 ** 30 ? `${(total / 2 ** 30).toFixed(1)} GB` : `${Math.round(total / 2 ** 20)} MB`}): not read`, {
      code: 'limit',
      location: { file },
      hint: 'a plate export or plate map is far smaller; is it the right file (or a zip bomb)? export the data as CSV',
    });
  const xml = entries.filter((e) => e.name.endsWith('.xml') || e.name.endsWith('.rels'));
  const declared = xml.reduce((sum, e) => sum + e.declared, 0);
  if (declared > limit) throw tooLarge(declared);
  let inflated = 0;
  for (const entry of xml) {
    if (entry.method !== 8) {
      inflated += entry.compressed;
      continue;
    }
    const local = entry.localHeader;
    if (local + 30 > bytes.length || u32(bytes, local) !== 0x04034b50) return;
    const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
    const data = bytes.subarray(start, Math.min(bytes.length, start + entry.compressed));
    let over = false;
    const inflate = new Inflate((chunk) => {
      inflated += chunk.length;
      if (inflated > limit) over = true;
    });
    // Fed in pieces, so that a bomb is stopped after at most one piece's worth of output.
    try {
      for (let at = 0; at < data.length && !over; at += 65536) inflate.push(data.subarray(at, Math.min(data.length, at + 65536)), at + 65536 >= data.length);
    } catch {
      return; // corrupt: the workbook reader will say so
    }
    if (over) throw tooLarge(inflated);
  }
}
