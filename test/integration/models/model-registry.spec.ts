import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '../../../src-main/app/container';
import type { ModelEvaluation, ModelScores, ReembedSummary } from '../../../src-main/models/model-types';
import { initBackend } from '../../../src-main/vision/backend';
import { lastJson, runCli } from '../../support/cli';
import { makeTempDir } from '../../support/temp';
import { saveTinyEmbedder, saveTinyGraphModel, saveVectorModel } from '../../support/tiny-embedder';
import { seedPhoto } from '../../support/catalog-seed';
import { seedTrainingCatalog, writeClassCrop } from '../../support/training-fixture';

/**
 * The user's and folders' labels and every rejection: what switching embedders must never change
 * (suggestions and automatic labels are derived from the embeddings, and follow the embedder).
 */
function labelsOf(app: Container): unknown {
  return {
    faces: app.db
      .prepare(
        "SELECT id, person_id, assignment, assigned_by FROM faces WHERE assigned_by IN ('user', 'folder') ORDER BY id",
      )
      .all(),
    rejections: app.db.prepare('SELECT face_id, person_id FROM rejections ORDER BY face_id, person_id').all(),
  };
}

/** The fields `eval --json` promises, fractions in 0..1, on 4 faces each of 3 people (66 pairs). */
function expectScores(scores: ModelScores, model: number): void {
  expect(scores.model).toBe(model);
  expect(Object.keys(scores.verification)).toEqual(['accuracy', 'eer', 'tarAtFar1e3', 'pairs']);
  expect(scores.verification.pairs).toBe(66);
  expect(scores.identification.probes).toBe(12);
  expect(Object.keys(scores.clustering)).toEqual(['bcubedF']);
  const { accuracy, eer, tarAtFar1e3 } = scores.verification;
  for (const fraction of [
    accuracy,
    eer,
    tarAtFar1e3,
    scores.identification.rank1,
    scores.clustering.bcubedF,
  ]) {
    expect(fraction).toBeGreaterThanOrEqual(0);
    expect(fraction).toBeLessThanOrEqual(1);
  }
}

const demo = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')),
  'demo',
);

const embeddedBy = (app: Container, model: number): number =>
  app.repositories.embeddings.countEmbedded(model);

