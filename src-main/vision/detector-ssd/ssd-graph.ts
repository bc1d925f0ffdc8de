import * as tf from '@tensorflow/tfjs-core';
import {
  batchNormAffine,
  conv,
  depthwiseConv,
  disposeFolded,
  foldConv,
  type FoldedConv,
} from '../fused-layers.js';
import type { WeightMap } from '../model-files.js';

/** face-api's batch norm epsilon for the MobileNet depthwise layers. */
const BN_EPSILON = 0.0010000000474974513;
/** MobileNet layers (1-based) whose depthwise convolution has stride 2. */
const STRIDE_2_LAYERS = new Set([2, 4, 6, 12]);

/**
 * Raw SSD outputs for one image, in anchor order (see ssd-anchors.ts). A type alias, not an interface, so
 * that `tf.tidy` accepts it as a tensor container.
 */
export type SsdRawOutput = {
  /** [n,4] box encodings (ty, tx, th, tw) relative to each anchor. */
  encodings: tf.Tensor2D;
  /** [n,3] class logits; index 1 is "face". */
  classes: tf.Tensor2D;
};

/**
 * SSD MobileNetV1 (face-api's weights) with each convolution's batch norm folded into it, so every layer is
 * one fused convolution with bias and ReLU6. Box decoding is left to the caller (in JS, and only for
 * anchors above the score threshold) instead of a dozen tensor ops over every anchor.
 */
export class SsdGraph {
  private constructor(
    private readonly stem: FoldedConv,
    private readonly layers: Array<{ depthwise: FoldedConv; pointwise: FoldedConv; stride: 1 | 2 }>,
    private readonly extra: FoldedConv[],
    private readonly predictors: Array<{ boxes: FoldedConv; classes: FoldedConv }>,
  ) {}

  /** Builds the folded weights from `ssd_mobilenetv1_model` (TF Object Detection API names; the caller then disposes the map). */
  static fromWeights(w: WeightMap): SsdGraph {
    // Pointwise (and the first 3x3) convolutions carry their batch norm as an offset already.
    const pointwise = (prefix: string): FoldedConv =>
      foldConv(w.tensor4d(`${prefix}/weights`), w.tensor1d(`${prefix}/convolution_bn_offset`));
    const depthwise = (prefix: string): FoldedConv => {
      const affine = batchNormAffine(
        w.tensor1d(`${prefix}/BatchNorm/moving_mean`),
        w.tensor1d(`${prefix}/BatchNorm/moving_variance`),
        w.tensor1d(`${prefix}/BatchNorm/beta`),
        w.tensor1d(`${prefix}/BatchNorm/gamma`),
        BN_EPSILON,
      );
      const folded = foldConv(w.tensor4d(`${prefix}/depthwise_weights`), undefined, affine, true);
      tf.dispose([affine.scale, affine.shift]);
      return folded;
    };
    const layers = Array.from({ length: 13 }, (_, k) => k + 1).map((i) => ({
      depthwise: depthwise(`MobilenetV1/Conv2d_${i}_depthwise`),
      pointwise: pointwise(`MobilenetV1/Conv2d_${i}_pointwise`),
      stride: STRIDE_2_LAYERS.has(i) ? (2 as const) : (1 as const),
    }));
    const extra = Array.from({ length: 8 }, (_, i) => pointwise(`Prediction/Conv2d_${i}_pointwise`));
    const predictors = Array.from({ length: 6 }, (_, i) => {
      const prefix = `Prediction/BoxPredictor_${i}`;
      return {
        boxes: foldConv(
          w.tensor4d(`${prefix}/BoxEncodingPredictor/weights`),
          w.tensor1d(`${prefix}/BoxEncodingPredictor/biases`),
        ),
        classes: foldConv(
          w.tensor4d(`${prefix}/ClassPredictor/weights`),
          w.tensor1d(`${prefix}/ClassPredictor/biases`),
        ),
      };
    });
    return new SsdGraph(pointwise('MobilenetV1/Conv2d_0_pointwise'), layers, extra, predictors);
  }

  /** [1,H,W,3] float pixels 0..255 (H, W multiples of 32) -> raw encodings and class logits per anchor. */
  forward(pixels: tf.Tensor4D): SsdRawOutput {
    return tf.tidy(() => {
      const x = tf.sub<tf.Tensor4D>(tf.mul(pixels, 1 / 127.5), 1);
      let out = conv(x, this.stem, 2, 'same', 'relu6');
      let conv11 = out;
      this.layers.forEach((layer, i) => {
        out = depthwiseConv(out, layer.depthwise, layer.stride, 'relu6');
        out = conv(out, layer.pointwise, 1, 'same', 'relu6');
        if (i + 1 === 11) conv11 = out;
      });
      // Feature maps the six predictors read, in face-api's order: conv11, the backbone's output, then
      // every second extra layer (the stride-2 ones).
      const maps = [conv11, out];
      let extra = out;
      this.extra.forEach((layer, i) => {
        extra = conv(extra, layer, i % 2 === 1 ? 2 : 1, 'same', 'relu6');
        if (i % 2 === 1) maps.push(extra);
      });
      const encodings = maps.map((map, i) =>
        tf.reshape(conv(map, this.predictors[i]!.boxes, 1, 'same', 'linear'), [-1, 4]),
      );
      const classes = maps.map((map, i) =>
        tf.reshape(conv(map, this.predictors[i]!.classes, 1, 'same', 'linear'), [-1, 3]),
      );
      return { encodings: tf.concat(encodings) as tf.Tensor2D, classes: tf.concat(classes) as tf.Tensor2D };
    });
  }

  dispose(): void {
    disposeFolded([
      this.stem,
      ...this.layers.flatMap((l) => [l.depthwise, l.pointwise]),
      ...this.extra,
      ...this.predictors.flatMap((p) => [p.boxes, p.classes]),
    ]);
  }
}
