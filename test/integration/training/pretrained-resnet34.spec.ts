import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrainConfig } from '../../../src-main/training/config/train-config';
import { normalizeInPlace } from '../../../src-main/training/dataset/normalization';
import { trainableVariables } from '../../../src-main/training/models/model-variables';
import { buildPretrainedResNet34 } from '../../../src-main/training/models/pretrained-resnet34';
import { buildNetwork, type Network } from '../../../src-main/training/run/network';
import type { TrainerRequest } from '../../../src-main/training/run/trainer-messages';
import { initTrainingBackend } from '../../../src-main/training/training-backend';
import { ResnetGraph } from '../../../src-main/vision/embedder-resnet/resnet-graph';
import { WeightMap } from '../../../src-main/vision/model-files';
import { VisionPipeline } from '../../../src-main/vision/pipeline';
import type { AnalyzedFace } from '../../../src-main/vision/types';
import { decodeRgb, SAMPLES } from '../vision/fixtures';

// ResNet-34 at 150x150 is heavy on wasm: 7 faces through the forward pass, 4 through 3 training steps.
const SIZE = 150;
/** Raw descriptors are ~0.01-0.3 per value; two summation orders differ by float rounding, far below this. */
const TOLERANCE = 1e-4;
/** Two made-up people, alternating over the first four demo faces: the fine-tune batch. */
const LABELS = [0, 1, 0, 1];

let faces: AnalyzedFace[] = [];
let network: Network | undefined;

beforeAll(async () => {
  await initTrainingBackend();
  const pipeline = await VisionPipeline.create();
  try {
    // sample1 (3 faces) and sample4 (4): the aligned chips and embeddings the app itself computes.
    for (const sample of [SAMPLES[0]!, SAMPLES[3]!]) {
      faces = [...faces, ...(await pipeline.analyze(await decodeRgb(sample.file), { flipFusion: false }))];
    }
  } finally {
    pipeline.dispose();
  }
});
afterAll(() => network?.dispose());

/** The chips as the dataset feeds them: unit values, then the 'dlib' normalisation. */
function chips(list: AnalyzedFace[]): tf.Tensor4D {
  const values = new Float32Array(list.length * SIZE * SIZE * 3);
  list.forEach((face, i) => {
    const image = values.subarray(i * SIZE * SIZE * 3, (i + 1) * SIZE * SIZE * 3);
    face.alignedCrop.data.forEach((pixel, j) => (image[j] = pixel / 255));
    normalizeInPlace(image, 'dlib');
  });
  return tf.tensor4d(values, [list.length, SIZE, SIZE, 3]);
}

/** Raw pixels 0..255, what the inference graph takes. */
function pixels(list: AnalyzedFace[]): tf.Tensor4D {
  const values = new Float32Array(list.length * SIZE * SIZE * 3);
  list.forEach((face, i) => values.set(face.alignedCrop.data, i * SIZE * SIZE * 3));
  return tf.tensor4d(values, [list.length, SIZE, SIZE, 3]);
}

/** A run's request for the fine-tune batch: two people, each face with its bundled vector. */
function request(): TrainerRequest {
  const config = parseTrainConfig({ mode: 'finetune' });
  return {
    runId: 1,
    config,
    catalogDir: '',
    runDir: '',
    classes: [0, 1].map((index) => ({ personId: 10 + index, name: `person ${index}`, index })),
    train: LABELS.map((label, i) => ({
      faceId: i + 1,
      personId: 10 + label,
      personName: `person ${label}`,
      crop: '',
      embedding: faces[i]!.embedding,
    })),
    val: [],
    test: [],
    resumeFrom: null,
  };
}

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor): number =>
  tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

/** Every weight of the layers whose name starts with `prefix`, copied out. */
const weightsOf = (model: tfl.LayersModel, prefix: string): Float32Array[] =>
  model.layers
    .filter((layer) => layer.name.startsWith(prefix))
    .flatMap((layer) => layer.getWeights().map((w) => w.dataSync() as Float32Array));

/** The layers that own a model's trainable weights, once each per weight. */
const trainableLayers = (model: tfl.LayersModel): string[] =>
  model.trainableWeights.map((weight) => weight.originalName.split('/')[0]!);

