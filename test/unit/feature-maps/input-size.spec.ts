import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  canvasOf,
  fitsInputSize,
  isResidualPadding,
  resizedModel,
} from '../../../src-main/feature-maps/input-size';

type Symbolic = tfl.SymbolicTensor;

/**
 * dlib's downsampling block in small: a 7x7/2 'valid' stem, then a 3x3/2 'valid' branch zero-padded
 * bottom/right to the 2x2/2 average-pool shortcut, laid out for `size` (here 22, which needs the pad).
 */
function downBlock(size = 22): tfl.LayersModel {
  const input = tfl.input({ shape: [size, size, 3] });
  const stem = tfl.layers
    .conv2d({
      name: 'stem_conv',
      filters: 4,
      kernelSize: 7,
      strides: 2,
      padding: 'valid',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
    })
    .apply(input) as Symbolic;
  let branch = tfl.layers
    .conv2d({
      name: 'stage2_conv',
      filters: 4,
      kernelSize: 3,
      strides: 2,
      padding: 'valid',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }),
    })
    .apply(stem) as Symbolic;
  branch = tfl.layers
    .zeroPadding2d({
      name: 'stage2_pad',
      padding: [
        [0, 1],
        [0, 1],
      ],
    })
    .apply(branch) as Symbolic;
  const shortcut = tfl.layers
    .averagePooling2d({ name: 'stage2_pool', poolSize: 2, strides: 2 })
    .apply(stem) as Symbolic;
  const out = tfl.layers
    .reLU({ name: 'stage2_out' })
    .apply(tfl.layers.add({ name: 'stage2_add' }).apply([branch, shortcut])) as Symbolic;
  const pooled = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(out) as Symbolic;
  const embedding = tfl.layers.dense({
    name: 'embedding',
    units: 8,
    kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }),
  });
  return tfl.model({ inputs: input, outputs: embedding.apply(pooled) as Symbolic });
}

const load = (topology: object) =>
  tfl.models.modelFromJSON({ modelTopology: topology } as unknown as Parameters<
    typeof tfl.models.modelFromJSON
  >[0]);

describe('input size', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('tells sizes that need no residual padding from those that do, building nothing', () => {
    const model = downBlock();
    const before = tf.memory().numTensors;
    // 22: the stem gives 8, the branch 3 (padded to 4), the shortcut 4; 24: stem 9, branch 4, shortcut 4.
    expect(fitsInputSize(model, 22)).toBe(false);
    expect(fitsInputSize(model, 24)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    expect(isResidualPadding(model.getLayer('stage2_pad'))).toBe(true);
    model.dispose();
  });

  it('finds a canvas of about twice the input where no branch is padded, and rebuilds the model for it', async () => {
    const model = downBlock();
    const canvas = canvasOf(model, 22, 'stage2_out');
    expect(canvas.size).toBeGreaterThanOrEqual(44);
    expect(canvas.shown).toBe(canvas.size - 2 * canvas.offset);
    const resized = await resizedModel(model, canvas.size, load);
    expect(resized.layers.some((layer) => layer.name === 'stage2_pad')).toBe(false);
    const grid = resized.getLayer('stage2_out').outputShape as number[];
    expect(grid.slice(1, 3)).toEqual([canvas.grid, canvas.grid]);
    const x = tf.randomUniform([1, canvas.size, canvas.size, 3], 0, 1, 'float32', 5);
    const y = resized.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([1, 8]);
    tf.dispose([x, y]);
    resized.dispose();
    model.dispose();
  });

  it('keeps the weights: at the original size a model without padding computes the same', async () => {
    const input = tfl.input({ shape: [12, 12, 3] });
    const conv = tfl.layers.conv2d({
      filters: 3,
      kernelSize: 3,
      padding: 'same',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }),
    });
    const pooled = tfl.layers.globalAveragePooling2d({}).apply(conv.apply(input)) as Symbolic;
    const model = tfl.model({ inputs: input, outputs: pooled });
    const same = await resizedModel(model, 12, load);
    const x = tf.randomUniform([1, 12, 12, 3], 0, 1, 'float32', 6);
    const [a, b] = [model.predict(x) as tf.Tensor, same.predict(x) as tf.Tensor];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    same.dispose();
    model.dispose();
  });
});
