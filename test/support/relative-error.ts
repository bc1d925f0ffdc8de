/**
 * Largest elementwise difference relative to the largest reference value (elementwise ratios blow up
 * near zero). Throws when the lengths differ, and, with `nonZeroReference`, when the reference is all
 * zeros (a comparison that could not fail); otherwise an all-zero reference gives the plain difference.
 */
export function relativeError(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { nonZeroReference = false } = {},
): number {
  if (actual.length !== expected.length)
    throw new Error(`relativeError: ${actual.length} values against ${expected.length}`);
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    difference = Math.max(difference, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  if (scale === 0) {
    if (nonZeroReference) throw new Error('relativeError: the reference is all zeros');
    return difference;
  }
  return difference / scale;
}
