/**
 * Runs the train bench's jobs, each in a process of its own: a process runs one tfjs backend (libtensorflow
 * cannot be unloaded) and its peak memory is the job's alone. tfjs jobs rerun the bench entry with the job
 * in the environment (train-bench-step.ts); PyTorch jobs run train-torch.py under Debian's python3.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { probeBackend } from '../../src-main/vision/backend-probe';
import { INTER_OP_THREADS, INTRA_OP_THREADS } from '../../src-main/vision/native-env';
import { trainJobVariable, trainResultVariable, type TrainFigures, type TrainJob } from './train-jobs';

/** A job's figures, or why it has none. */
export type JobOutcome = { figures: TrainFigures } | { failed: string };

/** The interpreter with Debian's python3-torch (a virtual environment's python would be another torch). */
export const PYTHON = '/usr/bin/python3';

const mainEntry = fileURLToPath(new URL('./main.ts', import.meta.url));
const torchScript = fileURLToPath(new URL('./train-torch.py', import.meta.url));

/** The native backend's name where tfjs-node is provisioned, else why it is skipped. */
export function nativeBackend(): { name: string } | { skipped: string } {
  const provisioned = probeBackend('');
  return provisioned === 'tensorflow' || provisioned === 'tensorflow-gpu'
    ? { name: provisioned }
    : { skipped: 'native tfjs-node not provisioned (npm run setup:native)' };
}

/** PyTorch's version where `import torch` works under {@link PYTHON}, else why it is skipped. */
export function torchVersion(): { version: string } | { skipped: string } {
  const probe = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (probe.error) return { skipped: `${PYTHON} did not start: ${probe.error.message}` };
  if (probe.status !== 0) {
    const last = probe.stderr.trim().split('\n').at(-1) ?? `exit ${probe.status}`;
    return { skipped: `${PYTHON} cannot import torch (${last}): apt-get install python3-torch` };
  }
  return { version: probe.stdout.trim() };
}

/** Runs a command to its end, or kills it after `limitMs`; resolves with its exit code and output. */
export function runChild(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  limitMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, limitMs);
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

/** Why a child failed: its time ran out, or the last lines of its output. */
function failure(result: Awaited<ReturnType<typeof runChild>>, limitMs: number): JobOutcome {
  if (result.timedOut) return { failed: `killed after ${limitMs / 60_000} min` };
  const text = result.stderr || result.stdout;
  return { failed: `exit ${result.code}: ${text.trim().split('\n').slice(-3).join(' | ')}` };
}

/** A tfjs job: the bench entry again, in a child whose environment carries the job. */
async function runTfjsJob(job: TrainJob, resultFile: string, limitMs: number): Promise<JobOutcome> {
  const env = {
    ...process.env,
    FACEATLAS_BACKEND: job.backend,
    [trainJobVariable]: JSON.stringify(job),
    [trainResultVariable]: resultFile,
    // libtensorflow's threads (wasm and cpu run one anyway); data-parallel: one per engine, as in a run
    // (libtensorflow has one count per process: native-env.ts).
    [INTRA_OP_THREADS]: (job.workers ?? 1) > 1 ? '1' : String(job.threads),
    [INTER_OP_THREADS]: '1',
  };
  const result = await runChild(process.execPath, ['--import', 'tsx', mainEntry, 'train'], env, limitMs);
  if (result.code !== 0) return failure(result, limitMs);
  return { figures: JSON.parse(await fs.readFile(resultFile, 'utf8')) as TrainFigures };
}

/** A PyTorch job: train-torch.py, whose last stdout line is its figures. */
async function runTorchJob(job: TrainJob, limitMs: number): Promise<JobOutcome> {
  const { config, steps } = job;
  const args = [
    torchScript,
    ...['--width', String(config.width), '--input', String(config.inputSize)],
    ...['--batch', String(job.batch), '--classes', String(job.classes), '--threads', String(job.threads)],
    ...['--warmup', String(steps.warmup), '--target-seconds', String(steps.targetSeconds)],
    ...['--min-steps', String(steps.minSteps), '--max-steps', String(steps.maxSteps)],
  ];
  const result = await runChild(PYTHON, args, process.env, limitMs);
  if (result.code !== 0) return failure(result, limitMs);
  return { figures: JSON.parse(result.stdout.trim().split('\n').at(-1)!) as TrainFigures };
}

/**
 * Runs one job in its own process, killed after `limitMs`; a job that fails is reported, not thrown, so
 * the others still run.
 */
export async function runTrainJob(job: TrainJob, workDir: string, limitMs: number): Promise<JobOutcome> {
  const name = `${job.backend}-${job.threads}-${job.workers ?? 1}-${job.config.width}-${job.config.inputSize}.json`;
  try {
    return job.backend === 'pytorch'
      ? await runTorchJob(job, limitMs)
      : await runTfjsJob(job, path.join(workDir, name), limitMs);
  } catch (error) {
    return { failed: error instanceof Error ? error.message : String(error) };
  }
}
