/** A child of the train bench's extras (train-extras.ts): measures one extra, prints its figures as JSON. */
import { timeFinetuneSteps } from '../../src-main/training/models/pretrained-resnet34';
import { initTrainingBackend } from '../../src-main/training/training-backend';
import { measureDataParallelTraining } from './parallel-train-step';
import { trainExtraVariable, type TrainExtra } from './train-extras';

const extra = JSON.parse(process.env[trainExtraVariable] ?? 'null') as TrainExtra | null;
if (!extra) throw new Error(`train bench - ${trainExtraVariable} unset`);
if (extra.kind === 'parallel') {
  const figures = await measureDataParallelTraining({
    backend: 'wasm',
    workers: extra.workers,
    width: 0.25,
    inputSize: 64,
    batch: 32,
    classes: 10,
    warmupSteps: 2,
    steps: extra.quick ? 2 : 6,
  });
  console.log(JSON.stringify(figures));
} else {
  await initTrainingBackend(extra.backend);
  const figures = await timeFinetuneSteps({ batch: 8, warmupSteps: 1, steps: extra.quick ? 1 : 3 });
  console.log(JSON.stringify(figures));
}
process.exit(0);
