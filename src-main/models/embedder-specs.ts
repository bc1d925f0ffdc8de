import path from 'node:path';
import type { ModelRow } from '../catalog/model.repository';
import { UserError } from '../util/errors';
import {
  pixelNormalizations,
  type EmbedderSpec,
  type ModelFormat,
  type PixelNormalization,
} from './embedder-trained/embedder-spec';
import { readModelFolder } from './model-folder';

/** What an imported model's record holds (the `models.metrics` JSON), besides where it came from. */
export interface ImportedModelMetadata {
  format: ModelFormat;
  inputSize: number;
  normalization: PixelNormalization;
  embeddingLayer: string | null;
  outputNode: string | null;
  dims: number;
  source: string;
}

/** The model record's metadata as JSON (an empty object when there is none). */
export function metadataOf(row: ModelRow): Record<string, unknown> {
  return row.metrics ? (JSON.parse(row.metrics) as Record<string, unknown>) : {};
}

/** A trained run's normalisation names, as the worker's pixel normalisations. */
function normalizationOf(name: string | null): PixelNormalization {
  const known = pixelNormalizations as readonly string[];
  return name !== null && known.includes(name) ? (name as PixelNormalization) : 'unit';
}

/**
 * The spec to embed with a catalog model's folder: a trained model's from its faceatlas.json (input size,
 * normalisation, embedding layer), an imported one's from its record. The bundled embedder has none (the
 * vision pipeline runs it); a head on frozen embeddings is a classifier, not an embedder.
 */
export async function embedderSpecOf(row: ModelRow, catalogDir: string): Promise<EmbedderSpec> {
  if (row.origin === 'bundled') {
    throw new UserError(`model ${row.id} (${row.name}) is bundled: the vision pipeline embeds with it`);
  }
  const folder = path.resolve(catalogDir, row.path);
  const facts = await readModelFolder(folder);
  if (row.origin === 'imported') {
    const meta = metadataOf(row) as unknown as ImportedModelMetadata;
    return {
      folder,
      format: meta.format,
      inputSize: meta.inputSize,
      normalization: meta.normalization,
      embeddingLayer: meta.embeddingLayer,
      outputNode: meta.outputNode,
    };
  }
  const trained = facts.faceatlas;
  if (trained?.mode === 'head') {
    throw new UserError(
      `model ${row.id} (${row.name}) is a head on the bundled embeddings: it labels faces, it does not embed them`,
    );
  }
  const inputSize = trained?.inputSize ?? facts.inputSize;
  if (inputSize === null) throw new UserError(`model ${row.id} (${row.name}) does not say its input size`);
  return {
    folder,
    format: facts.format,
    inputSize,
    normalization: normalizationOf(trained?.normalization ?? null),
    embeddingLayer: trained?.embeddingLayer ?? null,
    outputNode: null,
  };
}
