/**
 * `npm run bench -- train [--quick]`: training images/s of ResNet-18 (width 0.25, ~0.7M parameters, and
 * full width, ~11M) at 64x64 and 112x112, batch 32: wasm with our gradient kernels, native tfjs-node where
 * provisioned (one engine of 1 and 2 threads, and data-parallel on two engines of one thread, as a run
 * trains), the cpu backend (smallest config, not with --quick), and PyTorch (Debian's python3-torch)
 * with the same architecture, batch and thread count, each job in a process of its own. Prints a table
 * per config and the ratios against their targets at equal threads: native >= 0.3x PyTorch, wasm >= 0.12x
 * (a wasm step costs at least three forward passes, so 0.25x is its ceiling). `--quick`: the smallest
 * config, ~3 s of timed steps a job.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { benchTrainExtras } from './train-extras';
import { printTable } from './bench-support';
import { nativeBackend, runTrainJob, torchVersion, type JobOutcome } from './train-backends';
import {
  BATCH,
  CPU_BATCH,
  CLASSES,
  configLabel,
  configsFor,
  cpuSkipReason,
  stepPlan,
  type TrainConfig,
  type TrainFigures,
} from './train-jobs';

/** A backend at a thread count, as the tables name it. */
interface Runner {
  backend: string;
  threads: number;
  /** Data-parallel engines (one core each), as a native run with `workers: "auto"` trains. */
  workers?: number;
  label: string;
}

interface Row {
  runner: Runner;
  outcome: JobOutcome;
}

const TARGETS = { native: 0.3, wasm: 0.12 } as const;

/** The runners available here, with a printed reason for each one skipped. */
function runnersHere(): Runner[] {
  const runners: Runner[] = [];
  const native = nativeBackend();
  if ('name' in native) {
    // Two threads: both cores, as PyTorch at 2; one: what each engine of the app uses (native-env.ts).
    runners.push({ backend: native.name, threads: 2, label: `native (${native.name})` });
    runners.push({ backend: native.name, threads: 1, label: `native (${native.name})` });
    // What a run trains on (workers "auto"): one engine per core, each on 16 of the batch's 32 faces.
    const cores = os.availableParallelism();
    if (cores >= 2) {
      const label = `native (${native.name}) data-parallel, 2 x 16`;
      runners.push({ backend: native.name, threads: 2, workers: 2, label });
    }
  } else console.log(`train bench: native skipped: ${native.skipped}`);
  runners.push({ backend: 'wasm', threads: 1, label: 'wasm + our kernels' });
  runners.push({ backend: 'cpu', threads: 1, label: 'cpu' });
  const torch = torchVersion();
  if ('version' in torch) {
    runners.push({ backend: 'pytorch', threads: 1, label: `PyTorch ${torch.version}` });
    runners.push({ backend: 'pytorch', threads: 2, label: `PyTorch ${torch.version}` });
  } else console.log(`train bench: PyTorch skipped: ${torch.skipped}`);
  return runners;
}

const fixed = (value: number, digits = 1): string => value.toFixed(digits);
const count = (value: number): string => value.toLocaleString('en-US');

function tableRow({ runner, outcome }: Row): Record<string, string | number> {
  const row = { backend: runner.label, threads: runner.threads };
  if ('failed' in outcome) return { ...row, 'images/s': `failed: ${outcome.failed}` };
  const f = outcome.figures;
  const tensors = f.tensorsBefore === undefined ? '-' : `${f.tensorsBefore} -> ${f.tensorsAfter}`;
  return {
    ...row,
    'images/s': fixed(f.imagesPerSecond, f.imagesPerSecond < 1 ? 3 : 1),
    'ms/step': fixed(f.msPerStep, 0),
    steps: f.steps,
    'params (trainable)': `${count(f.parameters)} (${count(f.trainableParameters)})`,
    'last stage': `${f.featureSize}x${f.featureSize}`,
    'RSS MiB start/peak': `${fixed(f.startRssMiB, 0)} / ${fixed(f.peakRssMiB, 0)}`,
    tensors,
    note: f.memoryFormat ? `${f.memoryFormat}${probeNote(f)}` : '',
  };
}

function probeNote(f: TrainFigures): string {
  const probe = Object.entries(f.probeMs ?? {});
  return probe.length ? ` (probe ${probe.map(([name, ms]) => `${name} ${fixed(ms, 0)} ms`).join(', ')})` : '';
}

