import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type Shape = (number | null)[];

export interface CosineDenseArgs {
  name?: string;
  units: number;
  /** The factor on the cosines: softmax needs logits far wider apart than -1..1. */
  scale: number;
  /** Train the scale along with the class directions, or keep it fixed. */
  learnScale: boolean;
  /** Seed of the random class directions (replaced when initialised from class means). */
  seed: number;
}

/** Keeps an all-zero column at zero instead of dividing by zero. */
const MIN_SQUARED_NORM = 1e-12;

/**
 * A bias-free dense layer whose weight columns are L2-normalised in the forward pass: on unit-length
 * inputs its outputs are `scale` times the cosine between the input and each class direction (NormFace,
 * Wang et al. 2017). Only directions matter, so a column set to a class's mean embedding classifies by
 * the nearest centre from the first step.
 */
export class CosineDense extends tfl.layers.Layer {
  static readonly className = 'CosineDense';
  private kernel: tfl.LayerVariable | null = null;
  private scaleWeight: tfl.LayerVariable | null = null;
  private readonly args: CosineDenseArgs;

  constructor(args: CosineDenseArgs) {
    super({ name: args.name });
    this.args = { ...args };
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const dims = shape[shape.length - 1]!;
    const { units, scale, learnScale, seed } = this.args;
    this.kernel = this.addWeight(
      'kernel',
      [dims, units],
      'float32',
      tfl.initializers.glorotUniform({ seed }),
    );
    this.scaleWeight = this.addWeight(
      'scale',
      [1],
      'float32',
      tfl.initializers.constant({ value: scale }),
      undefined,
      learnScale,
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    return [...shape.slice(0, -1), this.args.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const kernel = this.kernel!.read();
      const squared = tf.sum(tf.square(kernel), 0, true);
      const directions = tf.mul(kernel, tf.rsqrt(tf.maximum(squared, MIN_SQUARED_NORM)));
      return tf.mul(tf.matMul(x as tf.Tensor2D, directions as tf.Tensor2D), this.scaleWeight!.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { units, scale, learnScale, seed } = this.args;
    return { ...super.getConfig(), units, scale, learnScale, seed };
  }
}

// Registered so that a saved model (tfjs format) with this layer loads again.
tf.serialization.registerClass(CosineDense);
