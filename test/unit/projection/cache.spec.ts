import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  faceSetSignature,
  normaliseParams,
  projectionKey,
} from '../../../src-main/projection/projection-key';
import { assignmentOf, labelledMap } from '../../../src-main/projection/projection-labels';
import { ProjectionStore, type StoredProjection } from '../../../src-main/projection/projection-store';
import { makeTempDir } from '../../support/temp';

const head = (value: number): Buffer => Buffer.from(new Float32Array([value, 0, 0, 0]).buffer);
const faces = [
  { id: 1, stamp: 10, head: head(0.1) },
  { id: 2, stamp: 11, head: head(0.2) },
  { id: 5, stamp: 12, head: head(0.3) },
];

describe('the cache key', () => {
  const umap = normaliseParams({ method: 'umap', dims: 2, seed: 1 });
  const key = projectionKey(7, umap, faceSetSignature(faces));

  it('changes with the face set: a face added, removed or re-embedded', () => {
    expect(
      projectionKey(7, umap, faceSetSignature([...faces, { id: 9, stamp: 13, head: head(0.4) }])),
    ).not.toBe(key);
    expect(projectionKey(7, umap, faceSetSignature(faces.slice(1)))).not.toBe(key);
    expect(
      projectionKey(7, umap, faceSetSignature([faces[0]!, faces[1]!, { id: 5, stamp: 14, head: head(0.3) }])),
    ).not.toBe(key);
    expect(projectionKey(7, umap, faceSetSignature(faces.map((f) => ({ ...f }))))).toBe(key);
  });

  it('changes when a deleted face comes back as another with the same id and rowid', () => {
    // SQLite reuses the largest rowids once their rows are deleted (a photo re-detected last).
    const reborn = [faces[0]!, faces[1]!, { id: 5, stamp: 12, head: head(-0.3) }];
    expect(projectionKey(7, umap, faceSetSignature(reborn))).not.toBe(key);
  });

  it('changes with the model, method, dims, seed and the method own parameters only', () => {
    const keyOf = (request: Parameters<typeof normaliseParams>[0], model = 7) =>
      projectionKey(model, normaliseParams(request), faceSetSignature(faces));
    expect(keyOf({ method: 'umap', dims: 2, seed: 1 }, 8)).not.toBe(key);
    expect(keyOf({ method: 'tsne', dims: 2, seed: 1 })).not.toBe(key);
    expect(keyOf({ method: 'umap', dims: 3, seed: 1 })).not.toBe(key);
    expect(keyOf({ method: 'umap', dims: 2, seed: 2 })).not.toBe(key);
    expect(keyOf({ method: 'umap', dims: 2, seed: 1, minDist: 0.5 })).not.toBe(key);
    // Defaults written out give the same map; PCA ignores t-SNE's and UMAP's parameters.
    expect(keyOf({ method: 'umap', dims: 2, seed: 1, neighbors: 15, minDist: 0.1 })).toBe(key);
    expect(keyOf({ method: 'pca', dims: 2, seed: 1, perplexity: 5 })).toBe(
      keyOf({ method: 'pca', dims: 2, seed: 1 }),
    );
  });
});

describe('the map store', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>> | undefined;
  afterAll(async () => temp?.cleanup());
  const map: StoredProjection = {
    key: 'ab'.repeat(16),
    model: 3,
    params: { method: 'pca', dims: 3, seed: 1 },
    seconds: 1.5,
    explained: [0.5, 0.25, 0.125],
    note: null,
    faceIds: Int32Array.from([4, 8]),
    coords: Float32Array.from([0, 0.5, -1, 1, 0.25, 0]),
  };

  it('reads back what it wrote, and treats a damaged file as absent', async () => {
    temp = await makeTempDir('projection-store');
    const store = new ProjectionStore(temp.dir);
    expect(store.read(map.key)).toBeUndefined();
    store.write(map);
    const read = store.read(map.key)!;
    expect({ ...read, faceIds: Array.from(read.faceIds), coords: Array.from(read.coords) }).toEqual({
      ...map,
      faceIds: [4, 8],
      coords: [0, 0.5, -1, 1, 0.25, 0],
    });
    const file = path.join(store.folder, `${map.key}.map`);
    fs.truncateSync(file, fs.statSync(file).size - 4);
    expect(store.read(map.key)).toBeUndefined();
    fs.writeFileSync(file, 'garbage');
    expect(store.read(map.key)).toBeUndefined();
  });
});

describe('labels on a map', () => {
  it('calls user and folder labels confirmed, suggestions and automatic labels suggested', () => {
    expect(assignmentOf({ personId: 1, assignment: 'confirmed', by: 'user' })).toBe('confirmed');
    expect(assignmentOf({ personId: 1, assignment: 'confirmed', by: 'folder' })).toBe('confirmed');
    expect(assignmentOf({ personId: 1, assignment: 'confirmed', by: 'auto' })).toBe('suggested');
    expect(assignmentOf({ personId: 1, assignment: 'suggested', by: 'auto' })).toBe('suggested');
    expect(assignmentOf({ personId: null, assignment: null, by: null })).toBeNull();
  });

  it('joins each point with its current person and cluster, and counts the people it names', () => {
    const stored: StoredProjection = {
      key: 'cd'.repeat(16),
      model: 3,
      params: { method: 'umap', dims: 2, seed: 1, neighbors: 15, minDist: 0.1 },
      seconds: 2,
      explained: [0.4],
      note: null,
      faceIds: Int32Array.from([1, 2, 3]),
      coords: Float32Array.from([0.123456, 0, 1, 1, -1, -1]),
    };
    const map = labelledMap(
      stored,
      [
        { id: 1, photoId: 40, personId: 9, assignment: 'confirmed', by: 'user', cluster: 0 },
        { id: 2, photoId: 40, personId: 9, assignment: 'suggested', by: 'auto', cluster: -1 },
        { id: 3, photoId: 41, personId: null, assignment: null, by: null, cluster: null },
      ],
      [
        { id: 9, name: 'Ada', hidden: 1 },
        { id: 10, name: 'Ben', hidden: 0 },
      ],
    );
    expect(map.personIds).toEqual([9, 9, null]);
    expect(map.assignments).toEqual(['confirmed', 'suggested', null]);
    expect(map.clusterIds).toEqual([0, null, null]);
    expect(map.people).toEqual([{ id: 9, name: 'Ada', faces: 2, hidden: true }]);
    expect(map.photoIds).toEqual([40, 40, 41]);
    // Coordinates to four decimals (a quarter of the JSON of a float32 written in full).
    expect(map.coords).toEqual([0.1235, 0, 1, 1, -1, -1]);
  });
});
