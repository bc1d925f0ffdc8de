import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createFaceIndexService,
  euclideanFromDot,
  type FaceIndexService,
} from '../../../src-main/search/index/face-index';
import { clusteredVectors, queriesNear } from '../../unit/search/clustered-vectors';
import { recall } from '../../unit/search/recall';
import { exactNearest } from '../../../src-main/search/index/exact-search';

const dim = 128;

/** A fake catalog: face id -> vector per model, read the way the cluster repository reads it. */
class FakeCatalog {
  readonly faces = new Map<number, Map<number, Float32Array>>();
  reads = 0;

  put(model: number, ids: number[], vectors: Float32Array): void {
    const faces = this.faces.get(model) ?? new Map<number, Float32Array>();
    ids.forEach((id, i) => faces.set(id, vectors.slice(i * dim, (i + 1) * dim)));
    this.faces.set(model, faces);
  }

  read = (model: number): { ids: number[]; vectors: Float32Array } => {
    this.reads++;
    const faces = [...(this.faces.get(model) ?? new Map<number, Float32Array>())].sort((a, b) => a[0] - b[0]);
    const vectors = new Float32Array(faces.length * dim);
    faces.forEach(([, v], i) => vectors.set(v, i * dim));
    return { ids: faces.map(([id]) => id), vectors };
  };

  /** Exact answer, the reference the service must match. */
  nearest(model: number, query: Float32Array, k: number): number[] {
    const { ids, vectors } = this.read(model);
    return exactNearest({ ids: Int32Array.from(ids), vectors, dim }, query, k).map(({ row }) => ids[row]!);
  }
}

const dot = (a: Float32Array, b: Float32Array): number => a.reduce((sum, v, d) => sum + v * b[d]!, 0);
const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);

