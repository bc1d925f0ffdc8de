import fs from 'node:fs';
import { setImmediate as yieldToMessages } from 'node:timers/promises';
import { exactNearest, exactWithin, type RowHit, type VectorSet } from './exact-search';
import { fingerprint } from './fingerprint';
import { expansionSearchFor, FaceGraph } from './graph';
import { fileSize, indexPaths, readIndexFile, writeIndexFile } from './index-file';
import type { Hits } from './messages';

/** One model's searchable faces; `graph` is there once an approximate index has been built for them. */
interface ModelState {
  set: VectorSet;
  fingerprint: string;
  signature: string;
  graph: FaceGraph | undefined;
  /** Bumped by every sync: a build of an older generation stops at its next batch. */
  generation: number;
}

/** Rows added to the graph between two looks at the message queue (about half a second on two cores). */
const buildBatch = 1000;
/** Above this share of changed faces a fresh graph is built instead of patching the old one. */
const patchLimit = 0.1;

export class IndexAbortError extends Error {
  override name = 'AbortError';
}

/**
 * The search worker's indexes, one per model: exact search over the contiguous vectors, plus an HNSW graph
 * from `approximateFrom` faces on. A graph is built in the background in batches, so queries keep being
 * answered (exactly) while it grows and a newer sync supersedes it.
 */
export class ModelIndexes {
  private readonly states = new Map<number, ModelState>();

  constructor(
    private readonly dir: string,
    private readonly approximateFrom: number,
  ) {}

  /** Loads the persisted index when it was written for this catalog signature; its face count, else undefined. */
  open(model: number, signature: string): number | undefined {
    const current = this.states.get(model);
    if (current?.signature === signature) return current.set.ids.length;
    const stored = this.load(model);
    if (!stored || stored.signature !== signature) return undefined;
    this.install(model, stored);
    return stored.set.ids.length;
  }

  /**
   * Brings the model's index in step with the catalog's faces: unchanged content is kept, a few changes are
   * patched into the graph, more start a fresh build. Resolves once queries see the new faces; with `wait`
   * (a rebuild) only when the graph is built. `stop` says when the caller gave up.
   */
  async sync(
    model: number,
    signature: string,
    set: VectorSet,
    force: boolean,
    wait: boolean,
    stop: () => boolean,
  ): Promise<{ faces: number; approximate: boolean }> {
    const sorted = sortById(set);
    const print = fingerprint(sorted.ids, sorted.vectors);
    const current = this.states.get(model) ?? this.load(model);
    const approximate = sorted.ids.length >= this.approximateFrom;
    let graph: FaceGraph | undefined;
    if (!force && current?.fingerprint === print) {
      graph = current.graph;
    } else if (!force && approximate && current?.graph && patchGraph(current.graph, current.set, sorted)) {
      graph = current.graph;
    }
    const state = this.install(model, { set: sorted, fingerprint: print, signature, graph });
    this.persist(model, state);
    if (approximate && !graph) {
      const build = this.build(model, state, stop);
      if (wait) await build;
      else build.catch(() => {}); // superseded or failed: the next sync starts over, exact search meanwhile
    }
    return { faces: sorted.ids.length, approximate: approximate && state.graph !== undefined };
  }

  nearest(model: number, query: Float32Array, k: number, exclude: Int32Array): Hits {
    const state = this.state(model, query);
    const skip = new Set(exclude);
    if (state.graph) {
      const found = state.graph.search(query, k + skip.size);
      return keep(found, (i) => !skip.has(found.faceIds[i]!), k);
    }
    return fromRows(state.set, exactNearest(state.set, query, k, skipRows(state.set, skip)));
  }

  within(model: number, query: Float32Array, minDot: number, exclude: Int32Array): Hits {
    const state = this.state(model, query);
    const skip = new Set(exclude);
    const size = state.set.ids.length;
    // A graph answers k-nearest, so k doubles until the farthest hit is out of range; when that takes a
    // large part of the catalog an exact scan is as fast.
    for (let k = 64; state.graph && k < size / 4; k *= 2) {
      const found = state.graph.search(query, k + skip.size);
      const last = found.dots[found.dots.length - 1] ?? -1;
      if (last < minDot) return keep(found, (i) => found.dots[i]! >= minDot && !skip.has(found.faceIds[i]!));
    }
    return fromRows(state.set, exactWithin(state.set, query, minDot, skipRows(state.set, skip)));
  }

  /** The model's open index, for a query that must be as long as its vectors (else it would be misread). */
  private state(model: number, query?: Float32Array): ModelState {
    const state = this.states.get(model);
    if (!state) throw new Error(`ModelIndexes - model ${model} is not open`);
    if (query && state.set.ids.length > 0 && query.length !== state.set.dim) {
      throw new Error(
        `ModelIndexes - a query of ${query.length} values for model ${model}, whose faces have ${state.set.dim}`,
      );
    }
    return state;
  }

  private install(model: number, state: Omit<ModelState, 'generation'>): ModelState {
    const generation = (this.states.get(model)?.generation ?? 0) + 1;
    const installed = { ...state, generation };
    this.states.set(model, installed);
    return installed;
  }

