import fs from 'node:fs/promises';
import path from 'node:path';
import type { EmbeddingRepository } from '../catalog/embedding.repository';
import type { ModelRow } from '../catalog/model.repository';
import type { PersonRepository } from '../catalog/person.repository';
import { UserError } from '../util/errors';
import { floatsOf } from '../util/float-blob';
import type { TrainedEmbedderPool } from './embedder-trained/embedder-pool';
import { pixelNormalizations, type PixelNormalization } from './embedder-trained/embedder-spec';
import type { EmbedderInput } from './embedder-trained/trained-embedder';
import { loadCropInput } from './crop-inputs';
import type { ClassifierSuggestion } from './model-types';

interface ClassifierFile {
  config?: { mode?: string; inputSize?: number; normalization?: string };
  classes?: Array<{ personId: number; index: number }>;
}

export interface SuggestContext {
  catalogDir: string;
  embeddings: EmbeddingRepository;
  people: PersonRepository;
  pool: TrainedEmbedderPool;
  /** The bundled embedder: a head classifies its vectors. */
  bundled: number;
}

/**
 * What a trained classifier says of the faces nobody is assigned to: each face's most probable person when
 * the probability reaches `minProbability`, the person still exists and has not rejected the face. Nothing
 * is written: the caller shows them as suggestions, and the user's confirmation labels them.
 */
export async function classifierSuggestions(
  row: ModelRow,
  ctx: SuggestContext,
  minProbability: number,
): Promise<ClassifierSuggestion[]> {
  const folder = path.resolve(ctx.catalogDir, row.path);
  const text = await fs.readFile(path.join(folder, 'faceatlas.json'), 'utf8').catch(() => null);
  const file = text === null ? null : (JSON.parse(text) as ClassifierFile);
  if (row.origin !== 'trained' || !file?.classes?.length) {
    throw new UserError(`model ${row.id} (${row.name}) is not a classifier trained here: it has no classes`);
  }
  const head = file.config?.mode === 'head';
  const faces = ctx.embeddings.unassigned(head ? ctx.bundled : -1);
  const rows: number[] = [];
  let result: { probabilities: Float32Array; classes: number };
  if (head) {
    const usable = faces.filter((face) => face.vector !== null);
    const dims = usable[0] ? usable[0].vector!.byteLength / 4 : 0;
    const vectors = new Float32Array(usable.length * dims);
    usable.forEach((face, i) => {
      vectors.set(floatsOf(face.vector!), i * dims);
      rows.push(face.id);
    });
    if (rows.length === 0) return [];
    result = await ctx.pool.classify(folder, { kind: 'vectors', vectors, dims });
  } else {
    const size = file.config?.inputSize ?? 64;
    const named = file.config?.normalization ?? 'centered';
    const normalization = (pixelNormalizations as readonly string[]).includes(named)
      ? (named as PixelNormalization)
      : 'centered';
    const images: EmbedderInput[] = [];
    for (const face of faces) {
      const input = face.crop ? await loadCropInput(ctx.catalogDir, face.crop, size) : null;
      if (!input) continue;
      images.push(input);
      rows.push(face.id);
    }
    if (rows.length === 0) return [];
    result = await ctx.pool.classify(folder, { kind: 'images', images, normalization });
  }
  const personOf = new Map(file.classes.map((c) => [c.index, c.personId]));
  const rejected = ctx.embeddings.rejectionKeys();
  const suggestions: ClassifierSuggestion[] = [];
  rows.forEach((faceId, r) => {
    const scores = result.probabilities.subarray(r * result.classes, (r + 1) * result.classes);
    let best = 0;
    for (let c = 1; c < scores.length; c++) if (scores[c]! > scores[best]!) best = c;
    const personId = personOf.get(best);
    const probability = scores[best]!;
    if (personId === undefined || probability < minProbability || rejected.has(`${faceId}:${personId}`))
      return;
    const person = ctx.people.get(personId);
    if (!person) return;
    suggestions.push({ faceId, personId, name: person.name, probability });
  });
  return suggestions.sort((a, b) => b.probability - a.probability);
}
