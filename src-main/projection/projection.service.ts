import type { EmbeddingRepository } from '../catalog/embedding.repository';
import type { ModelRepository } from '../catalog/model.repository';
import type { ProjectionRepository } from '../catalog/projection.repository';
import type { JobQueue } from '../jobs/job-queue';
import type { JobRunContext } from '../jobs/job-types';
import { UserError } from '../util/errors';
import { exportProjection } from './export/projection-export';
import { runProjectJob } from './project.job';
import type { ProjectInWorker } from './projection-client';
import { faceSetSignature, normaliseParams, projectionKey } from './projection-key';
import { labelledMap } from './projection-labels';
import type { ProjectionStore } from './projection-store';
import type {
  ProjectionExport,
  ProjectionRequest,
  ProjectionResult,
  ProjectJobInput,
  ProjectSummary,
} from './projection-views';

/** What the service needs (projection-wiring.ts builds it from the container). */
export interface ProjectionDeps {
  repository: ProjectionRepository;
  models: Pick<ModelRepository, 'list'>;
  store: ProjectionStore;
  jobs: Pick<JobQueue, 'enqueue' | 'list'>;
  project: ProjectInWorker;
  /** The catalog's active embedder (the default model). */
  embedder: () => number;
  /** The face ids of a training run's test split, as the run split them. */
  testFaces: (run: number) => number[];
  catalogDir: string;
  /** Exports read every face's vector and labels through it. */
  embeddings: EmbeddingRepository;
}

/** Recent jobs searched for one already computing the same map (a map job is rarely far back). */
const recentJobs = 100;

/** Embedding maps: computed by the `project` job in a worker, cached per model, method, parameters, face set. */
export class ProjectionService {
  constructor(readonly deps: ProjectionDeps) {}

  /**
   * The map if cached (with every point's current labels), else the job computing it: one already queued
   * or running for the same map, or a new one. `ownJob` always queues a new one (the CLI waits for a job
   * of its own process; one of another process that computes the same map only makes its job a cache hit).
   */
  map(request: ProjectionRequest, options: { ownJob?: boolean } = {}): ProjectionResult {
    const payload = this.payload(request);
    const { repository, store } = this.deps;
    const key = projectionKey(
      payload.model,
      normaliseParams(payload),
      faceSetSignature(repository.faceSet(payload.model)),
    );
    const cached = store.read(key);
    if (cached) {
      return {
        state: 'ready',
        map: labelledMap(cached, repository.labels(payload.model), repository.people()),
      };
    }
    const jobId = options.ownJob ? this.deps.jobs.enqueue('project', payload) : this.jobFor(payload);
    return { state: 'computing', jobId };
  }

  /** The `project` job's handler (job-types.ts). */
  compute(payload: ProjectJobInput, job: JobRunContext): Promise<ProjectSummary> {
    const { repository, store, project } = this.deps;
    return runProjectJob(payload, job, { repository, store, project });
  }

  /** The faces of a run's test split. */
  runFaces(run: number): { faceIds: number[] } {
    return { faceIds: this.deps.testFaces(run) };
  }

  /** Writes TensorBoard projector files or a CSV of the embeddings with labels into a chosen folder. */
  async export(folder: string, format: 'projector' | 'csv', model?: number): Promise<ProjectionExport> {
    return exportProjection(this.deps, folder, format, this.modelOf(model));
  }

  /** The request as a job's payload: the model resolved and checked, the parameters normalised. */
  private payload(request: ProjectionRequest): ProjectJobInput {
    return { ...normaliseParams(request), model: this.modelOf(request.model) };
  }

  /** The model asked for, or the active embedder; one the catalog does not have is refused. */
  private modelOf(requested: number | undefined): number {
    const model = requested ?? this.deps.embedder();
    if (!this.deps.models.list().some((row) => row.id === model)) {
      throw new UserError(`no model ${model}`, 'not-found');
    }
    return model;
  }

  /**
   * The queued or running job for the same map (same payload, so the same key unless the face set changed
   * meanwhile: that job then caches the newer set, which is what a later call asks for), else a new one.
   */
  private jobFor(payload: ProjectJobInput): number {
    const text = JSON.stringify(payload);
    const running = this.deps.jobs
      .list(recentJobs)
      .find(
        (job) =>
          job.kind === 'project' &&
          (job.state === 'queued' || job.state === 'running') &&
          JSON.stringify(job.payload) === text,
      );
    return running?.id ?? this.deps.jobs.enqueue('project', payload);
  }
}
