import * as tf from '@tensorflow/tfjs-core';
import { conv, disposeFolded, foldConv, foldInputNormalization, type FoldedConv } from '../fused-layers.js';
import type { WeightMap } from '../model-files.js';

/** dlib's input normalisation as face-api applies it: (pixel - mean RGB) / 255. */
const MEAN_RGB = [122.782, 117.001, 104.298];
const INPUT_FACTOR = 1 / 255;

interface Block {
  down: boolean;
  conv1: FoldedConv;
  conv2: FoldedConv;
}

/** A dlib conv layer (`<prefix>/conv/{filters,bias}` then the scale layer `<prefix>/scale/{weights,biases}`). */
const fold = (w: WeightMap, prefix: string): FoldedConv =>
  foldConv(w.tensor4d(`${prefix}/conv/filters`), w.tensor1d(`${prefix}/conv/bias`), {
    scale: w.tensor1d(`${prefix}/scale/weights`),
    shift: w.tensor1d(`${prefix}/scale/biases`),
  });

/** The residual blocks in order; the `_down` ones halve the resolution and widen the channels. */
const BLOCKS = [
  'conv32_1',
  'conv32_2',
  'conv32_3',
  'conv64_down',
  'conv64_1',
  'conv64_2',
  'conv64_3',
  'conv128_down',
  'conv128_1',
  'conv128_2',
  'conv256_down',
  'conv256_1',
  'conv256_2',
  'conv256_down_out',
];

/**
 * The dlib ResNet-34 descriptor graph with every conv + bias + scale layer folded into one fused convolution
 * (and the input normalisation folded into the first, 'valid', convolution). Same arithmetic as face-api's
 * graph up to float rounding, with one kernel per convolution instead of four (conv, bias, scale multiply, add).
 */
export class ResnetGraph {
  private constructor(
    private readonly stem: FoldedConv,
    private readonly blocks: Block[],
    private readonly fc: tf.Tensor2D,
  ) {}

  /** Builds the folded weights from `face_recognition_model` (the caller then disposes the map). */
  static fromWeights(w: WeightMap): ResnetGraph {
    const stemScaled = fold(w, 'conv32_down');
    const stem = foldInputNormalization(stemScaled, MEAN_RGB, INPUT_FACTOR);
    disposeFolded([stemScaled]);
    const blocks = BLOCKS.map((name) => ({
      down: name.includes('_down'),
      conv1: fold(w, `${name}/conv1`),
      conv2: fold(w, `${name}/conv2`),
    }));
    return new ResnetGraph(stem, blocks, tf.clone(w.tensor2d('fc')));
  }

  /** [N,150,150,3] float pixels 0..255 -> [N,128] raw descriptors. */
  forward(pixels: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      let out = conv(pixels, this.stem, 2, 'valid', 'relu');
      out = tf.maxPool(out, 3, 2, 'valid');
      for (const block of this.blocks) out = block.down ? residualDown(out, block) : residual(out, block);
      return tf.matMul(tf.mean<tf.Tensor2D>(out, [1, 2]), this.fc);
    });
  }

  dispose(): void {
    disposeFolded([this.stem, ...this.blocks.flatMap((b) => [b.conv1, b.conv2])]);
    this.fc.dispose();
  }
}

function residual(x: tf.Tensor4D, block: Block): tf.Tensor4D {
  const out = conv(conv(x, block.conv1, 1, 'same', 'relu'), block.conv2, 1, 'same', 'linear');
  return tf.relu(tf.add<tf.Tensor4D>(out, x));
}

/**
 * dlib's downsampling block: the shortcut is a 2x2 average pool zero-padded to the new channel count; where
 * the strided 'valid' convolution comes out one row/column smaller than the pool, the residual branch is
 * zero-padded bottom/right (as face-api does).
 */
function residualDown(x: tf.Tensor4D, block: Block): tf.Tensor4D {
  let out = conv(conv(x, block.conv1, 2, 'valid', 'relu'), block.conv2, 1, 'same', 'linear');
  let pooled = tf.avgPool(x, 2, 2, 'valid');
  const [, height, width, channels] = out.shape;
  const missingRows = pooled.shape[1] - height;
  const missingCols = pooled.shape[2] - width;
  if (missingRows > 0 || missingCols > 0)
    out = tf.pad(out, [
      [0, 0],
      [0, missingRows],
      [0, missingCols],
      [0, 0],
    ]);
  if (pooled.shape[3] < channels)
    pooled = tf.pad(pooled, [
      [0, 0],
      [0, 0],
      [0, 0],
      [0, channels - pooled.shape[3]],
    ]);
  return tf.relu(tf.add<tf.Tensor4D>(pooled, out));
}
