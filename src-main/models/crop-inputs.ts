import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { EmbedderInput } from './embedder-trained/trained-embedder';

/**
 * A face's stored aligned crop (a catalog-relative path) as 8-bit RGB at the model's input size, resized
 * by sharp as training's crop loader does (so a trained model sees what it was trained on). Null when the
 * file is missing or unreadable, or the path leads outside the catalog.
 */
export async function loadCropInput(
  catalogDir: string,
  crop: string,
  size: number,
): Promise<EmbedderInput | null> {
  const file = path.resolve(catalogDir, crop);
  const relative = path.relative(path.resolve(catalogDir), file);
  if (crop.includes('\0') || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  try {
    return await pixelsAt(sharp(await fs.readFile(file)), size);
  } catch {
    return null;
  }
}

/** An aligned crop held as encoded bytes (JPEG, as stored) at the model's input size. */
export function encodedCropInput(bytes: Buffer, size: number): Promise<EmbedderInput> {
  return pixelsAt(sharp(bytes), size);
}

/** An aligned crop already in memory (raw RGB) at the model's input size. */
export function rawCropInput(
  data: Uint8Array,
  width: number,
  height: number,
  size: number,
): Promise<EmbedderInput> {
  return pixelsAt(sharp(data, { raw: { width, height, channels: 3 } }), size);
}

async function pixelsAt(image: sharp.Sharp, size: number): Promise<EmbedderInput> {
  const data = await image
    .removeAlpha()
    .toColourspace('srgb')
    .resize(size, size, { fit: 'fill' })
    .raw()
    .toBuffer();
  return { data: new Uint8Array(data), size };
}
