import type { Command } from 'commander';
import type { ProjectionRequest, ProjectSummary } from '../../projection/projection-views';
import { projectionMethods } from '../../projection/projection-views';
import { visualizationInputs } from '../../api/visualization-contract';
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

/** The command line's flags by the contract's field names (what a usage error names). */
const flagOf: Record<string, string> = {
  method: '--method',
  dims: '--dims',
  model: '--model',
  seed: '--seed',
  perplexity: '--perplexity',
  neighbors: '--neighbors',
  minDist: '--min-dist',
};

/**
 * The request as the API takes it, checked by the API's own schema (visualization-contract.ts), so that
 * the command line and the Embeddings view accept the same values; a refusal names the flag.
 */
function projectRequest(options: ProjectOptions): ProjectionRequest {
  const asNumber = (text: string | undefined): number | undefined =>
    text === undefined ? undefined : Number(text);
  const parsed = visualizationInputs['projection.map'].safeParse({
    method: options.method,
    dims: asNumber(options.dims),
    seed: asNumber(options.seed),
    ...(options.model === undefined ? {} : { model: modelId(options.model) }),
    ...(options.perplexity === undefined ? {} : { perplexity: asNumber(options.perplexity) }),
    ...(options.neighbors === undefined ? {} : { neighbors: asNumber(options.neighbors) }),
    ...(options.minDist === undefined ? {} : { minDist: asNumber(options.minDist) }),
  });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? '');
    const { method, dims, model, seed, perplexity, neighbors, minDist } = options;
    const texts: Record<string, string | undefined> = {
      method,
      dims,
      model,
      seed,
      perplexity,
      neighbors,
      minDist,
    };
    const given = texts[field];
    return `${flagOf[field] ?? field} ${given === undefined ? 'is required' : `"${given}"`}: ${issue.message}`;
  });
  throw new UsageError(problems.join('; '));
}
