import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '../../../src-main/app/container';
import { downsampleMetrics } from '../../../src-main/training/metric-downsample';
import type { RunMetric } from '../../../src-main/training/run-views';
import { makeTempDir } from '../../support/temp';
import { seedTrainingCatalog } from '../../support/training-fixture';

// What the training dashboard reads through the API: the form's live check, the report written by the
// trainer worker at the end of a run, the log and checkpoints, downsampled metrics.
describe('the training dashboard backend', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let app: Container;

  beforeAll(async () => {
    temp = await makeTempDir('run-dashboard');
    ({ app } = await seedTrainingCatalog(temp.dir, 4, 8));
  });
  afterAll(async () => {
    await app.shutdown();
    await temp.cleanup();
  });

  it('previews a config: refusals by field, or the full config and the dataset it would train on', () => {
    const refused = app.runDashboard.preview({
      mode: 'head',
      batchSize: 0,
      split: { by: 'image', testPerPerson: 0 },
    });
    expect(refused.config).toBeNull();
    expect(refused.errors.map((e) => e.field).sort()).toEqual(['batchSize', 'split.testPerPerson']);
    expect(refused.errors[0]!.message).toMatch(/must be an integer/);

    const rule = app.runDashboard.preview({ mode: 'head', architecture: 'resnet18' });
    expect(rule.errors).toEqual([
      { field: 'architecture', message: '"architecture" applies only to mode "scratch"' },
    ]);

    const ok = app.runDashboard.preview({
      mode: 'head',
      split: { by: 'image', testPerPerson: 2, valPerPerson: 1 },
    });
    expect(ok.errors).toEqual([]);
    expect(ok.config).toMatchObject({ mode: 'head', optimizer: 'adam', epochs: 60 });
    expect(ok.dataset).toMatchObject({ classes: 4, train: 20, val: 4, test: 8 });
    expect(ok.dataset!.people).toHaveLength(4);
    expect(ok.dataset!.people[0]).toMatchObject({ train: 5, val: 1, test: 2 });
    expect(ok.choices.optimizer).toEqual(['sgd', 'adam', 'adamw']);

    const tooFew = app.runDashboard.preview({ mode: 'head', minFacesPerPerson: 50 });
    expect(tooFew.dataset).toBeNull();
    expect(tooFew.datasetError).toMatch(/people/);
  });

  it('writes a classifier report at the end of a run: confusions, per person, ROC', async () => {
    const { runId, jobId } = app.training.start({
      mode: 'head',
      epochs: 5,
      batchSize: 4,
      split: { by: 'image', testPerPerson: 3 },
    });
    expect(() => app.runDashboard.report(runId)).toThrow(/comes when it completes/);
    await app.jobs.waitFor(jobId);
    const report = app.runDashboard.report(runId);
    expect(report.method).toBe('softmax');
    expect(report.faces).toBe(12);
    expect(report.accuracy).toBeCloseTo(app.training.get(runId).metrics.testAccuracy!, 6);
    expect(report.classes.map((c) => c.name).sort()).toEqual(['Anna', 'Bruno', 'Chen', 'Dana']);
    expect(report.classes.every((c) => c.exampleFace !== null)).toBe(true);
    expect([...report.order].sort()).toEqual([0, 1, 2, 3]);
    const cellSum = report.confusion.reduce((sum, [, , n]) => sum + n, 0);
    expect(cellSum).toBe(12);
    expect(report.perPerson).toHaveLength(4);
    expect(report.roc).toMatchObject({ basis: 'class-scores', genuine: 12, impostor: 36 });
    expect(report.roc!.points.at(-1)).toEqual({ far: 1, tar: 1 });
    // The map of the test identities: every test face once, as its own person, inside [-1, 1].
    expect(report.map).toMatchObject({ features: 'probabilities' });
    expect(new Set(report.map!.points.map((p) => p.faceId)).size).toBe(12);
    const classOf = new Map(report.map!.points.map((p) => [p.faceId, p.class]));
    for (const mistake of report.misclassified) expect(classOf.get(mistake.faceId)).toBe(mistake.actual);
    for (const point of report.map!.points) {
      expect(Math.max(Math.abs(point.x), Math.abs(point.y))).toBeLessThanOrEqual(1);
      expect(report.classes[point.class]).toBeDefined();
    }

    const log = app.runDashboard.log(runId);
    expect(log[0]!.kind).toBe('created');
    expect(log.filter((e) => e.kind === 'epoch')).toHaveLength(5);
    expect(log.some((e) => e.kind === 'test')).toBe(true);
    expect(log.at(-1)).toMatchObject({ kind: 'ended', status: 'completed' });
    const checkpoints = app.runDashboard.checkpoints(runId);
    expect(checkpoints.some((c) => c.latest && c.step === 25)).toBe(true);
    expect(checkpoints.some((c) => c.name === 'model' && c.bytes > 0)).toBe(true);

    const all = app.runDashboard.metrics(runId);
    const losses = all.filter((m) => m.split === 'train' && m.name === 'loss');
    const few = app.runDashboard
      .metrics(runId, -1, 10)
      .filter((m) => m.split === 'train' && m.name === 'loss');
    expect(losses.length).toBeGreaterThan(10);
    expect(few.length).toBeLessThanOrEqual(10);
    expect(few.at(-1)!.value).toBe(losses.at(-1)!.value);
    expect(Math.max(...few.map((m) => m.max!))).toBe(Math.max(...losses.map((m) => m.value)));
    // The SQL downsampling is the in-memory reference's, series by series.
    const order = (a: RunMetric, b: RunMetric): number =>
      a.split.localeCompare(b.split) || a.name.localeCompare(b.name) || a.step - b.step;
    expect(app.runDashboard.metrics(runId, -1, 10).sort(order)).toEqual(
      downsampleMetrics(all, 10).sort(order),
    );
    expect(app.runDashboard.metrics(runId, 12, 4).sort(order)).toEqual(
      downsampleMetrics(app.runDashboard.metrics(runId, 12), 4).sort(order),
    );
  });

  it('writes a nearest-neighbour report for a verification run', async () => {
    const { runId, jobId } = app.training.start({
      mode: 'scratch',
      epochs: 1,
      batchSize: 8,
      augment: false,
      split: { by: 'identity', testIdentities: 2 },
    });
    await app.jobs.waitFor(jobId);
    expect(app.training.get(runId).status).toBe('completed');
    const report = app.runDashboard.report(runId);
    expect(report.method).toBe('nearest-neighbour');
    expect(report.classes).toHaveLength(2);
    expect(report.faces).toBe(16);
    expect(report.roc?.basis).toBe('pairs');
    expect(report.roc!.auc).toBeCloseTo(app.training.get(runId).metrics.auc!, 9);
    for (const mistake of report.misclassified) expect(mistake.matchFace).toBeGreaterThan(0);
    expect(report.map).toMatchObject({ features: 'embedding' });
    expect(report.map!.points).toHaveLength(16);
    // Each of the two held-out people has their 8 faces on the map.
    expect([0, 1].map((c) => report.map!.points.filter((p) => p.class === c).length)).toEqual([8, 8]);
  }, 120_000);
});
