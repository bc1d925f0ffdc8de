import { createRouter, type Router } from '../api/router';
import { openCatalogDb, type Db, type OpenCatalogOptions } from '../catalog/db';
import { FileErrorRepository } from '../catalog/file-error.repository';
import { JobRepository } from '../catalog/job.repository';
import { PhotoRepository } from '../catalog/photo.repository';
import { defaultMaxPixels } from '../ingest/decode';
import { runImport } from '../ingest/import.job';
import { ImportService } from '../ingest/import.service';
import { JobQueue } from '../jobs/job-queue';
import type { JobHandlers } from '../jobs/job-types';
import { LibraryService, type BackendName } from '../library/library.service';
import { EventBus } from './event-bus';
import { buildCommandHandlers } from './command-handlers';

export interface ContainerOptions extends OpenCatalogOptions {
  catalogDir: string;
  shell: 'electron' | 'host' | 'cli';
  maxPixels?: number;
  importConcurrency?: number;
}

/**
 * The composition root: builds every provider in dependency order (database, repositories, events, jobs,
 * services, router) with no DI framework. `boot()` runs start-up work that needs everything built;
 * `shutdown()` stops jobs before the database closes, the reverse of the build order.
 */
export class Container {
  readonly db: Db;
  readonly events = new EventBus();
  readonly photos: PhotoRepository;
  readonly fileErrors: FileErrorRepository;
  readonly jobs: JobQueue;
  readonly library: LibraryService;
  readonly imports: ImportService;
  readonly router: Router;
  private backend: BackendName = 'none';

  constructor(readonly options: ContainerOptions) {
    this.db = openCatalogDb(options.catalogDir, options);
    this.photos = new PhotoRepository(this.db);
    this.fileErrors = new FileErrorRepository(this.db);
    this.jobs = new JobQueue(new JobRepository(this.db), this.jobHandlers(), this.events);
    this.library = new LibraryService(
      this.db,
      options.catalogDir,
      this.photos,
      this.fileErrors,
      () => this.backend,
    );
    this.imports = new ImportService(this.jobs);
    this.router = createRouter(buildCommandHandlers(this));
  }

  boot(): this {
    this.jobs.boot();
    return this;
  }

  async shutdown(): Promise<void> {
    await this.jobs.shutdown();
    this.db.close();
  }

  private jobHandlers(): JobHandlers {
    return {
      import: async (payload, run) => {
        const summary = await runImport(payload, {
          db: this.db,
          photos: this.photos,
          fileErrors: this.fileErrors,
          catalogDir: this.options.catalogDir,
          jobId: run.jobId,
          signal: run.signal,
          onProgress: run.reportProgress,
          maxPixels: this.options.maxPixels ?? defaultMaxPixels,
          ...(this.options.importConcurrency ? { concurrency: this.options.importConcurrency } : {}),
        });
        const { photos, faces } = this.library.stats();
        this.events.emit('catalog.changed', { photos, faces });
        return summary;
      },
    };
  }
}