describe('model registry: import, switch the embedder and back, A/B report', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let app: Container;
  let catalogDir: string;
  let bundled: number;
  let trained: number;

  beforeAll(async () => {
    await initBackend('cpu');
    temp = await makeTempDir('models');
    ({ app, catalogDir } = await seedTrainingCatalog(temp.dir, 3, 6));
    bundled = app.models.embedder;
    // A face of Anna's that is not Bruno: a rejection the switch must keep.
    const annaFace = app.db
      .prepare("SELECT f.id FROM faces f JOIN people p ON p.id = f.person_id WHERE p.name = 'Anna' LIMIT 1")
      .get() as { id: number };
    app.labeling.reject([annaFace.id], 'Bruno');
    // Two faces nobody labeled: clustering places them under each embedder.
    for (const index of [100, 101]) {
      seedPhoto(app, index, [Float32Array.from({ length: 128 }, (_, d) => (d === index - 100 ? 1 : 0))]);
      await writeClassCrop(path.join(catalogDir, `media/faces/${index}-0.jpg`), 3, index);
    }
    // A trained run's model, where the train job saves it, registered as the job does.
    await saveTinyEmbedder(path.join(catalogDir, 'runs', '1', 'model'));
    trained = app.repositories.models.register({
      name: 'run-1-scratch',
      role: 'embedder',
      origin: 'trained',
      path: 'runs/1/model',
      metadata: { runId: 1 },
    });
  });
  afterAll(async () => {
    await app?.shutdown();
    await temp.cleanup();
  });

  it('switches to a trained model through a re-embedding job and back at once, keeping labels and embeddings', async () => {
    const before = labelsOf(app);
    expect(app.modelRegistry.activeId()).toBe(bundled);
    const started = await app.modelRegistry.use(trained);
    expect(started.jobId).not.toBeNull();
    const job = await app.jobs.waitFor(started.jobId as number);
    expect(job.state).toBe('done');
    const summary = job.result as ReembedSummary;
    expect(summary).toMatchObject({ model: trained, faces: 20, embedded: 20, skipped: 0, activated: true });
    expect(app.modelRegistry.activeId()).toBe(trained);
    expect(embeddedBy(app, trained)).toBe(20);
    expect(embeddedBy(app, bundled)).toBe(20);
    // Clusters were computed under the new embedder; people read its vectors.
    const clustered = app.db
      .prepare('SELECT COUNT(*) AS n FROM face_clusters WHERE model_id = ?')
      .get(trained) as { n: number };
    expect(clustered.n).toBeGreaterThan(0);
    expect(labelsOf(app)).toEqual(before);
    // The A/B report against the bundled embedder, on the user's own labels.
    expect(summary.report?.model).toBe(trained);
    expect(summary.report?.against?.model).toBe(bundled);
    expect(summary.report?.against?.identification.probes).toBe(18);
    expect(await app.modelRegistry.report(trained)).toEqual(summary.report);

    const back = await app.modelRegistry.use(bundled);
    expect(back.jobId).toBeNull();
    expect(app.modelRegistry.activeId()).toBe(bundled);
    expect(embeddedBy(app, trained)).toBe(20);
    expect(embeddedBy(app, bundled)).toBe(20);
    expect(labelsOf(app)).toEqual(before);
    // Switching to the trained model again is instant too: its embeddings were kept.
    expect((await app.modelRegistry.use(trained)).jobId).toBeNull();
    expect(app.modelRegistry.activeId()).toBe(trained);
    await app.modelRegistry.use(bundled);
  });

  it('gives faces imported while a trained model is active their vectors under both models', async () => {
    await app.modelRegistry.use(trained);
    const input = path.join(temp.dir, 'photos');
    await fs.mkdir(input, { recursive: true });
    await fs.copyFile(path.join(demo, 'sample1.jpg'), path.join(input, 'sample1.jpg'));
    const job = await app.jobs.waitFor(app.imports.start({ folders: [input], labelsFromFolders: false }));
    expect(job.state).toBe('done');
    expect(embeddedBy(app, bundled)).toBe(23);
    expect(embeddedBy(app, trained)).toBe(23);
    await app.modelRegistry.use(bundled);
  });

  it('imports a generated tfjs layers model folder and registers it as an embedder', async () => {
    const folder = path.join(temp.dir, 'tiny-export');
    await saveTinyEmbedder(folder, { seed: 5 });
    const model = await app.modelRegistry.import(folder, { name: 'tiny' });
    expect(model).toMatchObject({
      name: 'tiny',
      role: 'embedder',
      origin: 'imported',
      active: false,
      faces: 0,
      missing: 23,
    });
    const copied = path.join(catalogDir, 'models', 'imported', 'tiny');
    expect((await fs.readdir(copied)).sort()).toEqual(['faceatlas.json', 'model.json', 'weights.bin']);
    // Evaluating it embeds the labeled faces it needs.
    const scores = await app.modelRegistry.evaluate(model.id);
    expect(scores.identification.probes).toBe(18);
    expect(scores.against).toBeNull();
    // Only the labeled faces: the rest wait for a switch to this model.
    expect(embeddedBy(app, model.id)).toBe(18);
    // A switch embeds only the faces still missing, as a resumed job does after an interruption.
    const { jobId } = await app.modelRegistry.use(model.id);
    const job = await app.jobs.waitFor(jobId as number);
    expect(job.result).toMatchObject({ embedded: 5, faces: 23, activated: true });
    await app.modelRegistry.use(bundled);
  });

  it('makes an embedder of another length (64 values) the active one: people, clusters and search use it', async () => {
    const before = labelsOf(app);
    const folder = path.join(temp.dir, 'tiny-64');
    await saveTinyEmbedder(folder, { seed: 9, embeddingSize: 64 });
    const model = await app.modelRegistry.import(folder, { name: 'tiny-64' });
    const job = await app.jobs.waitFor((await app.modelRegistry.use(model.id)).jobId as number);
    try {
      expect(job.state).toBe('done');
      expect(job.result).toMatchObject({ faces: 23, embedded: 23, activated: true });
      expect(app.modelRegistry.activeId()).toBe(model.id);
      expect(labelsOf(app)).toEqual(before);
      const lengths = (): Set<number> =>
        new Set(app.repositories.clusters.vectors(model.id).map((row) => row.vector.byteLength / 4));
      expect(app.repositories.clusters.vectors(model.id)).toHaveLength(23);
      expect(lengths()).toEqual(new Set([64]));

      // Clustering, suggestions, a person's page and the review queue read 64 values a face.
      const summary = app.clustering.recluster();
      expect(summary.assigned + summary.suggested + summary.unassigned).toBeGreaterThan(0);
      const anna = app.peopleViews.people().find((p) => p.name === 'Anna')!;
      const page = app.peopleViews.person(anna.id);
      expect(page.faces.length).toBeGreaterThan(0);
      expect(page.faces.every((face) => face.distance !== null && face.distance >= 0)).toBe(true);
      expect(app.peopleViews.lookalikes(3)).toHaveLength(3);

      // Search by a face and by a person: the index holds the 64-value vectors.
      const annaFace = page.faces.find((face) => face.by === 'user')!;
      const byFace = await app.search.byFace(annaFace.id);
      expect(byFace.faces[0]!.matches.length).toBeGreaterThan(0);
      const byPerson = await app.search.byPerson('Anna');
      expect(byPerson.hits.length).toBeGreaterThanOrEqual(6);
      // A photo from disk is embedded with the active model, not the pipeline's bundled one: the demo photo
      // imported earlier finds its own catalog face at (almost) no distance.
      const photo = await fs.readFile(path.join(demo, 'sample1.jpg'));
      const byPhoto = await app.search.byPhoto(photo, { threshold: 2 });
      const nearest = byPhoto.faces.map((face) => face.matches[0]?.distance ?? 2);
      expect(nearest.length).toBeGreaterThan(0);
      expect(Math.min(...nearest)).toBeLessThan(0.05);

      // A face drawn, undone and redone: the bundled vector from the pipeline, 64 values from the active
      // model each time it comes back; the people views keep working throughout.
      const photoId = (
        app.db.prepare("SELECT id FROM photos WHERE path LIKE '%sample1.jpg'").get() as { id: number }
      ).id;
      await app.drawFace(photoId, { x: 40, y: 40, width: 120, height: 120 }, 'Drawn');
      const { drawnId } = app.db
        .prepare('SELECT MAX(id) AS drawnId FROM faces WHERE photo_id = ?')
        .get(photoId) as { drawnId: number };
      const vectorLength = (faceId: number, under: number): number | undefined =>
        app.repositories.embeddings.vector(faceId, under)?.byteLength;
      expect([vectorLength(drawnId, bundled), vectorLength(drawnId, model.id)]).toEqual([512, 256]);
      expect(lengths()).toEqual(new Set([64]));
      await app.stepLabels('undo');
      expect(vectorLength(drawnId, model.id)).toBeUndefined();
      await app.stepLabels('redo');
      expect([vectorLength(drawnId, bundled), vectorLength(drawnId, model.id)]).toEqual([512, 256]);
      expect(lengths()).toEqual(new Set([64]));
      app.clustering.recluster();
      expect(app.peopleViews.people().some((p) => p.name === 'Drawn')).toBe(true);
      await app.stepLabels('undo');
    } finally {
      await app.modelRegistry.use(bundled);
    }
    expect(labelsOf(app)).toEqual(before);
  });

  it('imports a graph model folder, asking for its normalisation, and embeds with it', async () => {
    const folder = path.join(temp.dir, 'graph');
    await saveTinyGraphModel(folder);
    await expect(app.modelRegistry.import(folder)).rejects.toThrow(/--normalization/);
    const model = await app.modelRegistry.import(folder, { normalization: 'unit' });
    expect(model).toMatchObject({ name: 'imported-graph', origin: 'imported', faces: 0 });
    const scores = await app.modelRegistry.evaluate(model.id, trained);
    expect(scores.identification.probes).toBe(18);
    expect(scores.against?.model).toBe(trained);
    // Its vectors are the mean colour projected: stored unit length, 128 values.
    const vector = app.repositories.embeddings.labeled(model.id)[0]!.vector;
    const values = new Float32Array(
      vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength),
    );
    expect(values).toHaveLength(128);
    expect(Math.hypot(...values)).toBeCloseTo(1, 5);
  });

  it('refuses broken folders with a message that says what is wrong, and registers nothing', async () => {
    const count = app.repositories.models.list().length;
    const broken = async (name: string, breakIt: (folder: string) => Promise<void>): Promise<string> => {
      const folder = path.join(temp.dir, name);
      await saveTinyEmbedder(folder);
      await breakIt(folder);
      return folder;
    };
    const noWeights = await broken('no-weights', (f) => fs.rm(path.join(f, 'weights.bin')));
    await expect(app.modelRegistry.import(noWeights)).rejects.toThrow(/weight file weights\.bin is missing/);
    const badJson = await broken('bad-json', (f) =>
      fs.writeFile(path.join(f, 'model.json'), '{"modelTopology": '),
    );
    await expect(app.modelRegistry.import(badJson)).rejects.toThrow(/model\.json is not valid JSON/);
    const short = await broken('short-weights', (f) => fs.truncate(path.join(f, 'weights.bin'), 100));
    await expect(app.modelRegistry.import(short)).rejects.toThrow(/hold 100 bytes; the manifest describes/);
    const vector = path.join(temp.dir, 'vector-model');
    await saveVectorModel(vector);
    await expect(app.modelRegistry.import(vector)).rejects.toThrow(
      /input of shape \[any, 64\].*\[batch, size, size, 3\]/,
    );
    const bare = await broken('bare', (f) => fs.rm(path.join(f, 'faceatlas.json')));
    await expect(app.modelRegistry.import(bare)).rejects.toThrow(/does not say how pixels are scaled/);
    await expect(app.modelRegistry.import(path.join(temp.dir, 'nowhere'))).rejects.toThrow(/no such folder/);
    expect(app.repositories.models.list()).toHaveLength(count);
  });

  it('exports a trained model folder that imports again', async () => {
    const target = path.join(temp.dir, 'exported');
    const exported = await app.modelRegistry.export(trained, target);
    expect(exported.files.sort()).toEqual(['faceatlas.json', 'model.json', 'weights.bin']);
    const again = await app.modelRegistry.import(target);
    expect(again.name).toBe('imported-exported');
  });
});

