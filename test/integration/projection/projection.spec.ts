import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Container } from '../../../src-main/app/container';
import { projectInWorker } from '../../../src-main/projection/projection-client';
import type {
  ProjectionMap,
  ProjectionRequest,
  ProjectSummary,
} from '../../../src-main/projection/projection-views';
import { seedPhoto } from '../../support/catalog-seed';
import { lastJson, runCli } from '../../support/cli';
import { makeTempDir } from '../../support/temp';
import { clusteredRows, separated } from '../../unit/projection/generated';

/**
 * The projection service on a real catalog: three generated people of 12 faces (3 per photo), the first
 * labeled by the user, one face dismissed. Maps are computed by the `project` job in the real worker.
 */
describe('embedding maps on a catalog', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let app: Container;
  const rows = clusteredRows(3, 12, 128, 21);
  const faceIds: number[] = [];
  let dismissed: number;

  const computed = async (request: ProjectionRequest): Promise<ProjectionMap> => {
    const first = app.projections.map(request);
    if (first.state === 'ready') return first.map;
    const job = await app.jobs.waitFor(first.jobId);
    expect(job.state).toBe('done');
    const second = app.projections.map(request);
    if (second.state !== 'ready') throw new Error('the map was not cached');
    return second.map;
  };

  beforeAll(async () => {
    temp = await makeTempDir('projection');
    app = new Container({ catalogDir: temp.dir, shell: 'cli' }).boot();
    for (let p = 0; p < rows.n / 3; p++) {
      const embeddings = [0, 1, 2].map((k) => rows.data.slice((p * 3 + k) * 128, (p * 3 + k + 1) * 128));
      faceIds.push(...seedPhoto(app, p, embeddings));
    }
    app.labeling.assign(
      faceIds.filter((_, i) => rows.truth[i] === 0),
      'Ada',
    );
    dismissed = faceIds[1]!;
    app.labeling.dismiss([dismissed]);
  });

  afterAll(async () => {
    await app?.shutdown();
    await temp?.cleanup();
  });

  it('computes a PCA map in a job, caches it, and joins every face with its current labels', async () => {
    const request = { method: 'pca', dims: 2, seed: 1 } as const;
    const first = app.projections.map(request);
    expect(first.state).toBe('computing');
    // Asked again while it computes: the same job, not a second one.
    if (first.state === 'computing') expect(app.projections.map(request)).toEqual(first);
    const map = await computed(request);
    expect(map.faceIds).toEqual(faceIds.filter((id) => id !== dismissed));
    expect(map.coords).toHaveLength(map.faceIds.length * 2);
    expect(map.explainedVariance).toHaveLength(2);
    const ada = app.repositories.people.findByName('Ada');
    map.faceIds.forEach((id, i) => {
      const own = rows.truth[faceIds.indexOf(id)] === 0;
      expect(map.personIds[i]).toBe(own ? ada : null);
      expect(map.assignments[i]).toBe(own ? 'confirmed' : null);
    });
    expect(map.people).toEqual([{ id: ada, name: 'Ada', faces: 12, hidden: false }]);
    expect(fs.readdirSync(path.join(temp.dir, 'projections'))).toEqual([`${map.key}.map`]);
  });

  it('reads labels at each call: a new label shows on the cached map', async () => {
    const before = await computed({ method: 'pca', dims: 2, seed: 1 });
    // Not the dismissed face: labeling a face brings it back.
    const face = faceIds.find((id, i) => rows.truth[i] === 1 && id !== dismissed)!;
    app.labeling.assign([face], 'Ben');
    const after = await computed({ method: 'pca', dims: 2, seed: 1 });
    expect(after.key).toBe(before.key);
    expect(after.personIds[after.faceIds.indexOf(face)]).toBe(app.repositories.people.findByName('Ben'));
  });

  it('keeps the three people apart with UMAP and t-SNE, in the worker', async () => {
    for (const method of ['umap', 'tsne'] as const) {
      const map = await computed({
        method,
        dims: 2,
        seed: 1,
        ...(method === 'umap' ? { neighbors: 8 } : { perplexity: 8 }),
      });
      const truth = Int32Array.from(map.faceIds, (id) => rows.truth[faceIds.indexOf(id)]!);
      expect(separated(Float32Array.from(map.coords), 2, truth)).toBe(true);
      expect(map.explainedVariance.length).toBeGreaterThan(2);
    }
  });

  it('makes a new map when the face set changes', async () => {
    const before = await computed({ method: 'pca', dims: 3, seed: 1 });
    app.labeling.dismiss([dismissed], false);
    const next = app.projections.map({ method: 'pca', dims: 3, seed: 1 });
    expect(next.state).toBe('computing');
    const after = await computed({ method: 'pca', dims: 3, seed: 1 });
    expect(after.key).not.toBe(before.key);
    expect(after.faceIds).toContain(dismissed);
  });

  it('cancels a running job: nothing cached, the job cancelled', async () => {
    const request = { method: 'tsne', dims: 3, seed: 9, perplexity: 5 } as const;
    const first = app.projections.map(request);
    if (first.state !== 'computing') throw new Error('expected a job');
    // Cancelled as soon as it runs (the worker is starting or computing).
    const stop = app.events.onAny((name, payload) => {
      if (
        name === 'job.progress' &&
        'id' in payload &&
        payload.id === first.jobId &&
        payload.state === 'running'
      ) {
        app.jobs.cancel(first.jobId);
      }
    });
    const job = await app.jobs.waitFor(first.jobId);
    stop();
    expect(job.state).toBe('cancelled');
    const again = app.projections.map(request);
    expect(again.state).toBe('computing');
    if (again.state === 'computing') {
      expect(again.jobId).not.toBe(first.jobId);
      app.jobs.cancel(again.jobId);
      await app.jobs.waitFor(again.jobId);
    }
  });

  it("runFaces gives a run's test split; an unknown run is not found", () => {
    app.labeling.assign(
      faceIds.filter((_, i) => rows.truth[i] === 1),
      'Ben',
    );
    const run = app.repositories.runs.create({
      mode: 'head',
      split: { by: 'image', testPerPerson: 2 },
      seed: 3,
    });
    const test = app.projections.runFaces(run).faceIds;
    // Ada's and Ben's 12 labeled faces each: 2 of each are test faces.
    const person = (id: number) => rows.truth[faceIds.indexOf(id)];
    expect(test.map(person).sort()).toEqual([0, 0, 1, 1]);
    expect(app.projections.runFaces(run).faceIds).toEqual(test);
    expect(() => app.projections.runFaces(run + 100)).toThrow(/no run/);
  });

  it('faceatlas project --json prints exactly {method, points, seconds}, the same seconds on a cache hit', async () => {
    const args = ['project', '--method', 'umap', '--neighbors', '6', '--catalog', temp.dir, '--json'];
    const first = await runCli(args);
    expect(first.code).toBe(0);
    const json = lastJson<Omit<ProjectSummary, 'key' | 'dims'>>(first.stdout);
    expect(Object.keys(json)).toEqual(['method', 'points', 'seconds']);
    expect(json).toMatchObject({ method: 'umap', points: faceIds.length });
    expect(json.seconds).toBeGreaterThan(0);
    const second = await runCli(args);
    expect(lastJson(second.stdout)).toEqual(json);
    const bad = await runCli(['project', '--method', 'mds', '--catalog', temp.dir, '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--method "mds"/);
    // The API's bounds, named by flag.
    const far = await runCli(['project', '--method', 'tsne', '--perplexity', '500', '--catalog', temp.dir]);
    expect(far.code).toBe(2);
    expect(far.stderr).toMatch(/--perplexity "500".*<=100/);
  });
});

describe('the projection worker', () => {
  it('reports progress, and a cancel mid-layout ends it at once', async () => {
    const { data, n } = clusteredRows(4, 500, 128, 3);
    const controller = new AbortController();
    const phases = new Set<string>();
    let abortedAt = 0;
    const running = projectInWorker(
      { params: { method: 'umap', dims: 2, seed: 1, neighbors: 15, minDist: 0.1 }, vectors: data, n, d: 128 },
      controller.signal,
      (event) => {
        phases.add(event.phase);
        if (event.phase === 'layout' && !controller.signal.aborted) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    );
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    // Not waited for: the layout's remaining epochs of 2000 points take seconds (the worker is ended).
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    expect([...phases]).toEqual(['pca', 'neighbours', 'layout']);
    // The vectors were moved to the worker, not copied.
    expect(data.length).toBe(0);
  });
});
