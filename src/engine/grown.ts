/** A copy of a typed array in a larger one of `capacity` elements (the rest zero): how the engine's tables grow. */
export function grown<T extends Int32Array | Float64Array>(array: T, capacity: number): T {
  const next = new (array.constructor as new (length: number) => T)(capacity);
  next.set(array);
  return next;
}
