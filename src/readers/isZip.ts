// Its own file so that telling a workbook from text does not load the inflater (fflate, in
// zipLimits.ts): start-up matters for one plate.

/** true for a ZIP container (an .xlsx workbook starts with "PK\x03\x04"). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}
