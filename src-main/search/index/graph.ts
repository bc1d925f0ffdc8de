import { createRequire } from 'node:module';
import type * as Usearch from 'usearch';

/**
 * usearch's ESM build finds its native binary from a stack trace, which points elsewhere inside a worker
 * started from source (it failed with "No native build was found"); its CommonJS build uses __dirname.
 */
const { Index, MetricKind, ScalarKind } = createRequire(import.meta.url)('usearch') as typeof Usearch;
type Index = InstanceType<typeof Index>;

/**
 * HNSW settings, measured in README.md: M=16 and efConstruction=128 as in the figures; ef=128
 * because ef=64 lost recall at 1M faces.
 */
export const graphSettings = { connectivity: 16, expansionAdd: 128, expansionSearch: 128 } as const;

/**
 * The search expansion for a graph of `faces` faces. At 1M, ef 128 kept recall@10 1.000 for faces of people
 * in the index but 0.854 for strangers (open-set queries); ef 512 gave 1.000 and 0.992 at p99 4.5 / 6.8 ms
 * (bench, quiet machine). At 100k ef 128 answers in p99 0.8 ms. Large graphs get 512 from half a million.
 */
export function expansionSearchFor(faces: number): number {
  return faces >= 500_000 ? 512 : graphSettings.expansionSearch;
}

/**
 * The approximate index over one model's faces: a usearch HNSW graph on inner products (its distance is
 * 1 - dot), keyed by face id. Removes are real (the slot is reused), so re-embedding is remove + add.
 */
export class FaceGraph {
  private constructor(private readonly index: Index) {}

  /** `expansionSearch` is fixed for the graph's life (usearch has no setter); a loaded graph takes it too. */
  static create(dim: number, expansionSearch: number = graphSettings.expansionSearch): FaceGraph {
    const index = new Index({
      dimensions: dim,
      metric: MetricKind.IP,
      quantization: ScalarKind.F32,
      connectivity: graphSettings.connectivity,
      expansion_add: graphSettings.expansionAdd,
      expansion_search: expansionSearch,
      multi: false,
    });
    return new FaceGraph(index);
  }

  /** A saved graph, loaded into memory (not memory-mapped: a viewed usearch index cannot be patched). */
  static load(file: string, dim: number, expansionSearch?: number): FaceGraph {
    const graph = FaceGraph.create(dim, expansionSearch);
    graph.index.load(file);
    return graph;
  }

  get size(): number {
    return this.index.size();
  }

  /**
   * Adds rows `from..to` of `vectors` under `faceIds`, on one thread. usearch 2.25's multi-threaded add
   * leaves a few faces unreachable: searched with their own vector they are not found (measured on 2,000
   * and 20,000 clustered vectors: 1-5 and 5-10 such faces a build on two threads, none on one), so a face
   * could never come back from a search. The price, on this 2-core machine: about the same time at 20k
   * faces, twice the time at 100k (53 s against 25.5 s); the build runs in the background meanwhile.
   */
  add(faceIds: Int32Array, vectors: Float32Array, dim: number, from: number, to: number): void {
    if (to <= from) return;
    const keys = BigUint64Array.from(faceIds.subarray(from, to), (id) => BigInt(id));
    this.index.add(keys, vectors.subarray(from * dim, to * dim), 1);
  }

  remove(faceIds: readonly number[]): void {
    if (faceIds.length > 0) this.index.remove(BigUint64Array.from(faceIds, (id) => BigInt(id)));
  }

  /** The `k` nearest faces: their ids and dot products with the query, largest first. */
  search(query: Float32Array, k: number): { faceIds: Int32Array; dots: Float32Array } {
    const found = this.index.search(query, Math.min(k, this.index.size()), 1);
    return {
      faceIds: Int32Array.from(found.keys, (key) => Number(key)),
      dots: Float32Array.from(found.distances, (distance) => 1 - distance),
    };
  }

  save(file: string): void {
    this.index.save(file);
  }
}
