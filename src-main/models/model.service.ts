import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../catalog/db';
import type { CropToEmbed, EmbeddingRepository } from '../catalog/embedding.repository';
import type { ModelRepository, ModelRow } from '../catalog/model.repository';
import type { PersonRepository } from '../catalog/person.repository';
import type { ClusterParams } from '../people/clustering';
import { UserError } from '../util/errors';
import type { EmbedderSpec } from './embedder-trained/embedder-spec';
import { TrainedEmbedderPool } from './embedder-trained/embedder-pool';
import type { ActiveEmbedder } from './active-embedder';
import { classifierSuggestions } from './classifier-suggestions';
import { embedderSpecOf } from './embedder-specs';
import { encodedCropInput } from './crop-inputs';
import { embedFaces } from './embed-faces';
import { exportModelFolder, type ModelExport } from './model-export';
import { importModelFolder } from './model-import';
import { reportsDir } from './model-files';
import { scoreModel } from './model-scores';
import type { ClassifierSuggestion, ModelEvaluation, ModelImportOptions, ModelSummary } from './model-types';

export interface ModelServiceDeps {
  db: Db;
  catalogDir: string;
  models: ModelRepository;
  embeddings: EmbeddingRepository;
  people: PersonRepository;
  active: ActiveEmbedder;
  /** Queues the `reembed` job. */
  enqueueReembed(model: number, activate: boolean): number;
  /** The embedder changed: clusters and suggestions are recomputed, the search index is stale. */
  onSwitched(): void;
  /** The catalog's clustering settings, for the BCubed F of the A/B report. */
  clusterParams(): Partial<ClusterParams>;
  /** Workers for the pool (default one per core). */
  workers?: number;
}

/**
 * The model registry: which embedder is active, switching (with a re-embedding job when the model has not
 * embedded every face yet; switching back is instant, embeddings are kept per model), importing and
 * exporting model folders, and measuring embedders on the user's own labels. Trained and imported models
 * run in their own worker pool, started on first use.
 */
export class ModelService {
  private pool: Promise<TrainedEmbedderPool> | null = null;

  constructor(private readonly deps: ModelServiceDeps) {}

  get embeddings(): EmbeddingRepository {
    return this.deps.embeddings;
  }

  row(id: number): ModelRow | undefined {
    return this.deps.models.list().find((model) => model.id === id);
  }

  /** The active embedder's model id. */
  activeId(): number {
    return this.deps.active.id();
  }

  /** Every embedder the catalog knows (bundled, trained, imported) with how many faces it has embedded. */
  list(): ModelSummary[] {
    const active = this.activeId();
    return this.deps.models
      .list()
      .filter((row) => row.role === 'embedder' || row.role === 'classifier')
      .map((row) => ({
        id: row.id,
        name: row.name,
        role: row.role,
        origin: row.origin,
        active: row.id === active,
        faces: this.deps.embeddings.countEmbedded(row.id),
        missing: this.deps.embeddings.countMissing(row.id),
      }));
  }

  /**
   * Makes a model the catalog's embedder: at once when every face already has its vector (switching
   * back), else through a `reembed` job (returned) that embeds the rest, then switches.
   */
  async use(id: number): Promise<{ model: number; jobId: number | null }> {
    const row = this.requireRow(id);
    if (row.id !== this.deps.active.bundled) await this.requireEmbedder(row);
    if (row.id === this.deps.active.bundled || this.deps.embeddings.countMissing(id) === 0) {
      await this.activate(id);
      return { model: id, jobId: null };
    }
    return { model: id, jobId: this.deps.enqueueReembed(id, true) };
  }