describe('pretrained ResNet-34 (mode "finetune")', () => {
  it("gives the inference graph's embeddings on the demo faces before any training", () => {
    expect(faces).toHaveLength(7);
    const req = request();
    network = buildNetwork(req.config, req, [SIZE, SIZE, 3]);
    const graph = WeightMap.build('face_recognition_model', (weights) => ResnetGraph.fromWeights(weights));
    const trainable = network.embedder().predict(chips(faces)) as tf.Tensor2D;
    const reference = tf.tidy(() => graph.forward(pixels(faces)));
    graph.dispose();
    const rawDiff = maxAbsDiff(trainable, reference);
    // The app's stored vectors are the L2-normalised descriptors.
    const unitDiff = tf.tidy(() =>
      maxAbsDiff(
        tf.div(trainable, tf.norm(trainable, 'euclidean', 1, true)),
        tf.tensor2d(
          faces.flatMap((face) => [...face.embedding]),
          [faces.length, 128],
        ),
      ),
    );
    console.info(`pretrained ResNet-34 vs inference graph: max |raw diff| ${rawDiff}, unit ${unitDiff}`);
    expect(rawDiff).toBeLessThan(TOLERANCE);
    expect(unitDiff).toBeLessThan(TOLERANCE);
    tf.dispose([trainable, reference]);
  });

  it('lowers the loss over fine-tune steps on generated labels, frozen stages unchanged, no leak', async () => {
    const { model, optimizer, loss, learningRateAt } = network!.training(1);
    const x = chips(faces.slice(0, LABELS.length));
    const y = tf.tensor1d(LABELS, 'int32');
    const variables = trainableVariables(model);
    const frozenBefore = weightsOf(model, 'conv128_2_');
    const trainedBefore = weightsOf(model, 'conv256_down_out_');
    const losses: number[] = [];
    const counts: number[] = [];
    // As the trainer loop takes a step, with the finetune defaults (SGD with momentum at 1e-3).
    for (let step = 0; step < 3; step++) {
      const { value, grads } = tf.variableGrads(
        () => loss(model.apply(x, { training: true }) as tf.Tensor, y),
        variables,
      );
      optimizer.applyGradients(
        variables,
        variables.map((v) => grads[v.name]!),
        learningRateAt(step),
      );
      losses.push((await value.data())[0]!);
      tf.dispose([value, grads]);
      counts.push(tf.memory().numTensors);
    }
    console.info(`pretrained ResNet-34 fine-tune losses: ${losses.join(', ')}`);
    for (let step = 1; step < losses.length; step++) expect(losses[step]).toBeLessThan(losses[step - 1]!);
    // Stage 3 (frozen by default) did not move; stage 5 did.
    expect(weightsOf(model, 'conv128_2_')).toEqual(frozenBefore);
    expect(weightsOf(model, 'conv256_down_out_')).not.toEqual(trainedBefore);
    // The optimizer's slots appear at the first step; after that the count must not move.
    expect(counts[2]).toBe(counts[1]);
    tf.dispose([x, y]);
  });

  it('trains only the stages after the freeze point', () => {
    const stage3 = network!.model;
    expect(trainableLayers(stage3)).not.toContain('conv128_2_conv2');
    expect(trainableLayers(stage3)).toEqual(
      expect.arrayContaining(['conv256_down_conv1', 'conv256_down_out_scale2', 'embedding', 'logits']),
    );
    const all = buildPretrainedResNet34({ classes: 2, seed: 1, freeze: 'none' });
    const head = buildPretrainedResNet34({ classes: 2, seed: 1, freeze: 'stage5' });
    try {
      const stage3Count = trainableVariables(stage3).reduce((sum, v) => sum + v.size, 0);
      expect(all.trainableParameters).toBe(all.parameters);
      expect(trainableLayers(head.model)).toEqual(['embedding', 'logits', 'logits']);
      expect(stage3Count).toBeLessThan(all.trainableParameters);
      expect(stage3Count).toBeGreaterThan(head.trainableParameters);
      console.info(
        `pretrained ResNet-34 parameters: ${all.parameters}; trainable with freeze none ` +
          `${all.trainableParameters}, stage3 ${stage3Count}, stage5 ${head.trainableParameters}`,
      );
    } finally {
      all.model.dispose();
      head.model.dispose();
    }
  });

  it('saves and loads back in the tfjs layers format (its custom layers are registered)', async () => {
    const model = network!.model;
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler((artifacts) => {
        saved = artifacts;
        return Promise.resolve({ modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) });
      }),
    );
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
    const x = chips(faces.slice(4, 6));
    const [before, after] = [model, loaded].map((m) => m.predict(x) as tf.Tensor);
    expect(maxAbsDiff(before!, after!)).toBe(0);
    expect(loaded.getLayer('conv128_2_conv2').trainable).toBe(false);
    tf.dispose([x, before!, after!]);
    loaded.dispose();
  });
});