  private async build(model: number, state: ModelState, stop: () => boolean): Promise<void> {
    const { ids, vectors, dim } = state.set;
    const graph = FaceGraph.create(dim, expansionSearchFor(ids.length));
    for (let from = 0; from < ids.length; from += buildBatch) {
      await yieldToMessages();
      if (stop() || this.states.get(model)?.generation !== state.generation)
        throw new IndexAbortError('FaceIndex - build cancelled');
      graph.add(ids, vectors, dim, from, Math.min(ids.length, from + buildBatch));
    }
    state.graph = graph;
    this.persist(model, state);
  }

  /** The persisted index, with its graph when the graph file is whole; undefined when missing or damaged. */
  private load(model: number): Omit<ModelState, 'generation'> | undefined {
    const paths = indexPaths(this.dir, model);
    const stored = readIndexFile(paths.vectors, model);
    if (!stored || fingerprint(stored.set.ids, stored.set.vectors) !== stored.header.fingerprint)
      return undefined;
    const { graphBytes, signature } = stored.header;
    let graph: FaceGraph | undefined;
    if (graphBytes > 0 && fileSize(paths.graph) === graphBytes) {
      try {
        graph = FaceGraph.load(paths.graph, stored.set.dim, expansionSearchFor(stored.set.ids.length));
      } catch {
        graph = undefined; // unreadable: rebuilt from the vectors
      }
    }
    return { set: stored.set, fingerprint: stored.header.fingerprint, signature, graph };
  }

  private persist(model: number, state: ModelState): void {
    const paths = indexPaths(this.dir, model);
    fs.mkdirSync(this.dir, { recursive: true });
    let graphBytes = 0;
    if (state.graph) {
      state.graph.save(paths.graph);
      graphBytes = fileSize(paths.graph);
    }
    const { ids, dim } = state.set;
    writeIndexFile(
      paths.vectors,
      {
        model,
        count: ids.length,
        dim,
        fingerprint: state.fingerprint,
        signature: state.signature,
        graphBytes,
      },
      state.set,
    );
  }
}

/** The rows in face id order (the catalog reads them so; sorted here when a caller did not). */
function sortById(set: VectorSet): VectorSet {
  const { ids, vectors, dim } = set;
  let ordered = true;
  for (let i = 1; i < ids.length && ordered; i++) ordered = ids[i - 1]! < ids[i]!;
  if (ordered) return set;
  const order = Array.from(ids.keys()).sort((a, b) => ids[a]! - ids[b]!);
  const out = new Float32Array(vectors.length);
  order.forEach((row, i) => out.set(vectors.subarray(row * dim, (row + 1) * dim), i * dim));
  return { ids: Int32Array.from(order, (row) => ids[row]!), vectors: out, dim };
}

/**
 * Applies the difference between two id-sorted sets to a graph built on `before`: removed and re-embedded
 * faces out, added and re-embedded faces in. False (graph untouched) when too much changed to patch.
 */
function patchGraph(graph: FaceGraph, before: VectorSet, after: VectorSet): boolean {
  const removed: number[] = [];
  const added: number[] = [];
  const dim = after.dim;
  let i = 0;
  let j = 0;
  while (i < before.ids.length || j < after.ids.length) {
    const a = i < before.ids.length ? before.ids[i]! : Infinity;
    const b = j < after.ids.length ? after.ids[j]! : Infinity;
    if (a < b) removed.push(i++);
    else if (b < a) added.push(j++);
    else {
      if (!sameRow(before.vectors, i, after.vectors, j, dim)) {
        removed.push(i);
        added.push(j);
      }
      i++;
      j++;
    }
  }
  if (before.dim !== dim || removed.length + added.length > patchLimit * Math.max(1, after.ids.length))
    return false;
  graph.remove(removed.map((row) => before.ids[row]!));
  for (const row of added) graph.add(after.ids, after.vectors, dim, row, row + 1);
  return true;
}

function sameRow(x: Float32Array, i: number, y: Float32Array, j: number, dim: number): boolean {
  for (let d = 0; d < dim; d++) if (x[i * dim + d] !== y[j * dim + d]) return false;
  return true;
}

function skipRows(set: VectorSet, skip: ReadonlySet<number>): ((row: number) => boolean) | undefined {
  return skip.size > 0 ? (row) => skip.has(set.ids[row]!) : undefined;
}

function fromRows(set: VectorSet, hits: RowHit[]): Hits {
  return {
    faceIds: Int32Array.from(hits, ({ row }) => set.ids[row]!),
    dots: Float32Array.from(hits, ({ dot }) => dot),
  };
}

function keep(found: Hits, test: (i: number) => boolean, limit = Infinity): Hits {
  const rows = Array.from(found.faceIds.keys()).filter(test).slice(0, limit);
  return {
    faceIds: Int32Array.from(rows, (i) => found.faceIds[i]!),
    dots: Float32Array.from(rows, (i) => found.dots[i]!),
  };
}
