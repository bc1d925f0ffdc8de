import { createRouter, type Router } from '../api/router';
import { openCatalogDb, type Db, type OpenCatalogOptions } from '../catalog/db';
import { FaceRepository } from '../catalog/face.repository';
import { FileErrorRepository } from '../catalog/file-error.repository';
import { JobRepository } from '../catalog/job.repository';
import { ModelRepository } from '../catalog/model.repository';
import { PersonRepository } from '../catalog/person.repository';
import { PhotoRepository } from '../catalog/photo.repository';
import { SettingsRepository } from '../catalog/settings.repository';
import { FaceIndexer } from '../faces/face-indexer';
import type { IndexModels } from '../faces/face-store';
import { runIndex } from '../faces/index.job';
import { IndexService } from '../faces/index.service';
import { defaultMaxPixels } from '../ingest/decode';
import { runImport } from '../ingest/import.job';
import { ImportService } from '../ingest/import.service';
import { JobQueue } from '../jobs/job-queue';
import type { JobHandlers } from '../jobs/job-types';
import { LibraryService } from '../library/library.service';
import { MediaService } from '../library/media.service';
import { SettingsService } from '../settings/settings.service';
import { bundledModels } from '../vision/models';
import { buildCommandHandlers } from './command-handlers';
import { EventBus } from './event-bus';

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
  readonly models: IndexModels;
  readonly settings: SettingsService;
  readonly indexer: FaceIndexer;
  readonly jobs: JobQueue;
  readonly library: LibraryService;
  readonly media: MediaService;
  readonly imports: ImportService;
  readonly indexing: IndexService;
  readonly router: Router;

  constructor(readonly options: ContainerOptions) {
    this.db = openCatalogDb(options.catalogDir, options);
    this.repositories = {
      photos: new PhotoRepository(this.db),
      fileErrors: new FileErrorRepository(this.db),
      faces: new FaceRepository(this.db),
      people: new PersonRepository(this.db),
      models: new ModelRepository(this.db),
      jobs: new JobRepository(this.db),
    };
    this.models = this.registerBundledModels();
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
    this.router = createRouter(buildCommandHandlers(this));
  }

  boot(): this {
    this.jobs.boot();
    return this;
  }

  async shutdown(): Promise<void> {
    await this.jobs.shutdown();
    await this.indexer.dispose();
    this.db.close();
  }

  /** The bundled networks are catalog models like trained ones; faces and embeddings refer to them. */
  private registerBundledModels(): IndexModels {
    const ids = new Map<string, number>();
    this.db.transaction(() => {
      for (const model of bundledModels()) {
        ids.set(model.name, this.repositories.models.register({ ...model, origin: 'bundled' }));
      }
    })();
    return { detector: ids.get('ssd-mobilenetv1') as number, embedder: ids.get('dlib-resnet-128') as number };
  }

  private jobHandlers(): JobHandlers {
    const maxPixels = this.options.maxPixels ?? defaultMaxPixels;
    const changed = (): void => {
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
        changed();
        return summary;
      },
      index: async (payload, run) => {
        const summary = await runIndex(payload, {
          db: this.db,
          faces: this.repositories.faces,
          people: this.repositories.people,
          models: this.models,
          indexer: this.indexer,
          signal: run.signal,
          onProgress: run.reportProgress,
          maxPixels,
        });
        changed();
        return summary;
      },
    };
  }
}
