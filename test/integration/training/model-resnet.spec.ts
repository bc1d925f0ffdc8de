import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainableVariables } from '../../../src-main/training/models/model-variables';
import { buildResNet, type BuiltResNet } from '../../../src-main/training/models/resnet';
import { createOptimizer } from '../../../src-main/training/optim/create-optimizer';
import { softmaxCrossEntropy } from '../../../src-main/training/optim/loss';
import { seededRandom } from '../../../src-main/util/seeded-random';
import { initTrainingBackend } from '../../../src-main/training/training-backend';

// cpu unless FACEATLAS_BACKEND names another: the same tests check wasm and native.
beforeAll(() => initTrainingBackend(process.env.FACEATLAS_BACKEND ?? 'cpu'));

const countOf = (weights: tfl.LayerVariable[]): number =>
  weights.reduce((sum, weight) => sum + weight.read().size, 0);

/** Builds, runs `check` and disposes, so a test never leaves a model's weights behind. */
function withResNet<T>(options: Parameters<typeof buildResNet>[0], check: (built: BuiltResNet) => T): T {
  const built = buildResNet(options);
  try {
    return check(built);
  } finally {
    built.model.dispose();
  }
}

/** Spatial size of a layer's output. */
const sizeOf = (model: tfl.LayersModel, layer: string): number =>
  model.getLayer(layer).outputShape[1] as number;

describe('buildResNet: architecture', () => {
  it('ResNet-18 at width 0.25 and 64x64 has about 0.7M weights', () => {
    const parameters = withResNet(
      { architecture: 'resnet18', width: 0.25, inputSize: 64, classes: 40, seed: 1 },
      ({ parameters }) => parameters,
    );
    expect(parameters).toBeGreaterThan(650_000);
    expect(parameters).toBeLessThan(760_000);
  });

  it("has exactly torchvision's trainable weights in the body at full width (ResNet-18 and -50)", () => {
    // torchvision's resnet18 / resnet50 without their 1000-class fc: 11,176,512 and 23,508,032. Ours add the
    // embedding (dense 512 or 2048 -> 128 without bias, batch norm's 2 x 128) and the 10-class logits.
    const head = (features: number): number => features * 128 + 2 * 128 + 128 * 10 + 10;
    const trainable = (architecture: 'resnet18' | 'resnet50'): number =>
      withResNet({ architecture, inputSize: 112, classes: 10, seed: 1 }, ({ model }) =>
        countOf(model.trainableWeights),
      );
    expect(trainable('resnet18')).toBe(11_176_512 + head(512));
    expect(trainable('resnet50')).toBe(23_508_032 + head(2048));
  });

  it('grows with depth: 34 > 18, 152 > 101 > 50 at the same width', () => {
    const count = (architecture: 'resnet18' | 'resnet34' | 'resnet50' | 'resnet101' | 'resnet152'): number =>
      withResNet(
        { architecture, width: 0.125, inputSize: 64, classes: 2, seed: 1 },
        ({ parameters }) => parameters,
      );
    const [r18, r34, r50, r101, r152] = (
      ['resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152'] as const
    ).map(count);
    expect(r34).toBeGreaterThan(r18!);
    expect(r101).toBeGreaterThan(r50!);
    expect(r152).toBeGreaterThan(r101!);
  });

  it('names layers by stage and block, with the embedding layer named `embedding`', () => {
    withResNet(
      { architecture: 'resnet50', width: 0.125, inputSize: 64, classes: 3, seed: 1 },
      ({ model, embeddingLayer }) => {
        const names = model.layers.map((layer) => layer.name);
        expect(embeddingLayer).toBe('embedding');
        expect(names).toEqual(
          expect.arrayContaining([
            'image',
            'stem_conv',
            'stage2_block1_conv1',
            'stage2_block1_shortcut_conv',
            'stage4_block6_conv3',
            'stage5_block3_out',
            'pool',
            'embedding_dense',
            'embedding',
            'logits',
          ]),
        );
        expect(names).not.toContain('stage4_block7_conv1');
        expect(names.at(-1)).toBe('logits');
      },
    );
  });

  it('keeps a 64x64 input at 64x64 into the stages (3x3/1 stem) and quarters 112 (7x7/2 + pool)', () => {
    withResNet(
      { architecture: 'resnet18', width: 0.125, inputSize: 64, classes: 2, seed: 1 },
      ({ model }) => {
        expect(
          ['stage2_block2_out', 'stage3_block2_out', 'stage4_block2_out', 'stage5_block2_out'].map((l) =>
            sizeOf(model, l),
          ),
        ).toEqual([64, 32, 16, 8]);
        expect(model.layers.map((layer) => layer.name)).not.toContain('stem_pool');
      },
    );
    withResNet(
      { architecture: 'resnet18', width: 0.125, inputSize: 112, classes: 2, seed: 1 },
      ({ model }) => {
        expect(['stage2_block2_out', 'stage5_block2_out'].map((l) => sizeOf(model, l))).toEqual([28, 4]);
      },
    );
  });

  it('outputs logits [batch, classes] and a [batch, embeddingSize] embedding', () => {
    withResNet(
      { architecture: 'resnet18', width: 0.125, inputSize: 64, classes: 5, embeddingSize: 32, seed: 1 },
      ({ model, embeddingLayer }) => {
        const embedder = tfl.model({ inputs: model.inputs, outputs: model.getLayer(embeddingLayer).output });
        const [logits, embedding] = tf.tidy(() => {
          const images = tf.randomUniform([2, 64, 64, 3], -1, 1, 'float32', 3);
          return [model.predict(images) as tf.Tensor, embedder.predict(images) as tf.Tensor];
        });
        expect(logits.shape).toEqual([2, 5]);
        expect(embedding.shape).toEqual([2, 32]);
        tf.dispose([logits, embedding]);
      },
    );
  });

  it('starts each residual branch at zero (last batch norm of a block has gamma 0)', () => {
    withResNet(
      { architecture: 'resnet18', width: 0.125, inputSize: 64, classes: 2, seed: 1 },
      ({ model }) => {
        const [gamma] = model.getLayer('stage3_block1_bn2').getWeights();
        const [firstGamma] = model.getLayer('stage3_block1_bn1').getWeights();
        expect(Math.max(...gamma!.dataSync().map(Math.abs))).toBe(0);
        expect(Math.min(...firstGamma!.dataSync())).toBe(1);
      },
    );
  });

  it('refuses options out of range, naming them', () => {
    const base = { architecture: 'resnet18', inputSize: 64, classes: 2, seed: 1 } as const;
    expect(() => buildResNet({ ...base, inputSize: 16 })).toThrow(
      'ResNet - inputSize must be an integer 32..160',
    );
    expect(() => buildResNet({ ...base, width: 4 })).toThrow('ResNet - width must be');
    expect(() => buildResNet({ ...base, classes: 1 })).toThrow('ResNet - classes');
  });
});

