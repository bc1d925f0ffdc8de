import path from 'node:path';
import sharp from 'sharp';
import type { ExportFace } from './export-rows';

/** TensorBoard's projector reads sprites up to 8192 x 8192 pixels. */
const maxSpriteSide = 8192;
/** Tiles no larger than this (crops are 150 px; the projector shows tiles small). */
const maxTile = 64;
/** Crops decoded at once. */
const concurrency = 4;

export interface Sprite {
  /** Each tile's side in pixels. */
  tile: number;
  /** Faces whose crop could not be read (their tile is left grey). */
  missing: number;
}

/**
 * Writes the sprite of the faces' crops: a square grid, row-major in the faces' order (the order of
 * tensors.tsv and metadata.tsv, as the projector expects), tiles as large as fit in 8192 px.
 */
export async function writeSprite(
  faces: readonly ExportFace[],
  catalogDir: string,
  file: string,
): Promise<Sprite> {
  const perRow = Math.max(1, Math.ceil(Math.sqrt(faces.length)));
  const tile = Math.max(1, Math.min(maxTile, Math.floor(maxSpriteSide / perRow)));
  const width = perRow * tile;
  const height = Math.max(1, Math.ceil(faces.length / perRow)) * tile;
  const pixels = Buffer.alloc(width * height * 3, 96);
  let missing = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < faces.length) {
      const index = next++;
      const crop = faces[index]?.crop;
      const tilePixels = crop
        ? await sharp(path.join(catalogDir, crop))
            .resize(tile, tile, { fit: 'fill' })
            .removeAlpha()
            .toColourspace('srgb')
            .raw()
            .toBuffer()
            .catch(() => null)
        : null;
      if (!tilePixels || tilePixels.length !== tile * tile * 3) {
        missing++;
        continue;
      }
      const left = (index % perRow) * tile;
      const top = Math.floor(index / perRow) * tile;
      for (let y = 0; y < tile; y++) {
        tilePixels.copy(pixels, ((top + y) * width + left) * 3, y * tile * 3, (y + 1) * tile * 3);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toFile(file);
  return { tile, missing };
}
