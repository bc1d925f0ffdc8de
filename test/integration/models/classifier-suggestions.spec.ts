import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '../../../src-main/app/container';
import { saveLayersModel } from '../../../src-main/training/run/save-model';
import { initBackend } from '../../../src-main/vision/backend';
import { seedPhoto } from '../../support/catalog-seed';
import { makeTempDir } from '../../support/temp';
import { seedTrainingCatalog, trainingClassNames } from '../../support/training-fixture';

/** The mean of a person's labeled bundled vectors, unit length. */
function centreOf(app: Container, personId: number): Float32Array {
  const rows = app.repositories.embeddings
    .labeled(app.models.embedder)
    .filter((r) => r.personId === personId);
  const sum = new Float32Array(128);
  for (const row of rows) {
    const v = new Float32Array(row.vector.buffer.slice(row.vector.byteOffset, row.vector.byteOffset + 512));
    v.forEach((x, d) => (sum[d]! += x));
  }
  const norm = Math.hypot(...sum);
  return sum.map((x) => x / norm);
}

describe('a trained classifier suggests people for open faces', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let app: Container;
  let head: number;
  let people: number[];
  let open: number;
  let rejected: number;

  beforeAll(async () => {
    await initBackend('cpu');
    temp = await makeTempDir('classifier');
    let catalogDir: string;
    ({ app, catalogDir } = await seedTrainingCatalog(temp.dir, 3, 4));
    people = trainingClassNames.slice(0, 3).map((name) => app.repositories.people.findByName(name)!);
    const centres = people.map((id) => centreOf(app, id));
    // A head as a run saves one: logits = 20 x cosine to each person's centre.
    const model = tfl.sequential({
      layers: [tfl.layers.dense({ units: 3, useBias: false, inputShape: [128], name: 'logits' })],
    });
    const kernel = new Float32Array(128 * 3);
    centres.forEach((centre, c) => centre.forEach((x, d) => (kernel[d * 3 + c] = 20 * x)));
    model.getLayer('logits').setWeights([tf.tensor2d(kernel, [128, 3])]);
    await saveLayersModel(model, path.join(catalogDir, 'runs', '2', 'model'), {
      config: { mode: 'head' },
      classes: people.map((personId, index) => ({ personId, name: trainingClassNames[index], index })),
      embeddingLayer: model.inputs[0]!.name,
    });
    model.dispose();
    head = app.repositories.models.register({
      name: 'run-2-head',
      role: 'classifier',
      origin: 'trained',
      path: 'runs/2/model',
      metadata: {},
    });
    // Two open faces that look like the second person; the user said one of them is not them.
    open = seedPhoto(app, 200, [centres[1]!])[0]!;
    rejected = seedPhoto(app, 201, [centres[1]!])[0]!;
    app.labeling.reject([rejected], trainingClassNames[1]!);
    // The catalog's own suggestions follow a label change a second later: let them settle first.
    await new Promise((resolve) => setTimeout(resolve, 1500));
  });
  afterAll(async () => {
    await app?.shutdown();
    await temp.cleanup();
  });

  it('suggests the person for the open face, never a rejected one, and writes nothing', async () => {
    const labels = app.db.prepare('SELECT id, person_id, assignment, assigned_by FROM faces ORDER BY id');
    const before = labels.all();
    const suggestions = await app.modelRegistry.suggest(head, 0.9, 100);
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]).toMatchObject({ faceId: open, personId: people[1], name: trainingClassNames[1] });
    expect(suggestions[0]!.probability).toBeGreaterThan(0.9);
    expect(labels.all()).toEqual(before);
  });

  it('refuses a model that is not a classifier trained here', async () => {
    await expect(app.modelRegistry.suggest(app.models.embedder, 0.9, 10)).rejects.toThrow(/not a classifier/);
  });
});