describe('faceatlas eval and models use (CLI)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let catalog: string;
  let trained: number;
  let bundled: number;

  beforeAll(async () => {
    await initBackend('cpu');
    temp = await makeTempDir('models-cli');
    const seeded = await seedTrainingCatalog(temp.dir, 3, 4);
    catalog = seeded.catalogDir;
    await saveTinyEmbedder(path.join(catalog, 'runs', '1', 'model'));
    bundled = seeded.app.models.embedder;
    trained = seeded.app.repositories.models.register({
      name: 'run-1-scratch',
      role: 'embedder',
      origin: 'trained',
      path: 'runs/1/model',
      metadata: { runId: 1 },
    });
    await seeded.app.shutdown();
  });
  afterAll(async () => temp.cleanup());

  it('models use ID --json re-embeds and prints {model, faces}; eval prints both models on the labels', async () => {
    const use = await runCli(['models', 'use', String(trained), '--catalog', catalog, '--json']);
    expect(use.code, use.stderr).toBe(0);
    expect(lastJson(use.stdout)).toEqual({ model: trained, faces: 12 });

    const result = await runCli([
      'eval',
      '--model',
      String(trained),
      '--against',
      String(bundled),
      '--catalog',
      catalog,
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const line = lastJson<ModelEvaluation>(result.stdout);
    expect(Object.keys(line)).toEqual(['model', 'verification', 'identification', 'clustering', 'against']);
    expectScores(line, trained);
    expect(Object.keys(line.against ?? {})).toEqual([
      'model',
      'verification',
      'identification',
      'clustering',
    ]);
    expectScores(line.against as ModelScores, bundled);
    // The fixture's bundled vectors sit near one direction per person: told apart perfectly.
    expect(line.against?.verification.accuracy).toBe(1);
    expect(line.against?.identification.rank1).toBe(1);
  });
});
