import { Ic50Error } from '../errors.js';
import type { CellTable } from '../readers/cellTable.js';
import { decodeText } from '../readers/decodeText.js';
import { isZip, tablesFromXlsx } from '../readers/xlsxTables.js';
import type { ChunkContent } from './chunkWells.js';
import type { InputSpec } from './inputs.js';
import type { ContentReader } from './tasks.js';

/**
 * The text of an input's bytes: a workbook's sheets, or decoded text (see decodeText). Throws
 * Ic50Error naming the file for an empty file or binary bytes that are not a workbook.
 */
export async function decodeInput(bytes: Uint8Array, name: string): Promise<{ text?: string; tables?: readonly CellTable[] }> {
  if (bytes.length === 0) throw new Ic50Error('the file is empty', { code: 'format', location: { file: name } });
  if (isZip(bytes)) return { tables: await tablesFromXlsx(bytes, name) };
  const text = decodeText(bytes);
  if (text === null) {
    throw new Ic50Error('this is a binary file, not text', {
      code: 'format',
      location: { file: name },
      hint: 'export the plate as text, CSV or .xlsx (binary instrument files such as .pda, .sda, .xpt are not readable)',
    });
  }
  return { text };
}

/** Inputs held in memory (the library's sources): read whole, as one chunk. */
export const memoryReader: ContentReader = {
  open(input: InputSpec): ChunkContent {
    const data = input.data;
    if (data.kind === 'file') throw new Error(`${input.name}: a file input needs a file reader (io/)`);
    if (data.kind === 'text') {
      const text = data.text;
      return { blocks: () => [{ text, firstLine: 1 }], whole: async () => ({ text }) };
    }
    const bytes = data.bytes;
    let decoded: Promise<{ text?: string; tables?: readonly CellTable[] }> | undefined;
    const whole = () => (decoded ??= decodeInput(bytes, input.name));
    return {
      blocks: () => {
        const text = decodeText(bytes) ?? '';
        return [{ text, firstLine: 1 }];
      },
      whole,
    };
  },
};
