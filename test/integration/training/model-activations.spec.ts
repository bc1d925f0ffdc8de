import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { layerActivations, listFeatureLayers } from '../../../src-main/training/models/activations';
import type { ArchitectureName } from '../../../src-main/training/models/architecture-catalog';
import { buildArchitecture } from '../../../src-main/training/models/architectures';
import { initBackend } from '../../../src-main/vision/backend';

beforeAll(() => initBackend(process.env.FACEATLAS_BACKEND ?? 'cpu'));

const build = (architecture: ArchitectureName): tfl.LayersModel =>
  buildArchitecture({ architecture, width: 0.125, inputSize: 32, classes: 3, seed: 1 }).model;

describe('listFeatureLayers', () => {
  it('names the stem and each stage by its output layer, in order, with its shape', () => {
    const model = build('resnet18');
    expect(listFeatureLayers(model)).toEqual([
      { stage: 'stem', layer: 'stem_relu', shape: [32, 32, 8] },
      { stage: 'stage2', layer: 'stage2_block2_out', shape: [32, 32, 8] },
      { stage: 'stage3', layer: 'stage3_block2_out', shape: [16, 16, 16] },
      { stage: 'stage4', layer: 'stage4_block2_out', shape: [8, 8, 32] },
      { stage: 'stage5', layer: 'stage5_block2_out', shape: [4, 4, 64] },
    ]);
    model.dispose();
  });

  it("finds every family's stage outputs (the last one is the Grad-CAM layer)", () => {
    const last = (architecture: ArchitectureName): string[] => {
      const model = build(architecture);
      const layers = listFeatureLayers(model).map((f) => f.layer);
      model.dispose();
      return layers;
    };
    expect(last('vgg16')).toEqual([
      'stage1_relu2',
      'stage2_relu2',
      'stage3_relu3',
      'stage4_relu3',
      'stage5_relu3',
    ]);
    expect(last('inception')).toEqual([
      'stem_3_relu',
      'stage3_block2_out',
      'stage4_block5_out',
      'stage5_block2_out',
    ]);
    expect(last('densenet121')).toEqual([
      'stem_relu',
      'stage2_block6_concat',
      'stage3_block12_concat',
      'stage4_block24_concat',
      'stage5_final_relu',
    ]);
  });
});

describe('layerActivations', () => {
  it("returns the named layers' activations with the listed shapes, sharing the model's weights", () => {
    const model = build('inception');
    const features = listFeatureLayers(model);
    const before = tf.memory().numTensors;
    const activations = layerActivations(model, [...features.map((f) => f.layer), 'embedding']);
    // No copy: not one tensor more, and the very same variables.
    expect(tf.memory().numTensors).toBe(before);
    // (All of them but the logits', which come after the last layer asked for.)
    const ids = (m: tfl.LayersModel): number[] => m.weights.map((w) => w.read().id);
    expect(ids(activations).length).toBe(model.weights.length - 2);
    expect(ids(model)).toEqual(expect.arrayContaining(ids(activations)));

    const image = tf.randomUniform([2, 32, 32, 3], -1, 1, 'float32', 5);
    const outputs = activations.predict(image) as tf.Tensor[];
    expect(outputs.map((o) => o.shape)).toEqual([...features.map((f) => [2, ...f.shape]), [2, 128]]);

    // A change to the model's weights shows in the activations: they are the same weights.
    const lastMap = (): Float32Array => {
      const maps = activations.predict(image) as tf.Tensor[];
      const values = maps.at(-2)!.dataSync() as Float32Array;
      tf.dispose(maps);
      return values;
    };
    const start = lastMap();
    const kernel = model.getLayer('stage5_block2_1x1_conv').getWeights()[0]!;
    model.getLayer('stage5_block2_1x1_conv').setWeights([tf.mul(kernel, 3)]);
    expect(lastMap()).not.toEqual(start);

    tf.dispose([image, ...outputs]);
    model.dispose(); // frees the shared weights: the activations model owns none of its own
    expect(tf.memory().numTensors).toBeLessThan(before);
  });

  it('refuses a layer the model does not have, naming it', () => {
    const model = build('vgg11');
    expect(() => layerActivations(model, ['stage9_relu1'])).toThrow('no layer "stage9_relu1"');
    expect(() => layerActivations(model, [])).toThrow('name at least one layer');
    model.dispose();
  });
});
