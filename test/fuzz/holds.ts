import fc from 'fast-check';
import type { Property } from './properties.js';

/**
 * Runs a fuzz property with a fixed seed (the same cases on every run), as part of `npm test`.
 * `npm run fuzz` runs the same properties with many more cases and random seeds.
 */
export async function holds<T>(property: Property<T>, numRuns: number, seed: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(property.arbitrary, async (value) => {
      await property.check(value);
    }),
    { seed, numRuns },
  );
}
