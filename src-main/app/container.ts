import { EventBus } from '../api/events';
import { FeatureMapService } from '../feature-maps/feature-map.service';
import { createRouter, type Router } from '../api/router';
import { openCatalogDb, type Db, type OpenCatalogOptions } from '../catalog/db';
import { ClusterRepository } from '../catalog/cluster.repository';
import { EmbeddingRepository } from '../catalog/embedding.repository';
import { FaceRepository, type FaceBox } from '../catalog/face.repository';
import { FileErrorRepository } from '../catalog/file-error.repository';
import { JobRepository } from '../catalog/job.repository';
import { JournalRepository } from '../catalog/journal.repository';
import { LabelRepository } from '../catalog/label.repository';
import { ModelRepository } from '../catalog/model.repository';
import { PersonRepository } from '../catalog/person.repository';
import { PhotoRepository } from '../catalog/photo.repository';
import { RunRepository } from '../catalog/run.repository';
import { SearchRepository } from '../catalog/search.repository';
import { SettingsRepository } from '../catalog/settings.repository';
import { TrainingSetRepository } from '../catalog/training-set.repository';
import { drawFace } from '../faces/drawn-face';
import { FaceIndexer } from '../faces/face-indexer';
import type { IndexModels } from '../faces/face-store';
import { runIndex } from '../faces/index.job';
import { IndexService } from '../faces/index.service';
import { defaultMaxPixels } from '../imaging/decode';
import { runImport } from '../ingest/import.job';
import { ImportService } from '../ingest/import.service';
import { JobQueue } from '../jobs/job-queue';
import type { JobHandlers } from '../jobs/job-types';
import { LibraryService } from '../library/library.service';
import { MediaService } from '../library/media.service';
import { ActiveEmbedder } from '../models/active-embedder';
import { ModelService } from '../models/model.service';
import { runReembed } from '../models/reembed.job';
import { ClusterService } from '../people/cluster.service';
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
import { runTrainJob } from '../training/run/train.job';
import { createWorkerTrainer } from '../training/run/trainer-client';
import { RunDashboardService } from '../training/run-dashboard.service';
import { TrainingService } from '../training/training.service';
import { debounce } from '../util/debounce';
import { UserError } from '../util/errors';
import { bundledModels } from '../vision/models';
import { clusterSettings } from './cluster-settings';
import { buildCommandHandlers } from './command-handlers';

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
  readonly repositories;
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
    this.repositories = {
      photos: new PhotoRepository(this.db),
      fileErrors: new FileErrorRepository(this.db),
      faces: new FaceRepository(this.db),
      people: new PersonRepository(this.db),
      labels: new LabelRepository(this.db),
      journal: new JournalRepository(this.db),
      clusters: new ClusterRepository(this.db),
      models: new ModelRepository(this.db),
      jobs: new JobRepository(this.db),
      search: new SearchRepository(this.db),
      runs: new RunRepository(this.db),
      trainingSet: new TrainingSetRepository(this.db),
      embeddings: new EmbeddingRepository(this.db),
    };
    this.models = this.registerBundledModels();
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
    this.jobs = new JobQueue(this.repositories.jobs, this.jobHandlers(), this.events);
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
    this.labeling = new LabelService(this.db, this.repositories, embedder, () =>
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
      detect: async (bytes, signal) => {
        const faces = await detectInPhoto(this.indexer, bytes, options.maxPixels ?? defaultMaxPixels, signal);
        // Queries must live in the active embedder's space, which the vision pipeline's may not be.
        const vectors = await this.modelRegistry.embedWithActive(
          faces.map((face) => face.cropJpeg),
          signal,
        );
        return vectors ? faces.map((face, i) => ({ ...face, embedding: vectors[i]! })) : faces;
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
    // The new face joins the search index once drawn.
    return drawFace(deps, photoId, box, name)
      .then(async (result) => {
        await this.modelRegistry.fixDrawn(photoId);
        return result;
      })
      .finally(() => this.faceIndex.invalidate(this.activeEmbedder.id()));
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

  /** The bundled networks are catalog models like trained ones; faces and embeddings refer to them. */
  private registerBundledModels(): IndexModels {
    const ids = new Map<string, number>();
    // IMMEDIATE, as every transaction that reads before it writes: see catalog/db.ts.
    this.db
      .transaction(() => {
        for (const model of bundledModels()) {
          ids.set(model.name, this.repositories.models.register({ ...model, origin: 'bundled' }));
        }
      })
      .immediate();
    const id = (name: string): number => ids.get(name) as number;
    return {
      detectors: { ssd: id('ssd-mobilenetv1'), tiny: id('tiny-face-detector') },
      embedder: id('dlib-resnet-128'),
    };
  }

  private jobHandlers(): JobHandlers {
    const maxPixels = this.options.maxPixels ?? defaultMaxPixels;
    const changed = (): void => {
      // Faces were added, re-embedded or removed: the search index is stale.
      this.faceIndex.invalidate(this.activeEmbedder.id());
      const { photos, faces } = this.library.stats();
      this.events.emit('catalog.changed', { photos, faces });
    };
    // While an import runs, views refresh at most once a second (each refresh re-reads a page of photos).
    let lastChange = 0;
    const changedWhileRunning = (): void => {
      if (performance.now() - lastChange < 1000) return;
      lastChange = performance.now();
      changed();
    };
    return {
      import: async (payload, run) => {
        const summary = await runImport(payload, {
          db: this.db,
          repositories: this.repositories,
          models: this.models,
          indexer: payload.indexFaces === false ? null : this.indexer,
          catalogDir: this.options.catalogDir,
          jobId: run.jobId,
          signal: run.signal,
          onProgress: run.reportProgress,
          onCommitted: changedWhileRunning,
          maxPixels,
          ...(this.options.importConcurrency ? { concurrency: this.options.importConcurrency } : {}),
        });
        // A trained or imported embedder embeds the new faces' crops before clustering places them.
        if (summary.faces > 0 && !run.signal.aborted) await this.modelRegistry.catchUp(run.signal);
        if (summary.faces > 0 && !run.signal.aborted) this.clustering.update();
        changed();
        return summary;
      },
      index: async (payload, run) => {
        const summary = await runIndex(payload, {
          db: this.db,
          faces: this.repositories.faces,
          people: this.repositories.people,
          labels: this.repositories.labels,
          photos: this.repositories.photos,
          models: this.models,
          indexer: this.indexer,
          signal: run.signal,
          onProgress: run.reportProgress,
          maxPixels,
        });
        if (summary.faces > 0 && !run.signal.aborted) await this.modelRegistry.catchUp(run.signal);
        // New faces join clusters and get suggestions as they are indexed (incremental, not a re-cluster).
        if (summary.faces > 0 && !run.signal.aborted) this.clustering.update();
        changed();
        return summary;
      },
      project: (payload, run) => this.projections.compute(payload, run),
      reembed: async (payload, run) => {
        const summary = await runReembed(payload, run, this.modelRegistry);
        changed();
        return summary;
      },
      train: (payload, run) =>
        runTrainJob(payload, run, {
          catalogDir: this.options.catalogDir,
          runs: this.repositories.runs,
          trainingSet: this.repositories.trainingSet,
          models: this.repositories.models,
          embedder: this.models.embedder,
          events: this.events,
          createTrainer: () => createWorkerTrainer(),
        }),
    };
  }
}
