import path from 'node:path';
import fs from 'node:fs/promises';
import type { EmbeddingRepository } from '../../catalog/embedding.repository';
import { UserError } from '../../util/errors';
import { csvField, requireEmptyFolder, tsvField } from '../../util/export-folder';
import type { ProjectionExport } from '../projection-views';
import { toExportFaces, type ExportFace } from './export-rows';
import { writeLines } from './line-writer';
import { writeSprite } from './sprite';

export interface ProjectionExportDeps {
  catalogDir: string;
  embeddings: EmbeddingRepository;
}

/** Vectors in text keep float32's precision (9 significant digits round-trip a float32). */
const number = (value: number): string => String(Number(value.toPrecision(9)));

/**
 * Writes a model's embeddings with their labels into a new or empty folder the user chose:
 * `projector`: TensorBoard projector files (tensors.tsv, metadata.tsv, sprite.png, projector_config.pbtxt
 * for TensorBoard's plugin and projector_config.json for the standalone projector.tensorflow.org);
 * `csv`: embeddings.csv, one line per face with its labels and vector.
 */
export async function exportProjection(
  deps: ProjectionExportDeps,
  folder: string,
  format: 'projector' | 'csv',
  model: number,
): Promise<ProjectionExport> {
  const faces = toExportFaces(deps.embeddings.exportRows(model));
  if (faces.length === 0)
    throw new UserError(`no faces have an embedding under model ${model}: nothing to export`);
  await requireEmptyFolder(folder);
  const files =
    format === 'csv' ? await writeCsv(faces, folder) : await writeProjector(deps, faces, folder, model);
  return { folder, points: faces.length, files };
}

async function writeCsv(faces: readonly ExportFace[], folder: string): Promise<string[]> {
  const dims = faces[0]?.vector.length ?? 0;
  const header = ['face_id', 'person', 'status', 'photo', ...Array.from({ length: dims }, (_, d) => `e${d}`)];
  // Lines are made as the stream takes them: 100k faces' text is never held at once.
  function* lines(): Generator<string> {
    yield header.join(',');
    for (const face of faces) {
      const labels = [face.id, face.person, face.status, face.photo].map(csvField);
      yield labels.concat(Array.from(face.vector, number)).join(',');
    }
  }
  await writeLines(path.join(folder, 'embeddings.csv'), lines());
  return ['embeddings.csv'];
}

function* tensorLines(faces: readonly ExportFace[]): Generator<string> {
  for (const face of faces) yield Array.from(face.vector, number).join('\t');
}

/** With more than one column the projector wants a header row. */
function* metadataLines(faces: readonly ExportFace[]): Generator<string> {
  yield 'face\tperson\tstatus\tphoto';
  for (const face of faces) {
    yield [face.id, face.person || '(unlabeled)', face.status, face.photo].map(tsvField).join('\t');
  }
}

async function writeProjector(
  deps: ProjectionExportDeps,
  faces: readonly ExportFace[],
  folder: string,
  model: number,
): Promise<string[]> {
  await writeLines(path.join(folder, 'tensors.tsv'), tensorLines(faces));
  await writeLines(path.join(folder, 'metadata.tsv'), metadataLines(faces));
  const { tile } = await writeSprite(faces, deps.catalogDir, path.join(folder, 'sprite.png'));
  const name = `faceatlas-model-${model}`;
  await fs.writeFile(
    path.join(folder, 'projector_config.pbtxt'),
    [
      'embeddings {',
      `  tensor_name: "${name}"`,
      '  tensor_path: "tensors.tsv"',
      '  metadata_path: "metadata.tsv"',
      '  sprite {',
      '    image_path: "sprite.png"',
      `    single_image_dim: ${tile}`,
      `    single_image_dim: ${tile}`,
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  const config = {
    embeddings: [
      {
        tensorName: name,
        tensorShape: [faces.length, faces[0]?.vector.length ?? 0],
        tensorPath: 'tensors.tsv',
        metadataPath: 'metadata.tsv',
        sprite: { imagePath: 'sprite.png', singleImageDim: [tile, tile] },
      },
    ],
  };
  await fs.writeFile(path.join(folder, 'projector_config.json'), `${JSON.stringify(config, null, 2)}\n`);
  return ['tensors.tsv', 'metadata.tsv', 'sprite.png', 'projector_config.pbtxt', 'projector_config.json'];
}
