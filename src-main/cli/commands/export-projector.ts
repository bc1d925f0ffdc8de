import path from 'node:path';
import type { Command } from 'commander';
import { addGlobalOptions, withContainer, type GlobalOptions } from '../context';
import { printResult } from '../output';
import { modelId } from './model-id';

interface ExportProjectorOptions extends GlobalOptions {
  out: string;
  model?: string;
  csv?: boolean;
}

/**
 * `faceatlas export-projector --out DIR [--model ID] [--csv]`: the embeddings with their person labels as
 * TensorBoard projector files (tensors.tsv, metadata.tsv, sprite.png, configs), or as one CSV.
 */
export function registerExportProjector(program: Command): void {
  addGlobalOptions(
    program
      .command('export-projector')
      .description('export embeddings with person labels for TensorBoard projector (or as CSV)')
      .requiredOption('--out <dir>', 'a new or empty folder')
      .option('--model <id>', 'the embedder (default: the active one)')
      .option('--csv', 'write embeddings.csv instead of projector files'),
  ).action((options: ExportProjectorOptions) => {
    const model = options.model === undefined ? undefined : modelId(options.model, '--model ID');
    return withContainer(options, async (app) => {
      const result = await app.projections.export(
        path.resolve(options.out),
        options.csv ? 'csv' : 'projector',
        model,
      );
      printResult(result, Boolean(options.json), () =>
        [
          `${result.points} faces exported to ${result.folder}`,
          ...result.files.map((file) => `  ${file}`),
        ].join('\n'),
      );
    });
  });
}
