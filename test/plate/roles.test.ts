import { describe, expect, it } from 'vitest';
import { inferRole, parseRole } from '../../src/plate/roles.js';

describe('inferRole', () => {
  it.each([
    ['blank', 'blank'], ['Medium', 'blank'], ['media only', 'blank'], ['no cells', 'blank'], ['background', 'blank'],
    ['PBS', 'blank'], ['BLK', 'blank'], ['empty', 'blank'],
    ['POS', 'positive'], ['kill', 'positive'], ['BzCl', 'positive'],
    ['DMSO', 'vehicle'], ['DMSO 0.1%', 'vehicle'], ['vehicle', 'vehicle'], ['control', 'vehicle'], ['untreated', 'vehicle'], ['NEG', 'vehicle'],
    ['bortezomib', 'sample'], ['Posaconazole', 'sample'], ['Controlin-7', 'sample'],
  ])('%s → %s', (compound, role) => {
    expect(inferRole(compound, false)).toBe(role);
  });

  it('makes concentration 0 a vehicle, but a named blank stays a blank', () => {
    expect(inferRole('bortezomib', true)).toBe('vehicle');
    expect(inferRole('medium', true)).toBe('blank');
  });
});

describe('parseRole', () => {
  it('accepts the documented roles and rejects others', () => {
    expect(['sample', 'Vehicle', 'BLANK', 'positive', 'exclude'].map(parseRole)).toEqual(['sample', 'vehicle', 'blank', 'positive', 'exclude']);
    expect(parseRole('maybe')).toBeNull();
  });
});
