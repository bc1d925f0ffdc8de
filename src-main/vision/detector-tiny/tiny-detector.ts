import * as tf from '@tensorflow/tfjs-core';
import { faceApi, type FaceApiTiny } from '../face-api.js';
import { loadWeightMap } from '../model-files.js';
import { nonMaxSuppression, type Detection } from '../nms.js';
import type { RgbImage } from '../types.js';
import { preprocessForDetector } from '../detector-ssd/ssd-preprocess.js';

/** Options of {@link TinyDetector.detect}. */
export interface TinyOptions {
  minConfidence: number;
  iouThreshold: number;
  maxResults: number;
  /** Network input side, a multiple of 32 (default 416; 320 or 224 are faster, for larger faces). */
  inputSize?: number;
}

/**
 * face-api's tiny face detector (YOLOv2-style, depthwise separable convs, ~190 KB): about 5x faster than
 * SSD at 416 input, looser boxes and fewer small faces. face-api's `locateFaces` does the anchor decoding.
 */
export class TinyDetector {
  private constructor(private readonly net: FaceApiTiny) {}

  /** Loads the weights from `@vladmandic/face-api/model` (call after `initBackend()`). */
  static load(): TinyDetector {
    const net = new (faceApi().TinyFaceDetector)();
    net.loadFromWeightMap(loadWeightMap('tiny_face_detector_model'));
    return new TinyDetector(net);
  }

  /** Detects faces; returns boxes in the original image's pixels, best first. */
  async detect(image: RgbImage, options: TinyOptions): Promise<Detection[]> {
    const inputSize = options.inputSize ?? 416;
    if (inputSize % 32 !== 0)
      throw new Error(`TinyDetector - inputSize must be a multiple of 32, got ${inputSize}`);
    const input = preprocessForDetector(image, inputSize);
    const tensor = tf.tidy(() =>
      tf.image.resizeBilinear(
        tf.tensor3d(input.pixels.data, [input.pixels.height, input.pixels.width, 3], 'int32'),
        [input.height, input.width],
      ),
    );
    const api = faceApi();
    try {
      const found = await this.net.locateFaces(
        tensor,
        new api.TinyFaceDetectorOptions({ inputSize, scoreThreshold: options.minConfidence }),
      );
      const detections = found.map(({ score, relativeBox: r }) => ({
        score,
        box: {
          x: r.x * image.width,
          y: r.y * image.height,
          width: r.width * image.width,
          height: r.height * image.height,
        },
      }));
      return nonMaxSuppression(detections, options.iouThreshold, options.maxResults);
    } finally {
      tensor.dispose();
    }
  }

  /** Frees the weights. */
  dispose(): void {
    this.net.dispose();
  }
}