describe('buildResNet: seeded initialisation', () => {
  const weightsOf = (seed: number): Float32Array[] =>
    withResNet({ architecture: 'resnet18', width: 0.125, inputSize: 64, classes: 3, seed }, ({ model }) =>
      model.getWeights().map((weight) => weight.dataSync() as Float32Array),
    );

  it('builds the same weights from the same seed, different ones from another', () => {
    const first = weightsOf(7);
    expect(weightsOf(7)).toEqual(first);
    const other = weightsOf(8);
    const conv = first.findIndex((values) => values.length === 3 * 3 * 3 * 8); // stem kernel
    expect(other[conv]).not.toEqual(first[conv]);
  });

  it('gives every convolution its own seed (no two kernels of one shape are equal)', () => {
    withResNet(
      { architecture: 'resnet18', width: 0.125, inputSize: 64, classes: 3, seed: 7 },
      ({ model }) => {
        const a = model.getLayer('stage2_block1_conv1').getWeights()[0]!.dataSync();
        const b = model.getLayer('stage2_block1_conv2').getWeights()[0]!.dataSync();
        expect(a).not.toEqual(b);
      },
    );
  });
});

describe('buildResNet: training', () => {
  let built: BuiltResNet;
  afterAll(() => built?.model.dispose());

  it('learns two generated classes step by step without leaking tensors', () => {
    // 32x32 and batch 2: the cpu backend's filter gradient is slow (~2.5 s a step even here).
    const size = 32;
    const batch = 2;
    built = buildResNet({
      architecture: 'resnet18',
      width: 0.125,
      inputSize: size,
      classes: 2,
      embeddingSize: 16,
      seed: 3,
    });
    const { model } = built;
    // Class 0: bright left half; class 1: bright right half; plus seeded noise.
    const random = seededRandom(11);
    const labels = Array.from({ length: batch }, (_, i) => i % 2);
    const pixels = new Float32Array(batch * size * size * 3);
    for (let i = 0; i < pixels.length; i++) {
      const image = Math.floor(i / (size * size * 3));
      const column = Math.floor(i / 3) % size;
      const bright = column < size / 2 === (labels[image] === 0);
      pixels[i] = (bright ? 0.5 : -0.5) + (random() - 0.5) * 0.4;
    }
    const x = tf.tensor4d(pixels, [batch, size, size, 3]);
    const y = tf.tensor1d(labels, 'int32');
    const variables = trainableVariables(model);
    const optimizer = createOptimizer({ name: 'sgd', momentum: 0.9, weightDecay: 5e-4 });
    const losses: number[] = [];
    const counts: number[] = [];
    for (let step = 0; step < 3; step++) {
      const { value, grads } = tf.variableGrads(
        () => softmaxCrossEntropy(model.apply(x, { training: true }) as tf.Tensor, y, 0.1),
        variables,
      );
      optimizer.applyGradients(
        variables,
        variables.map((v) => grads[v.name]!),
        0.05,
      );
      losses.push(value.dataSync()[0]!);
      tf.dispose([value, grads]);
      counts.push(tf.memory().numTensors);
    }
    expect(losses.every(Number.isFinite)).toBe(true);
    for (let step = 1; step < losses.length; step++) expect(losses[step]).toBeLessThan(losses[step - 1]!);
    // The optimizer's slots appear at the first step; after that the count must not move.
    expect(new Set(counts.slice(1)).size).toBe(1);
    // Batch norm's moving statistics moved in training mode (they are not trainable variables).
    const movingMean = model.getLayer('stem_bn').getWeights()[2]!.dataSync();
    expect(Math.max(...movingMean.map(Math.abs))).toBeGreaterThan(0);
    tf.dispose([x, y]);
    optimizer.dispose();
  });
});
