import sharp, { type Sharp } from 'sharp';
import { decodeNetpbm } from './netpbm';
import type { ImageFormat } from './sniff';

/** sharp's own default ceiling (0x3FFF squared), stated so that our message and its check agree. */
export const defaultMaxPixels = 268_402_689;

export interface OpenedImage {
  /** A pipeline that yields the upright image (EXIF orientation applied); clone it per output. */
  image: Sharp;
  /** Size after orientation. */
  width: number;
  height: number;
  /** The raw EXIF block, when the file has one. */
  exif?: Buffer;
}

/**
 * Opens an image buffer for decoding: checks the declared size against the pixel limit before any pixel
 * is decoded (a 30000x30000 header must not allocate 2.7 GB), and applies EXIF orientation.
 * Throws an Error whose message says why the file cannot be read.
 */
export async function openImage(
  bytes: Buffer,
  format: ImageFormat,
  maxPixels: number = defaultMaxPixels,
): Promise<OpenedImage> {
  if (format === 'netpbm') {
    const raw = decodeNetpbm(bytes, maxPixels);
    const image = sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: raw.channels } });
    return { image, width: raw.width, height: raw.height };
  }
  let metadata: sharp.Metadata;
  try {
    // Reading the header allocates no pixels, so it runs unlimited: our own check below can then say
    // how large the image claims to be instead of sharp's bare "exceeds pixel limit".
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new Error(`cannot read ${format} header: ${reason(error)}`);
  }
  const { width, height } = metadata.autoOrient ?? metadata;
  if (!width || !height) throw new Error(`${format} header declares no image size`);
  if (width * height > maxPixels) {
    throw new Error(
      `image is ${width}x${height} (${Math.round((width * height) / 1e6)} MP), over the limit of ${Math.round(maxPixels / 1e6)} MP`,
    );
  }
  const image = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' }).autoOrient();
  return { image, width, height, ...(metadata.exif ? { exif: metadata.exif } : {}) };
}

/** The first line of an underlying decoder error, for a per-file message. */
export function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.trim() || 'unknown error';
}

/** Interleaved 8-bit RGB pixels, what the face networks take. */
export interface RgbPixels {
  data: Buffer;
  width: number;
  height: number;
}

/**
 * Decodes an upright image to RGB, at most `maxSide` on its long side: transparency flattened on white
 * (thumbnails are made from these pixels too), grey expanded to three bands (libvips' sRGB conversion does
 * this; the check keeps the networks' input honest).
 */
export async function decodeRgb(image: Sharp, maxSide?: number): Promise<RgbPixels> {
  const pipeline = image.clone();
  if (maxSide) pipeline.resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true });
  const { data, info } = await pipeline
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected RGB`);
  return { data, width: info.width, height: info.height };
}