  /**
   * Switches the active embedder now (its faces embedded) and writes the A/B report against the one
   * before; returns it (null when nothing changed).
   */
  async activate(id: number): Promise<ModelEvaluation | null> {
    const previous = this.activeId();
    this.deps.active.set(id);
    if (previous === id) return null;
    this.deps.onSwitched();
    const report = await this.evaluate(id, previous);
    const file = path.join(this.deps.catalogDir, reportsDir, `${id}.json`);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, JSON.stringify(report, null, 2));
    return report;
  }

  /** The A/B report written when the model was last made active, or null. */
  async report(id: number): Promise<ModelEvaluation | null> {
    const file = path.join(this.deps.catalogDir, reportsDir, `${id}.json`);
    const text = await fs.readFile(file, 'utf8').catch(() => null);
    return text === null ? null : (JSON.parse(text) as ModelEvaluation);
  }

  /**
   * Measures a model (and optionally another) on the user's and folders' labeled faces: labeled faces it
   * has not embedded yet are embedded first (a trained or imported model), and both models are scored on
   * the faces both have vectors for.
   */
  async evaluate(id: number, against: number | null = null): Promise<ModelEvaluation> {
    const ids = against === null ? [id] : [id, against];
    for (const model of ids) {
      const row = this.requireRow(model);
      const missing = this.deps.embeddings.labeledMissing(model);
      if (row.origin !== 'bundled' && missing.length > 0) await this.embedFaces(model, missing);
    }
    const rows = ids.map((model) => this.deps.embeddings.labeled(model));
    const shared = rows
      .map((list) => new Set(list.map((face) => face.id)))
      .reduce((a, b) => new Set([...a].filter((faceId) => b.has(faceId))));
    const cluster = this.deps.clusterParams();
    const [mine, theirs] = rows.map((list) =>
      scoreModel(
        list.filter((face) => shared.has(face.id)),
        cluster,
      ),
    );
    return {
      model: id,
      ...mine!,
      against: theirs && against !== null ? { model: against, ...theirs } : null,
    };
  }

  /** How to embed with a trained or imported model (refused for the bundled one and for heads). */
  specOf(id: number): Promise<EmbedderSpec> {
    return embedderSpecOf(this.requireRow(id), this.deps.catalogDir);
  }

  /** Embeds faces' crops with a trained or imported model and stores the vectors. */
  async embedFaces(
    model: number,
    faces: readonly CropToEmbed[],
    signal?: AbortSignal,
    onProgress?: (embedded: number, skipped: number) => void,
  ): Promise<{ embedded: number; skipped: number }> {
    const spec = await embedderSpecOf(this.requireRow(model), this.deps.catalogDir);
    const pool = await this.startPool();
    return embedFaces(faces, {
      db: this.deps.db,
      catalogDir: this.deps.catalogDir,
      embeddings: this.deps.embeddings,
      pool,
      spec,
      model,
      ...(signal ? { signal } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
  }

  /**
   * How to embed a searched photo's faces for `model`'s index: null for the bundled embedder (the vision
   * pipeline's vectors are its own), else a function that embeds the aligned crops (JPEG bytes, as the
   * catalog stores crops) with the trained or imported model. Refused up front, with what to do, when the
   * model's folder is gone or broken.
   */
  async queryEmbedder(
    model: number,
  ): Promise<((crops: readonly Buffer[], signal?: AbortSignal) => Promise<Float32Array[]>) | null> {
    if (model === this.deps.active.bundled) return null;
    const row = this.requireRow(model);
    const cannotRun = (error: unknown): UserError =>
      new UserError(
        `searching by photo needs the active embedder, model ${row.id} (${row.name}), which cannot run: ` +
          `${messageOf(error)}. Restore its folder, or make another model active (models use).`,
      );
    const spec = await embedderSpecOf(row, this.deps.catalogDir).catch((error: unknown) => {
      throw cannotRun(error);
    });
    const pool = await this.startPool();
    return async (crops, signal) => {
      if (crops.length === 0) return [];
      const inputs = await Promise.all(crops.map((crop) => encodedCropInput(crop, spec.inputSize)));
      return pool.embed(spec, inputs, signal).catch((error: unknown) => {
        if (signal?.aborted) throw error;
        throw cannotRun(error);
      });
    };
  }

  /**
   * Gives faces added since the last switch (an import, an index, a drawn face) their vectors under the
   * active embedder when it is not the bundled one (the vision pipeline gives only the bundled ones).
   */
  async catchUp(signal?: AbortSignal): Promise<number> {
    const active = this.activeId();
    if (active === this.deps.active.bundled) return 0;
    const missing = this.deps.embeddings.missing(active, 0, Number.MAX_SAFE_INTEGER);
    if (missing.length === 0) return 0;
    try {
      return (await this.embedFaces(active, missing, signal)).embedded;
    } catch (error) {
      // The faces are in the catalog either way: a model that cannot run now (its folder gone) must not fail
      // the import that added them. They stay missing, and `models use` embeds them later.
      console.error(`faceatlas: faces not embedded with model ${active}: ${messageOf(error)}`);
      return 0;
    }
  }

  /**
   * A trained classifier's suggestions for the faces nobody is assigned to (most probable first), at or
   * above `minProbability`; rejected people are never suggested. Nothing is written.
   */
  async suggest(id: number, minProbability: number, limit: number): Promise<ClassifierSuggestion[]> {
    const suggestions = await classifierSuggestions(
      this.requireRow(id),
      {
        catalogDir: this.deps.catalogDir,
        embeddings: this.deps.embeddings,
        people: this.deps.people,
        pool: await this.startPool(),
        bundled: this.deps.active.bundled,
      },
      minProbability,
    );
    return suggestions.slice(0, limit);
  }

  /** Registers a TensorFlow.js model folder as an embedder (copied into the catalog); refuses a broken one. */
  async import(folder: string, options: ModelImportOptions = {}): Promise<ModelSummary> {
    const id = await importModelFolder(path.resolve(folder), options, {
      catalogDir: this.deps.catalogDir,
      models: this.deps.models,
      probe: async (spec) => (await this.startPool()).probe(spec),
    });
    return this.list().find((model) => model.id === id)!;
  }

  /** Copies a trained or imported model's folder (with its faceatlas.json) to `target`. */
  export(id: number, target: string): Promise<ModelExport> {
    return exportModelFolder(this.requireRow(id), this.deps.catalogDir, target);
  }

  async dispose(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    if (pool) await (await pool.catch(() => null))?.dispose();
  }

  /**
   * A model that can become the embedder: its folder loads and embeds a face (any length: people, clusters
   * and search read each model's vectors at their own length). Refused before a re-embedding job starts.
   */
  private async requireEmbedder(row: ModelRow): Promise<EmbedderSpec> {
    const spec = await embedderSpecOf(row, this.deps.catalogDir);
    await (await this.startPool()).probe(spec);
    return spec;
  }

  private requireRow(id: number): ModelRow {
    const row = this.row(id);
    if (!row || (row.role !== 'embedder' && row.role !== 'classifier')) {
      throw new UserError(`no embedder model ${id}`, 'not-found');
    }
    return row;
  }

  private startPool(): Promise<TrainedEmbedderPool> {
    this.pool ??= TrainedEmbedderPool.create(this.deps.workers);
    // A failed start is reported to its caller; the next use tries again.
    this.pool.catch(() => (this.pool = null));
    return this.pool;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
