import type { Db } from '../catalog/db';
import type { EmbeddingRepository } from '../catalog/embedding.repository';
import type { ModelRepository } from '../catalog/model.repository';
import { ProjectionRepository } from '../catalog/projection.repository';
import type { JobQueue } from '../jobs/job-queue';
import { projectInWorker } from './projection-client';
import { ProjectionStore } from './projection-store';
import { ProjectionService } from './projection.service';

/** What the container hands over to build the projection service. */
export interface ProjectionWiring {
  db: Db;
  catalogDir: string;
  jobs: JobQueue;
  repositories: { models: ModelRepository; embeddings: EmbeddingRepository };
  /** The catalog's active embedder (maps default to it). */
  embedder: () => number;
  /**
   * A training run's test face ids, split again as the run split them (the container builds it from
   * training/: that folder already imports this one, so this one must not import it).
   */
  testFaces: (run: number) => number[];
}

/** The projection service with its repository, cache folder and worker (container.ts calls this). */
export function createProjectionService(wiring: ProjectionWiring): ProjectionService {
  const { db, catalogDir, jobs, repositories, embedder, testFaces } = wiring;
  return new ProjectionService({
    repository: new ProjectionRepository(db),
    models: repositories.models,
    store: new ProjectionStore(catalogDir),
    jobs,
    project: projectInWorker,
    embedder,
    testFaces,
    catalogDir,
    embeddings: repositories.embeddings,
  });
}