/** Images/s of a backend at a thread count, when it ran. */
function speedOf(
  rows: Row[],
  backend: (name: string) => boolean,
  threads: number,
  workers = 1,
): number | undefined {
  const row = rows.find(
    (r) => backend(r.runner.backend) && r.runner.threads === threads && (r.runner.workers ?? 1) === workers,
  );
  return row && 'figures' in row.outcome ? row.outcome.figures.imagesPerSecond : undefined;
}

/** The ratios of a config, each with its target where it has one. */
function ratioRows(rows: Row[]): Array<Record<string, string>> {
  const isNative = (name: string): boolean => name.startsWith('tensorflow');
  const at = (name: string, threads = 1): number | undefined => speedOf(rows, (b) => b === name, threads);
  const ratio = (label: string, a: number | undefined, b: number | undefined, target?: number) => {
    if (a === undefined || b === undefined) return { ratio: label, value: 'n/a (not measured)', target: '' };
    const value = a / b;
    const verdict = target === undefined ? '' : `>= ${target}x: ${value >= target ? 'meets' : 'below'}`;
    return { ratio: label, value: `${fixed(value, 3)}x`, target: verdict };
  };
  return [
    ratio('wasm / PyTorch (1 thread)', at('wasm'), at('pytorch'), TARGETS.wasm),
    ratio('native / PyTorch (2 threads)', speedOf(rows, isNative, 2), at('pytorch', 2), TARGETS.native),
    ratio(
      'native data-parallel 2 x 16 / PyTorch (2 threads)',
      speedOf(rows, isNative, 2, 2),
      at('pytorch', 2),
      TARGETS.native,
    ),
    ratio('native / PyTorch (1 thread)', speedOf(rows, isNative, 1), at('pytorch'), TARGETS.native),
    ratio('wasm / cpu', at('wasm'), at('cpu')),
    ratio('native (2 threads) / wasm', speedOf(rows, isNative, 2), at('wasm')),
  ];
}

/** Warns when PyTorch's network differs from ours in parameters or the last stage's size. */
function checkSameNetwork(rows: Row[]): void {
  const measured = rows.flatMap(({ outcome }) => ('figures' in outcome ? [outcome.figures] : []));
  const shapes = new Set(measured.map((f) => `${f.parameters}/${f.trainableParameters}/${f.featureSize}`));
  if (shapes.size > 1)
    console.log(`train bench: NETWORKS DIFFER (params/trainable/last stage): ${[...shapes].join(', ')}`);
}

async function benchConfig(
  config: TrainConfig,
  runners: Runner[],
  quick: boolean,
  work: string,
): Promise<void> {
  const rows: Row[] = [];
  for (const runner of runners) {
    const skipped = runner.backend === 'cpu' ? cpuSkipReason(config, quick) : null;
    if (skipped) {
      console.log(`train bench: cpu on ${configLabel(config)}: ${skipped}`);
      continue;
    }
    const { backend, threads, workers } = runner;
    // A batch-32 step takes the cpu backend over ten minutes here: it times batch 4 (images/s compare).
    const batch = backend === 'cpu' ? CPU_BATCH : BATCH;
    const steps = stepPlan(backend, quick);
    const job = { backend, threads, workers, config, batch, classes: CLASSES, steps };
    process.stdout.write(`train bench: ${configLabel(config)}, ${runner.label}, ${threads} thread(s)...`);
    const started = performance.now();
    const outcome = await runTrainJob(job, work, job.steps.limitMinutes * 60_000);
    console.log(` ${fixed((performance.now() - started) / 1000, 0)} s`);
    rows.push({
      runner: batch === BATCH ? runner : { ...runner, label: `${runner.label} (batch ${batch})` },
      outcome,
    });
  }
  checkSameNetwork(rows);
  printTable(`${configLabel(config)}, batch ${BATCH}, ${CLASSES} classes`, rows.map(tableRow));
  console.table(ratioRows(rows));
}

/** Runs every config on every runner available here and prints the tables and ratios. */
export async function benchTrain(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'faceatlas-bench-train-'));
  try {
    const runners = runnersHere();
    for (const config of configsFor(quick)) await benchConfig(config, runners, quick, work);
    await benchTrainExtras(quick);
    console.log(
      '\nimages/s: timed steps after the warm-up, one seeded random batch; wasm and cpu run one thread in ' +
        'Node. RSS: the whole child process, at start (runtime and modules loaded) and at its peak. ' +
        'tensors: live after the warm-up -> after the timed steps.',
    );
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}
