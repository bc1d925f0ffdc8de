import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrainConfig } from '../../../src-main/training/config/train-config';
import { initTrainingBackend } from '../../../src-main/training/training-backend';
import { runTrainer } from '../../../src-main/training/run/run-trainer';
import type { LoopMetric } from '../../../src-main/training/run/trainer-loop';
import type {
  TrainerEvent,
  TrainerFace,
  TrainerOutcome,
  TrainerRequest,
} from '../../../src-main/training/run/trainer-messages';
import type { BackendName } from '../../../src-main/vision/backend-names';
import { makeTempDir } from '../../support/temp';
import { trainingClassNames, writeClassCrop } from '../../support/training-fixture';

// A tiny seeded run the way the trainer worker runs it (in this process): 3 generated people, 6 faces
// each to train on, 2 test faces each, ResNet-18 at width 0.25 on 64x64 crops, batch 6: 3 steps an epoch.
const classes = 3;
const trainPerClass = 6;
const testPerClass = 2;

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let backend: BackendName;
let train: TrainerFace[];
let test: TrainerFace[];

function request(runDir: string, resumeFrom: string | null = null): TrainerRequest {
  return {
    runId: 1,
    config: parseTrainConfig({
      mode: 'scratch',
      epochs: 2,
      batchSize: 6,
      learningRate: 0.02,
      split: { by: 'image', testPerPerson: testPerClass },
      augment: { flip: true, color: true },
      seed: 11,
    }),
    catalogDir: temp.dir,
    runDir: path.join(temp.dir, runDir),
    classes: trainingClassNames
      .slice(0, classes)
      .map((name, index) => ({ personId: index + 1, name, index })),
    train,
    val: [],
    test,
    resumeFrom,
  };
}

interface Recorded {
  outcome: TrainerOutcome;
  metrics: LoopMetric[];
  checkpoints: Extract<TrainerEvent, { type: 'checkpoint' }>[];
}

/** Runs the trainer, recording its events; `stopAfterStep` aborts it once that step's metrics arrive. */
async function run(req: TrainerRequest, stopAfterStep?: number): Promise<Recorded> {
  const recorded: Omit<Recorded, 'outcome'> = { metrics: [], checkpoints: [] };
  const abort = new AbortController();
  const outcome = await runTrainer(req, backend, abort.signal, (event) => {
    if (event.type === 'metrics') {
      recorded.metrics.push(...event.metrics);
      if (event.metrics.some((m) => m.step === stopAfterStep && m.name === 'loss')) abort.abort();
    }
    if (event.type === 'checkpoint') recorded.checkpoints.push(event);
  });
  return { outcome, ...recorded };
}

const trainLosses = (metrics: LoopMetric[]): Map<number, number> =>
  new Map(metrics.filter((m) => m.split === 'train' && m.name === 'loss').map((m) => [m.step, m.value]));

describe('a training run (trainer in process)', () => {
  let full: Recorded;

  beforeAll(async () => {
    temp = await makeTempDir('train-run');
    backend = (await initTrainingBackend()).backend;
    train = [];
    test = [];
    for (let c = 0; c < classes; c++) {
      for (let i = 0; i < trainPerClass + testPerClass; i++) {
        const crop = `media/faces/${c}-${i}.jpg`;
        await writeClassCrop(path.join(temp.dir, crop), c, i);
        const face = { faceId: c * 100 + i, personId: c + 1, personName: trainingClassNames[c]!, crop };
        (i < trainPerClass ? train : test).push(face);
      }
    }
    full = await run(request('full'));
  }, 300_000);
  afterAll(async () => temp.cleanup());

  it('completes two epochs with a falling loss and a test accuracy', () => {
    expect(full.outcome.status).toBe('completed');
    const losses = [...trainLosses(full.metrics).entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
    expect(losses).toHaveLength(6);
    const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
    // Second epoch below the first, and the last step below the first.
    expect(mean(losses.slice(3))).toBeLessThan(mean(losses.slice(0, 3)));
    expect(losses[5]).toBeLessThan(losses[0]!);
    expect(full.outcome.metrics.testFaces).toBe(classes * testPerClass);
    expect(full.outcome.metrics.testAccuracy).toBeGreaterThanOrEqual(0);
    expect(full.outcome.metrics.steps).toBe(6);
  });

  it('logs the training accuracy of every step, as a fraction of its batch', () => {
    const accuracy = full.metrics.filter((m) => m.split === 'train' && m.name === 'accuracy');
    expect(accuracy.map((m) => m.step).sort((a, b) => a - b)).toEqual(
      [...trainLosses(full.metrics).keys()].sort((a, b) => a - b),
    );
    for (const { value } of accuracy) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
      // A whole number of the batch's 6 faces (18 training faces: every batch is full).
      expect(Math.abs(value * 6 - Math.round(value * 6))).toBeLessThan(1e-6);
    }
  });

  it('keeps the live tensor count flat from one epoch to the next', () => {
    const tensors = full.metrics.filter((m) => m.name === 'tensors').map((m) => m.value);
    expect(tensors).toHaveLength(2);
    expect(tensors[1]).toBe(tensors[0]);
  });

  it('checkpoints each epoch, keeping the newest two', () => {
    expect(full.checkpoints.map((c) => [c.epoch, c.step])).toEqual([
      [1, 3],
      [2, 6],
    ]);
  });

  it('stopped, then resumed, continues with the same next-step loss as the run never stopped', async () => {
    const stopped = await run(request('resumed'), 1);
    expect(stopped.outcome.status).toBe('stopped');
    const last = stopped.checkpoints.at(-1)!;
    expect(last).toMatchObject({ epoch: 0, step: 2 });
    const resumed = await run(request('resumed', path.join(temp.dir, 'resumed', last.folder)));
    expect(resumed.outcome.status).toBe('completed');
    const expected = trainLosses(full.metrics);
    const got = trainLosses(resumed.metrics);
    // The resume starts at step 2 (0-based), mid-epoch: same batch, same augmentation, same weights.
    expect([...got.keys()].sort((a, b) => a - b)).toEqual([2, 3, 4, 5]);
    for (const [step, loss] of got) expect(loss).toBeCloseTo(expected.get(step)!, 4);
    expect(resumed.outcome.metrics.testAccuracy).toBeCloseTo(full.outcome.metrics.testAccuracy!, 5);
  }, 300_000);
});
