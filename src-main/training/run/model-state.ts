import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { NamedTensor } from './checkpoint';

/**
 * Every weight of a model (trainable, and batch norm's moving statistics, which a resume needs as much),
 * named by its layer and position: tfjs renames variables that clash within one process (`_1` suffixes),
 * so the names a checkpoint keeps are the original ones, checked again on restore with the shapes.
 */
export function modelWeights(model: LayersModel): NamedTensor[] {
  return model.weights.map((weight) => ({ name: weight.originalName, tensor: weight.read() }));
}

/** Writes a checkpoint's weights back into a model built from the same config; throws on any mismatch. */
export function restoreModelWeights(model: LayersModel, saved: readonly NamedTensor[]): void {
  const weights = model.weights;
  if (weights.length !== saved.length) {
    throw new Error(
      `checkpoint has ${saved.length} weights, the model ${weights.length}: it was written by another architecture`,
    );
  }
  weights.forEach((weight, index) => {
    const entry = saved[index]!;
    const same =
      entry.tensor.shape.length === weight.shape.length &&
      entry.tensor.shape.every((size, axis) => size === weight.shape[axis]);
    if (entry.name !== weight.originalName || !same) {
      throw new Error(
        `checkpoint weight ${index} is ${entry.name} [${entry.tensor.shape.join(',')}], the model's ` +
          `${weight.originalName} [${weight.shape.join(',')}]`,
      );
    }
  });
  weights.forEach((weight, index) => weight.write(saved[index]!.tensor));
}
