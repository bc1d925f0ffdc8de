/**
 * The train bench's extra rows (Training models): data-parallel wasm with 1 and 2 workers (ResNet-18 width
 * 0.25 at 64x64, batch 32) and one fine-tune step of the bundled ResNet-34 (150x150, batch 8, the default
 * freeze) on each backend, each in a child process of its own (a backend is set once per process).
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { INTER_OP_THREADS, INTRA_OP_THREADS } from '../../src-main/vision/native-env';
import { printTable } from './bench-support';
import { nativeBackend, runChild } from './train-backends';

/** Set in a child: which extra to measure, as JSON. */
export const trainExtraVariable = 'FACEATLAS_BENCH_TRAIN_EXTRA';
const childEntry = fileURLToPath(new URL('./train-extras-child.ts', import.meta.url));

/** A child's figures (numbers), or why it failed. */
type Figures = Record<string, number | string | undefined>;

const fixed = (value: Figures[string], digits = 1): string =>
  typeof value === 'number' ? value.toFixed(digits) : '-';
const text = (value: Figures[string]): string => (value === undefined ? '-' : String(value));

export type TrainExtra =
  | { kind: 'parallel'; workers: number; quick: boolean }
  | { kind: 'finetune'; backend: string; quick: boolean };

async function measure(extra: TrainExtra, backend: string, threads: number): Promise<Figures> {
  const result = await runChild(
    process.execPath,
    ['--import', 'tsx', childEntry],
    {
      ...process.env,
      FACEATLAS_BACKEND: backend,
      [trainExtraVariable]: JSON.stringify(extra),
      [INTRA_OP_THREADS]: String(threads),
      [INTER_OP_THREADS]: '1',
    },
    30 * 60_000,
  );
  if (result.code !== 0)
    return { failed: (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' | ') };
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Figures;
}

/** Prints the data-parallel and fine-tune tables. */
export async function benchTrainExtras(quick: boolean): Promise<void> {
  const parallel: Figures[] = [];
  for (const workers of [1, 2]) {
    process.stdout.write(`train bench: data-parallel wasm, ${workers} worker(s)...`);
    const figures = await measure({ kind: 'parallel', workers, quick }, 'wasm', 1);
    console.log(figures.failed ? ` failed: ${text(figures.failed)}` : ' done');
    parallel.push({ workers, ...figures });
  }
  printTable(
    `data-parallel wasm: ResNet-18 width 0.25 at 64x64, batch 32 (${os.availableParallelism()} cores)`,
    parallel.map((f) => ({
      workers: text(f.workers),
      'images/s': fixed(f.imagesPerSecond),
      'ms/step': fixed(f.msPerStep, 0),
      'CPU ms/step (process)': fixed(f.cpuMsPerStep, 0),
      'CPU ms/step (trainer thread)': fixed(f.trainerCpuMsPerStep, 0),
      'floats to each helper/step': text(f.floatsPerHelperStep),
      tensors: `${text(f.tensorsBefore)} -> ${text(f.tensorsAfter)}`,
      failed: f.failed === undefined ? '' : text(f.failed),
    })),
  );
  const [one, two] = parallel;
  if (typeof one?.imagesPerSecond === 'number' && typeof two?.imagesPerSecond === 'number') {
    console.log(
      `data-parallel speed-up, 2 workers / 1: ${(two.imagesPerSecond / one.imagesPerSecond).toFixed(2)}x`,
    );
  }

  const native = nativeBackend();
  const backends = ['wasm', ...('name' in native ? [native.name] : [])];
  const finetune: Figures[] = [];
  for (const backend of backends) {
    const threads = backend === 'wasm' ? 1 : os.availableParallelism();
    process.stdout.write(`train bench: fine-tune step of the bundled ResNet-34 on ${backend}...`);
    const figures = await measure({ kind: 'finetune', backend, quick }, backend, threads);
    console.log(figures.failed ? ` failed: ${text(figures.failed)}` : ' done');
    finetune.push({ backend, threads, ...figures });
  }
  printTable(
    'fine-tune step: bundled ResNet-34 (dlib), 150x150, batch 8, freeze stage3 (the default)',
    finetune.map((f) => ({
      backend: text(f.backend),
      threads: text(f.threads),
      'images/s': fixed(f.imagesPerSecond),
      'ms/step': fixed(f.msPerStep, 0),
      'first step ms': fixed(f.firstStepMs, 0),
      'trainable / frozen params': `${text(f.trainableParameters)} / ${text(f.frozenParameters)}`,
      tensors: `${text(f.tensorsBefore)} -> ${text(f.tensorsAfter)}`,
      failed: f.failed === undefined ? '' : text(f.failed),
    })),
  );
}
