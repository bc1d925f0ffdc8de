import { Option, type Command } from 'commander';
import type { ModelImportOptions, ReembedSummary } from '../../models/model-types';
import { pixelNormalizations } from '../../models/embedder-trained/embedder-spec';
import { addGlobalOptions, withContainer, type GlobalOptions } from '../context';
import { UsageError } from '../errors';
import { printResult } from '../output';
import { waitForJob } from '../wait-for-job';
import { modelId } from './model-id';

interface ImportOptions extends GlobalOptions {
  name?: string;
  inputSize?: string;
  normalization?: ModelImportOptions['normalization'];
  embeddingLayer?: string;
  outputNode?: string;
}

/**
 * `faceatlas models list|use|import|export|suggest`: the catalog's embedders, switching the active one (its faces
 * re-embedded from their stored crops first, progress on stderr; switching back is instant), importing a
 * TensorFlow.js model folder and exporting a trained or imported one.
 */
export function registerModels(program: Command): void {
  const models = program.command('models').description("the catalog's face embedders");
  addGlobalOptions(models.command('list').description('list the embedders')).action(
    (options: GlobalOptions) =>
      withContainer(options, (app) => {
        const list = app.modelRegistry.list();
        printResult(list, Boolean(options.json), () =>
          list
            .map((m) => `${m.active ? '*' : ' '} ${m.id}\t${m.name}\t${m.origin}\t${m.faces} faces`)
            .join('\n'),
        );
      }),
  );
  addGlobalOptions(
    models.command('use <id>').description("make a model the catalog's embedder (re-embeds its faces first)"),
  ).action((id: string, options: GlobalOptions) =>
    withContainer(options, async (app) => {
      const model = modelId(id);
      const started = await app.modelRegistry.use(model);
      if (started.jobId !== null) {
        process.stderr.write(`model ${model}: embedding the faces (job ${started.jobId})\n`);
        const summary = await waitForJob<ReembedSummary>(app, started.jobId);
        if (!summary.activated) throw new Error(`model ${model}: re-embedding stopped before the switch`);
      }
      const faces = app.modelRegistry.embeddings.countEmbedded(model);
      printResult({ model, faces }, Boolean(options.json), () => `model ${model} is active: ${faces} faces`);
    }),
  );
  addGlobalOptions(
    models
      .command('import <folder>')
      .description('register a TensorFlow.js layers or graph model folder as an embedder')
      .option('--name <name>', 'the model name (default: imported-<folder name>)')
      .option('--input-size <px>', 'input side in pixels, when model.json does not fix it')
      .addOption(
        new Option('--normalization <kind>', 'how pixels are scaled, when the folder does not say').choices(
          pixelNormalizations,
        ),
      )
      .option('--embedding-layer <name>', 'layers models: the layer whose output is the embedding')
      .option('--output-node <name>', 'graph models: the node whose output is the embedding'),
  ).action((folder: string, options: ImportOptions) =>
    withContainer(options, async (app) => {
      const inputSize = options.inputSize === undefined ? undefined : Number(options.inputSize);
      if (inputSize !== undefined && !(Number.isInteger(inputSize) && inputSize >= 16 && inputSize <= 1024)) {
        throw new UsageError(
          `--input-size takes a whole number of pixels 16..1024, got "${options.inputSize}"`,
        );
      }
      const model = await app.modelRegistry.import(folder, {
        ...(options.name ? { name: options.name } : {}),
        ...(inputSize ? { inputSize } : {}),
        ...(options.normalization ? { normalization: options.normalization } : {}),
        ...(options.embeddingLayer ? { embeddingLayer: options.embeddingLayer } : {}),
        ...(options.outputNode ? { outputNode: options.outputNode } : {}),
      });
      printResult(model, Boolean(options.json), () => `imported model ${model.id} (${model.name})`);
    }),
  );
  addGlobalOptions(
    models
      .command('export <id>')
      .description('copy a trained or imported model folder')
      .requiredOption('--to <folder>', 'a new or empty folder'),
  ).action((id: string, options: GlobalOptions & { to: string }) =>
    withContainer(options, async (app) => {
      const result = await app.modelRegistry.export(modelId(id), options.to);
      printResult(result, Boolean(options.json), () => `model ${result.model} exported to ${result.folder}`);
    }),
  );
  addGlobalOptions(
    models
      .command('suggest <id>')
      .description("a trained classifier's suggestions for faces nobody labeled (nothing is written)")
      .option('--min-probability <p>', 'suggest only at or above this probability, 0..1', '0.9')
      .option('--limit <n>', 'at most this many, most probable first', '500'),
  ).action((id: string, options: GlobalOptions & { minProbability: string; limit: string }) =>
    withContainer(options, async (app) => {
      const minProbability = Number(options.minProbability);
      const limit = Number(options.limit);
      if (!(minProbability >= 0 && minProbability <= 1)) {
        throw new UsageError(`--min-probability takes 0..1, got "${options.minProbability}"`);
      }
      if (!(Number.isInteger(limit) && limit > 0))
        throw new UsageError(`--limit takes a count, got "${options.limit}"`);
      const suggestions = await app.modelRegistry.suggest(modelId(id), minProbability, limit);
      printResult(suggestions, Boolean(options.json), () =>
        suggestions.length === 0
          ? 'no suggestions'
          : suggestions.map((s) => `face ${s.faceId}\t${s.name}\t${s.probability.toFixed(3)}`).join('\n'),
      );
    }),
  );
  for (const command of models.commands) command.exitOverride();
}
