import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalogDb, type Db } from '../../../src-main/catalog/db';
import { FaceRepository, type NewFace } from '../../../src-main/catalog/face.repository';
import { LabelRepository, type LabelSource } from '../../../src-main/catalog/label.repository';
import { ModelRepository } from '../../../src-main/catalog/model.repository';
import { PersonRepository } from '../../../src-main/catalog/person.repository';
import { PhotoRepository } from '../../../src-main/catalog/photo.repository';
import { TrainingSetRepository } from '../../../src-main/catalog/training-set.repository';
import { buildTrainingDataset } from '../../../src-main/training/dataset/training-dataset';
import { makeTempDir } from '../../support/temp';

/** A face's vector: its id spread over 4 values, so a read-back vector says whose it is. */
const vectorOf = (n: number): Float32Array => Float32Array.from([n, n + 0.25, n + 0.5, -n]);

describe('TrainingSetRepository', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let db: Db;
  let repository: TrainingSetRepository;
  let embedder: number;
  let otherEmbedder: number;
  const face: Record<string, number> = {};
  const person: Record<string, number> = {};

  beforeAll(async () => {
    temp = await makeTempDir('training-set');
    db = openCatalogDb(path.join(temp.dir, 'catalog'));
    const models = new ModelRepository(db);
    const register = (name: string) =>
      models.register({ name, role: 'embedder', origin: 'bundled', path: name, metadata: {} });
    embedder = register('embedder-a');
    otherEmbedder = register('embedder-b');
    const photos = new PhotoRepository(db);
    const faces = new FaceRepository(db);
    const labels = new LabelRepository(db);
    const people = new PersonRepository(db);
    // Bea is created first, so she has the smaller id, and each photo's hash runs against the insert order:
    // the order is by name, then by photo content, never by catalog id (which depends on import order).
    person.bea = people.findOrCreate('Bea');
    person.ada = people.findOrCreate('Ada');
    const label = (
      name: string,
      who: string,
      by: LabelSource,
      assignment: 'confirmed' | 'suggested' = 'confirmed',
    ) =>
      labels.setLabel({
        id: face[name]!,
        personId: person[who]!,
        assignment,
        by,
        distance: null,
        dismissed: 0,
      });
    const names = [
      'ada1',
      'ada2',
      'adaAuto',
      'adaSuggested',
      'adaDismissed',
      'bea1',
      'beaFolder',
      'beaNoCrop',
      'beaOld',
      'unlabeled',
    ];
    names.forEach((name, i) => {
      const photoId = photos.insert({
        path: `/photos/${name}.jpg`,
        sha256: String(99 - i).padStart(64, '0'),
        bytes: 1,
        format: 'jpeg',
        width: 640,
        height: 480,
        takenAt: null,
        folderLabel: null,
        thumb: `media/thumbs/${i}.jpg`,
      });
      const newFace: NewFace = {
        box: { x: 10, y: 10, width: 100, height: 120 },
        landmarks: [],
        score: 0.9,
        quality: 0.5,
        wholeImage: false,
        crop: `media/faces/${name}.jpg`,
        embedding: vectorOf(i),
        detectorModel: null,
      };
      face[name] = faces.replaceForPhoto(photoId, [newFace], embedder)[0]!;
      if (name === 'beaOld') photos.markReplacedIfOrphaned(photoId);
    });
    label('ada1', 'ada', 'user');
    label('ada2', 'ada', 'user');
    label('adaAuto', 'ada', 'auto');
    label('adaSuggested', 'ada', 'auto', 'suggested');
    label('adaDismissed', 'ada', 'user');
    labels.setLabel({
      id: face.adaDismissed!,
      personId: person.ada,
      assignment: 'confirmed',
      by: 'user',
      distance: null,
      dismissed: 1,
    });
    label('bea1', 'bea', 'user');
    labels.setFolderLabel(face.beaFolder!, person.bea);
    label('beaNoCrop', 'bea', 'user');
    label('beaOld', 'bea', 'user');
    db.prepare('UPDATE faces SET crop = NULL WHERE id = ?').run(face.beaNoCrop);
    // Only ada1 and bea1 have a vector under the other embedder.
    const store = db.prepare('INSERT INTO embeddings (face_id, model_id, vector) VALUES (?, ?, ?)');
    for (const name of ['ada1', 'bea1'])
      store.run(face[name], otherEmbedder, Buffer.from(vectorOf(100 + face[name]!).buffer));
    repository = new TrainingSetRepository(db);
  });

  afterAll(async () => {
    db.close();
    await temp.cleanup();
  });

  it('lists confirmed user and folder labels with crops, by name then photo content, never auto ones unless asked', () => {
    const rows = repository.labeledFaces({ includeAuto: false });
    expect(rows.map((r) => r.faceId)).toEqual([face.ada2, face.ada1, face.beaFolder, face.bea1]);
    expect(rows[2]).toEqual({
      faceId: face.beaFolder,
      personId: person.bea,
      personName: 'Bea',
      photoId: expect.any(Number) as number,
      crop: 'media/faces/beaFolder.jpg',
      by: 'folder',
    });
    const withAuto = repository.labeledFaces({ includeAuto: true });
    expect(withAuto.map((r) => r.faceId)).toEqual([
      face.adaAuto,
      face.ada2,
      face.ada1,
      face.beaFolder,
      face.bea1,
    ]);
  });

  it('reads each face`s vector under the model asked for, leaving out faces it has none for', () => {
    const rows = repository.labeledFaces({ includeAuto: false, embedderModel: embedder });
    expect(rows.map((r) => r.faceId)).toEqual([face.ada2, face.ada1, face.beaFolder, face.bea1]);
    expect(Array.from(rows[1]!.embedding!)).toEqual(Array.from(vectorOf(0)));
    expect(rows[1]!.embedding).toBeInstanceOf(Float32Array);
    const other = repository.labeledFaces({ includeAuto: true, embedderModel: otherEmbedder });
    expect(other.map((r) => [r.faceId, r.embedding![0]])).toEqual([
      [face.ada1, 100 + face.ada1!],
      [face.bea1, 100 + face.bea1!],
    ]);
  });

  it('feeds a seeded split and its balance report', () => {
    const dataset = buildTrainingDataset(repository, { split: { by: 'image', testPerPerson: 1 }, seed: 4 });
    expect(dataset.split.classes).toEqual([
      { personId: person.ada, name: 'Ada', index: 0 },
      { personId: person.bea, name: 'Bea', index: 1 },
    ]);
    expect(dataset.split.train).toHaveLength(2);
    expect(dataset.split.test).toHaveLength(2);
    expect(dataset.balance.summary).toMatch(/^train 2 faces of 2 people/);
    expect(() =>
      buildTrainingDataset(repository, {
        split: { by: 'image', testPerPerson: 1 },
        seed: 4,
        minFacesPerPerson: 3,
      }),
    ).toThrow(/0 people left to train on \(0 held out, 2 with too few faces\)/);
  });
});
