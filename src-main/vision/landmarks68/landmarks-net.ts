import * as tf from '@tensorflow/tfjs-core';
import { warpAffine } from '../image-ops.js';
import { WeightMap } from '../model-files.js';
import type { Box, Point, RgbImage } from '../types.js';
import { LandmarksGraph } from './landmarks-graph.js';

const INPUT_SIZE = 112;

/**
 * face-api's 68-point landmark net (iBUG 300-W layout, the same points dlib's shape predictor gives), run by
 * our fused graph.
 * Input: the face box padded (black, centred) to a square and resized to 112x112, as face-api trains it;
 * faces are batched in one forward pass.
 */
export class Landmarks68 {
  private constructor(private readonly graph: LandmarksGraph) {}

  /** Loads the weights from `@vladmandic/face-api/model` (call after `initBackend()`). */
  static load(): Landmarks68 {
    return new Landmarks68(
      WeightMap.build('face_landmark_68_model', (weights) => LandmarksGraph.fromWeights(weights)),
    );
  }

  /** Preprocess: one 112x112 RGB crop per box, boxes padded to squares; returns crops and their squares. */
  static preprocess(image: RgbImage, boxes: Box[]): { crops: Uint8Array; squares: Box[] } {
    const crops = new Uint8Array(boxes.length * INPUT_SIZE * INPUT_SIZE * 3);
    const squares = boxes.map((box, i) => {
      const side = Math.max(box.width, box.height);
      const square = {
        x: box.x - (side - box.width) / 2,
        y: box.y - (side - box.height) / 2,
        width: side,
        height: side,
      };
      const step = side / INPUT_SIZE;
      crops.set(
        warpAffine(image, [step, 0, square.x, 0, step, square.y], INPUT_SIZE, INPUT_SIZE, box),
        i * INPUT_SIZE * INPUT_SIZE * 3,
      );
      return square;
    });
    return { crops, squares };
  }

  /** Forward pass only: [N,136] landmark coords relative to each crop (x0, y0, x1, ...); caller disposes. */
  forward(crops: Uint8Array, count: number): tf.Tensor2D {
    return tf.tidy(() =>
      this.graph.forward(tf.tensor4d(Float32Array.from(crops), [count, INPUT_SIZE, INPUT_SIZE, 3])),
    );
  }

  /** Predicts 68 landmarks per box, in original image pixels. */
  async predict(image: RgbImage, boxes: Box[]): Promise<Point[][]> {
    if (boxes.length === 0) return [];
    const { crops, squares } = Landmarks68.preprocess(image, boxes);
    const output = this.forward(crops, boxes.length);
    const relative = await output.data();
    output.dispose();
    return squares.map((square, f) =>
      Array.from({ length: 68 }, (_, k): Point => [
        square.x + relative[f * 136 + k * 2]! * square.width,
        square.y + relative[f * 136 + k * 2 + 1]! * square.height,
      ]),
    );
  }

  /** Frees the weights. */
  dispose(): void {
    this.graph.dispose();
  }
}