describe('FaceIndexService', () => {
  let dir: string;
  let catalog: FakeCatalog;
  let service: FaceIndexService;
  const open = (approximateFrom = 1000): FaceIndexService =>
    createFaceIndexService({ catalogDir: dir, readVectors: catalog.read, approximateFrom });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faceatlas-index-'));
    catalog = new FakeCatalog();
  });
  afterEach(async () => {
    await service.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds the exact nearest faces, skips excluded ones and reports both metrics', async () => {
    const vectors = clusteredVectors({ count: 500, seed: 3 });
    catalog.put(1, range(1, 500), vectors);
    service = open();
    const query = vectors.slice(0, dim);
    const found = await service.nearest(1, query, 5);
    expect(found.map((n) => n.faceId)).toEqual(catalog.nearest(1, query, 5));
    expect(found[0]).toEqual({ faceId: 1, distance: expect.closeTo(0, 3) as number });
    const skipped = await service.nearest(1, query, 5, { exclude: new Set([1]) });
    expect(skipped.map((n) => n.faceId)).toEqual(
      found
        .slice(1)
        .map((n) => n.faceId)
        .concat(skipped[4]!.faceId),
    );
    const cosine = await service.nearest(1, query, 5, { metric: 'cosine' });
    cosine.forEach((n, i) => expect(n.distance).toBeCloseTo(found[i]!.distance ** 2 / 2, 5));
    const near = await service.within(1, query, found[2]!.distance + 1e-6);
    expect(near.map((n) => n.faceId)).toEqual(found.slice(0, 3).map((n) => n.faceId));
  });

  it('stays in step through add, remove, re-embed and a model switch, with a graph', async () => {
    const vectors = clusteredVectors({ count: 3000, seed: 4 });
    catalog.put(1, range(1, 2000), vectors.subarray(0, 2000 * dim));
    service = open();
    const probe = vectors.slice(2500 * dim, 2501 * dim); // face 2501, not yet imported
    expect((await service.nearest(1, probe, 1))[0]!.faceId).not.toBe(2501);

    catalog.put(1, [2501], probe); // added
    service.invalidate(1);
    expect((await service.nearest(1, probe, 1))[0]).toEqual({
      faceId: 2501,
      distance: expect.closeTo(0, 3) as number,
    });

    catalog.faces.get(1)!.delete(2501); // removed
    service.invalidate(1);
    expect((await service.nearest(1, probe, 3)).map((n) => n.faceId)).not.toContain(2501);

    const moved = vectors.slice(2600 * dim, 2601 * dim);
    catalog.put(1, [7], moved); // face 7 re-embedded
    service.invalidate(1);
    expect((await service.nearest(1, moved, 1))[0]!.faceId).toBe(7);
    expect((await service.nearest(1, vectors.slice(6 * dim, 7 * dim), 1))[0]!.faceId).not.toBe(7);

    catalog.put(2, [9001, 9002], vectors.slice(0, 2 * dim)); // another embedder model
    expect((await service.nearest(2, probe, 10)).map((n) => n.faceId).sort()).toEqual([9001, 9002]);
    expect((await service.rebuild(1)).faces).toBe(2000);
    // The graph is approximate: it must find the exact neighbours to the recall@10 >= 0.99, not
    // every one of them.
    const queries = queriesNear(catalog.read(1).vectors, dim, 50, 5);
    const truth: number[][] = [];
    const found: number[][] = [];
    let nearestFound = 0;
    for (let q = 0; q < 50; q++) {
      const query = queries.subarray(q * dim, (q + 1) * dim);
      const answer = await service.nearest(1, query, 10);
      found.push(answer.map((n) => n.faceId));
      truth.push(catalog.nearest(1, query, 10));
      // Its first answer is a nearest face: as near as the exact nearest one, up to float32 rounding (two
      // faces almost equally near may come in either order).
      const exact = euclideanFromDot(dot(catalog.faces.get(1)!.get(truth[q]![0]!)!, query));
      if (Math.abs(answer[0]!.distance - exact) < 1e-4) nearestFound++;
    }
    expect(recall(truth, found)).toBeGreaterThanOrEqual(0.99);
    // Every query: the misses CI saw were faces a two-thread build had left unreachable (see graph.ts).
    expect(nearestFound).toBe(50);
    catalog.put(1, [2501], probe); // a few changes are patched into the built graph
    service.invalidate(1);
    expect((await service.nearest(1, probe, 1))[0]!.faceId).toBe(2501);
  });

  it.each([
    ['deleted', (file: string) => fs.rmSync(file)],
    ['truncated', (file: string) => fs.truncateSync(file, fs.statSync(file).size - 100)],
    ['garbled', (file: string) => fs.writeFileSync(file, 'not an index')],
  ])('rebuilds when an index file is %s', async (_, damage) => {
    const vectors = clusteredVectors({ count: 1500, seed: 6 });
    catalog.put(1, range(1, 1500), vectors);
    service = open();
    await service.rebuild(1);
    await service.dispose();
    const files = fs.readdirSync(path.join(dir, 'index')).sort();
    expect(files).toEqual(['1.usearch', '1.vectors']);
    for (const file of files) {
      damage(path.join(dir, 'index', file));
      service = open();
      const query = vectors.slice(dim * 10, dim * 11);
      const found = (await service.nearest(1, query, 10)).map((n) => n.faceId);
      expect(recall([catalog.nearest(1, query, 10)], [found])).toBeGreaterThanOrEqual(0.9);
      expect(found[0]).toBe(11); // the query is face 11's own vector
      await service.rebuild(1);
      await service.dispose();
    }
    service = open();
  });

  it('reuses the persisted index when the catalog signature matches, and notices a changed one', async () => {
    const vectors = clusteredVectors({ count: 300, seed: 7 });
    catalog.put(1, range(1, 300), vectors);
    let stamp = 'a';
    const withSignature = (): FaceIndexService =>
      createFaceIndexService({ catalogDir: dir, readVectors: catalog.read, signature: () => stamp });
    service = withSignature();
    await service.nearest(1, vectors.slice(0, dim), 1);
    await service.dispose();
    const reads = catalog.reads;
    service = withSignature();
    expect((await service.nearest(1, vectors.slice(0, dim), 1))[0]!.faceId).toBe(1);
    expect(catalog.reads).toBe(reads);
    catalog.put(1, [500], vectors.slice(5 * dim, 6 * dim)); // another process imports a face
    stamp = 'b';
    expect(
      (await service.nearest(1, vectors.slice(5 * dim, 6 * dim), 2)).map((n) => n.faceId).sort(),
    ).toEqual([500, 6]);
  });

  it('rejects a cancelled rebuild at once', async () => {
    catalog.put(1, range(1, 5000), clusteredVectors({ count: 5000, seed: 8 }));
    service = open();
    const controller = new AbortController();
    const rebuilt = service.rebuild(1, controller.signal);
    controller.abort();
    await expect(rebuilt).rejects.toMatchObject({ name: 'AbortError' });
    expect((await service.nearest(1, catalog.read(1).vectors.slice(0, dim), 1))[0]!.faceId).toBe(1);
  });
});
