import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrainConfig } from '../../../src-main/training/config/train-config';
import { CosineDense } from '../../../src-main/training/models/heads';
import { marginLoss } from '../../../src-main/training/optim/margin-loss';
import { buildNetwork } from '../../../src-main/training/run/network';
import { runTrainer } from '../../../src-main/training/run/run-trainer';
import type { TrainerFace, TrainerRequest } from '../../../src-main/training/run/trainer-messages';
import { initTrainingBackend } from '../../../src-main/training/training-backend';
import type { BackendName } from '../../../src-main/vision/backend-names';
import { makeTempDir } from '../../support/temp';
import { writeClassCrop } from '../../support/training-fixture';

// A tiny verification run with ArcFace, in process: 3 generated people to train on (6 faces each), 2 other
// people held out (3 faces each: 6 same-person pairs), ResNet-18 at width 0.125 on 64x64, batch 6, 1 epoch.
const trainClasses = 3;
const trainPerClass = 6;
const testClasses = 2;
const testPerClass = 3;

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let backend: BackendName;
const train: TrainerFace[] = [];
const test: TrainerFace[] = [];

function request(config: Record<string, unknown>): TrainerRequest {
  return {
    runId: 1,
    config: parseTrainConfig({
      mode: 'scratch',
      width: 0.125,
      epochs: 1,
      batchSize: 6,
      learningRate: 0.02,
      split: { by: 'identity', testIdentities: testClasses },
      augment: false,
      seed: 5,
      ...config,
    }),
    catalogDir: temp.dir,
    runDir: path.join(temp.dir, 'run'),
    classes: Array.from({ length: trainClasses }, (_, index) => ({
      personId: index + 1,
      name: `P${index}`,
      index,
    })),
    train,
    val: [],
    test,
    resumeFrom: null,
  };
}

beforeAll(async () => {
  temp = await makeTempDir('train-margin-run');
  backend = (await initTrainingBackend()).backend;
  for (let c = 0; c < trainClasses + testClasses; c++) {
    const count = c < trainClasses ? trainPerClass : testPerClass;
    for (let i = 0; i < count; i++) {
      const crop = `media/faces/${c}-${i}.jpg`;
      await writeClassCrop(path.join(temp.dir, crop), c, i);
      (c < trainClasses ? train : test).push({
        faceId: c * 100 + i,
        personId: c + 1,
        personName: `P${c}`,
        crop,
      });
    }
  }
}, 120_000);
afterAll(async () => temp.cleanup());

describe('a margin-loss network', () => {
  it('ends in cosines (a CosineDense of fixed scale 1) and trains on the ArcFace loss of them', () => {
    const req = request({ loss: 'arcface', margin: 0.4, scale: 16 });
    const network = buildNetwork(req.config, req, [64, 64, 3]);
    try {
      expect(network.role).toBe('embedder');
      const logits = network.model.getLayer('logits');
      expect(logits).toBeInstanceOf(CosineDense);
      expect(logits.trainableWeights.map((w) => w.originalName)).toEqual(['logits/kernel']);
      const { loss } = network.training(3);
      const [cosines, expected, got] = tf.tidy(() => {
        const x = tf.randomUniform([2, 64, 64, 3], -1, 1, 'float32', 3);
        const out = network.model.apply(x, { training: false }) as tf.Tensor;
        const labels = tf.tensor1d([0, 2], 'int32');
        const options = { margin: 0.4, scale: 16, labelSmoothing: 0 };
        return [out, marginLoss('arcface', out, labels, options), loss(out, labels)];
      });
      expect(cosines.shape).toEqual([2, trainClasses]);
      expect(Math.max(...cosines.dataSync().map(Math.abs))).toBeLessThanOrEqual(1 + 1e-5);
      expect(got.dataSync()[0]).toBeCloseTo(expected.dataSync()[0]!, 5);
      tf.dispose([cosines, expected, got]);
    } finally {
      network.dispose();
    }
  });

  it('gives a head on frozen embeddings plain cosines too (scale 1, not trained)', () => {
    const dims = 8;
    const faces = train.map((face, k) => ({
      ...face,
      embedding: Float32Array.from({ length: dims }, (_, d) =>
        d === face.personId ? 1 : 0.1 * ((k + d) % 3),
      ),
    }));
    const req = { ...request({}), config: parseTrainConfig({ mode: 'head', loss: 'cosface' }), train: faces };
    const network = buildNetwork(req.config, req, [dims]);
    try {
      expect(network.model.trainableWeights.map((w) => w.originalName)).toEqual(['logits/kernel']);
      const out = tf.tidy(
        () =>
          network.model.apply(tf.tensor2d([Array.from(faces[0]!.embedding)]), {
            training: false,
          }) as tf.Tensor,
      );
      const cosines = out.dataSync();
      // Started from the class means: the face's own class is nearest, at a cosine, not a scaled logit.
      expect(cosines.indexOf(Math.max(...cosines))).toBe(0);
      expect(Math.max(...cosines.map(Math.abs))).toBeLessThanOrEqual(1 + 1e-5);
      tf.dispose(out);
    } finally {
      network.dispose();
    }
  });

  it('keeps a dense logits layer for softmax', () => {
    const req = request({ loss: 'softmax' });
    const network = buildNetwork(req.config, req, [64, 64, 3]);
    expect(network.model.getLayer('logits')).not.toBeInstanceOf(CosineDense);
    network.dispose();
  });
});

describe('an ArcFace run split by identity (trainer in process)', () => {
  it('completes and reports verification on the held-out people as an embedder', async () => {
    const outcome = await runTrainer(
      request({ loss: 'arcface' }),
      backend,
      new AbortController().signal,
      () => undefined,
    );
    expect(outcome).toMatchObject({ status: 'completed', role: 'embedder', model: 'model' });
    const { auc, eer, samePairs, differentPairs } = outcome.metrics;
    expect(auc).toBeGreaterThanOrEqual(0);
    expect(auc).toBeLessThanOrEqual(1);
    expect(eer).toBeGreaterThanOrEqual(0);
    expect(eer).toBeLessThanOrEqual(1);
    expect(samePairs).toBe(testClasses * 3);
    expect(differentPairs).toBeGreaterThan(0);
    expect(outcome.metrics.testAccuracy).toBeUndefined();
  }, 120_000);
});
