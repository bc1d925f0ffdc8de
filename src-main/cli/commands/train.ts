import fs from 'node:fs/promises';
import type { Command } from 'commander';
import type { TrainSummary } from '../../training/run/train-job-types';
import { addGlobalOptions, withContainer, type GlobalOptions } from '../context';
import { UsageError } from '../errors';
import { printResult } from '../output';
import { waitForJob } from '../wait-for-job';

interface TrainOptions extends GlobalOptions {
  config?: string;
  resume?: string;
}

async function readConfig(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the config ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`the config ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function runId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw new UsageError(`--resume takes a run id, got "${text}"`);
  return id;
}

/**
 * `faceatlas train --config FILE`: trains a model on the catalog's labeled faces (progress on stderr; the
 * last line of stdout is the run's summary). `--resume RUN` continues a stopped or failed run from its last
 * checkpoint. Ctrl-C stops the run at the next step with a checkpoint, so it can be resumed.
 */
export function registerTrain(program: Command): void {
  addGlobalOptions(
    program
      .command('train')
      .description('train a face model on the labeled faces (see the README for the config fields)')
      .option('--config <file>', 'the run config (JSON): {"mode":"head"|"scratch", ...}')
      .option('--resume <run>', 'continue a stopped or failed run from its last checkpoint'),
  ).action((options: TrainOptions) =>
    withContainer(options, async (app) => {
      if (Boolean(options.config) === Boolean(options.resume)) {
        throw new UsageError('give --config FILE to start a run or --resume RUN to continue one');
      }
      const start = options.resume
        ? app.training.resume(runId(options.resume))
        : app.training.start(await readConfig(options.config as string));
      process.stderr.write(`run ${start.runId}: training (job ${start.jobId})\n`);
      const summary = await waitForJob<TrainSummary>(app, start.jobId);
      const { runId: id, status, backend, metrics, seconds } = summary;
      printResult({ runId: id, status, backend, metrics, seconds }, Boolean(options.json), () =>
        [
          `run ${id} ${status} on ${backend} in ${seconds.toFixed(1)} s`,
          ...Object.entries(metrics).map(([name, value]) => `  ${name}: ${value}`),
        ].join('\n'),
      );
      if (status !== 'completed') process.exitCode = 1;
    }),
  );
}
