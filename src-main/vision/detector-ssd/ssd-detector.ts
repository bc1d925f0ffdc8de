import * as tf from '@tensorflow/tfjs-core';
import { faceApi, type FaceApiSsd } from '../face-api.js';
import { loadWeightMap } from '../model-files.js';
import { nonMaxSuppression, type Detection } from '../nms.js';
import type { RgbImage } from '../types.js';
import { ssdAnchors } from './ssd-anchors.js';
import {
  adaptiveInputSize,
  preprocessForDetector,
  rectangularInput,
  type DetectorInput,
} from './ssd-preprocess.js';

/** Options of {@link SsdDetector.detect}. */
export interface SsdOptions {
  minConfidence: number;
  iouThreshold: number;
  maxResults: number;
  /** Largest input side (default 512, the size the net was trained at); a multiple of 32. */
  maxInputSize?: number;
}

/**
 * SSD MobileNetV1 face detector (face-api weights). The image is resized so its longer side is the input
 * side (512 for large photos; the photo's own size, rounded up to 32, for small ones) and padded
 * bottom/right to multiples of 32 (not to a square); anchors are generated for that rectangle. Boxes come
 * back in original pixels.
 */
export class SsdDetector {
  static readonly maxInputSize = 512;
  private readonly anchors = new Map<string, tf.Tensor3D>();

  private constructor(private readonly net: FaceApiSsd) {}

  /** Loads the weights from `@vladmandic/face-api/model` (call after `initBackend()`). */
  static load(): SsdDetector {
    const net = new (faceApi().SsdMobilenetv1)();
    net.loadFromWeightMap(loadWeightMap('ssd_mobilenetv1_model'));
    return new SsdDetector(net);
  }

  /** Forward pass only: [n,4] relative boxes (ymin, xmin, ymax, xmax) and [n] scores; caller disposes. */
  forward(input: DetectorInput): { boxes: tf.Tensor2D; scores: tf.Tensor1D } {
    const layer = this.net.params?.output_layer;
    if (!layer) throw new Error('SsdDetector - weights not loaded');
    const shipped = layer.extra_dim;
    layer.extra_dim = this.anchorsFor(input.paddedWidth, input.paddedHeight, shipped);
    try {
      return tf.tidy(() => {
        const pixels = tf.tensor3d(input.pixels.data, [input.pixels.height, input.pixels.width, 3], 'int32');
        const resized = tf.image.resizeBilinear(pixels, [input.height, input.width]);
        const padded = tf.pad(resized, [
          [0, input.paddedHeight - input.height],
          [0, input.paddedWidth - input.width],
          [0, 0],
        ]);
        const batch = tf.expandDims<tf.Tensor4D>(padded, 0);
        const { boxes, scores } = this.net.forwardInput({ toBatchTensor: () => batch });
        return { boxes: boxes[0]!, scores: scores[0]! };
      });
    } finally {
      layer.extra_dim = shipped;
    }
  }

  /** Detects faces; returns boxes in the original image's pixels, best first. */
  async detect(image: RgbImage, options: SsdOptions): Promise<Detection[]> {
    const maxSize = options.maxInputSize ?? SsdDetector.maxInputSize;
    const input = rectangularInput(preprocessForDetector(image, maxSize, adaptiveInputSize(image, maxSize)));
    const { boxes, scores } = this.forward(input);
    const [boxData, scoreData] = await Promise.all([boxes.data(), scores.data()]);
    tf.dispose([boxes, scores]);
    return nonMaxSuppression(
      postprocess(boxData, scoreData, input, options.minConfidence),
      options.iouThreshold,
      options.maxResults,
    );
  }

  /** Frees the weights and generated anchors. */
  dispose(): void {
    this.net.dispose();
    tf.dispose([...this.anchors.values()]);
    this.anchors.clear();
  }

  private anchorsFor(width: number, height: number, shipped: tf.Tensor3D): tf.Tensor3D {
    if (width === 512 && height === 512) return shipped;
    const key = `${width}x${height}`;
    let anchors = this.anchors.get(key);
    if (!anchors) {
      const data = ssdAnchors(width, height);
      anchors = tf.tensor3d(data, [1, data.length / 4, 4]);
      this.anchors.set(key, anchors);
    }
    return anchors;
  }
}

type Values = Float32Array | Int32Array | Uint8Array;

function postprocess(
  boxes: Values,
  scores: Values,
  input: DetectorInput,
  minConfidence: number,
): Detection[] {
  // Boxes are relative to the padded input, per axis.
  const toOriginalX = input.paddedWidth / input.scale;
  const toOriginalY = input.paddedHeight / input.scale;
  const found: Detection[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (scores[i]! < minConfidence) continue;
    const y0 = Math.max(0, boxes[i * 4]!) * toOriginalY;
    const x0 = Math.max(0, boxes[i * 4 + 1]!) * toOriginalX;
    const y1 = Math.min(input.height / input.paddedHeight, boxes[i * 4 + 2]!) * toOriginalY;
    const x1 = Math.min(input.width / input.paddedWidth, boxes[i * 4 + 3]!) * toOriginalX;
    if (x1 <= x0 || y1 <= y0) continue;
    found.push({ score: scores[i]!, box: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } });
  }
  return found;
}
