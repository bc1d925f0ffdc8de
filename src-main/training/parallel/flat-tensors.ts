import * as tf from '@tensorflow/tfjs-core';

/**
 * Tensors packed end to end into one Float32Array, the form weights, gradients and moving statistics
 * travel in between the trainer and its replicas: one transferable buffer instead of ~150 messages.
 */
export async function packTensors(tensors: readonly tf.Tensor[]): Promise<Float32Array<ArrayBuffer>> {
  const flat = new Float32Array(tensors.reduce((sum, tensor) => sum + tensor.size, 0));
  let offset = 0;
  for (const tensor of tensors) {
    if (tensor.dtype !== 'float32') throw new Error(`data-parallel - cannot send a ${tensor.dtype} tensor`);
    flat.set(await tensor.data(), offset);
    offset += tensor.size;
  }
  return flat;
}

/** The tensors of `shapes` read back from a buffer {@link packTensors} wrote (copies: the caller disposes). */
export function unpackTensors(flat: Float32Array, shapes: readonly (readonly number[])[]): tf.Tensor[] {
  const sizes = shapes.map((shape) => shape.reduce((product, size) => product * size, 1));
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total !== flat.length) {
    throw new Error(`data-parallel - expected ${total} values, got ${flat.length}`);
  }
  let offset = 0;
  return shapes.map((shape, k) => {
    const tensor = tf.tensor(flat.subarray(offset, offset + sizes[k]!), [...shape], 'float32');
    offset += sizes[k]!;
    return tensor;
  });
}
