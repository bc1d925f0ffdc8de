import type { Command } from 'commander';
import type { ProjectionRequest, ProjectSummary } from '../../projection/projection-views';
import { projectionMethods, type ProjectionMethod } from '../../projection/projection-views';
import { addGlobalOptions, withContainer, type GlobalOptions } from '../context';
import { UsageError } from '../errors';
import { printResult } from '../output';
import { waitForJob } from '../wait-for-job';
import { modelId } from './model-id';

interface ProjectOptions extends GlobalOptions {
  method?: string;
  dims: string;
  model?: string;
  seed: string;
  perplexity?: string;
  neighbors?: string;
  minDist?: string;
}

/**
 * `faceatlas project --method pca|tsne|umap [--dims 2|3] [--model ID]`: computes the embedding map the
 * Embeddings view shows (or finds it cached) and prints `{"method","points","seconds"}`; seconds is the
 * computing time, the cached one on a cache hit. Ctrl-C cancels the job (nothing is cached).
 */
export function registerProject(program: Command): void {
  addGlobalOptions(
    program
      .command('project')
      .description('compute the embedding map (PCA, t-SNE or UMAP) of the catalog faces, cached')
      .option('--method <method>', `one of ${projectionMethods.join(', ')}`)
      .option('--dims <n>', '2 or 3', '2')
      .option('--model <id>', 'the embedder model (default: the active one)')
      .option('--seed <n>', 'same seed, same map', '1')
      .option('--perplexity <p>', 't-SNE perplexity (default 30)')
      .option('--neighbors <k>', 'UMAP neighbours (default 15)')
      .option('--min-dist <d>', 'UMAP minimum distance (default 0.1)'),
  ).action((options: ProjectOptions) =>
    withContainer(options, async (app) => {
      const request = projectRequest(options);
      const first = app.projections.map(request, { ownJob: true });
      let summary: Pick<ProjectSummary, 'method' | 'points' | 'seconds'>;
      if (first.state === 'ready') {
        summary = { method: first.map.method, points: first.map.faceIds.length, seconds: first.map.seconds };
      } else {
        process.stderr.write(`project: computing the ${request.method} map (job ${first.jobId})\n`);
        summary = await waitForJob<ProjectSummary>(app, first.jobId);
        if (app.jobs.get(first.jobId)?.state === 'cancelled') {
          process.stderr.write('project: cancelled\n');
          process.exitCode = 1;
          return;
        }
      }
      const { method, points, seconds } = summary;
      const rounded = Math.round(seconds * 1000) / 1000;
      printResult(
        { method, points, seconds: rounded },
        Boolean(options.json),
        () => `${method} map of ${points} faces in ${rounded.toFixed(1)} s`,
      );
    }),
  );
}

function projectRequest(options: ProjectOptions): ProjectionRequest {
  const method = options.method as ProjectionMethod | undefined;
  if (!method || !projectionMethods.includes(method)) {
    throw new UsageError(`--method takes one of ${projectionMethods.join(', ')}`);
  }
  if (options.dims !== '2' && options.dims !== '3')
    throw new UsageError(`--dims takes 2 or 3, not "${options.dims}"`);
  return {
    method,
    dims: options.dims === '3' ? 3 : 2,
    seed: integer(options.seed, '--seed', 0, 2 ** 31 - 1),
    ...(options.model === undefined ? {} : { model: modelId(options.model) }),
    ...(options.perplexity === undefined
      ? {}
      : { perplexity: number(options.perplexity, '--perplexity', 2, 100) }),
    ...(options.neighbors === undefined
      ? {}
      : { neighbors: integer(options.neighbors, '--neighbors', 2, 200) }),
    ...(options.minDist === undefined ? {} : { minDist: number(options.minDist, '--min-dist', 0, 1) }),
  };
}

function number(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`${flag} takes a number from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

function integer(text: string, flag: string, min: number, max: number): number {
  const value = number(text, flag, min, max);
  if (!Number.isInteger(value)) throw new UsageError(`${flag} takes a whole number, not "${text}"`);
  return value;
}
