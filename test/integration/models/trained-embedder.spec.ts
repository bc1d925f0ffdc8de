import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbedderSpec } from '../../../src-main/models/embedder-trained/embedder-spec';
import { folderLoadHandler } from '../../../src-main/models/embedder-trained/model-artifacts';
import { TrainedEmbedder } from '../../../src-main/models/embedder-trained/trained-embedder';
import { initBackend } from '../../../src-main/vision/backend';
import { makeTempDir } from '../../support/temp';
import { saveTinyEmbedder, saveTinyGraphModel } from '../../support/tiny-embedder';

describe('TrainedEmbedder', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let layers: EmbedderSpec;
  let graph: EmbedderSpec;
  const images = [0, 1, 2].map((k) => ({
    size: 32,
    data: Uint8Array.from({ length: 32 * 32 * 3 }, (_, i) => (i * (k + 3) * 37) % 256),
  }));

  beforeAll(async () => {
    // cpu unless FACEATLAS_BACKEND names another: CI runs this on wasm.
    await initBackend(process.env.FACEATLAS_BACKEND ?? 'cpu');
    temp = await makeTempDir('trained-embedder');
    const common = { inputSize: 32, normalization: 'unit', outputNode: null } as const;
    layers = {
      ...common,
      folder: path.join(temp.dir, 'layers'),
      format: 'layers',
      embeddingLayer: 'embedding',
    };
    graph = { ...common, folder: path.join(temp.dir, 'graph'), format: 'graph', embeddingLayer: null };
    await saveTinyEmbedder(layers.folder);
    await saveTinyGraphModel(graph.folder);
  });
  afterAll(async () => temp.cleanup());

  it("gives the embedding layer's output, normalised, not the class scores", async () => {
    const embedder = await TrainedEmbedder.load(layers);
    const vectors = await embedder.embed(images);
    embedder.dispose();
    const model = await tfl.loadLayersModel(folderLoadHandler(layers.folder));
    const upToEmbedding = tfl.model({ inputs: model.inputs, outputs: model.getLayer('embedding').output });
    const x = tf.tensor4d(
      Float32Array.from(images[1]!.data, (v) => v / 255),
      [1, 32, 32, 3],
    );
    const expected = tf.tidy(() => {
      const raw = upToEmbedding.predict(x) as tf.Tensor;
      return tf.div(raw, tf.norm(raw)).dataSync();
    });
    x.dispose();
    model.dispose();
    expect(vectors).toHaveLength(3);
    expect(vectors[1]).toHaveLength(128);
    vectors[1]!.forEach((value, d) => expect(value).toBeCloseTo(expected[d]!, 4));
  });

  it('leaves no tensor behind, layers or graph', async () => {
    for (const spec of [layers, graph]) {
      const before = tf.memory().numTensors;
      const embedder = await TrainedEmbedder.load(spec);
      await embedder.embed(images);
      await embedder.embed(images.slice(0, 1));
      embedder.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});
