import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '../../../src-main/app/container';
import type { RunMetricsEvent } from '../../../src-main/training/run-views';
import { makeTempDir } from '../../support/temp';
import { seedTrainingCatalog } from '../../support/training-fixture';

// Runs through the app as the UI drives them (the service, the train job in its lane, the trainer worker):
// start, live metrics, stop with a checkpoint, resume from it, the model registered at the end.
describe('training runs through the app', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let app: Container;
  const events: RunMetricsEvent[] = [];

  beforeAll(async () => {
    temp = await makeTempDir('training-service');
    ({ app } = await seedTrainingCatalog(temp.dir, 3, 8));
    app.events.onAny((name, payload) => {
      if (name === 'run.metrics') events.push(payload as RunMetricsEvent);
    });
  });
  afterAll(async () => {
    await app.shutdown();
    await temp.cleanup();
  });

  it('stops a run at a step with a checkpoint, resumes it there, and registers the trained model', async () => {
    const { runId, jobId } = app.training.start({
      mode: 'scratch',
      epochs: 3,
      batchSize: 6,
      augment: false,
      split: { by: 'image', testPerPerson: 2 },
    });
    expect(app.training.get(runId).status).toBe('queued');
    // Stop once the first step's metrics arrive.
    await new Promise<void>((resolve) => {
      const off = app.events.onAny((name) => {
        if (name !== 'run.metrics') return;
        off();
        app.training.stop(runId);
        resolve();
      });
    });
    await app.jobs.waitFor(jobId).catch(() => undefined);
    const stopped = app.training.get(runId);
    expect(stopped).toMatchObject({ status: 'stopped', resumable: true, totalSteps: 9 });
    expect(stopped.backend).toBeTruthy();
    expect(stopped.step).toBeGreaterThanOrEqual(1);
    expect(stopped.step).toBeLessThan(9);
    const stoppedAt = stopped.step;
    expect(() => app.training.resume(runId + 1)).toThrow(/no run/);

    const resumed = app.training.resume(runId);
    await app.jobs.waitFor(resumed.jobId);
    const done = app.training.get(runId);
    expect(done).toMatchObject({ status: 'completed', step: 9, epoch: 3, resumable: false });
    expect(done.metrics.testFaces).toBe(6);
    expect(done.dataset).toMatchObject({ classes: 3 });
    expect(() => app.training.resume(runId)).toThrow(/completed/);

    // Every step's loss once (the stop's and the resume's steps do not overlap) and the epoch rows.
    const losses = app.training.metrics(runId).filter((m) => m.split === 'train' && m.name === 'loss');
    expect(losses.map((m) => m.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const late = app.training.metrics(runId, stoppedAt);
    expect(late.every((m) => m.step > stoppedAt)).toBe(true);
    expect(late.some((m) => m.split === 'test' && m.name === 'testAccuracy')).toBe(true);
    // Pushed live too, for this run.
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.runId === runId)).toBe(true);

    const model = app.repositories.models.list().find((m) => m.id === done.modelId);
    expect(model).toMatchObject({ origin: 'trained', role: 'classifier' });
  }, 300_000);

  it('fails a run whose dataset is too small, keeping the error', async () => {
    const { runId, jobId } = app.training.start({ mode: 'head', minFacesPerPerson: 50 });
    expect(await app.jobs.waitFor(jobId)).toMatchObject({ state: 'failed' });
    const failed = app.training.get(runId);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/people|faces/);
    expect(failed.resumable).toBe(true);
  });
});
