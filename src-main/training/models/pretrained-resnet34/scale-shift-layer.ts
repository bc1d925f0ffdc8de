import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type Shape = (number | null)[];

/**
 * Per-channel y = x * scale + shift: dlib's `affine_` layer (a batch norm frozen into an affine map when the
 * network was saved), kept as its own layer so that both vectors train. Unlike batch norm it has no batch
 * statistics, so a fine-tune on small batches of a few people cannot disturb what the 3 million faces dlib
 * trained on set (the frozen batch norm of detection fine-tuning, e.g. Detectron's FrozenBatchNorm2d).
 */
export class ScaleShift extends tfl.layers.Layer {
  static readonly className = 'ScaleShift';
  private scale: tfl.LayerVariable | null = null;
  private shift: tfl.LayerVariable | null = null;

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const channels = shape[shape.length - 1]!;
    this.scale = this.addWeight('scale', [channels], 'float32', tfl.initializers.ones());
    this.shift = this.addWeight('shift', [channels], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      return tf.add(tf.mul(x, this.scale!.read()), this.shift!.read());
    });
  }
}

// Registered so that a saved model (tfjs format) with this layer loads again.
tf.serialization.registerClass(ScaleShift);
