import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { normalizeInPlace, type Normalization } from './normalization';

/** A crop that could not be read or decoded: the batch stream skips its face, counts it and goes on. */
export class CropLoadError extends Error {
  override name = 'CropLoadError';

  constructor(
    readonly crop: string,
    readonly reason: string,
  ) {
    super(`crop-loader: face crop ${crop}: ${reason}`);
  }
}

export interface CropLoadOptions {
  catalogDir: string;
  /** Side of the square the network sees (the config allows 64..160; crops are 150x150). */
  inputSize: number;
  normalization: Normalization;
  /** Changes the image (HWC RGB, unit values 0..1) before it is normalized: augmentation. */
  augment?: (image: Float32Array) => void;
}

/** Floats one crop takes in a batch: inputSize x inputSize x RGB. */
export function cropLength(inputSize: number): number {
  return inputSize * inputSize * 3;
}

/**
 * Decodes a face crop (a path relative to the catalog folder) with sharp, resized to `inputSize` square,
 * and writes it as float32 HWC RGB, normalized, into `out` from `offset`: the caller owns the batch
 * buffer, so a batch is one allocation. Rejects with a CropLoadError when the file is missing, outside
 * the catalog folder or not a decodable image; `out` is then left partly written.
 */
export async function loadCrop(
  crop: string,
  options: CropLoadOptions,
  out: Float32Array,
  offset: number,
): Promise<void> {
  const { inputSize } = options;
  if (!Number.isInteger(inputSize) || inputSize < 1 || inputSize > 1024) {
    throw new RangeError(`crop-loader: inputSize must be a whole number of pixels, not ${inputSize}`);
  }
  const length = cropLength(inputSize);
  if (offset < 0 || offset + length > out.length) {
    throw new RangeError(`crop-loader: ${length} floats from ${offset} do not fit a buffer of ${out.length}`);
  }
  const pixels = await decode(crop, options.catalogDir, inputSize);
  const image = out.subarray(offset, offset + length);
  for (let i = 0; i < length; i++) image[i] = (pixels[i] as number) / 255;
  options.augment?.(image);
  normalizeInPlace(image, options.normalization);
}

async function decode(crop: string, catalogDir: string, inputSize: number): Promise<Buffer> {
  // Catalog rows are data: a tampered crop path must not make training read files from anywhere.
  const file = path.resolve(catalogDir, crop);
  const relative = path.relative(path.resolve(catalogDir), file);
  if (crop.includes('\0') || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new CropLoadError(crop, 'the path leads outside the catalog folder');
  }
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CropLoadError(crop, code === 'ENOENT' ? 'the file is missing' : `cannot read it (${code})`);
  }
  try {
    const { data, info } = await sharp(bytes)
      .removeAlpha()
      .toColourspace('srgb')
      .resize(inputSize, inputSize, { fit: 'fill' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 || data.length !== cropLength(inputSize)) {
      throw new Error(`decoded to ${info.width}x${info.height}x${info.channels}`);
    }
    return data;
  } catch (error) {
    throw new CropLoadError(
      crop,
      `not a readable image (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}
