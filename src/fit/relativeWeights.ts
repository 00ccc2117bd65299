/**
 * Relative weights 1/y² of observed responses (GraphPad Prism's "weight by 1/Y²"), with y² floored
 * at 1 (% viability)²: a response at or below 1 % would otherwise outweigh the rest without bound.
 */
export function relativeWeights(responses: readonly number[]): number[] {
  return responses.map((y) => 1 / Math.max(y * y, 1));
}
