import type { backend_util } from '@tensorflow/tfjs-core';

type Flat = backend_util.TypedArray;

function product(values: readonly number[]): number {
  return values.reduce((total, value) => total * value, 1);
}

/** Fills target[to, to + length * count) with `count` copies of target[to, to + length), by doubling. */
function repeatBlock(target: Flat, to: number, length: number, count: number): void {
  const end = to + length * count;
  if (length === 1) {
    target.fill(target[to]!, to + 1, end);
    return;
  }
  for (let filled = to + length; filled < end;) {
    const copy = Math.min(filled - to, end - filled);
    target.copyWithin(filled, to, to + copy);
    filled += copy;
  }
}

/**
 * tf.tile into `target` with block copies (memmove) instead of one index computation per element: batch
 * norm's gradient tiles a [1, 1, 1, C] scale to the whole activation, and the backend's per-element loop
 * made that a third of a training step. Works in place: the source is copied to the start of `target`,
 * then each repeated axis, last to first, spreads the blocks so far over their final places, back to front
 * so that no block is overwritten before it is read.
 */
export function tileInto(
  source: Flat,
  shape: readonly number[],
  reps: readonly number[],
  target: Flat,
): void {
  if (target.length === 0) return;
  target.set(source, 0);
  const current = [...shape];
  for (let axis = current.length - 1; axis >= 0; axis--) {
    const count = reps[axis]!;
    if (count === 1) continue;
    const block = product(current.slice(axis));
    for (let outer = product(current.slice(0, axis)) - 1; outer >= 0; outer--) {
      const from = outer * block;
      const to = from * count;
      if (to !== from) target.copyWithin(to, from, from + block);
      repeatBlock(target, to, block, count);
    }
    current[axis] = current[axis]! * count;
  }
}
