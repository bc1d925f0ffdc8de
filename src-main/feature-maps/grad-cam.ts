import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** A Grad-CAM map, in [0, 1] (divided by its maximum), row-major `width` x `height`. */
export interface CamMap {
  width: number;
  height: number;
  values: Float32Array;
  /** The explained score: the cosine similarity of the embedding and the reference. */
  score: number;
}

/** A network cut at the explained layer: image -> activations A, and A -> embedding. */
export interface SplitNetwork {
  head: (image: tf.Tensor4D) => tf.Tensor4D;
  tail: (activations: tf.Tensor4D) => tf.Tensor;
}

/** The layers that depend on `from`, up to `to`, in topological order (those `to` may need). */
function downstreamOf(model: tfl.LayersModel, from: string, to: string): tfl.layers.Layer[] {
  const start = model.layers.findIndex((layer) => layer.name === from);
  const end = model.layers.findIndex((layer) => layer.name === to);
  if (start < 0 || end < 0 || end <= start) throw new Error(`GradCam - "${to}" does not follow "${from}"`);
  const reached = new Set([from]);
  const layers: tfl.layers.Layer[] = [];
  for (const layer of model.layers.slice(start + 1, end + 1)) {
    const inbound = layer.inboundNodes[0]?.inboundLayers ?? [];
    if (!inbound.some((source) => reached.has(source.name))) continue;
    if (!inbound.every((source) => reached.has(source.name))) {
      throw new Error(`GradCam - "${layer.name}" also takes a layer from before "${from}"`);
    }
    reached.add(layer.name);
    layers.push(layer);
  }
  if (!reached.has(to)) throw new Error(`GradCam - "${to}" does not depend on "${from}"`);
  return layers;
}

/**
 * The function from `from`'s output to `to`'s (inference mode: batch norm uses its moving statistics),
 * running the model's own layers on tensors: residual blocks and branches after `from` included. Every
 * layer between must depend only on `from` (true of a stage's output in every family here).
 */
export function tailOf(model: tfl.LayersModel, from: string, to: string): (x: tf.Tensor) => tf.Tensor {
  const layers = downstreamOf(model, from, to);
  return (x) => {
    const outputs = new Map<string, tf.Tensor>([[from, x]]);
    for (const layer of layers) {
      const inputs = (layer.inboundNodes[0]?.inboundLayers ?? []).map((source) => outputs.get(source.name)!);
      outputs.set(
        layer.name,
        layer.apply(inputs.length === 1 ? inputs[0]! : inputs, { training: false }) as tf.Tensor,
      );
    }
    return outputs.get(to)!;
  };
}

/**
 * Grad-CAM (Selvaraju et al. 2017) for an embedder: the score is the cosine similarity between the image's
 * embedding and `reference`; each channel of the activations A is weighted by the spatial mean of
 * dScore/dA, and the map is relu(sum_c w_c A_c), divided by its maximum (all zero when nothing in the image
 * raises the score), less `ring` cells on each side (left out before normalising). The gradient is taken with respect to A itself, through the tail alone: no gradient of
 * any convolution is needed. One tidy; only the numbers leave it.
 */
export async function gradCam(
  network: SplitNetwork,
  image: tf.Tensor4D,
  reference: Float32Array,
  ring = 0,
): Promise<CamMap> {
  const [map, score] = tf.tidy(() => {
    const activations = network.head(image);
    const unitReference = tf.div(tf.tensor1d(reference), tf.maximum(tf.norm(tf.tensor1d(reference)), 1e-12));
    const similarity = (a: tf.Tensor): tf.Scalar => {
      const embedding = tf.reshape(network.tail(a as tf.Tensor4D), [-1]);
      const unit = tf.div(embedding, tf.maximum(tf.norm(embedding), 1e-12));
      return tf.sum(tf.mul(unit, unitReference));
    };
    const { value, grad } = tf.valueAndGrad(similarity)(activations);
    const weights = tf.mean(grad, [0, 1, 2]);
    const [, height, width] = activations.shape;
    const full = tf.relu(tf.sum(tf.mul(activations, weights), -1));
    const cam = tf.slice(
      tf.reshape(full, [height, width]),
      [ring, ring],
      [height - 2 * ring, width - 2 * ring],
    );
    return [tf.div<tf.Tensor2D>(cam, tf.maximum(tf.max(cam), 1e-12)), value];
  });
  try {
    const [height, width] = map.shape;
    const values = (await map.data()) as Float32Array;
    return { width, height, values, score: (await score.data())[0]! };
  } finally {
    map.dispose();
    score.dispose();
  }
}

/** The `count` strongest channels of activations A (by mean), each min-max normalised to [0, 1]. */
export interface ChannelMaps {
  width: number;
  height: number;
  channels: number;
  shown: number[];
  maps: Float32Array;
}

/** Ranks A's channels by mean activation and returns the top `count` maps, [count, height, width]. */
export async function strongestChannels(activations: tf.Tensor4D, count: number): Promise<ChannelMaps> {
  const [, height, width, channels] = activations.shape;
  const k = Math.min(count, channels);
  const [indices, maps] = tf.tidy((): [tf.Tensor1D, tf.Tensor3D] => {
    const means = tf.mean<tf.Tensor1D>(activations, [0, 1, 2]);
    const { indices } = tf.topk(means, k);
    const chosen = tf.transpose(tf.gather(tf.squeeze(activations, [0]), indices, 2), [2, 0, 1]);
    const low = tf.min(chosen, [1, 2], true);
    const range = tf.maximum(tf.sub(tf.max(chosen, [1, 2], true), low), 1e-12);
    return [indices, tf.div<tf.Tensor3D>(tf.sub(chosen, low), range)];
  });
  try {
    return {
      width,
      height,
      channels,
      shown: Array.from(await indices.data()),
      maps: (await maps.data()) as Float32Array,
    };
  } finally {
    indices.dispose();
    maps.dispose();
  }
}
