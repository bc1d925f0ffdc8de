import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Conv2D } from '@tensorflow/tfjs-layers/dist/layers/convolutional';
import { layerClassOf } from './layer-class';

type ConvArgs = Parameters<typeof tfl.layers.conv2d>[0];
const Conv2DLayer = layerClassOf<Conv2D, ConvArgs>(tfl.layers.conv2d, { filters: 1, kernelSize: 1 });

/** The fields of tf.layers' Conv2D this layer reads (protected in its typings). */
interface ConvFields {
  kernel: tfl.LayerVariable;
  bias: tfl.LayerVariable | null;
  activation: { getClassName(): string };
  strides: number[];
  padding: 'valid' | 'same';
  dataFormat: string;
  dilationRate: number | number[];
}

/**
 * tf.layers' Conv2D, whose gradient computes only what is asked for. tf.layers convolves through
 * tf.fused.conv2d, which in training runs as one custom-gradient op returning the input's and the
 * filter's gradients together, so a network's first convolution also computes the gradient of the image
 * it was given, which nothing reads: for a ResNet's 7x7 stem at 112x112 that is one of the two largest
 * kernels of the backward pass (~10% of a native step). Plain tf.conv2d registers each input's gradient
 * separately and the tape skips inputs no variable depends on. A bias-free, linear, undilated convolution
 * (every one a ResNet has) takes that path; any other keeps tf.layers' own. Saved as a plain 'Conv2D'
 * (the class name is inherited), so a saved model loads without this class.
 */
export class FastConv2D extends Conv2DLayer {
  override call(
    inputs: tf.Tensor | tf.Tensor[],
    kwargs: Parameters<Conv2D['call']>[1],
  ): tf.Tensor | tf.Tensor[] {
    const conv = this as unknown as ConvFields;
    const dilations = [conv.dilationRate].flat();
    const plain =
      conv.bias === null &&
      conv.activation.getClassName() === 'linear' &&
      conv.dataFormat === 'channelsLast' &&
      dilations.every((rate) => rate === 1);
    if (!plain) return super.call(inputs, kwargs);
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() =>
      tf.conv2d(
        x as tf.Tensor4D,
        conv.kernel.read() as tf.Tensor4D,
        [conv.strides[0]!, conv.strides[1]!],
        conv.padding,
      ),
    );
  }
}
