import * as tf from '@tensorflow/tfjs-core';
import type { CosineDense } from './cosine-dense-layer';

/**
 * Starts a built {@link CosineDense} from one mean embedding per class (in class order), with the scale
 * `scale`: before any step it classifies by the nearest class centre. Errors name `family` (the model
 * being built) and the offending row.
 */
export function startFromClassMeans(
  head: CosineDense,
  means: readonly ArrayLike<number>[],
  shape: { dims: number; classes: number; scale: number },
  family: string,
): void {
  const { dims, classes, scale } = shape;
  const fail = (message: string): never => {
    throw new Error(`${family} - ${message}`);
  };
  if (means.length !== classes) fail(`classMeans has ${means.length} rows for ${classes} classes`);
  // A [dims, classes] kernel: the layer normalises the columns itself.
  const values = new Float32Array(dims * classes);
  means.forEach((mean, c) => {
    if (mean.length !== dims) fail(`classMeans[${c}] has ${mean.length} values, expected ${dims}`);
    for (let d = 0; d < dims; d++) values[d * classes + c] = mean[d]!;
  });
  // (getWeights returns the live variables, so the scale is written back from a fresh tensor.)
  const weights = [tf.tensor2d(values, [dims, classes]), tf.tensor1d([scale])];
  head.setWeights(weights);
  tf.dispose(weights);
}
