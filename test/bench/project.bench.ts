/**
 * `npm run bench -- project`: the embedding map's algorithms on the faces of LFW View 1 (about 5.5k):
 * seconds of PCA, UMAP and t-SNE (2D, the same code the projection worker runs, in this process) and the
 * trustworthiness (k = 10) of each map against the 128-d embeddings; plus kNN and PCA at larger sizes
 * on generated vectors. The catalog: FACEATLAS_PROJECT_CATALOG (a catalog with LFW View 1 imported, e.g.
 * `faceatlas import ../shared/datasets/lfw-view1/images --catalog DIR`), else the cluster bench's, which
 * is imported once under the temp folder. `--limit N` keeps the first N faces (quick runs).
 */
import path from 'node:path';
import { exactKnn, usearchKnn } from '../../src-main/projection/knn';
import { pca } from '../../src-main/projection/pca';
import { projectVectors } from '../../src-main/projection/project';
import type { ProjectionParams } from '../../src-main/projection/projection-types';
import { trustworthiness } from '../../src-main/projection/trustworthiness';
import { seededRandom } from '../../src-main/util/seeded-random';
import { datasetsDir, exists, printTable, type BenchOptions } from './bench-support';
import { ensureCatalog, personByFolder, readCatalog } from './cluster-data';

/** From the issue: seconds for the lfw-view1 faces on this machine. */
const targets: Record<ProjectionParams['method'], number> = { pca: 1, umap: 30, tsne: 90 };

/** The `project` suite: each part is its own function (the scatter bench adds its own call here). */
export async function benchProject(options: BenchOptions): Promise<void> {
  await benchProjectionAlgorithms(options);
  // The map's scatter in headless Chromium (SwiftShader): frame times while panning and zooming 100k points.
  await (await import('./scatter.bench')).benchScatter();
}

/** The algorithms on LFW View 1: seconds and trustworthiness; then kNN and PCA at larger sizes. */
export async function benchProjectionAlgorithms(options: BenchOptions): Promise<void> {
  const catalog = await lfwCatalog();
  if (!catalog) {
    console.log(
      'project bench: no LFW View 1 catalog (FACEATLAS_PROJECT_CATALOG or ../shared/datasets); skipped',
    );
    return;
  }
  const faces = readCatalog('LFW View 1', catalog, personByFolder);
  const n = options.limit ? Math.min(options.limit, faces.truth.length) : faces.truth.length;
  const d = faces.dim;
  const vectors = faces.vectors.subarray(0, n * d);
  const rows: Array<Record<string, string | number>> = [];
  const results: Record<
    string,
    { seconds: number; cpuSeconds: number; trustworthiness: number; target: number }
  > = {};
  for (const params of [
    { method: 'pca', dims: 2, seed: 1 },
    { method: 'umap', dims: 2, seed: 1, neighbors: 15, minDist: 0.1 },
    { method: 'tsne', dims: 2, seed: 1, perplexity: 30 },
  ] satisfies ProjectionParams[]) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const map = projectVectors({ params, vectors: vectors.slice(), n, d });
    const seconds = (performance.now() - started) / 1000;
    // CPU seconds too: on a shared machine the wall clock also counts the time other processes had.
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    const trust = trustworthiness(vectors, d, map.coords, params.dims, n, 10);
    const target = targets[params.method];
    results[params.method] = {
      seconds: round(seconds),
      cpuSeconds: round(cpuSeconds),
      trustworthiness: round(trust),
      target,
    };
    rows.push({
      method: params.method,
      points: n,
      seconds: seconds.toFixed(2),
      'cpu s': cpuSeconds.toFixed(2),
      target: `< ${target} s`,
      'trustworthiness k=10': trust.toFixed(4),
    });
    console.error(`project bench: ${params.method} done in ${seconds.toFixed(1)} s`);
  }
  printTable(`project bench: LFW View 1 faces (${path.basename(catalog)}), 2D, seed 1`, rows);
  const scale = scaleRows(n);
  console.log(JSON.stringify({ bench: 'project', points: n, dim: d, results, scale }));
}

/** Exact and HNSW kNN (k = 15 on PCA-50 vectors, as UMAP asks) and PCA at 5k, 20k and 100k generated rows. */
function scaleRows(lfwPoints: number): Array<Record<string, string | number>> {
  const rows: Array<Record<string, string | number>> = [];
  const row = (n: number, step: string, time: { seconds: number; cpuSeconds: number }) =>
    rows.push({ rows: n, step, seconds: time.seconds, 'cpu s': time.cpuSeconds });
  for (const n of [5_000, 20_000, 100_000]) {
    const next = seededRandom(n);
    const data = Float32Array.from({ length: n * 128 }, () => next() - 0.5);
    const reduced = timed(() => pca(data, n, 128, 50));
    row(n, 'PCA 128 -> 50', reduced);
    // Exact kNN is O(n²): timed where it finishes within a bench's patience, as is HNSW beside it.
    if (n > 20_000) continue;
    row(
      n,
      'exact kNN (JS)',
      timed(() => exactKnn(reduced.value.coords, n, 50, 15)),
    );
    row(
      n,
      'HNSW kNN (usearch, 1 thread)',
      timed(() => usearchKnn(reduced.value.coords, n, 50, 15)),
    );
  }
  printTable(`project bench: steps on generated 128-d rows (LFW above: ${lfwPoints} faces)`, rows);
  return rows;
}

/** Wall and CPU seconds of some work (the CPU ones say what it costs on a shared machine). */
function timed<T>(work: () => T): { value: T; seconds: number; cpuSeconds: number } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = work();
  const used = process.cpuUsage(cpu);
  return {
    value,
    seconds: round((performance.now() - started) / 1000),
    cpuSeconds: round((used.user + used.system) / 1e6),
  };
}

async function lfwCatalog(): Promise<string | undefined> {
  const given = process.env.FACEATLAS_PROJECT_CATALOG;
  if (given) return given;
  const images = path.join(datasetsDir, 'lfw-view1', 'images');
  return (await exists(images)) ? ensureCatalog('lfw', images) : undefined;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
