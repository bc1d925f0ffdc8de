import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type Shape = (number | null)[];

type LayerArgs = ConstructorParameters<typeof tfl.layers.Layer>[0];

export type PadChannelsArgs = LayerArgs & {
  /** Channels out: the input's, then zeros up to this many. */
  channels: number;
};

/**
 * Appends zero channels up to `channels`: the shortcut of dlib's downsampling blocks, whose average pool
 * keeps the input's width while the residual branch doubles it (a parameter-free shortcut, the ResNet
 * paper's option A). tf.layers has no channel padding of its own.
 */
export class PadChannels extends tfl.layers.Layer {
  static readonly className = 'PadChannels';
  private readonly channels: number;

  constructor(args: PadChannelsArgs) {
    super(args);
    this.channels = args.channels;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    return [...shape.slice(0, -1), this.channels];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const missing = this.channels - x.shape[x.rank - 1]!;
      if (missing < 0) throw new Error(`PadChannels - input has more than ${this.channels} channels`);
      const padding = x.shape.map((): [number, number] => [0, 0]);
      padding[x.rank - 1] = [0, missing];
      return tf.pad(x, padding);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), channels: this.channels };
  }
}

// Registered so that a saved model (tfjs format) with this layer loads again.
tf.serialization.registerClass(PadChannels);
