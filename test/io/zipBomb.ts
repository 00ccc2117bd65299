/**
 * A zip bomb built by hand, for tests: a workbook whose sheet XML is a raw DEFLATE stream of one
 * fixed-Huffman block that repeats "copy 258 bytes from 1 back" — 13 bits per 258 bytes, so
 * 2 MB of file inflate to ~330 MB. `declared` sets the uncompressed size its directory states
 * (honest, or a lie to get past a check of the directory alone).
 */

/** Bits written least-significant first, as DEFLATE packs them. */
class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private count = 0;

  /** `length` bits of `value`, least significant first. */
  bits(value: number, length: number): void {
    for (let i = 0; i < length; i++) this.bit((value >> i) & 1);
  }

  /** A Huffman code: its bits most significant first. */
  code(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) this.bit((value >> i) & 1);
  }

  private bit(b: number): void {
    this.current |= b << this.count;
    if (++this.count === 8) {
      this.bytes.push(this.current);
      this.current = 0;
      this.count = 0;
    }
  }

  done(): Uint8Array {
    if (this.count > 0) this.bytes.push(this.current);
    return Uint8Array.from(this.bytes);
  }
}

/** A DEFLATE stream inflating to 1 + 258 × repeats zero bytes. */
export function bombStream(repeats: number): Uint8Array {
  const w = new BitWriter();
  w.bits(1, 1); // final block
  w.bits(1, 2); // fixed Huffman codes
  w.code(0x30, 8); // literal 0
  for (let i = 0; i < repeats; i++) {
    w.code(0xc5, 8); // length code 285 (258 bytes): 11000101
    w.code(0, 5); // distance code 0 (distance 1)
  }
  w.code(0, 7); // end of block (256)
  return w.done();
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface Entry {
  readonly name: string;
  readonly data: Uint8Array;
  readonly method: 0 | 8;
  readonly size: number;
  readonly crc: number;
}

/** A ZIP archive of the entries (no data descriptors, no ZIP64). */
function zip(entries: readonly Entry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, e.method, true);
    local.setUint32(14, e.crc, true);
    local.setUint32(18, e.data.length, true);
    local.setUint32(22, e.size, true);
    local.setUint16(26, name.length, true);
    parts.push(new Uint8Array(local.buffer), name, e.data);
    const dir = new DataView(new ArrayBuffer(46));
    dir.setUint32(0, 0x02014b50, true);
    dir.setUint16(4, 20, true);
    dir.setUint16(6, 20, true);
    dir.setUint16(10, e.method, true);
    dir.setUint32(16, e.crc, true);
    dir.setUint32(20, e.data.length, true);
    dir.setUint32(24, e.size, true);
    dir.setUint16(28, name.length, true);
    dir.setUint32(42, offset, true);
    central.push(new Uint8Array(dir.buffer), name);
    offset += 30 + name.length + e.data.length;
  }
  const centralSize = central.reduce((s, p) => s + p.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  const all = [...parts, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of all) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A workbook whose sheet inflates to ~258 × `repeats` bytes; its directory states `declared` (default: the truth). */
export function zipBomb(repeats: number, declared?: number): Uint8Array {
  const types = new TextEncoder().encode('<?xml version="1.0"?><Types/>');
  const stream = bombStream(repeats);
  const size = 1 + 258 * repeats;
  return zip([
    { name: '[Content_Types].xml', data: types, method: 0, size: types.length, crc: crc32(types) },
    { name: 'xl/worksheets/sheet1.xml', data: stream, method: 8, size: declared ?? size, crc: 0 },
  ]);
}
