import * as tf from '@tensorflow/tfjs-core';
import { conv, disposeFolded, foldConv, type FoldedConv } from '../fused-layers.js';
import type { WeightMap } from '../model-files.js';

/** A depthwise-separable convolution: a plain depthwise filter, then a fused 1x1 convolution with bias. */
interface Separable {
  depthwise: tf.Tensor4D | null;
  pointwise: FoldedConv;
}

const MEAN_RGB = [122.782, 117.001, 104.298];

/**
 * face-api's 68-point landmark regressor (four dense blocks of separable convolutions, average pool, fully
 * connected) with bias and ReLU fused into each pointwise convolution. Output: [N,136] coordinates relative
 * to each 112x112 input (x0, y0, x1, ...), as face-api returns them for square inputs.
 */
export class LandmarksGraph {
  private constructor(
    private readonly blocks: Separable[][],
    private readonly fc: { weights: tf.Tensor2D; bias: tf.Tensor1D },
  ) {}

  /** Builds the graph from `face_landmark_68_model` (the caller then disposes the map). */
  static fromWeights(w: WeightMap): LandmarksGraph {
    // Each dense block opens with a strided convolution (a plain one in the first block), then three
    // depthwise-separable ones; every layer has a bias.
    const layer = (prefix: string, plain: boolean): Separable =>
      plain
        ? {
            depthwise: null,
            pointwise: foldConv(w.tensor4d(`${prefix}/filters`), w.tensor1d(`${prefix}/bias`)),
          }
        : {
            depthwise: tf.clone(w.tensor4d(`${prefix}/depthwise_filter`)),
            pointwise: foldConv(w.tensor4d(`${prefix}/pointwise_filter`), w.tensor1d(`${prefix}/bias`)),
          };
    const blocks = [0, 1, 2, 3].map((b) =>
      [0, 1, 2, 3].map((c) => layer(`dense${b}/conv${c}`, b === 0 && c === 0)),
    );
    return new LandmarksGraph(blocks, {
      weights: tf.clone(w.tensor2d('fc/weights')),
      bias: tf.clone(w.tensor1d('fc/bias')),
    });
  }

  /** [N,112,112,3] float pixels 0..255 -> [N,136] relative landmark coordinates. */
  forward(pixels: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      let out = tf.mul<tf.Tensor4D>(tf.sub(pixels, MEAN_RGB), 1 / 255);
      for (const block of this.blocks) out = denseBlock(out, block);
      const pooled = tf.avgPool(out, [7, 7], [2, 2], 'valid');
      const flat = tf.reshape<tf.Rank.R2>(pooled, [pooled.shape[0], -1]);
      return tf.add<tf.Tensor2D>(tf.matMul(flat, this.fc.weights), this.fc.bias);
    });
  }

  dispose(): void {
    for (const block of this.blocks)
      for (const layer of block) {
        layer.depthwise?.dispose();
        disposeFolded([layer.pointwise]);
      }
    tf.dispose([this.fc.weights, this.fc.bias]);
  }
}

function separableConv(
  x: tf.Tensor4D,
  layer: Separable,
  stride: 1 | 2,
  activation: 'linear' | 'relu',
): tf.Tensor4D {
  if (!layer.depthwise) return conv(x, layer.pointwise, stride, 'same', activation);
  const depthwise = tf.depthwiseConv2d(x, layer.depthwise, stride, 'same');
  return conv(depthwise, layer.pointwise, 1, 'same', activation);
}

/** face-api's denseBlock4: each layer reads the ReLU of the sum of all earlier layers' outputs. */
function denseBlock(x: tf.Tensor4D, [conv0, conv1, conv2, conv3]: Separable[]): tf.Tensor4D {
  const out1 = separableConv(x, conv0!, 2, 'relu');
  const out2 = separableConv(out1, conv1!, 1, 'linear');
  const sum2 = tf.add<tf.Tensor4D>(out1, out2);
  const out3 = separableConv(tf.relu(sum2), conv2!, 1, 'linear');
  const sum3 = tf.add<tf.Tensor4D>(sum2, out3);
  const out4 = separableConv(tf.relu(sum3), conv3!, 1, 'linear');
  return tf.relu(tf.add<tf.Tensor4D>(sum3, out4));
}
