import { describe, expect, it } from 'vitest';
import { tileInto } from '../../../src-main/training/kernels/tile-into';

/** tf.tile by definition: out[i] = x[i mod shape], one index at a time. */
function referenceTile(source: Float32Array, shape: number[], reps: number[]): Float32Array {
  const outShape = shape.map((size, axis) => size * reps[axis]!);
  const out = new Float32Array(outShape.reduce((a, b) => a * b, 1));
  for (let flat = 0; flat < out.length; flat++) {
    let rest = flat;
    let from = 0;
    let stride = 1;
    for (let axis = outShape.length - 1; axis >= 0; axis--) {
      const index = rest % outShape[axis]!;
      rest = Math.floor(rest / outShape[axis]!);
      from += (index % shape[axis]!) * stride;
      stride *= shape[axis]!;
    }
    out[flat] = source[from]!;
  }
  return out;
}

describe('tileInto', () => {
  it.each([
    { shape: [1, 1, 1, 5], reps: [2, 3, 4, 1] }, // batch norm's scale over a whole activation
    { shape: [2, 3, 4, 1], reps: [1, 1, 1, 5] }, // one value per position, repeated per channel
    { shape: [2, 3], reps: [3, 2] },
    { shape: [3, 1, 2], reps: [1, 4, 3] },
    { shape: [4], reps: [7] },
    { shape: [2, 2], reps: [1, 1] },
    { shape: [2, 3], reps: [0, 2] },
  ])('matches tf.tile for $shape x $reps', ({ shape, reps }) => {
    const source = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i + 1);
    const expected = referenceTile(source, shape, reps);
    const target = new Float32Array(expected.length);
    tileInto(source, shape, reps, target);
    expect(Array.from(target)).toEqual(Array.from(expected));
  });
});
