import { EventBus } from '../api/events';
import { FeatureMapService } from '../feature-maps/feature-map.service';
import { createRouter, type Router } from '../api/router';
import { openCatalogDb, type Db, type OpenCatalogOptions } from '../catalog/db';
import type { FaceBox } from '../catalog/face.repository';
import { SettingsRepository } from '../catalog/settings.repository';
import { drawFace } from '../faces/drawn-face';
import { FaceIndexer } from '../faces/face-indexer';
import type { IndexModels } from '../faces/face-store';
import { IndexService } from '../faces/index.service';
import { defaultMaxPixels } from '../imaging/decode';
import { ImportService } from '../ingest/import.service';
import { JobQueue } from '../jobs/job-queue';
import { LibraryService } from '../library/library.service';
import { MediaService } from '../library/media.service';
import { ActiveEmbedder } from '../models/active-embedder';
import { ModelService } from '../models/model.service';
import { ClusterService } from '../people/cluster.service';
import type { HistoryResult } from '../people/label-journal';
import { LabelService, type LabelResult } from '../people/label.service';
import { packRows } from '../people/face-vectors';
import { PeopleViews } from '../people/people-views';
import type { ProjectionService } from '../projection/projection.service';
import { createProjectionService } from '../projection/projection-wiring';
import { createFaceIndexService, type FaceIndexService } from '../search/index/face-index';
import { detectInPhoto } from '../search/query-photo';
import { SearchService } from '../search/search.service';
import { SettingsService } from '../settings/settings.service';
import { parseStoredTrainConfig } from '../training/config/train-config';
import { prepareDataset } from '../training/run/prepare-dataset';
import { RunDashboardService } from '../training/run-dashboard.service';
import { TrainingService } from '../training/training.service';
import { debounce } from '../util/debounce';
import { UserError } from '../util/errors';
import { registerBundledModels } from './bundled-models';
import { clusterSettings } from './cluster-settings';
import { buildCommandHandlers } from './command-handlers';
import { createJobHandlers } from './job-handlers';
import { createRepositories, type Repositories } from './repositories';

export interface ContainerOptions extends OpenCatalogOptions {
  catalogDir: string;
  shell: 'electron' | 'host' | 'cli';
  maxPixels?: number;
  importConcurrency?: number;
  /** Inference workers (default: one per core). */
  visionWorkers?: number;
}

/**
 * The composition root: builds every provider in dependency order (database, repositories, models, events,
 * jobs, services, router) with no DI framework. `boot()` runs start-up work that needs everything built;
 * `shutdown()` stops jobs, then the inference workers, then closes the database: the reverse order.
 */
export class Container {
  readonly db: Db;
  readonly events = new EventBus();
  readonly repositories: Repositories;
  /** The detectors and the embedder the vision pipeline runs (the bundled networks). */
  readonly models: IndexModels;
  /** The embedder whose vectors people, clusters and search use (bundled, trained or imported). */
  readonly activeEmbedder: ActiveEmbedder;
  readonly modelRegistry: ModelService;
  readonly settings: SettingsService;
  readonly indexer: FaceIndexer;
  readonly jobs: JobQueue;
  readonly library: LibraryService;
  readonly media: MediaService;
  readonly imports: ImportService;
  readonly indexing: IndexService;
  readonly labeling: LabelService;
  readonly clustering: ClusterService;
  readonly peopleViews: PeopleViews;
  readonly faceIndex: FaceIndexService;
  readonly search: SearchService;
  readonly training: TrainingService;
  readonly runDashboard: RunDashboardService;
  readonly projections: ProjectionService;
  readonly featureMaps: FeatureMapService;
  private readonly suggestionRefresh: ReturnType<typeof debounce>;
  readonly router: Router;

