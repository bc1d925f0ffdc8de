import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { Container } from '../../src-main/app/container';
import { seededRandom } from '../../src-main/util/seeded-random';
import { seedPhoto } from './catalog-seed';

/**
 * Generated "people" a network can learn in a few steps: each class is its own colour with stripes at its
 * own angle, and every face of it is shifted, rotated a little and noisy, so no two crops are equal.
 */
export const trainingClassNames = ['Anna', 'Bruno', 'Chen', 'Dana'];

const size = 150;

/** One aligned-crop-like image (150x150 RGB) of class `c`, varied by `seed`. */
export function classCropPixels(c: number, seed: number): Buffer {
  const next = seededRandom(1000 * (c + 1) + seed);
  const angle = (c * Math.PI) / 4 + (next() - 0.5) * 0.3;
  const period = 18 + c * 6;
  const shift = next() * period;
  const base = [(c * 97) % 256, (c * 53 + 80) % 256, (c * 151 + 40) % 256];
  const pixels = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const along = x * Math.cos(angle) + y * Math.sin(angle) + shift;
      const stripe = Math.sin((2 * Math.PI * along) / period) > 0 ? 60 : -60;
      for (let k = 0; k < 3; k++) {
        const noise = (next() - 0.5) * 50;
        pixels[(y * size + x) * 3 + k] = Math.max(0, Math.min(255, base[k]! + stripe + noise));
      }
    }
  }
  return pixels;
}

/** Writes class `c`'s crop number `seed` as a JPEG at `file`. */
export async function writeClassCrop(file: string, c: number, seed: number): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await sharp(classCropPixels(c, seed), { raw: { width: size, height: size, channels: 3 } })
    .jpeg({ quality: 92 })
    .toFile(file);
}

/** A unit embedding near class `c`'s own random direction (what the bundled embedder would give). */
function embeddingNear(centre: Float32Array, next: () => number): Float32Array {
  const v = centre.map((x) => x + 0.05 * (next() - 0.5));
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

/**
 * A catalog under `dir` with `classes` people of `perClass` faces each, every face labeled by the user,
 * with its crop on disk and an embedding of the bundled embedder. Shut `app` down when done.
 */
export async function seedTrainingCatalog(
  dir: string,
  classes = 3,
  perClass = 8,
): Promise<{ app: Container; catalogDir: string }> {
  const catalogDir = path.join(dir, 'catalog');
  const app = new Container({ catalogDir, shell: 'host' }).boot();
  const next = seededRandom(42);
  for (let c = 0; c < classes; c++) {
    const centre = Float32Array.from({ length: 128 }, () => next() - 0.5);
    const faceIds: number[] = [];
    for (let i = 0; i < perClass; i++) {
      const index = c * perClass + i;
      const [faceId] = seedPhoto(app, index, [embeddingNear(centre, next)]);
      await writeClassCrop(path.join(catalogDir, `media/faces/${index}-0.jpg`), c, i);
      faceIds.push(faceId!);
    }
    app.labeling.assign(faceIds, trainingClassNames[c]!);
  }
  return { app, catalogDir };
}
