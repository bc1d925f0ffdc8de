import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradCam, strongestChannels, tailOf } from '../../../src-main/feature-maps/grad-cam';

const size = 16;

/**
 * Two detectors (`stage1_out`: channel 0 sees red, channel 1 green, each a 3x3 box filter), a residual
 * block on top, global pooling and an identity `embedding`: the embedding says how red and how green.
 */
function colourNet(): tfl.LayersModel {
  const input = tfl.input({ shape: [size, size, 3] });
  const kernel = tf.buffer([3, 3, 3, 2]);
  for (let y = 0; y < 3; y++) {
    for (let x = 0; x < 3; x++) {
      kernel.set(1 / 9, y, x, 0, 0);
      kernel.set(1 / 9, y, x, 1, 1);
    }
  }
  const detect = tfl.layers.conv2d({
    name: 'stage1_conv',
    filters: 2,
    kernelSize: 3,
    padding: 'same',
    useBias: false,
  });
  const a = tfl.layers.reLU({ name: 'stage1_out' }).apply(detect.apply(input)) as tfl.SymbolicTensor;
  const inner = tfl.layers.conv2d({
    name: 'stage2_conv',
    filters: 2,
    kernelSize: 1,
    useBias: false,
    kernelInitializer: 'zeros',
  });
  const sum = tfl.layers.add({ name: 'stage2_add' }).apply([a, inner.apply(a) as tfl.SymbolicTensor]);
  const pooled = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(sum) as tfl.SymbolicTensor;
  const embedding = tfl.layers.dense({
    name: 'embedding',
    units: 2,
    useBias: false,
    kernelInitializer: 'identity',
  });
  const model = tfl.model({ inputs: input, outputs: embedding.apply(pooled) as tfl.SymbolicTensor });
  detect.setWeights([kernel.toTensor()]);
  return model;
}

/** A red square top-left and a green one bottom-right, on black. */
function twoSquares(): tf.Tensor4D {
  const image = tf.buffer([1, size, size, 3]);
  for (let y = 2; y < 6; y++) {
    for (let x = 2; x < 6; x++) {
      image.set(1, 0, y, x, 0);
      image.set(1, 0, y + 8, x + 8, 1);
    }
  }
  return image.toTensor() as tf.Tensor4D;
}

describe('gradCam', () => {
  let model: tfl.LayersModel;
  let head: tfl.LayersModel;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    model = colourNet();
    head = tfl.model({ inputs: model.inputs, outputs: model.getLayer('stage1_out').output });
  });
  afterAll(() => model.dispose());

  const network = () => ({
    head: (x: tf.Tensor4D) => head.predict(x) as tf.Tensor4D,
    tail: tailOf(model, 'stage1_out', 'embedding'),
  });

  it('runs the layers after the cut, a residual block included, as the model does', () => {
    const image = twoSquares();
    const whole = model.predict(image) as tf.Tensor;
    const split = tf.tidy(() => network().tail(network().head(image)));
    expect(Array.from(split.dataSync())).toEqual(Array.from(whole.dataSync()));
    tf.dispose([image, whole, split]);
  });

  it('lights up what makes the embedding like the reference, and nothing else', async () => {
    const image = twoSquares();
    const red = await gradCam(network(), image, Float32Array.from([1, 0]));
    const green = await gradCam(network(), image, Float32Array.from([0, 1]));
    image.dispose();
    const peak = (values: Float32Array) => values.indexOf(Math.max(...values));
    for (const [map, row, column] of [
      [red, 3, 3],
      [green, 11, 11],
    ] as const) {
      expect(map.width).toBe(size);
      expect(Math.max(...map.values)).toBeCloseTo(1, 5);
      const at = peak(map.values);
      expect(Math.abs(Math.floor(at / size) - row - 0.5)).toBeLessThanOrEqual(2);
      expect(Math.abs((at % size) - column - 0.5)).toBeLessThanOrEqual(2);
    }
    // The green square lowers the similarity to red: no heat there.
    expect(red.values[11 * size + 11]).toBe(0);
    expect(green.values[3 * size + 3]).toBe(0);
    expect(red.score).toBeGreaterThan(0.5);
  });

  it('leaves out a ring of edge cells before normalising', async () => {
    const image = twoSquares();
    const map = await gradCam(network(), image, Float32Array.from([1, 0]), 1);
    image.dispose();
    expect([map.width, map.height]).toEqual([size - 2, size - 2]);
    expect(Math.max(...map.values)).toBeCloseTo(1, 5);
  });

  it('ranks channels by mean activation and normalises each map', async () => {
    const image = twoSquares();
    const brighter = tf.tidy(() => tf.mul(head.predict(image) as tf.Tensor, tf.tensor1d([1, 3])));
    const maps = await strongestChannels(brighter as tf.Tensor4D, 5);
    tf.dispose([image, brighter]);
    expect(maps.shown).toEqual([1, 0]);
    expect(maps.maps).toHaveLength(2 * size * size);
    expect(Math.max(...maps.maps)).toBeCloseTo(1, 5);
    expect(Math.min(...maps.maps)).toBe(0);
  });

  it('leaves no tensor behind', async () => {
    const image = twoSquares();
    const before = tf.memory().numTensors;
    await gradCam(network(), image, Float32Array.from([1, 0]), 1);
    const activations = tf.tidy(() => head.predict(image) as tf.Tensor4D);
    await strongestChannels(activations, 2);
    activations.dispose();
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();
  });
});