  constructor(readonly options: ContainerOptions) {
    this.db = openCatalogDb(options.catalogDir, options);
    this.repositories = createRepositories(this.db);
    this.models = registerBundledModels(this.db, this.repositories.models);
    this.activeEmbedder = new ActiveEmbedder(
      new SettingsRepository(this.db),
      this.repositories.models,
      this.models.embedder,
    );
    this.settings = new SettingsService(new SettingsRepository(this.db));
    this.indexer = new FaceIndexer({
      catalogDir: options.catalogDir,
      settings: () => this.settings.faces(),
      ...(options.visionWorkers ? { workers: options.visionWorkers } : {}),
    });
    this.jobs = new JobQueue(this.repositories.jobs, createJobHandlers(this), this.events);
    this.library = new LibraryService(this.repositories, () => this.indexer.backend());
    this.media = new MediaService(
      options.catalogDir,
      this.repositories,
      options.maxPixels ?? defaultMaxPixels,
    );
    this.imports = new ImportService(this.jobs);
    this.indexing = new IndexService(this.jobs);
    const embedder = (): number => this.activeEmbedder.id();
    // Suggestions follow the labels: a burst of labeling costs one recomputation, a second after it ends.
    this.suggestionRefresh = debounce(
      () => {
        this.clustering.refreshSuggestions();
        this.events.emit('labels.derived', {});
      },
      1000,
      (error) =>
        console.error(
          `faceatlas: suggestions not refreshed: ${error instanceof Error ? error.message : String(error)}`,
        ),
    );
    this.labeling = new LabelService(this.db, this.repositories, embedder, this.models.embedder, () =>
      this.suggestionRefresh.schedule(),
    );
    this.clustering = new ClusterService(this.db, this.repositories.clusters, embedder, () =>
      clusterSettings(this.settings.faces()),
    );
    this.peopleViews = new PeopleViews(this.repositories, embedder, () =>
      clusterSettings(this.settings.faces()),
    );
    this.faceIndex = createFaceIndexService({
      catalogDir: options.catalogDir,
      readVectors: (model) => {
        const rows = this.repositories.clusters.vectors(model);
        return { ids: rows.map((row) => row.id), vectors: packRows(rows) };
      },
      // Lets a query notice faces another process (the CLI, `serve`) imported, and a restart reuse the
      // saved index without reading every vector.
      signature: (model) => this.repositories.search.faceStamp(model),
    });
    this.search = new SearchService({
      repositories: this.repositories,
      index: this.faceIndex,
      detect: async (bytes, model, signal) => {
        // Queries must live in the searched model's space, which the vision pipeline's may not be; its
        // folder is checked before seconds of detection.
        const embed = await this.modelRegistry.queryEmbedder(model);
        const faces = await detectInPhoto(this.indexer, bytes, options.maxPixels ?? defaultMaxPixels, signal);
        if (!embed) return faces;
        const vectors = await embed(
          faces.map((face) => face.cropJpeg),
          signal,
        );
        return faces.map((face, i) => ({ ...face, embedding: vectors[i]! }));
      },
      embedder,
      metric: () => this.settings.faces().distance,
    });
    this.training = new TrainingService(this.repositories.runs, this.jobs);
    this.modelRegistry = new ModelService({
      db: this.db,
      catalogDir: options.catalogDir,
      models: this.repositories.models,
      embeddings: this.repositories.embeddings,
      people: this.repositories.people,
      active: this.activeEmbedder,
      enqueueReembed: (model, activate) => this.jobs.enqueue('reembed', { model, activate }),
      onSwitched: () => {
        // Clusters are per model (the new one's are computed now); labels and rejections are per face.
        this.clustering.recluster();
        this.faceIndex.invalidate(this.activeEmbedder.id());
        this.events.emit('labels.derived', {});
      },
      clusterParams: () => clusterSettings(this.settings.faces()).cluster,
      ...(options.visionWorkers ? { workers: options.visionWorkers } : {}),
    });
    this.runDashboard = new RunDashboardService({
      catalogDir: options.catalogDir,
      runs: this.repositories.runs,
      trainingSet: this.repositories.trainingSet,
      // The vectors head runs train on: the same embedder the train job hands them (below).
      embedder: () => this.models.embedder,
    });
    this.projections = createProjectionService({
      db: this.db,
      catalogDir: options.catalogDir,
      jobs: this.jobs,
      repositories: this.repositories,
      embedder,
      testFaces: (run) => this.runTestFaces(run),
    });
    this.featureMaps = new FeatureMapService({
      catalogDir: options.catalogDir,
      repositories: this.repositories,
      activeEmbedder: embedder,
      bundledEmbedder: this.models.embedder,
      maxPixels: options.maxPixels ?? defaultMaxPixels,
    });
    this.router = createRouter(buildCommandHandlers(this));
  }

  /** Adds a face from a box drawn on a photo (see faces/drawn-face.ts). */
  drawFace(photoId: number, box: FaceBox, name?: string): Promise<LabelResult> {
    const maxPixels = this.options.maxPixels ?? defaultMaxPixels;
    const deps = {
      photos: this.repositories.photos,
      indexer: this.indexer,
      labeling: this.labeling,
      maxPixels,
    };
    // The new face joins the search index once drawn (and embedded by the active model).
    return drawFace(deps, photoId, box, name)
      .then(async (result) => {
        await this.modelRegistry.catchUp();
        return result;
      })
      .finally(() => this.faceIndex.invalidate(this.activeEmbedder.id()));
  }

  /**
   * Undoes or redoes the last label operation. A redone drawn face comes back with the pipeline's vector
   * only, so a trained or imported active embedder embeds it again.
   */
  async stepLabels(direction: 'undo' | 'redo'): Promise<HistoryResult> {
    const result = direction === 'undo' ? this.labeling.undo() : this.labeling.redo();
    if ((await this.modelRegistry.catchUp()) > 0) this.faceIndex.invalidate(this.activeEmbedder.id());
    return result;
  }

  boot(): this {
    this.jobs.boot();
    // After the queue marked the jobs of dead processes interrupted: their runs are stopped, resumable.
    this.repositories.runs.stopOrphans();
    return this;
  }

  async shutdown(): Promise<void> {
    // Not flushed: a one-shot CLI command leaves suggestions to the next `cluster` (as its output says),
    // rather than spend seconds recomputing them on its way out.
    this.suggestionRefresh.cancel();
    await this.jobs.shutdown();
    await this.indexer.dispose();
    await this.modelRegistry.dispose();
    await this.faceIndex.dispose();
    await this.featureMaps.dispose();
    this.db.close();
  }

  /** A run's test faces: splits are not stored, so it is split again from its config and seed, as it was. */
  private runTestFaces(run: number): number[] {
    const row = this.repositories.runs.get(run);
    if (!row) throw new UserError(`no run ${run}`, 'not-found');
    const config = parseStoredTrainConfig(JSON.parse(row.config));
    const dataset = prepareDataset(config, this.repositories.trainingSet, this.models.embedder);
    return dataset.faces.test.map((face) => face.faceId);
  }
}
