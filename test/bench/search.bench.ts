/**
 * `npm run bench -- search [--million]`: k=10 query latency and recall@10 against exact search on seeded
 * clustered unit 128-d vectors, at 10k and 100k faces (and 1M with --million: its graph takes tens of
 * minutes to build on two cores, so it is built once and cached under the temp folder), for brute force,
 * the usearch HNSW graph the index uses, PCA-reduced vectors and binary codes re-ranked exactly.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  encodeRows,
  fitCodeBasis,
  hammingCandidates,
  rerank,
} from '../../src-main/search/index/binary-codes';
import { exactNearest, type VectorSet } from '../../src-main/search/index/exact-search';
import { FaceGraph, graphSettings } from '../../src-main/search/index/graph';
import { fitPca, projectRows } from '../../src-main/search/index/pca';
import { TopK } from '../../src-main/search/index/top-k';
import { clusteredVectors, queriesNear } from '../unit/search/clustered-vectors';
import { recall } from '../unit/search/recall';
import { printTable, type BenchOptions } from './bench-support';

const dim = 128;
const k = 10;
const queryCount = 200;
const cacheDir = path.join(os.tmpdir(), 'faceatlas-search-bench');
type Row = Record<string, string | number>;

export async function benchSearch(_options: BenchOptions): Promise<void> {
  const sizes = [10_000, 100_000, ...(process.argv.includes('--million') ? [1_000_000] : [])];
  // The pinned version (usearch's exports do not include its package.json).
  const manifest = new URL('../../package.json', import.meta.url);
  const version =
    (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { dependencies: Record<string, string> }).dependencies[
      'usearch'
    ] ?? '?';
  const rows: Row[] = [];
  for (const count of sizes) rows.push(...(await benchSize(count, version)));
  printTable(
    `search: k=${k}, ${queryCount} queries, one thread, seeded clustered unit ${dim}-d vectors`,
    rows,
  );
}

async function benchSize(count: number, version: string): Promise<Row[]> {
  const vectors = clusteredVectors({ count, seed: 1 });
  const queries = queriesNear(vectors, dim, queryCount, 2);
  const set: VectorSet = { ids: Int32Array.from({ length: count }, (_, i) => i), vectors, dim };
  const query = (q: number): Float32Array => queries.subarray(q * dim, (q + 1) * dim);
  // Faces of people the index does not hold (new centres): the open-set queries search answers "unknown"
  // to, and the harder case for a graph (no tight cluster leads the walk to the answer).
  const strangers = clusteredVectors({ count: queryCount, seed: 99 });
  const stranger = (q: number): Float32Array => strangers.subarray(q * dim, (q + 1) * dim);
  const label = `${count / 1000}k`;

  const exact = timeQueries((q) => exactNearest(set, query(q), k).map((h) => h.row));
  const truth = exact.found;
  const strangerTruth = timeQueries((q) => exactNearest(set, stranger(q), k).map((h) => h.row)).found;
  const out: Row[] = [
    row(label, 'brute force (JS, exact)', exact, truth, {
      build: '-',
      file: '-',
      memory: mb(vectors.byteLength),
    }),
  ];

  // "t1": built on one thread (graphs of the earlier two-thread builds left faces unreachable; not reused).
  const graphFile = path.join(cacheDir, `${count}-m${graphSettings.connectivity}-t1.usearch`);
  const rssBefore = process.memoryUsage().rss;
  let buildMs = 0;
  let graph: FaceGraph;
  if (fs.existsSync(graphFile)) graph = FaceGraph.load(graphFile, dim);
  else {
    const started = performance.now();
    graph = FaceGraph.create(dim);
    graph.add(set.ids, vectors, dim, 0, count);
    buildMs = performance.now() - started;
    fs.mkdirSync(cacheDir, { recursive: true });
    graph.save(graphFile);
  }
  const memory = process.memoryUsage().rss - rssBefore;
  const build = buildMs ? `${(buildMs / 1000).toFixed(1)} s (1 thread)` : 'cached';
  const file = mb(fs.statSync(graphFile).size);
  // At 1M the search expansion is swept beyond the index's own: recall falls with the graph's size.
  const sweep = count >= 1_000_000 ? [256, 512] : [];
  for (const ef of [graphSettings.expansionSearch, ...sweep]) {
    if (ef !== graphSettings.expansionSearch) graph = FaceGraph.load(graphFile, dim, ef);
    const method = `usearch ${version} HNSW (M=16, efC=128, ef=${ef})`;
    const approx = timeQueries((q) => Array.from(graph.search(query(q), k).faceIds));
    out.push(row(label, method, approx, truth, { build, file, memory: mb(memory) }));
    const open = timeQueries((q) => Array.from(graph.search(stranger(q), k).faceIds));
    out.push(row(label, `${method}, strangers`, open, strangerTruth, { build, file, memory: mb(memory) }));
  }
  await Promise.resolve();

  let started = performance.now();
  const pca = fitPca(vectors, dim, 0.99);
  const reduced = projectRows(pca, vectors);
  const reducedQueries = projectRows(pca, queries);
  const pcaBuild = performance.now() - started;
  const pcaRun = timeQueries((q) => {
    const top = new TopK(k);
    const qv = reducedQueries.subarray(q * pca.count, (q + 1) * pca.count);
    for (let r = 0; r < count; r++) {
      let sum = 0;
      for (let d = 0; d < pca.count; d++) sum += (reduced[r * pca.count + d]! - qv[d]!) ** 2;
      top.push(r, -sum);
    }
    return top.sorted().map((h) => h.item);
  });
  out.push(
    row(label, `PCA ${pca.count} of ${dim} (99% variance), exact scan`, pcaRun, truth, {
      build: `${(pcaBuild / 1000).toFixed(1)} s`,
      file: '-',
      memory: mb(reduced.byteLength),
    }),
  );

  for (const bits of [64, 128]) {
    started = performance.now();
    const basis = fitCodeBasis(vectors, dim, bits);
    const codes = encodeRows(basis, vectors);
    const queryCodes = encodeRows(basis, queries);
    const codeBuild = performance.now() - started;
    const budget = Math.ceil(count / 100);
    const run = timeQueries((q) => {
      const candidates = hammingCandidates(
        codes,
        queryCodes.codes.subarray(q * codes.words, (q + 1) * codes.words),
        budget,
      );
      return rerank(vectors, dim, query(q), candidates, k).map((h) => h.row);
    });
    out.push(
      row(label, `${bits}-bit codes, Hamming top 1% then exact`, run, truth, {
        build: `${(codeBuild / 1000).toFixed(1)} s`,
        file: '-',
        memory: mb(codes.codes.byteLength),
      }),
    );
  }
  return out;
}

function timeQueries(search: (q: number) => number[]): { found: number[][]; ms: number[] } {
  for (let q = 0; q < 5; q++) search(q); // warm the JIT
  const found: number[][] = [];
  const ms: number[] = [];
  for (let q = 0; q < queryCount; q++) {
    const started = performance.now();
    found.push(search(q));
    ms.push(performance.now() - started);
  }
  return { found, ms: ms.sort((a, b) => a - b) };
}

function row(
  size: string,
  method: string,
  run: { found: number[][]; ms: number[] },
  truth: number[][],
  rest: Row,
): Row {
  const at = (p: number): string =>
    run.ms[Math.min(run.ms.length - 1, Math.floor(p * run.ms.length))]!.toFixed(2);
  return {
    size,
    method,
    'p50 ms': at(0.5),
    'p99 ms': at(0.99),
    'recall@10': recall(truth, run.found).toFixed(3),
    ...rest,
  };
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}
