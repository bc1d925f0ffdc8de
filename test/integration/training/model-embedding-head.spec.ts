import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEmbeddingHead } from '../../../src-main/training/models/heads';
import { trainableVariables } from '../../../src-main/training/models/model-variables';
import { createOptimizer } from '../../../src-main/training/optim/create-optimizer';
import { accuracy, softmaxCrossEntropy } from '../../../src-main/training/optim/loss';
import { seededRandom } from '../../../src-main/util/seeded-random';
import { initBackend } from '../../../src-main/vision/backend';

// cpu unless FACEATLAS_BACKEND names another: the same tests check wasm and native.
beforeAll(() => initBackend(process.env.FACEATLAS_BACKEND ?? 'cpu'));

const DIMS = 16;
const CLASSES = 4;

const unit = (v: number[]): number[] => {
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
};
const dot = (a: number[], b: number[]): number => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

/** Seeded embeddings around random class centres, `spread` the noise per dimension. */
function clusters(
  perClass: number,
  spread: number,
  seed: number,
): { x: number[][]; y: number[]; means: number[][] } {
  const random = seededRandom(seed);
  const gaussian = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: CLASSES }, () => unit(Array.from({ length: DIMS }, gaussian)));
  const x: number[][] = [];
  const y: number[] = [];
  centres.forEach((centre, c) => {
    for (let i = 0; i < perClass; i++) {
      x.push(unit(centre.map((value) => value + spread * gaussian())));
      y.push(c);
    }
  });
  const means = centres.map((_, c) => {
    const rows = x.filter((__, i) => y[i] === c);
    return Array.from({ length: DIMS }, (__, d) => rows.reduce((sum, row) => sum + row[d]!, 0) / rows.length);
  });
  return { x, y, means };
}

describe('buildEmbeddingHead', () => {
  it('starts from the class means: logits are scale x cosine to each mean, so it classifies by nearest centre', () => {
    const { x, y, means } = clusters(10, 0.35, 1);
    const { model, parameters } = buildEmbeddingHead({
      dims: DIMS,
      classes: CLASSES,
      classMeans: means,
      seed: 1,
      scale: 10,
    });
    expect(parameters).toBe(DIMS * CLASSES + 1);
    // Unnormalised inputs: the head normalises them itself.
    const logits = tf.tidy(() => model.predict(tf.mul(tf.tensor2d(x), 3)) as tf.Tensor2D);
    const values = logits.arraySync();
    const directions = means.map(unit);
    values.forEach((row, i) => {
      expect(row).toEqual(directions.map((d) => expect.closeTo(10 * dot(unit(x[i]!), d), 4) as unknown));
    });
    const nearest = x.map((row) =>
      directions.map((d) => dot(row, d)).reduce((best, s, c, all) => (s > all[best]! ? c : best), 0),
    );
    expect(values.map((row) => row.indexOf(Math.max(...row)))).toEqual(nearest);
    expect(nearest.filter((c, i) => c === y[i]).length).toBeGreaterThan(30);
    tf.dispose(logits);
    model.dispose();
  });

  it('trains: loss and accuracy improve on overlapping classes, from random directions too', () => {
    const { x, y, means } = clusters(25, 0.6, 2);
    // What classifying by the nearest sample mean gets: the bar a trained linear head should reach.
    const directions = means.map(unit);
    const nearestMean =
      x.filter((row, i) => {
        const scores = directions.map((d) => dot(row, d));
        return scores.indexOf(Math.max(...scores)) === y[i];
      }).length / x.length;
    const { model } = buildEmbeddingHead({ dims: DIMS, classes: CLASSES, seed: 3 });
    const [xs, ys] = [tf.tensor2d(x), tf.tensor1d(y, 'int32')];
    const variables = trainableVariables(model);
    const optimizer = createOptimizer({ name: 'adam' });
    const measure = (): [number, number] =>
      tf.tidy(() => {
        const logits = model.predict(xs) as tf.Tensor;
        return [softmaxCrossEntropy(logits, ys).dataSync()[0]!, accuracy(logits, ys).dataSync()[0]!];
      });
    const [lossBefore, accuracyBefore] = measure();
    const before = tf.memory().numTensors;
    for (let step = 0; step < 60; step++) {
      const { value, grads } = tf.variableGrads(
        () => softmaxCrossEntropy(model.apply(xs, { training: true }) as tf.Tensor, ys),
        variables,
      );
      optimizer.applyGradients(
        variables,
        variables.map((v) => grads[v.name]!),
        0.05,
      );
      tf.dispose([value, grads]);
      if (step === 0) expect(tf.memory().numTensors).toBeGreaterThan(before); // Adam's slots
    }
    const [lossAfter, accuracyAfter] = measure();
    expect(lossAfter).toBeLessThan(lossBefore * 0.5);
    expect(accuracyBefore).toBeLessThan(0.5); // random directions: about chance
    expect(accuracyAfter).toBeGreaterThanOrEqual(nearestMean);
    // The scale is trained with the directions.
    expect(model.getLayer('logits').getWeights()[1]!.dataSync()[0]).not.toBe(20);
    optimizer.dispose();
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('keeps a fixed scale out of the trainable weights', () => {
    const fixed = buildEmbeddingHead({ dims: DIMS, classes: CLASSES, seed: 1, learnScale: false });
    const learned = buildEmbeddingHead({ dims: DIMS, classes: CLASSES, seed: 1 });
    expect(fixed.model.trainableWeights.map((w) => w.shape)).toEqual([[DIMS, CLASSES]]);
    expect(learned.model.trainableWeights.map((w) => w.shape)).toEqual([[DIMS, CLASSES], [1]]);
    fixed.model.dispose();
    learned.model.dispose();
  });

  it('builds the same random directions from the same seed', () => {
    const kernel = (seed: number): Float32Array => {
      const { model } = buildEmbeddingHead({ dims: DIMS, classes: CLASSES, seed });
      const values = model.getLayer('logits').getWeights()[0]!.dataSync() as Float32Array;
      model.dispose();
      return values;
    };
    expect(kernel(5)).toEqual(kernel(5));
    expect(kernel(5)).not.toEqual(kernel(6));
  });

  it('saves and loads in tfjs format with the same outputs', async () => {
    const { x, means } = clusters(3, 0.3, 4);
    const { model } = buildEmbeddingHead({ dims: DIMS, classes: CLASSES, classMeans: means, seed: 1 });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler((artifacts) => {
        saved = artifacts;
        return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } });
      }),
    );
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
    const [a, b] = tf.tidy(() => [
      model.predict(tf.tensor2d(x)) as tf.Tensor,
      loaded.predict(tf.tensor2d(x)) as tf.Tensor,
    ]);
    expect([...b.dataSync()]).toEqual([...a.dataSync()]);
    tf.dispose([a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('refuses class means that do not fit', () => {
    expect(() =>
      buildEmbeddingHead({ dims: DIMS, classes: 2, classMeans: [new Float32Array(DIMS)], seed: 1 }),
    ).toThrow('EmbeddingHead - classMeans has 1 rows for 2 classes');
    expect(() =>
      buildEmbeddingHead({ dims: DIMS, classes: 2, classMeans: [new Float32Array(DIMS), [1, 2]], seed: 1 }),
    ).toThrow('classMeans[1] has 2 values, expected 16');
  });
});
