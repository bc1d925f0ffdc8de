import fs from 'node:fs/promises';
import path from 'node:path';
import type { ModelRepository } from '../catalog/model.repository';
import { UserError } from '../util/errors';
import {
  pixelNormalizations,
  type EmbedderSpec,
  type PixelNormalization,
} from './embedder-trained/embedder-spec';
import type { ImportedModelMetadata } from './embedder-specs';
import { copyModelFiles, importedModelsDir, modelNameOf } from './model-files';
import { readModelFolder } from './model-folder';
import type { ModelImportOptions } from './model-types';

export interface ModelImportContext {
  catalogDir: string;
  models: ModelRepository;
  /** Loads the model in a worker and embeds a grey face: its output's length, or the loader's error. */
  probe(spec: EmbedderSpec): Promise<{ dims: number }>;
}

/**
 * Imports a TensorFlow.js layers or graph model folder as an embedder: checks it (readModelFolder),
 * takes the input size, normalisation and embedding layer from faceatlas.json or the options (asking for
 * what neither says), copies it into the catalog, loads it once in a worker to read its output dimension,
 * and registers it. A folder that fails any step is refused with the reason, and nothing is left behind.
 */
export async function importModelFolder(
  source: string,
  options: ModelImportOptions,
  ctx: ModelImportContext,
): Promise<number> {
  const facts = await readModelFolder(source);
  const inputSize = options.inputSize ?? facts.faceatlas?.inputSize ?? facts.inputSize;
  if (inputSize === null) {
    throw new UserError(`${source}: the model takes images of any size: say which (--input-size, e.g. 150)`);
  }
  if (facts.inputSize !== null && facts.inputSize !== inputSize) {
    throw new UserError(`${source}: the model takes ${facts.inputSize}px images, not ${inputSize}px`);
  }
  const named = options.normalization ?? facts.faceatlas?.normalization ?? null;
  if (named === null) {
    throw new UserError(
      `${source}: the folder does not say how pixels are scaled: say which (--normalization ${pixelNormalizations.join('|')})`,
    );
  }
  if (!(pixelNormalizations as readonly string[]).includes(named)) {
    throw new UserError(`${source}: unknown normalization "${named}" (${pixelNormalizations.join(', ')})`);
  }
  if (facts.faceatlas?.mode === 'head') {
    throw new UserError(`${source}: a head on frozen embeddings labels faces, it does not embed them`);
  }
  const name = uniqueName(options.name ?? modelNameOf(source), ctx.models);
  const relative = path.join(importedModelsDir, name);
  const folder = path.join(ctx.catalogDir, relative);
  await copyModelFiles(source, facts.files, folder);
  const spec: EmbedderSpec = {
    folder,
    format: facts.format,
    inputSize,
    normalization: named as PixelNormalization,
    embeddingLayer:
      facts.format === 'layers' ? (options.embeddingLayer ?? facts.faceatlas?.embeddingLayer ?? null) : null,
    outputNode: facts.format === 'graph' ? (options.outputNode ?? null) : null,
  };
  let dims: number;
  try {
    dims = (await ctx.probe(spec)).dims;
  } catch (error) {
    await fs.rm(folder, { recursive: true, force: true });
    const reason = (error instanceof Error ? error.message : String(error)).replace(
      /^TrainedEmbedderPool - /,
      '',
    );
    throw new UserError(
      `not a usable TensorFlow.js model folder: ${source}: it does not load and run (${reason})`,
    );
  }
  const metadata: ImportedModelMetadata = {
    format: spec.format,
    inputSize,
    normalization: spec.normalization,
    embeddingLayer: spec.embeddingLayer,
    outputNode: spec.outputNode,
    dims,
    source,
  };
  return ctx.models.register({
    name,
    role: 'embedder',
    origin: 'imported',
    path: relative.split(path.sep).join('/'),
    metadata: { ...metadata },
  });
}

/** `wanted`, or `wanted-2`, `wanted-3`...: an import never replaces a model already registered. */
function uniqueName(wanted: string, models: ModelRepository): string {
  const taken = new Set(models.list().map((row) => row.name));
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) if (!taken.has(`${wanted}-${n}`)) return `${wanted}-${n}`;
}
