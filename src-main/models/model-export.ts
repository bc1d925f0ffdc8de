import fs from 'node:fs/promises';
import path from 'node:path';
import type { ModelRow } from '../catalog/model.repository';
import { UserError } from '../util/errors';
import { embedderSpecOf, metadataOf } from './embedder-specs';
import { copyModelFiles } from './model-files';
import { readModelFolder } from './model-folder';

/** What `models export` wrote. */
export interface ModelExport {
  model: number;
  folder: string;
  files: string[];
}

/**
 * Copies a trained or imported model's folder to `target` (a new or empty folder). An imported model
 * without a faceatlas.json leaves with one saying what it was imported with, so importing it again asks
 * nothing.
 */
export async function exportModelFolder(
  row: ModelRow,
  catalogDir: string,
  target: string,
): Promise<ModelExport> {
  if (row.origin === 'bundled')
    throw new UserError(`model ${row.id} (${row.name}) is bundled: nothing to export`);
  const spec = await embedderSpecOf(row, catalogDir).catch(() => null);
  const source = path.resolve(catalogDir, row.path);
  const facts = await readModelFolder(source);
  const folder = path.resolve(target);
  await copyModelFiles(source, facts.files, folder);
  const files = [...facts.files];
  if (!facts.faceatlas && spec) {
    const config = { inputSize: spec.inputSize, normalization: spec.normalization };
    const extra = { config, embeddingLayer: spec.embeddingLayer, metadata: metadataOf(row) };
    await fs.writeFile(path.join(folder, 'faceatlas.json'), JSON.stringify(extra, null, 2));
    files.push('faceatlas.json');
  }
  return { model: row.id, folder, files };
}
