import * as tf from '@tensorflow/tfjs-core';
import { WeightMap } from '../model-files.js';
import { nonMaxSuppression, type Detection } from '../nms.js';
import type { RgbImage } from '../types.js';
import { ssdAnchors } from './ssd-anchors.js';
import { decodeSsd, toOriginalPixels } from './ssd-decode.js';
import { SsdGraph, type SsdRawOutput } from './ssd-graph.js';
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
 * SSD MobileNetV1 face detector (the weights shipped with face-api, our folded graph). The image is resized so its longer
 * side is the input side (512 for large photos; the photo's own size, rounded up to 32, for small ones) and
 * padded bottom/right to multiples of 32 (not to a square); anchors are generated for that rectangle. Boxes
 * come back in original pixels.
 */
export class SsdDetector {
  static readonly maxInputSize = 512;
  private readonly anchors = new Map<string, Float32Array>();

  private constructor(private readonly graph: SsdGraph) {}

  /** Loads the weights from `@vladmandic/face-api/model` (call after `initBackend()`). */
  static load(): SsdDetector {
    return new SsdDetector(
      WeightMap.build('ssd_mobilenetv1_model', (weights) => SsdGraph.fromWeights(weights)),
    );
  }

  /** Forward pass only: raw box encodings and class logits for every anchor; caller disposes. */
  forward(input: DetectorInput): SsdRawOutput {
    return tf.tidy(() => {
      const pixels = tf.tensor3d(input.pixels.data, [input.pixels.height, input.pixels.width, 3], 'int32');
      const resized = tf.image.resizeBilinear(pixels, [input.height, input.width]);
      const padded = tf.pad(resized, [
        [0, input.paddedHeight - input.height],
        [0, input.paddedWidth - input.width],
        [0, 0],
      ]);
      return this.graph.forward(tf.expandDims<tf.Tensor4D>(padded, 0));
    });
  }

  /** Detects faces; returns boxes in the original image's pixels, best first. */
  async detect(image: RgbImage, options: SsdOptions): Promise<Detection[]> {
    const maxSize = options.maxInputSize ?? SsdDetector.maxInputSize;
    const input = rectangularInput(preprocessForDetector(image, maxSize, adaptiveInputSize(image, maxSize)));
    const { encodings, classes } = this.forward(input);
    const [encodingData, classData] = await Promise.all([encodings.data(), classes.data()]);
    tf.dispose([encodings, classes]);
    const found = decodeSsd(
      encodingData,
      classData,
      this.anchorsFor(input.paddedWidth, input.paddedHeight),
      options.minConfidence,
    ).flatMap((d): Detection[] => {
      const box = toOriginalPixels(d, input);
      return box ? [{ score: d.score, box }] : [];
    });
    return nonMaxSuppression(found, options.iouThreshold, options.maxResults);
  }

  /** Frees the weights. */
  dispose(): void {
    this.graph.dispose();
  }

  private anchorsFor(width: number, height: number): Float32Array {
    const key = `${width}x${height}`;
    let anchors = this.anchors.get(key);
    if (!anchors) {
      anchors = ssdAnchors(width, height);
      this.anchors.set(key, anchors);
    }
    return anchors;
  }
}
