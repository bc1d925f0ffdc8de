import fs from 'node:fs/promises';
import sharp from 'sharp';
import type { ImageEmbedding } from '../evaluation/lfw-embedder';
import { evalMinConfidence, fallbackBox, nearestCentre } from '../evaluation/lfw-embedder';
import { decodeRgb } from '../imaging/decode';
import { Limiter } from '../util/concurrency';
import type { EmbedderSpec } from './embedder-trained/embedder-spec';
import { TrainedEmbedderPool } from './embedder-trained/embedder-pool';
import type { EmbedderInput } from './embedder-trained/trained-embedder';
import type { AlignedCrop } from '../vision/types';
import { VisionWorkerPool } from '../vision/worker-pool';
import { rawCropInput } from './crop-inputs';

/** Crops per request to the model's workers. */
const chunkSize = 32;

/** The image mirrored left-right (flip fusion embeds both). */
function mirrored(input: EmbedderInput): EmbedderInput {
  const { size, data } = input;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + (size - 1 - x)) * 3;
      out.set(data.subarray(from, from + 3), (y * size + x) * 3);
    }
  }
  return { size, data: out };
}

/**
 * eval-lfw with a trained or imported model: each image's face is found and aligned as for the bundled
 * embedder (detector at 0.3, the face nearest the centre, else the fixed central box), then its 150x150
 * crop is resized to the model's input and embedded by the model (with its mirror image when `flipFusion`).
 */
export async function embedImagesWithModel(
  spec: EmbedderSpec,
  paths: string[],
  onProgress: (done: number, total: number) => void,
  signal: AbortSignal | undefined,
  flipFusion: boolean,
): Promise<Map<string, ImageEmbedding>> {
  const vision = await VisionWorkerPool.create();
  const crops = new Map<string, { input: EmbedderInput; detected: boolean }>();
  try {
    const slots = new Limiter(vision.size * 2);
    await Promise.all(
      paths.map(async (file) => {
        await slots.acquire();
        try {
          const image = await decodeRgb(sharp(await fs.readFile(file)).autoOrient());
          const copy = { ...image, data: image.data.slice() };
          const faces = await vision.analyze(image, { minConfidence: evalMinConfidence }, signal);
          let crop: AlignedCrop | undefined = nearestCentre(faces, copy.width, copy.height)?.alignedCrop;
          const detected = crop !== undefined;
          if (!crop) {
            const box = fallbackBox(copy.width, copy.height);
            crop = (await vision.embedBoxes(copy, [box], {}, signal))[0]?.alignedCrop;
          }
          if (!crop) throw new Error(`no face crop for ${file}`);
          crops.set(file, {
            input: await rawCropInput(crop.data, crop.width, crop.height, spec.inputSize),
            detected,
          });
        } finally {
          slots.release();
        }
      }),
    );
  } finally {
    await vision.dispose();
  }
  return embedCrops(spec, paths, crops, onProgress, signal, flipFusion);
}

async function embedCrops(
  spec: EmbedderSpec,
  paths: string[],
  crops: Map<string, { input: EmbedderInput; detected: boolean }>,
  onProgress: (done: number, total: number) => void,
  signal: AbortSignal | undefined,
  flipFusion: boolean,
): Promise<Map<string, ImageEmbedding>> {
  const pool = await TrainedEmbedderPool.create();
  const results = new Map<string, ImageEmbedding>();
  try {
    const chunks: string[][] = [];
    for (let start = 0; start < paths.length; start += chunkSize)
      chunks.push(paths.slice(start, start + chunkSize));
    let done = 0;
    await Promise.all(
      chunks.map(async (files) => {
        const inputs = files.map((file) => crops.get(file)!.input);
        const plain = await pool.embed(
          spec,
          flipFusion ? inputs.map((input) => ({ ...input, data: input.data.slice() })) : inputs,
          signal,
        );
        const flipped = flipFusion ? await pool.embed(spec, inputs.map(mirrored), signal) : null;
        files.forEach((file, i) => {
          const embedding = flipped ? fused(plain[i]!, flipped[i]!) : plain[i]!;
          results.set(file, { embedding, detected: crops.get(file)!.detected });
        });
        done += files.length;
        onProgress(done, paths.length);
      }),
    );
  } finally {
    await pool.dispose();
  }
  return results;
}

/** normalise(a + b) of two unit vectors. */
function fused(a: Float32Array, b: Float32Array): Float32Array {
  const sum = a.map((value, d) => value + b[d]!);
  const norm = Math.hypot(...sum) || 1;
  return sum.map((value) => value / norm);
}
