import { defaultMaxPixels } from '../imaging/decode';
import { runImport } from '../ingest/import.job';
import { runIndex } from '../faces/index.job';
import type { JobHandlers } from '../jobs/job-types';
import { runReembed } from '../models/reembed.job';
import { runTrainJob } from '../training/run/train.job';
import { createWorkerTrainer } from '../training/run/trainer-client';
import type { Container } from './container';

/**
 * What each job kind runs, and what the app does after: the search index goes stale, views refresh, new
 * faces get the active embedder's vectors and their clusters. Reads the container's services when a job
 * runs, not when the handlers are made (the queue is built before the services it feeds).
 */
export function createJobHandlers(app: Container): JobHandlers {
  const maxPixels = app.options.maxPixels ?? defaultMaxPixels;
  const changed = (): void => {
    // Faces were added, re-embedded or removed: the search index is stale.
    app.faceIndex.invalidate(app.activeEmbedder.id());
    const { photos, faces } = app.library.stats();
    app.events.emit('catalog.changed', { photos, faces });
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
        db: app.db,
        repositories: app.repositories,
        models: app.models,
        indexer: payload.indexFaces === false ? null : app.indexer,
        catalogDir: app.options.catalogDir,
        jobId: run.jobId,
        signal: run.signal,
        onProgress: run.reportProgress,
        onCommitted: changedWhileRunning,
        maxPixels,
        ...(app.options.importConcurrency ? { concurrency: app.options.importConcurrency } : {}),
      });
      // A trained or imported embedder embeds the new faces' crops before clustering places them.
      if (summary.faces > 0 && !run.signal.aborted) await app.modelRegistry.catchUp(run.signal);
      if (summary.faces > 0 && !run.signal.aborted) app.clustering.update();
      changed();
      return summary;
    },
    index: async (payload, run) => {
      const summary = await runIndex(payload, {
        db: app.db,
        faces: app.repositories.faces,
        people: app.repositories.people,
        labels: app.repositories.labels,
        photos: app.repositories.photos,
        models: app.models,
        indexer: app.indexer,
        signal: run.signal,
        onProgress: run.reportProgress,
        maxPixels,
      });
      if (summary.faces > 0 && !run.signal.aborted) await app.modelRegistry.catchUp(run.signal);
      // New faces join clusters and get suggestions as they are indexed (incremental, not a re-cluster).
      if (summary.faces > 0 && !run.signal.aborted) app.clustering.update();
      changed();
      return summary;
    },
    project: (payload, run) => app.projections.compute(payload, run),
    reembed: async (payload, run) => {
      const summary = await runReembed(payload, run, app.modelRegistry);
      changed();
      return summary;
    },
    train: (payload, run) =>
      runTrainJob(payload, run, {
        catalogDir: app.options.catalogDir,
        runs: app.repositories.runs,
        trainingSet: app.repositories.trainingSet,
        models: app.repositories.models,
        embedder: app.models.embedder,
        events: app.events,
        createTrainer: () => createWorkerTrainer(),
      }),
  };
}
