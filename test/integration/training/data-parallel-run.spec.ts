import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrainConfig } from '../../../src-main/training/config/train-config';
import { readCheckpoint } from '../../../src-main/training/run/checkpoint';
import { runTrainer } from '../../../src-main/training/run/run-trainer';
import type {
  TrainerEvent,
  TrainerFace,
  TrainerOutcome,
  TrainerRequest,
} from '../../../src-main/training/run/trainer-messages';
import { initTrainingBackend } from '../../../src-main/training/training-backend';
import type { BackendName } from '../../../src-main/vision/backend-names';
import { makeTempDir } from '../../support/temp';
import { trainingClassNames, writeClassCrop } from '../../support/training-fixture';

// A run with 2 workers in the trainer (this process playing the trainer worker, one helper worker), the
// smallest a config allows: ResNet-18 at width 0.125 on 64x64 crops, 2 people, batch 4 (2 ghost batches
// of 2), 2 steps. Stopped after its first step and resumed, it must take the same second step.
const classes = 2;
const trainPerClass = 4;

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let backend: BackendName;
const train: TrainerFace[] = [];
const test: TrainerFace[] = [];

function request(runDir: string, workers: number, resumeFrom: string | null = null): TrainerRequest {
  return {
    runId: 1,
    config: parseTrainConfig({
      mode: 'scratch',
      width: 0.125,
      epochs: 1,
      batchSize: 4,
      learningRate: 0.02,
      loss: 'softmax',
      split: { by: 'image', testPerPerson: 1 },
      augment: false,
      seed: 5,
      workers,
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
  losses: Map<number, number>;
  checkpoints: string[];
}

async function run(req: TrainerRequest, stopAfterStep?: number): Promise<Recorded> {
  const losses = new Map<number, number>();
  const checkpoints: string[] = [];
  const abort = new AbortController();
  const outcome = await runTrainer(req, backend, abort.signal, (event: TrainerEvent) => {
    if (event.type === 'checkpoint') checkpoints.push(event.folder);
    if (event.type !== 'metrics') return;
    for (const metric of event.metrics) {
      if (metric.split === 'train' && metric.name === 'loss') losses.set(metric.step, metric.value);
    }
    if (losses.has(stopAfterStep ?? -1)) abort.abort();
  });
  return { outcome, losses, checkpoints };
}

beforeAll(async () => {
  temp = await makeTempDir('data-parallel-run');
  backend = (await initTrainingBackend()).backend;
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i <= trainPerClass; i++) {
      const crop = `media/faces/${c}-${i}.jpg`;
      await writeClassCrop(path.join(temp.dir, crop), c, i);
      const face = { faceId: c * 100 + i, personId: c + 1, personName: trainingClassNames[c]!, crop };
      (i < trainPerClass ? train : test).push(face);
    }
  }
});
afterAll(async () => temp.cleanup());

describe('a data-parallel training run', () => {
  it('trains on 2 workers and resumes on the ghost batches of its checkpoint', async () => {
    const full = await run(request('full', 2));
    expect(full.outcome.status).toBe('completed');
    expect(full.outcome.metrics).toMatchObject({ workers: 2, ghostBatches: 2, steps: 2 });

    const stopped = await run(request('resumed', 2), 0);
    expect(stopped.outcome.status).toBe('stopped');
    const folder = path.join(temp.dir, 'resumed', stopped.checkpoints.at(-1)!);
    expect((await readCheckpoint(folder)).state).toMatchObject({ position: { step: 1 }, shards: 2 });

    // Asked for 1 worker now: the checkpoint's 2 ghost batches decide its losses, and are kept.
    const resumed = await run(request('resumed', 1, folder));
    expect(resumed.outcome.metrics).toMatchObject({ ghostBatches: 2 });
    expect([...resumed.losses.keys()]).toEqual([1]);
    expect(Math.abs(resumed.losses.get(1)! - full.losses.get(1)!) / full.losses.get(1)!).toBeLessThan(1e-4);
  }, 180_000);
});
