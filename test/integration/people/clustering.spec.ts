import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Container } from '../../../src-main/app/container';
import { seedPhoto } from '../../support/catalog-seed';
import { makeTempDir } from '../../support/temp';

/** A seeded generator, so that the identities are the same every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function normalise(vector: Float32Array): Float32Array {
  const norm = Math.hypot(...vector);
  return vector.map((v) => v / norm);
}

/** Identity centres far apart, and faces at about 0.23 from their centre (same person: < 0.5). */
function identities(count: number, next: () => number): { face(identity: number): Float32Array } {
  const gauss = (): number => Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
  const centres = Array.from({ length: count }, () => normalise(Float32Array.from({ length: 128 }, gauss)));
  return {
    face: (identity) => normalise((centres[identity] as Float32Array).map((v) => v + gauss() * 0.02)),
  };
}

describe('clusters and suggestions on a catalog', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let app: Container;
  const next = random(7);
  const people = identities(3, next);
  let photo = 0;
  /** Stores a photo holding one face of each given identity; returns the face ids. */
  const addPhoto = (...ids: number[]): number[] =>
    seedPhoto(
      app,
      photo++,
      ids.map((identity) => people.face(identity)),
    );
  const byIdentity: number[][] = [[], [], []];

  beforeAll(async () => {
    temp = await makeTempDir('clustering');
    app = new Container({ catalogDir: temp.dir, shell: 'cli' }).boot();
    for (let i = 0; i < 6; i++) {
      // Identities 1 and 2 are photographed together: never one cluster's faces in one photo.
      const [a, b] = addPhoto(1, 2) as [number, number];
      byIdentity[1]!.push(a);
      byIdentity[2]!.push(b);
      byIdentity[0]!.push(...addPhoto(0));
    }
  });

  afterAll(async () => {
    await app.shutdown();
    await temp.cleanup();
  });

  const view = (faceId: number) => app.peopleViews.faces().find((f) => f.id === faceId);

  it('suggests or labels the faces of a known person and clusters the others, one face per photo', () => {
    app.labeling.assign(byIdentity[0]!.slice(0, 2), 'Alice');
    const summary = app.clustering.recluster();
    for (const faceId of byIdentity[0]!.slice(2)) {
      expect(view(faceId)).toMatchObject({ person: 'Alice', by: 'auto' });
    }
    expect(summary).toEqual({ clusters: 2, assigned: 4, suggested: 0, unassigned: 0 });
    const clusterOf = (ids: number[]): Set<number | null> =>
      new Set(ids.map((id) => view(id)?.clusterId ?? null));
    expect(clusterOf(byIdentity[1]!).size).toBe(1);
    expect(clusterOf(byIdentity[2]!).size).toBe(1);
    expect([...clusterOf(byIdentity[1]!)][0]).not.toBe([...clusterOf(byIdentity[2]!)][0]);
  });

  it('names a cluster as a person, and undo takes the name back', () => {
    const cluster = view(byIdentity[1]![0]!)?.clusterId as number;
    app.labeling.nameCluster(cluster, 'Bob');
    expect(byIdentity[1]!.map((id) => view(id)?.person)).toEqual(Array(6).fill('Bob'));
    app.labeling.undo();
    expect(byIdentity[1]!.map((id) => view(id)?.person)).toEqual(Array(6).fill(null));
    app.labeling.redo();
  });

  it('places a newly indexed face incrementally: into its cluster, or to its person', () => {
    const [bob, carol] = addPhoto(1, 2) as [number, number];
    const [alice] = addPhoto(0) as [number];
    app.clustering.update();
    expect(view(bob)).toMatchObject({ person: 'Bob', by: 'auto' });
    expect(view(alice)).toMatchObject({ person: 'Alice', by: 'auto' });
    expect(view(carol)?.clusterId).toBe(view(byIdentity[2]![0]!)?.clusterId);
  });

  it('never suggests a person who rejected the face', () => {
    const face = byIdentity[0]![3]!;
    app.labeling.reject([face], 'Alice');
    app.clustering.recluster();
    expect(view(face)?.person).not.toBe('Alice');
  });
});
