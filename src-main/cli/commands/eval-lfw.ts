import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { embeddingDistance, l2Normalise, type DistanceKind } from '../../evaluation/embedding-distance';
import type { ImageEmbedding } from '../../evaluation/lfw-embedder';
import { evaluateVerification, type VerificationResult } from '../../evaluation/lfw-protocol';
import { parsePairsFile, type ImagePair } from '../../evaluation/pairs-file';
import type { ScoredPair } from '../../evaluation/scored-pair';
import { defaultFaceSettings } from '../../settings/face-settings';
import { UsageError } from '../errors';
import { endProgress, printProgress, printResult } from '../output';
import { modelId } from './model-id';

export type { ImageEmbedding };

/** What eval-lfw needs from the outside world, injected so that the command can be tested. */
export interface EvalLfwDeps {
  /** Embeds each of `paths` (absolute, distinct); the map has an entry for every path. */
  embedImages(
    paths: string[],
    onProgress: (done: number, total: number) => void,
    signal?: AbortSignal,
    options?: { flipFusion: boolean; model?: { id: number; catalog?: string } },
  ): Promise<Map<string, ImageEmbedding>>;
}

interface EvalLfwOptions {
  images: string;
  pairs: string;
  trainPairs?: string;
  distance: DistanceKind;
  /** Flip fusion: `--flip` / `--no-flip`, else the catalog default. */
  flip?: boolean;
  json?: boolean;
  /** A trained or imported model of the catalog, instead of the bundled embedder. */
  model?: string;
  catalog?: string;
}

/** The eval-lfw --json result. */
export interface EvalLfwResult extends VerificationResult {
  /** Distinct test images in which no face was detected. */
  failedDetections: number;
}

/**
 * Adds `eval-lfw`: face verification accuracy by the LFW protocol, ten-fold on a View 2 pairs file or
 * train/test on View 1 files.
 */
export function registerEvalLfw(program: Command, deps: EvalLfwDeps): void {
  program
    .command('eval-lfw')
    .description('Measure face verification accuracy with the LFW protocol')
    .requiredOption('--images <dir>', 'LFW image root (holds <name>/<name>_0001.jpg)')
    .requiredOption('--pairs <file>', 'test pairs: pairs.txt (ten-fold) or pairsDevTest.txt (View 1)')
    .option(
      '--train-pairs <file>',
      'pairs to choose the threshold on, e.g. pairsDevTrain.txt (required for View 1)',
    )
    .addOption(
      new Option('--distance <kind>', 'embedding distance')
        .choices(['euclidean', 'cosine'])
        .default('euclidean'),
    )
    .option('--flip', 'fuse each face with its mirror image (slower)')
    .option('--no-flip', 'embed each face alone (the default)')
    .option('--model <id>', 'embed with a trained or imported model of the catalog (see `models list`)')
    .option('--catalog <dir>', 'the catalog --model belongs to (default: the desktop app catalog)')
    .option('--json', 'print one JSON object on stdout')
    .action(async (options: EvalLfwOptions) => {
      const result = await evalLfw(options, deps);
      printResult(result, options.json === true, () => formatHuman(result));
    });
}

async function evalLfw(options: EvalLfwOptions, deps: EvalLfwDeps): Promise<EvalLfwResult> {
  const test = await readPairs(options.pairs);
  const train = options.trainPairs === undefined ? undefined : (await readPairs(options.trainPairs)).pairs;
  if (test.format === 'view1' && train === undefined) {
    throw new UsageError(
      `${options.pairs} is a View 1 pairs file: pass --train-pairs to choose the threshold on`,
    );
  }

  const root = path.resolve(options.images);
  const imagePath = (relative: string) => path.join(root, relative);
  const paths = [...new Set([...test.pairs, ...(train ?? [])].flatMap((pair) => [pair.a, pair.b]))].map(
    imagePath,
  );
  const embeddings = await deps.embedImages(
    paths,
    (done, total) => printProgress(`eval-lfw: embedded ${done}/${total} images`),
    undefined,
    {
      flipFusion: options.flip ?? defaultFaceSettings.flipFusion,
      ...(options.model === undefined
        ? {}
        : {
            model: {
              id: modelId(options.model, '--model ID'),
              ...(options.catalog ? { catalog: options.catalog } : {}),
            },
          }),
    },
  );
  endProgress();

  const normalised = new Map<string, Float32Array>();
  const lookup = (relative: string): Float32Array => {
    const absolute = imagePath(relative);
    let vector = normalised.get(absolute);
    if (vector === undefined) {
      const entry = embeddings.get(absolute);
      if (entry === undefined) throw new Error(`eval-lfw: no embedding returned for ${absolute}`);
      vector = l2Normalise(entry.embedding);
      normalised.set(absolute, vector);
    }
    return vector;
  };
  const score = (pairs: readonly ImagePair[]): ScoredPair[] =>
    pairs.map((pair) => ({
      distance: embeddingDistance(lookup(pair.a), lookup(pair.b), options.distance),
      same: pair.same,
      fold: pair.fold,
    }));

  const testImages = new Set(test.pairs.flatMap((pair) => [pair.a, pair.b]));
  const failedDetections = [...testImages].filter(
    (relative) => embeddings.get(imagePath(relative))?.detected === false,
  ).length;
  const verification = evaluateVerification(
    score(test.pairs),
    train === undefined ? undefined : score(train),
  );
  return { ...verification, failedDetections };
}

async function readPairs(file: string) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read pairs file ${file}: ${(error as Error).message}`);
  }
  return parsePairsFile(text);
}

function formatHuman(result: EvalLfwResult): string {
  const percent = (value: number) => `${(value * 100).toFixed(2)}%`;
  const spread = result.std === null ? '' : ` ± ${percent(result.std)}`;
  return [
    `accuracy          ${percent(result.accuracy)}${spread}`,
    `threshold         ${result.threshold.toFixed(4)}`,
    `AUC               ${result.auc.toFixed(4)}`,
    `EER               ${percent(result.eer)}`,
    `TAR @ FAR<=1e-3   ${percent(result.tarAtFar1e3)}`,
    `pairs             ${result.pairs}`,
    `failed detections ${result.failedDetections}`,
  ].join('\n');
}
