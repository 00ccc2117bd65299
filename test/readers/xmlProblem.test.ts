import { describe, expect, it } from 'vitest';
import { xmlProblem } from '../../src/readers/xmlProblem.js';
import { readD300Protocol } from '../../src/layouts/d300Layout.js';

describe('xmlProblem', () => {
  it('says a file that ends inside open elements may be cut short, and passes other complaints on', () => {
    expect(xmlProblem(`Invalid '[    "Protocol",    "Fluids"]' found.`)).toBe('the file ends inside <Protocol> › <Fluids>: is it cut short?');
    expect(xmlProblem("Closing tag 'a' is expected inplace of 'b'.")).toBe("Closing tag 'a' is expected inplace of 'b'.");
  });
  it('is what a truncated D300 protocol is refused with', async () => {
    await expect(readD300Protocol('<?xml version="1.0"?>\n<Protocol><Fluids><Fluid>', 'p.tdd')).rejects.toThrow(/not a readable D300 protocol: the file ends inside <Protocol> › <Fluids> › <Fluid>: is it cut short\?/);
  });
});
