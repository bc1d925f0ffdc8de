import type { Sharp } from 'sharp';

/** Thumbnails fit a 256 px square, long side 256, never enlarged. */
export const thumbnailSize = 256;

/**
 * Renders the thumbnail of an opened image as WebP straight into `file`. This is also where a damaged
 * file is found out: the full decode happens here, and sharp fails on truncated or corrupt data
 * (failOn: 'error').
 */
export async function writeThumbnail(image: Sharp, file: string): Promise<void> {
  await image
    .clone()
    .resize({ width: thumbnailSize, height: thumbnailSize, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 78, effort: 2 })
    .toFile(file);
}
